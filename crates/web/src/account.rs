//! Signing in and out, the account page (password, two-step sign-in, API tokens), and the
//! "my work" page that lists where the user holds roles.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;
use thidua_app::{Ctx, Origin, TokenRow};
use thidua_domain::access::{Role, TenantKind};

use crate::AppState;
use crate::error::PageError;
use crate::nav::Nav;
use crate::routes::{Access, Routes};
use crate::session::{Caller, SESSION_COOKIE, SignedIn, check_csrf, safe_next, status_for_login};

pub fn routes() -> Routes {
    Routes::new()
        .get("/dang-nhap", Access::Public, login_form)
        .post("/dang-nhap", Access::Public, login)
        .post("/dang-xuat", Access::SignedIn, logout)
        .get("/lam-viec", Access::SignedIn, work)
        .get("/viec-cho-toi", Access::SignedIn, waiting)
        .get("/tai-khoan", Access::SignedIn, account)
        .post("/tai-khoan/mat-khau", Access::SignedIn, change_password)
        .post("/tai-khoan/thu-dien-tu", Access::SignedIn, change_email)
        .post("/tai-khoan/dang-xuat-moi-noi", Access::SignedIn, logout_everywhere)
        .get("/tai-khoan/xac-thuc-hai-buoc", Access::SignedIn, totp_setup)
        .post("/tai-khoan/xac-thuc-hai-buoc", Access::SignedIn, totp_enable)
        .post("/tai-khoan/xac-thuc-hai-buoc/tat", Access::SignedIn, totp_disable)
        .post("/tai-khoan/ma-truy-cap", Access::SignedIn, token_create)
        .post("/tai-khoan/ma-truy-cap/{id}/thu-hoi", Access::SignedIn, token_revoke)
}

/// Whether cookies carry the Secure flag: on unless the server listens on plain loopback.
#[derive(Clone, Copy)]
pub struct CookieSecurity(pub bool);

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Nav,
    next: String,
    username: String,
    error: Option<String>,
    needs_totp: bool,
}

#[derive(Deserialize)]
struct NextParam {
    #[serde(default)]
    next: String,
}

async fn login_form(Query(q): Query<NextParam>, Extension(caller): Extension<Caller>) -> Response {
    if caller.ctx.is_some() {
        return Redirect::to(safe_next(&q.next)).into_response();
    }
    LoginPage {
        nav: Nav::anonymous(),
        next: q.next,
        username: String::new(),
        error: None,
        needs_totp: false,
    }
    .into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    totp: String,
    #[serde(default)]
    next: String,
}

async fn login(
    State(s): State<AppState>,
    Extension(origin): Extension<Origin>,
    Extension(secure): Extension<CookieSecurity>,
    Extension(forwarded): Extension<crate::proxy::Forwarded>,
    jar: CookieJar,
    Form(f): Form<LoginForm>,
) -> Response {
    let username = f.username.trim().to_lowercase();
    let page = |error: String, needs_totp: bool, status: StatusCode| {
        (
            status,
            LoginPage {
                nav: Nav::anonymous(),
                next: f.next.clone(),
                username: username.clone(),
                error: Some(error),
                needs_totp,
            },
        )
            .into_response()
    };
    if username.is_empty() || f.password.is_empty() {
        return page(
            "Nhập tên đăng nhập và mật khẩu.".to_owned(),
            false,
            StatusCode::BAD_REQUEST,
        );
    }
    let totp = (!f.totp.trim().is_empty()).then_some(f.totp.as_str());
    match s.app.login(&username, &f.password, totp, &origin).await {
        Ok(session) => {
            let cookie = Cookie::build((SESSION_COOKIE, session.cookie))
                .path("/")
                .http_only(true)
                .secure(secure.0 || forwarded.https)
                .same_site(SameSite::Lax)
                .build();
            let target = if session.user.must_change_password {
                "/tai-khoan?doi-mat-khau=1"
            } else {
                safe_next(&f.next)
            };
            (jar.add(cookie), Redirect::to(target)).into_response()
        }
        Err(e) => {
            let needs_totp = matches!(e, thidua_app::LoginError::NeedsTotp | thidua_app::LoginError::BadTotp);
            page(e.to_string(), needs_totp, status_for_login(&e))
        }
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Extension(caller): Extension<Caller>,
    jar: CookieJar,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    if let Some(cookie) = caller.cookie {
        s.app.logout(&cookie, &ctx).await?;
    }
    Ok((jar.remove(Cookie::build(SESSION_COOKIE).path("/")), Redirect::to("/")).into_response())
}

async fn logout_everywhere(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    jar: CookieJar,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    s.app.logout_everywhere(&ctx).await?;
    Ok((
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        Redirect::to("/dang-nhap"),
    )
        .into_response())
}

/// One place where the user holds roles.
struct Workplace {
    href: String,
    name: String,
    roles: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "work.html")]
struct WorkPage {
    nav: Nav,
    places: Vec<Workplace>,
}

/// Where the user works: each tenant and unit they hold a role in. With exactly one place,
/// go straight there.
async fn work(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Result<Response, PageError> {
    let places = workplaces(&s, &ctx).await;
    if places.len() == 1 {
        return Ok(Redirect::to(&places[0].href).into_response());
    }
    Ok(WorkPage {
        nav: Nav::of(&ctx),
        places,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "waiting.html")]
struct WaitingPage {
    nav: Nav,
    items: Vec<thidua_app::waiting::WorkItem>,
    places: Vec<Workplace>,
}

impl WaitingPage {
    fn late(&self) -> usize {
        self.items.iter().filter(|i| i.late).count()
    }

    fn dmy(&self, d: &Option<time::Date>) -> String {
        d.map(thidua_domain::calendar::dmy).unwrap_or_default()
    }
}

/// "Việc chờ tôi": the landing page after sign-in.
async fn waiting(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Result<Response, PageError> {
    let items = s.app.waiting_work(&ctx).await?;
    let places = workplaces(&s, &ctx).await;
    Ok(WaitingPage {
        nav: Nav::of(&ctx),
        items,
        places,
    }
    .into_response())
}

/// Each tenant and unit the user holds a role in, with the unit's own name.
async fn workplaces(s: &AppState, ctx: &Ctx) -> Vec<Workplace> {
    let mut places = Vec::new();
    for tenant in ctx.grants.tenants() {
        let roles: Vec<&thidua_domain::access::Grant> =
            ctx.grants.0.iter().filter(|g| g.tenant_code == tenant).collect();
        let name = match tenant {
            thidua_domain::access::PLATFORM => "Quản trị nền tảng".to_owned(),
            code => s
                .app
                .directory_tenant(code)
                .map(|t| t.name)
                .unwrap_or_else(|_| code.to_owned()),
        };
        let labels = roles.iter().map(|g| g.role.label()).collect::<Vec<_>>().join(", ");
        let tenant_wide = roles.iter().any(|g| !g.role.needs_unit());
        if tenant_wide {
            let href = match roles[0].role.tenant_kind() {
                TenantKind::Platform => "/quan-tri/he-thong".to_owned(),
                _ => format!("/quan-tri/{tenant}"),
            };
            places.push(Workplace {
                href,
                name: name.clone(),
                roles: labels.clone(),
            });
        }
        for g in roles.iter().filter(|g| g.role.needs_unit()) {
            if let Some(unit) = g.unit_id {
                let unit_name = s
                    .app
                    .unit(ctx, tenant, unit)
                    .await
                    .map_or_else(|_| format!("đơn vị số {unit}"), |u| u.name);
                places.push(Workplace {
                    href: format!("/quan-tri/{tenant}/don-vi/{unit}"),
                    name: format!("{name} — {unit_name}"),
                    roles: g.role.label().to_owned(),
                });
            }
        }
    }
    places
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    nav: Nav,
    ctx: Ctx,
    roles: Vec<String>,
    tokens: Vec<TokenRow>,
    sessions: i64,
    must_change: bool,
    message: Option<&'static str>,
    error: Option<String>,
    new_token: Option<String>,
}

#[derive(Deserialize, Default)]
struct AccountQuery {
    #[serde(default)]
    ok: String,
}

/// Messages a redirect may ask the account page to show (never free text from the URL).
fn account_message(code: &str) -> Option<&'static str> {
    match code {
        "mat-khau" => Some("Đã đổi mật khẩu."),
        "thu" => Some("Đã lưu địa chỉ thư điện tử."),
        "2fa-bat" => Some("Đã bật xác thực hai bước."),
        "2fa-tat" => Some("Đã tắt xác thực hai bước."),
        "thu-hoi" => Some("Đã thu hồi mã truy cập."),
        _ => None,
    }
}

async fn account_page(
    s: &AppState,
    ctx: Ctx,
    message: Option<&'static str>,
    error: Option<String>,
    new_token: Option<String>,
) -> Result<Response, PageError> {
    let mut roles = Vec::new();
    for g in &ctx.grants.0 {
        let place = s
            .app
            .directory_tenant(&g.tenant_code)
            .map(|t| t.name)
            .unwrap_or_else(|_| "nền tảng".to_owned());
        roles.push(match g.unit_id {
            // The unit by its name, as the person knows it.
            Some(u) => {
                let unit = s
                    .app
                    .unit(&ctx, &g.tenant_code, u)
                    .await
                    .map_or_else(|_| format!("đơn vị số {u}"), |u| u.name);
                format!("{} — {unit}, {place}", g.role.label())
            }
            None => format!("{} — {place}", g.role.label()),
        });
    }
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = AccountPage {
        nav: Nav::of(&ctx),
        tokens: s.app.tokens(&ctx).await?,
        sessions: s.app.session_count(&ctx).await?,
        must_change: ctx.user.must_change_password,
        roles,
        ctx,
        message,
        error,
        new_token,
    };
    Ok((status, [(header::CACHE_CONTROL, "no-store")], page).into_response())
}

async fn account(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<AccountQuery>,
) -> Result<Response, PageError> {
    account_page(&s, ctx, account_message(&q.ok), None, None).await
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

async fn change_password(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    if f.new != f.repeat {
        return account_page(
            &s,
            ctx,
            None,
            Some("Mật khẩu mới nhập lại không khớp.".to_owned()),
            None,
        )
        .await;
    }
    match s.app.change_password(&ctx, &f.current, &f.new).await {
        Ok(()) => Ok(Redirect::to("/tai-khoan?ok=mat-khau").into_response()),
        Err(thidua_app::AppError::Invalid(m)) => account_page(&s, ctx, None, Some(m), None).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct EmailForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

async fn change_email(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Form(f): Form<EmailForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    match s.app.change_email(&ctx, &f.email).await {
        Ok(()) => Ok(Redirect::to("/tai-khoan?ok=thu").into_response()),
        Err(thidua_app::AppError::Invalid(m)) => account_page(&s, ctx, None, Some(m), None).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "totp.html")]
struct TotpPage {
    nav: Nav,
    secret: String,
    url: String,
    error: Option<String>,
}

async fn totp_setup(SignedIn(ctx): SignedIn) -> Response {
    let (secret, url) = thidua_app::auth::new_totp_secret(&ctx.user.username);
    (
        [(header::CACHE_CONTROL, "no-store")],
        TotpPage {
            nav: Nav::of(&ctx),
            secret,
            url,
            error: None,
        },
    )
        .into_response()
}

#[derive(Deserialize)]
struct TotpForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

async fn totp_enable(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Form(f): Form<TotpForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    match s.app.enable_totp(&ctx, &f.password, &f.secret, &f.code).await {
        Ok(()) => Ok(Redirect::to("/tai-khoan?ok=2fa-bat").into_response()),
        Err(thidua_app::AppError::Invalid(m)) => {
            let url = thidua_app::auth::totp_url(&f.secret, &ctx.user.username);
            Ok((
                StatusCode::BAD_REQUEST,
                TotpPage {
                    nav: Nav::of(&ctx),
                    secret: f.secret,
                    url,
                    error: Some(m),
                },
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
}

async fn totp_disable(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    match s.app.disable_totp(&ctx, &f.password).await {
        Ok(()) => Ok(Redirect::to("/tai-khoan?ok=2fa-tat").into_response()),
        Err(thidua_app::AppError::Invalid(m)) => account_page(&s, ctx, None, Some(m), None).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    name: String,
}

async fn token_create(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Form(f): Form<TokenForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    match s.app.create_token(&ctx, &f.password, &f.name).await {
        Ok(token) => {
            account_page(
                &s,
                ctx,
                Some("Đã tạo mã truy cập. Mã chỉ hiện một lần này: hãy sao chép và cất giữ."),
                None,
                Some(token),
            )
            .await
        }
        Err(thidua_app::AppError::Invalid(m)) => account_page(&s, ctx, None, Some(m), None).await,
        Err(e) => Err(e.into()),
    }
}

async fn token_revoke(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let id: i64 = id
        .parse()
        .map_err(|_| PageError::NotFound("Không có mã truy cập này.".to_owned()))?;
    s.app.revoke_token(&ctx, id).await?;
    Ok(Redirect::to("/tai-khoan?ok=thu-hoi").into_response())
}

/// Labels for the role picker of a commune.
pub fn commune_roles() -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .into_iter()
        .filter(|r| r.tenant_kind() == TenantKind::Commune)
        .map(|r| (r.code(), r.label()))
        .collect()
}
