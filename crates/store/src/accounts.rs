//! Tenants, units, users and their roles, sessions, API tokens and sign-in throttling.
//! Everything here lives in the database so that several app servers share it.

use serde::Serialize;
use sqlx::Row;
use thidua_domain::access::{Grant, Grants, Role, TenantKind};

use crate::audit::{Actor, Event, append};
use crate::{Result, Store, now_unix};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantRow {
    pub code: String,
    pub kind: String,
    pub name: String,
    pub province_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRow {
    pub id: i64,
    pub tenant_code: String,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    #[serde(skip)]
    pub totp_secret: Option<String>,
    pub disabled: bool,
    pub failed_logins: i64,
    pub locked_until: i64,
    pub must_change_password: bool,
    /// Where reminders are mailed; empty for none.
    pub email: String,
}

/// A signed-in session: who, and the token forms must echo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user: UserRow,
    pub csrf_token: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: i64,
    pub revoked_at: i64,
}

pub(crate) const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.password_hash, u.totp_secret, u.disabled, \
     u.failed_logins, u.locked_until, u.must_change_password, u.email";

pub(crate) fn user(row: &sqlx::any::AnyRow) -> Result<UserRow> {
    Ok(UserRow {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        totp_secret: row.try_get("totp_secret")?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        failed_logins: row.try_get("failed_logins")?,
        locked_until: row.try_get("locked_until")?,
        must_change_password: row.try_get::<i64, _>("must_change_password")? != 0,
        email: row.try_get("email")?,
    })
}

/// How long a session lives without use, and at most.
pub const SESSION_IDLE_SECS: i64 = 8 * 3600;
pub const SESSION_MAX_SECS: i64 = 7 * 24 * 3600;
/// `last_seen_at` is refreshed at most this often, to keep reads from writing.
const TOUCH_EVERY_SECS: i64 = 300;

impl Store {
    // ------------------------------------------------------------------ tenants

    /// Creates the tenant if it does not exist yet. Returns true when it did.
    pub async fn ensure_tenant(&self, actor: &Actor, tenant: &TenantRow) -> Result<bool> {
        let mut tx = self.write().await?;
        let created = sqlx::query(
            "INSERT INTO tenants (code, kind, name, province_code, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(&tenant.code)
        .bind(&tenant.kind)
        .bind(&tenant.name)
        .bind(tenant.province_code.clone())
        .bind(now_unix())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if created {
            append(
                &mut tx,
                &tenant.code,
                actor,
                &Event::new("tenant.create", "tenant", &tenant.code).after(tenant),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(created)
    }

    pub async fn tenant(&self, code: &str) -> Result<Option<TenantRow>> {
        let row: Option<(String, String, String, Option<String>)> =
            sqlx::query_as("SELECT code, kind, name, province_code FROM tenants WHERE code = $1")
                .bind(code)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(code, kind, name, province_code)| TenantRow {
            code,
            kind,
            name,
            province_code,
        }))
    }

    pub async fn tenants(&self) -> Result<Vec<TenantRow>> {
        let rows: Vec<(String, String, String, Option<String>)> =
            sqlx::query_as("SELECT code, kind, name, province_code FROM tenants ORDER BY kind, code")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(code, kind, name, province_code)| TenantRow {
                code,
                kind,
                name,
                province_code,
            })
            .collect())
    }

    // ------------------------------------------------------------------ users

    pub async fn user_by_name(&self, username: &str) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user).transpose()
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user).transpose()
    }

    /// Every role of a user.
    pub async fn grants_of(&self, user_id: i64) -> Result<Grants> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT tenant_code, role, unit_id FROM role_grants WHERE user_id = $1 ORDER BY tenant_code, role, unit_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Grants(
            rows.into_iter()
                .filter_map(|(tenant_code, role, unit)| {
                    Role::parse(&role).map(|role| Grant {
                        tenant_code,
                        role,
                        unit_id: (unit != 0).then_some(unit),
                    })
                })
                .collect(),
        ))
    }

    /// Creates a user with their roles; the audit entry goes to the tenant of the first role.
    /// Returns None when the username is taken.
    pub async fn create_user(
        &self,
        actor: &Actor,
        username: &str,
        display_name: &str,
        password_hash: &str,
        must_change_password: bool,
        grants: &[Grant],
    ) -> Result<Option<i64>> {
        let now = now_unix();
        let mut tx = self.write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, password_hash, must_change_password, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (username) DO NOTHING RETURNING id",
        )
        .bind(username)
        .bind(display_name)
        .bind(password_hash)
        .bind(i64::from(must_change_password))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Ok(None);
        };
        for g in grants {
            insert_grant(&mut tx, id, g).await?;
        }
        let tenant = grants
            .first()
            .map_or(thidua_domain::access::PLATFORM, |g| g.tenant_code.as_str());
        let after = serde_json::json!({ "username": username, "display_name": display_name, "grants": grants });
        append(
            &mut tx,
            tenant,
            actor,
            &Event::new("user.create", "user", id).after(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    pub async fn set_password(
        &self,
        actor: &Actor,
        tenant: &str,
        user_id: i64,
        hash: &str,
        must_change: bool,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4")
            .bind(hash)
            .bind(i64::from(must_change))
            .bind(now_unix())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let action = if must_change {
            "user.password_reset"
        } else {
            "user.password_change"
        };
        append(&mut tx, tenant, actor, &Event::new(action, "user", user_id)).await?;
        if must_change {
            // A reset means the password may be known to someone else: tokens die with it.
            let revoked = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at = 0")
                .bind(now_unix())
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if revoked > 0 {
                let event = Event::new("token.revoke_all", "user", user_id)
                    .after(&serde_json::json!({ "tokens": revoked, "reason": "password_reset" }));
                append(&mut tx, tenant, actor, &event).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The address reminders go to (empty: none).
    pub async fn set_email(&self, actor: &Actor, tenant: &str, user_id: i64, email: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE users SET email = $1, updated_at = $2 WHERE id = $3")
            .bind(email)
            .bind(now_unix())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let event = Event::new("user.email", "user", user_id).after(&serde_json::json!({ "email": email }));
        append(&mut tx, tenant, actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_totp(&self, actor: &Actor, tenant: &str, user_id: i64, secret: Option<&str>) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE users SET totp_secret = $1, updated_at = $2 WHERE id = $3")
            .bind(secret.map(str::to_owned))
            .bind(now_unix())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let action = if secret.is_some() {
            "user.totp_enable"
        } else {
            "user.totp_disable"
        };
        append(&mut tx, tenant, actor, &Event::new(action, "user", user_id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Counts a failed password; after `max` in a row the account is locked until `lock_until`.
    /// Returns the lock time when this failure locked it.
    pub async fn register_failed_login(&self, user_id: i64, max: i64, lock_until: i64) -> Result<Option<i64>> {
        let mut tx = self.write().await?;
        let failures: i64 = sqlx::query_scalar(
            "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins",
        )
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        let locked = if failures >= max {
            sqlx::query("UPDATE users SET failed_logins = 0, locked_until = $1 WHERE id = $2")
                .bind(lock_until)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            Some(lock_until)
        } else {
            None
        };
        tx.commit().await?;
        Ok(locked)
    }

    pub async fn clear_failed_logins(&self, user_id: i64) -> Result<()> {
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1 AND (failed_logins <> 0 OR locked_until <> 0)")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Counts a failed sign-in from `client_addr` within a window of `window` seconds and
    /// returns the count in the current window.
    pub async fn throttle_failure(&self, client_addr: &str, window: i64) -> Result<i64> {
        let now = now_unix();
        let mut tx = self.write().await?;
        let count: i64 = sqlx::query_scalar(
            "INSERT INTO login_throttle (client_addr, window_start, failures) VALUES ($1, $2, 1) \
             ON CONFLICT (client_addr) DO UPDATE SET \
               failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END, \
               window_start = CASE WHEN login_throttle.window_start < $3 THEN $2 ELSE login_throttle.window_start END \
             RETURNING failures",
        )
        .bind(client_addr)
        .bind(now)
        .bind(now - window)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(count)
    }

    /// Failed sign-ins from `client_addr` in the current window.
    pub async fn throttle_count(&self, client_addr: &str, window: i64) -> Result<i64> {
        let count: Option<i64> =
            sqlx::query_scalar("SELECT failures FROM login_throttle WHERE client_addr = $1 AND window_start >= $2")
                .bind(client_addr)
                .bind(now_unix() - window)
                .fetch_optional(&self.pool)
                .await?;
        Ok(count.unwrap_or(0))
    }

    // ------------------------------------------------------------------ sessions

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        client_addr: &str,
        user_agent: &str,
    ) -> Result<i64> {
        let now = now_unix();
        let expires_at = now + SESSION_IDLE_SECS;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, client_addr, user_agent) \
             VALUES ($1, $2, $3, $4, $5, $4, $6, $7)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at)
        .bind(client_addr)
        .bind(user_agent.chars().take(200).collect::<String>())
        .execute(&self.pool)
        .await?;
        Ok(expires_at)
    }

    /// The session behind a cookie, if it is still valid; slides its expiry forward.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        let now = now_unix();
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at, s.created_at AS s_created, s.last_seen_at \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let expires_at: i64 = row.try_get("expires_at")?;
        let created: i64 = row.try_get("s_created")?;
        let last_seen: i64 = row.try_get("last_seen_at")?;
        let u = user(&row)?;
        if expires_at <= now || created + SESSION_MAX_SECS <= now || u.disabled {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        let mut expires = expires_at;
        if now - last_seen >= TOUCH_EVERY_SECS {
            expires = (now + SESSION_IDLE_SECS).min(created + SESSION_MAX_SECS);
            sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
                .bind(now)
                .bind(expires)
                .bind(token_hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(SessionRow {
            user: u,
            csrf_token: row.try_get("csrf_token")?,
            expires_at: expires,
        }))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Signs a user out everywhere. Returns how many sessions ended.
    pub async fn delete_sessions_of(&self, user_id: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    pub async fn session_count(&self, user_id: i64) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?)
    }

    // ------------------------------------------------------------------ API tokens

    pub async fn create_token(
        &self,
        actor: &Actor,
        tenant: &str,
        user_id: i64,
        name: &str,
        token_hash: &str,
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        append(
            &mut tx,
            tenant,
            actor,
            &Event::new("token.create", "api_token", id)
                .after(&serde_json::json!({ "name": name, "user_id": user_id })),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The owner of a live token, marking it used.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<UserRow>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, t.last_used_at AS token_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at = 0"
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let now = now_unix();
        let used_at: i64 = row.try_get("token_used_at")?;
        if now - used_at >= TOUCH_EVERY_SECS
            && let Ok(mut uses) = self.token_uses.lock()
        {
            uses.insert(token_hash.to_owned(), now);
        }
        Ok(Some(user(&row)?).filter(|u| !u.disabled))
    }

    /// Writes when each recently used token was last used, in one transaction. The server
    /// calls it every minute and on shutdown; a crash loses at most that minute of "last
    /// used" times, never a token or a permission.
    pub async fn flush_token_uses(&self) -> Result<usize> {
        let uses: Vec<(String, i64)> = match self.token_uses.lock() {
            Ok(mut uses) => uses.drain().collect(),
            Err(_) => return Ok(0),
        };
        if uses.is_empty() {
            return Ok(0);
        }
        let mut tx = self.write().await?;
        for (hash, at) in &uses {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND last_used_at < $1")
                .bind(at)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(uses.len())
    }

    pub async fn tokens_of(&self, user_id: i64) -> Result<Vec<TokenRow>> {
        self.flush_token_uses().await?;
        let rows: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, created_at, last_used_at, revoked_at)| TokenRow {
                id,
                name,
                created_at,
                last_used_at,
                revoked_at,
            })
            .collect())
    }

    /// Revokes one of the user's own tokens. Returns false when there was none to revoke.
    pub async fn revoke_token(&self, actor: &Actor, tenant: &str, user_id: i64, token_id: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let done =
            sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at = 0")
                .bind(now_unix())
                .bind(token_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
        if done {
            append(
                &mut tx,
                tenant,
                actor,
                &Event::new("token.revoke", "api_token", token_id),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }
}

pub(crate) async fn insert_grant(tx: &mut crate::WriteTx, user_id: i64, g: &Grant) -> Result<()> {
    sqlx::query(
        "INSERT INTO role_grants (user_id, tenant_code, role, unit_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(&g.tenant_code)
    .bind(g.role.code())
    .bind(g.unit_id.unwrap_or(0))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The kind of tenant a code names: 2 digits a province, 5 a commune.
pub fn tenant_kind_of(code: &str) -> Option<TenantKind> {
    match code.len() {
        _ if code == thidua_domain::access::PLATFORM => Some(TenantKind::Platform),
        2 if code.bytes().all(|b| b.is_ascii_digit()) => Some(TenantKind::Province),
        5 if code.bytes().all(|b| b.is_ascii_digit()) => Some(TenantKind::Commune),
        _ => None,
    }
}
