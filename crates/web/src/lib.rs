//! The web platform: server-rendered Vietnamese pages and the JSON API under `/api/v1`.

mod account;
mod admin;
mod api;
mod commendation;
mod error;
mod filters;
mod initiatives;
mod limits;
mod nav;
mod pages;
mod participants;
mod plan_form;
mod plan_view;
mod plans;

pub mod proxy;
mod register;
mod reports;
pub mod routes;
mod session;
mod uploads;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use thidua_app::App;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
}

/// Largest request: a 10 MB attachment or import file with its form around it.
const MAX_BODY: usize = 11 * 1024 * 1024;

const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Every route with who may reach it: pages, account, work area, API, health check.
fn all_routes() -> routes::Routes {
    routes::Routes::new()
        .merge(pages::routes())
        .merge(account::routes())
        .merge(admin::routes())
        .merge(reports::routes())
        .merge(participants::routes())
        .merge(initiatives::routes())
        .merge(commendation::routes())
        .merge(commendation::province::routes())
        .merge(plans::routes())
        .merge(register::routes())
        .nest("/api/v1", api::routes())
        .get("/healthz", routes::Access::Public, healthz)
}

/// The routes the platform serves, for tests that must visit every one.
pub fn route_specs() -> Vec<routes::RouteSpec> {
    all_routes().into_parts().1
}

/// The whole site with identity, CSRF and security headers. `secure_cookies` sets the Secure
/// flag on every session cookie (leave it off only on plain-HTTP loopback); a request a trusted
/// proxy received over HTTPS gets it anyway.
pub fn router(app: App, secure_cookies: bool, trusted: proxy::TrustedProxies) -> Router {
    let x_request_id = HeaderName::from_static("x-request-id");
    let state = AppState { app };
    let (routes, _) = all_routes().into_parts();
    routes
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn(session::csrf_guard))
        .layer(axum::middleware::from_fn(limits::field_lengths))
        .layer(axum::middleware::from_fn_with_state(state.clone(), session::identify))
        .layer(axum::middleware::from_fn(proxy::resolve))
        .layer(axum::Extension(account::CookieSecurity(secure_cookies)))
        .layer(axum::Extension(trusted))
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        // Pages and exports carry a commune's data: nothing is kept by browsers or proxies unless
        // a handler says otherwise (the stylesheet and script are public and cacheable).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(axum::middleware::from_fn(error::limits_in_vietnamese))
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (axum::http::StatusCode, &'static str) {
    if state.app.healthy().await {
        (axum::http::StatusCode::OK, "ok")
    } else {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "cơ sở dữ liệu không trả lời",
        )
    }
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight, believing no
/// forwarded headers.
pub async fn serve(app: App, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_behind(app, listener, proxy::TrustedProxies::default()).await
}

/// [`serve`] behind the reverse proxies named. Session cookies are marked Secure unless the
/// listener is on loopback (plain HTTP on one's own machine) and, whatever the listener, when
/// a trusted proxy received the request over HTTPS.
pub async fn serve_behind(
    app: App,
    listener: tokio::net::TcpListener,
    trusted: proxy::TrustedProxies,
) -> std::io::Result<()> {
    let addr: Option<SocketAddr> = listener.local_addr().ok();
    let secure = addr.is_none_or(|a| !a.ip().is_loopback());
    tracing::info!(?addr, ?trusted, "Thi Đua đang chạy");
    axum::serve(
        listener,
        router(app, secure, trusted).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
