//! Signing in: passwords (Argon2id), sessions, API tokens, TOTP, lockout and throttling.
//! Secrets never reach the log or the database in clear: cookies and tokens are stored as
//! SHA-256 hashes, passwords as Argon2id hashes.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use sha2::{Digest, Sha256};
use thidua_domain::access::{Grants, PLATFORM};
use thidua_store::{Actor, Event, Outcome, UserRow, now_unix};

use crate::{App, AppError, Result};

/// Wrong passwords in a row before an account is locked, and for how long.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_SECS: i64 = 15 * 60;
/// Failed sign-ins from one address within the window before the address must wait.
pub const MAX_FAILURES_PER_ADDR: i64 = 30;
pub const ADDR_WINDOW_SECS: i64 = 15 * 60;

/// Who is calling, established once per request from a session cookie or a bearer token.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub user: UserRow,
    pub grants: Grants,
    pub request_id: String,
    pub client_addr: String,
    /// The token forms must echo (sessions only; API tokens carry no CSRF risk).
    pub csrf_token: Option<String>,
    /// Notifications not yet read, for the badge in every page's header (sessions only).
    pub unread: i64,
}

impl Ctx {
    /// The actor for the audit trail; `on_behalf_of` names a unit for "nhập hộ".
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user.id,
            username: self.user.username.clone(),
            on_behalf_of: String::new(),
            request_id: self.request_id.clone(),
            client_addr: self.client_addr.clone(),
        }
    }

    /// The tenant whose trail records the user's own events (sign-in, password, tokens).
    pub fn home_tenant(&self) -> String {
        self.grants
            .tenants()
            .first()
            .map_or_else(|| PLATFORM.to_owned(), |t| (*t).to_owned())
    }
}

/// Why a sign-in failed, in words a user can act on. Never says whether the username exists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    #[error("Tên đăng nhập hoặc mật khẩu không đúng.")]
    Invalid,
    #[error("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau {minutes} phút.")]
    Locked { minutes: i64 },
    #[error("Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau ít phút.")]
    Throttled,
    #[error("Tài khoản đã bị vô hiệu hóa. Hãy liên hệ cán bộ quản lý tài khoản của xã.")]
    Disabled,
    #[error("Nhập mã xác thực 6 số từ ứng dụng trên điện thoại.")]
    NeedsTotp,
    #[error("Mã xác thực không đúng.")]
    BadTotp,
}

/// A new session: the cookie value (shown to the browser once) and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub cookie: String,
    pub csrf_token: String,
    pub user: UserRow,
}

/// Why `email` cannot receive mail, if it cannot. Empty is allowed (no mail).
pub fn email_problem(email: &str) -> Option<&'static str> {
    if email.is_empty() {
        return None;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some("thiếu dấu @");
    };
    if email.len() > 254 || local.is_empty() || local.len() > 64 {
        return Some("phần trước @ trống hoặc quá dài");
    }
    if domain.contains('@') || !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Some("tên miền sau @ không hợp lệ");
    }
    if email
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\\\"[]".contains(c))
    {
        return Some("có dấu cách hoặc ký tự không được dùng");
    }
    None
}

/// 32 random bytes, URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a cookie or token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Argon2 is memory-hard: running more hashes at once than there are cores only makes every
/// one slower and thrashes the caches, so sign-ins queue for a core here.
fn argon2_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

/// Argon2id with the crate's recommended cost, off the async threads.
pub async fn hash_password(password: &str) -> Result<String> {
    let _slot = argon2_slots()
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

async fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(_slot) = argon2_slots().acquire().await else {
        return false;
    };
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A hash that matches no password, checked for unknown usernames so that their answer takes
/// as long as a wrong password's.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        Argon2::default()
            .hash_password(random_token().as_bytes())
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

fn totp(secret_b32: &str, username: &str) -> Option<totp_rs::Totp> {
    let secret = totp_rs::Secret::try_from_base32(secret_b32).ok()?;
    totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_secret(secret)
        .with_account_name(username)
        .with_issuer(Some("Thi Đua"))
        .build()
        .ok()
}

/// A fresh TOTP secret (base32) and its otpauth:// address for authenticator apps.
pub fn new_totp_secret(username: &str) -> (String, String) {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the OS random source");
    let secret = totp_rs::Secret::from(bytes).to_base32();
    let url = totp_url(&secret, username);
    (secret, url)
}

/// The otpauth:// address of a secret, for authenticator apps.
pub fn totp_url(secret_b32: &str, username: &str) -> String {
    totp(secret_b32, username)
        .and_then(|t| t.to_url().ok())
        .unwrap_or_default()
}

pub fn totp_matches(secret_b32: &str, username: &str, code: &str) -> bool {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    totp(secret_b32, username).is_some_and(|t| t.check_current(&code).is_some())
}

/// A request's origin, for the audit trail and throttling.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub request_id: String,
    pub client_addr: String,
    pub user_agent: String,
}

/// Longest username an account may have (`username_problem`).
const MAX_USERNAME_BYTES: usize = 40;

/// The name typed at sign-in as the trail keeps it: at most 64 characters, without control
/// characters.
fn bounded_name(typed: &str) -> String {
    let clean: String = typed.chars().filter(|c| !c.is_control()).take(65).collect();
    if clean.chars().count() > 64 {
        format!("{}…", clean.chars().take(64).collect::<String>())
    } else {
        clean
    }
}

impl App {
    /// Checks the password (and the TOTP code where the account has one), then opens a
    /// session. Every attempt is recorded; failures count toward the account lock and the
    /// address throttle, both kept in the database so every app server sees them.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        totp_code: Option<&str>,
        origin: &Origin,
    ) -> Result<NewSession, LoginError> {
        let store = &self.store;
        let throttled = store
            .throttle_count(&origin.client_addr, ADDR_WINDOW_SECS)
            .await
            .unwrap_or(0);
        // What the trail keeps of the name typed: no account's name is longer than 40 bytes, so
        // a longer one is recorded cut short and never looked up; nobody can fill the disk
        // through the sign-in form.
        let typed = bounded_name(username);
        let username = typed.as_str();
        let actor = |name: &str, id: i64| Actor {
            user_id: id,
            username: name.to_owned(),
            on_behalf_of: String::new(),
            request_id: origin.request_id.clone(),
            client_addr: origin.client_addr.clone(),
        };
        let user = if username.len() <= MAX_USERNAME_BYTES {
            store.user_by_name(username).await.ok().flatten()
        } else {
            None
        };
        let tenant = match &user {
            Some(u) => store
                .grants_of(u.id)
                .await
                .ok()
                .and_then(|g| g.tenants().first().map(|t| (*t).to_owned()))
                .unwrap_or_else(|| PLATFORM.to_owned()),
            None => PLATFORM.to_owned(),
        };
        let record = |outcome: Outcome, reason: &'static str| {
            let actor = actor(username, user.as_ref().map_or(0, |u| u.id));
            let tenant = tenant.clone();
            async move {
                let event = Event::new("login", "user", username)
                    .outcome(outcome)
                    .after(&serde_json::json!({ "reason": reason }));
                if let Err(e) = self.store.record(&tenant, &actor, &event).await {
                    tracing::error!(error = %e, "không ghi được nhật ký đăng nhập");
                }
            }
        };
        if throttled >= MAX_FAILURES_PER_ADDR {
            // Counted, and recorded once per window: a flood adds one entry, not one per try.
            let count = store
                .throttle_failure(&origin.client_addr, ADDR_WINDOW_SECS)
                .await
                .unwrap_or(throttled + 1);
            if count == MAX_FAILURES_PER_ADDR + 1 {
                record(Outcome::Denied, "throttled").await;
            }
            return Err(LoginError::Throttled);
        }
        let Some(user) = user.clone() else {
            verify_password(password, decoy_hash()).await;
            store.throttle_failure(&origin.client_addr, ADDR_WINDOW_SECS).await.ok();
            record(Outcome::Failed, "unknown_user").await;
            return Err(LoginError::Invalid);
        };
        let now = now_unix();
        if user.locked_until > now {
            // Only someone who knows the password learns that the account is locked: to anyone
            // else a locked account answers as a wrong password or an unknown name would.
            record(Outcome::Denied, "locked").await;
            if !verify_password(password, &user.password_hash).await {
                store.throttle_failure(&origin.client_addr, ADDR_WINDOW_SECS).await.ok();
                return Err(LoginError::Invalid);
            }
            return Err(LoginError::Locked {
                minutes: (user.locked_until - now + 59) / 60,
            });
        }
        if !verify_password(password, &user.password_hash).await {
            store.throttle_failure(&origin.client_addr, ADDR_WINDOW_SECS).await.ok();
            let locked = store
                .register_failed_login(user.id, MAX_FAILED_LOGINS, now + LOCKOUT_SECS)
                .await
                .ok()
                .flatten();
            record(
                Outcome::Failed,
                if locked.is_some() {
                    "wrong_password_locked"
                } else {
                    "wrong_password"
                },
            )
            .await;
            return Err(LoginError::Invalid);
        }
        if user.disabled {
            record(Outcome::Denied, "disabled").await;
            return Err(LoginError::Disabled);
        }
        if let Some(secret) = &user.totp_secret {
            match totp_code.map(str::trim).filter(|c| !c.is_empty()) {
                None => return Err(LoginError::NeedsTotp),
                Some(code) if !totp_matches(secret, &user.username, code) => {
                    store
                        .register_failed_login(user.id, MAX_FAILED_LOGINS, now + LOCKOUT_SECS)
                        .await
                        .ok();
                    record(Outcome::Failed, "wrong_totp").await;
                    return Err(LoginError::BadTotp);
                }
                Some(_) => {}
            }
        }
        store.clear_failed_logins(user.id).await.ok();
        let cookie = random_token();
        let csrf_token = random_token();
        if let Err(e) = store
            .create_session(
                &token_hash(&cookie),
                user.id,
                &csrf_token,
                &origin.client_addr,
                &origin.user_agent,
            )
            .await
        {
            tracing::error!(error = %e, "không tạo được phiên đăng nhập");
            return Err(LoginError::Invalid);
        }
        record(Outcome::Ok, "password").await;
        Ok(NewSession {
            cookie,
            csrf_token,
            user,
        })
    }

    /// The caller behind a session cookie, or None when it is unknown or expired.
    pub async fn session_ctx(&self, cookie: &str, origin: &Origin) -> Result<Option<Ctx>> {
        let Some(s) = self.store.session(&token_hash(cookie)).await? else {
            return Ok(None);
        };
        let grants = self.store.grants_of(s.user.id).await?;
        let unread = self.store.unread_notifications(s.user.id).await?;
        Ok(Some(Ctx {
            user: s.user,
            grants,
            request_id: origin.request_id.clone(),
            client_addr: origin.client_addr.clone(),
            csrf_token: Some(s.csrf_token),
            unread,
        }))
    }

    /// The caller behind a bearer token, or None when it is unknown or revoked.
    pub async fn token_ctx(&self, token: &str, origin: &Origin) -> Result<Option<Ctx>> {
        let Some(user) = self.store.token_user(&token_hash(token)).await? else {
            return Ok(None);
        };
        let grants = self.store.grants_of(user.id).await?;
        Ok(Some(Ctx {
            user,
            grants,
            request_id: origin.request_id.clone(),
            client_addr: origin.client_addr.clone(),
            csrf_token: None,
            unread: 0,
        }))
    }

    pub async fn logout(&self, cookie: &str, ctx: &Ctx) -> Result<()> {
        self.store.delete_session(&token_hash(cookie)).await?;
        self.store
            .record(
                &ctx.home_tenant(),
                &ctx.actor(),
                &Event::new("logout", "user", ctx.user.id),
            )
            .await?;
        Ok(())
    }

    /// Ends every session of the caller, on every device.
    pub async fn logout_everywhere(&self, ctx: &Ctx) -> Result<u64> {
        let n = self.store.delete_sessions_of(ctx.user.id).await?;
        self.store
            .record(
                &ctx.home_tenant(),
                &ctx.actor(),
                &Event::new("logout_everywhere", "user", ctx.user.id),
            )
            .await?;
        Ok(n)
    }

    /// Checks the signed-in user's own password before something a stolen session alone must
    /// not do; a wrong one counts toward the account lock and is in the trail, as at sign-in.
    async fn recheck_password(&self, ctx: &Ctx, password: &str, what: &'static str) -> Result<()> {
        if verify_password(password, &ctx.user.password_hash).await {
            return Ok(());
        }
        let now = now_unix();
        let locked = self
            .store
            .register_failed_login(ctx.user.id, MAX_FAILED_LOGINS, now + LOCKOUT_SECS)
            .await?;
        let event = Event::new("password.recheck", "user", ctx.user.id)
            .outcome(Outcome::Failed)
            .after(&serde_json::json!({ "for": what, "locked": locked.is_some() }));
        self.store.record(&ctx.home_tenant(), &ctx.actor(), &event).await?;
        Err(AppError::Invalid(if locked.is_some() {
            "Mật khẩu không đúng; tài khoản tạm khóa vì nhập sai nhiều lần.".to_owned()
        } else {
            "Mật khẩu không đúng.".to_owned()
        }))
    }

    /// Changes the caller's own password after checking the current one.
    pub async fn change_password(&self, ctx: &Ctx, current: &str, new: &str) -> Result<()> {
        if self.recheck_password(ctx, current, "password_change").await.is_err() {
            return Err(AppError::Invalid("Mật khẩu hiện tại không đúng.".to_owned()));
        }
        if let Some(problem) = thidua_domain::access::password_problem(new, &ctx.user.username) {
            return Err(AppError::Invalid(problem.to_owned()));
        }
        let hash = hash_password(new).await?;
        self.store
            .set_password(&ctx.actor(), &ctx.home_tenant(), ctx.user.id, &hash, false)
            .await?;
        Ok(())
    }

    /// Sets (or, when empty, clears) the address the user's reminders are mailed to.
    pub async fn change_email(&self, ctx: &Ctx, email: &str) -> Result<()> {
        let email = email.trim();
        if let Some(problem) = email_problem(email) {
            return Err(AppError::Invalid(format!(
                "Thư điện tử: {problem} (đã nhập «{email}»)."
            )));
        }
        self.store
            .set_email(&ctx.actor(), &ctx.home_tenant(), ctx.user.id, email)
            .await?;
        Ok(())
    }

    /// Turns on two-step sign-in once the user proves their app shows the right code.
    pub async fn enable_totp(&self, ctx: &Ctx, password: &str, secret: &str, code: &str) -> Result<()> {
        // A stolen session alone cannot tie the account to someone else's phone.
        self.recheck_password(ctx, password, "totp_enable").await?;
        if !totp_matches(secret, &ctx.user.username, code) {
            return Err(AppError::Invalid(
                "Mã xác thực không đúng; hãy kiểm tra giờ trên điện thoại và nhập mã mới.".to_owned(),
            ));
        }
        self.store
            .set_totp(&ctx.actor(), &ctx.home_tenant(), ctx.user.id, Some(secret))
            .await?;
        Ok(())
    }

    pub async fn disable_totp(&self, ctx: &Ctx, password: &str) -> Result<()> {
        self.recheck_password(ctx, password, "totp_disable").await?;
        self.store
            .set_totp(&ctx.actor(), &ctx.home_tenant(), ctx.user.id, None)
            .await?;
        Ok(())
    }

    /// Creates a personal access token; the token itself is returned once and never stored.
    pub async fn create_token(&self, ctx: &Ctx, password: &str, name: &str) -> Result<String> {
        // A token outlives the session: a stolen session alone cannot leave one behind.
        self.recheck_password(ctx, password, "token_create").await?;
        self.issue_token(ctx, name).await
    }

    /// Creates the token for a caller already proven to be the account's owner (the account
    /// page after the password, or the server's own command line).
    pub(crate) async fn issue_token(&self, ctx: &Ctx, name: &str) -> Result<String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AppError::Invalid("Tên mã truy cập cần từ 1 đến 80 ký tự.".to_owned()));
        }
        let token = format!("td_{}", random_token());
        self.store
            .create_token(&ctx.actor(), &ctx.home_tenant(), ctx.user.id, name, &token_hash(&token))
            .await?;
        Ok(token)
    }

    pub async fn tokens(&self, ctx: &Ctx) -> Result<Vec<thidua_store::TokenRow>> {
        Ok(self.store.tokens_of(ctx.user.id).await?)
    }

    pub async fn revoke_token(&self, ctx: &Ctx, token_id: i64) -> Result<()> {
        if self
            .store
            .revoke_token(&ctx.actor(), &ctx.home_tenant(), ctx.user.id, token_id)
            .await?
        {
            Ok(())
        } else {
            Err(AppError::NotFound("Không có mã truy cập này.".to_owned()))
        }
    }

    pub async fn session_count(&self, ctx: &Ctx) -> Result<i64> {
        Ok(self.store.session_count(ctx.user.id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_checked() {
        for good in ["", "thidua@phutan.angiang.gov.vn", "nguyen.van.a+bc@gmail.com"] {
            assert_eq!(email_problem(good), None, "{good}");
        }
        for bad in [
            "phutan", "@gov.vn", "a@b", "a@@b.vn", "a b@c.vn", "a@.vn", "a@vn.", "<a@b.vn>",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn a_totp_code_from_the_secret_matches() {
        let (secret, url) = new_totp_secret("hongvan.vhxh");
        assert!(url.starts_with("otpauth://totp/"));
        let code = totp(&secret, "hongvan.vhxh").unwrap().generate_current().to_string();
        assert!(totp_matches(&secret, "hongvan.vhxh", &code));
        assert!(!totp_matches(&secret, "hongvan.vhxh", "000000") || code == "000000");
    }

    #[tokio::test]
    async fn password_hashes_verify() {
        let h = hash_password("Đồng lúa xanh 2026").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Đồng lúa xanh 2026", &h).await);
        assert!(!verify_password("dong lua xanh 2026", &h).await);
    }
}
