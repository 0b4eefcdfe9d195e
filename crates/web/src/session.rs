//! Who is calling: the session cookie or bearer token is resolved once per request into a
//! [`Ctx`]; pages and API handlers ask for it with the [`SignedIn`] extractor. Also the CSRF
//! guard for every state-changing request.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use thidua_app::{Ctx, Origin};

use crate::AppState;
use crate::error::{PageError, Problem};

pub const SESSION_COOKIE: &str = "thidua_session";

/// The caller of this request, if signed in, and the cookie that signed them in.
#[derive(Clone, Default)]
pub struct Caller {
    pub ctx: Option<Ctx>,
    pub cookie: Option<String>,
}

fn origin_of(req: &Request) -> Origin {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    Origin {
        request_id: header("x-request-id"),
        // The caller as the trusted proxies name them (crate::proxy), else the socket's peer.
        client_addr: req
            .extensions()
            .get::<crate::proxy::Forwarded>()
            .map(|f| f.client.clone())
            .or_else(|| {
                req.extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip().to_string())
            })
            .unwrap_or_default(),
        user_agent: header("user-agent"),
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Resolves the session cookie or the bearer token. A bearer token that is not valid is
/// refused at once; a stale cookie is simply ignored (the visitor is anonymous).
pub async fn identify(State(s): State<AppState>, mut req: Request, next: Next) -> Response {
    let origin = origin_of(&req);
    let mut caller = Caller::default();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).trim().to_owned());
    if let Some(token) = bearer {
        match s.app.token_ctx(&token, &origin).await {
            Ok(Some(ctx)) => caller.ctx = Some(ctx),
            Ok(None) => {
                return Problem::unauthorized("Mã truy cập không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa.")
                    .into_response();
            }
            Err(e) => return Problem::from(e).into_response(),
        }
    } else if let Some(cookie) = CookieJar::from_headers(req.headers()).get(SESSION_COOKIE) {
        let value = cookie.value().to_owned();
        match s.app.session_ctx(&value, &origin).await {
            Ok(Some(ctx)) => {
                caller.ctx = Some(ctx);
                caller.cookie = Some(value);
            }
            Ok(None) => {}
            Err(e) => return PageError::from(e).into_response(),
        }
    }
    req.extensions_mut().insert(caller);
    req.extensions_mut().insert(origin);
    next.run(req).await
}

/// Refuses a state-changing request that a browser sent from another site: its
/// `Sec-Fetch-Site` or `Origin` says so. Requests with a bearer token carry no cookie and pass.
pub async fn csrf_guard(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || req.headers().contains_key(header::AUTHORIZATION) || !cross_site(req.headers()) {
        return next.run(req).await;
    }
    if is_api(req.uri().path()) {
        Problem::forbidden("Yêu cầu gửi từ trang web khác bị từ chối.").into_response()
    } else {
        PageError::Csrf.into_response()
    }
}

fn cross_site(h: &HeaderMap) -> bool {
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (
        h.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        h.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split("://").nth(1).unwrap_or("");
            origin == "null" || origin_host != host
        }
        _ => false,
    }
}

/// A signed-in caller. Anonymous visitors are sent to the sign-in page (pages) or get 401
/// (API); a user who must change a temporary password is sent to do that first.
pub struct SignedIn(pub Ctx);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        // Inside a nested router the URI has lost its prefix; the original keeps `/api/v1`.
        let uri = parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map_or_else(|| parts.uri.clone(), |o| o.0.clone());
        let path = uri.path().to_owned();
        let caller = parts.extensions.get::<Caller>().cloned().unwrap_or_default();
        let Some(ctx) = caller.ctx else {
            if is_api(&path) {
                return Err(Problem::unauthorized(
                    "Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization: Bearer.",
                )
                .into_response());
            }
            let next = uri.path_and_query().map_or("/", |p| p.as_str());
            let target = format!("/dang-nhap?next={}", urlencode(next));
            return Err(Redirect::to(&target).into_response());
        };
        let allowed_while_temporary = path.starts_with("/tai-khoan") || path == "/dang-xuat";
        if ctx.user.must_change_password && !allowed_while_temporary && !is_api(&path) {
            return Err(Redirect::to("/tai-khoan?doi-mat-khau=1").into_response());
        }
        Ok(Self(ctx))
    }
}

/// Checks the token a form echoed against the session's.
pub fn check_csrf(ctx: &Ctx, sent: &str) -> Result<(), PageError> {
    match &ctx.csrf_token {
        Some(expected) if constant_time_eq(expected.as_bytes(), sent.as_bytes()) => Ok(()),
        _ => Err(PageError::Csrf),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A local path to return to after signing in; anything else goes home.
pub fn safe_next(next: &str) -> &str {
    // Browsers drop tabs and line breaks from a URL, so "/\t/evil.example" would go off-site;
    // and a line break cannot go into a header.
    let plain = !next.chars().any(|c| c.is_control() || c.is_whitespace());
    if plain && next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/viec-cho-toi"
    }
}

pub fn status_for_login(e: &thidua_app::LoginError) -> StatusCode {
    match e {
        thidua_app::LoginError::Locked { .. } | thidua_app::LoginError::Throttled => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::UNAUTHORIZED,
    }
}

/// A signed-in caller's form with its CSRF token checked: what a page's POST handler reads,
/// so no handler can forget the check. Sign-in comes first (a stranger is sent to sign in),
/// then the form, then the token.
pub struct SignedForm(pub Ctx, pub crate::reports::Pairs);

impl axum::extract::FromRequest<AppState> for SignedForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let SignedIn(ctx) = SignedIn::from_request_parts(&mut parts, state).await?;
        let axum::Form(form) =
            axum::Form::<crate::reports::Pairs>::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(IntoResponse::into_response)?;
        check_csrf(&ctx, form.get("csrf")).map_err(IntoResponse::into_response)?;
        Ok(Self(ctx, form))
    }
}
