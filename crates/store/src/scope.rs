//! Tenant data is reached only through a [`Reader`] or a [`Scope`]: the tenant and the acting
//! user are fixed when one is made — by the app layer, after it has checked the user's roles —
//! and every query below filters by that tenant. There is no way to ask for another tenant's
//! rows from either. A `Reader` only reads: what the app hands back for an action that changes
//! nothing cannot write. A `Scope` reads (through the `Reader` it holds) and writes, each write
//! with its audit entry in the same transaction.

use serde::Serialize;
use thidua_domain::access::{Grant, Role};

use sqlx::Row;

use crate::accounts::{USER_COLUMNS, UnitRow, UserRow, insert_grant, user};
use crate::audit::{Actor, AuditEntry, AuditFilter, Event, append};
use crate::{Result, Store, WriteTx, now_unix};

/// One tenant's data, to read.
pub struct Reader<'s> {
    store: &'s Store,
    tenant: String,
    actor: Actor,
    /// Held to one unit: that unit's nominations, initiatives and people only, in the SQL.
    unit: Option<i64>,
}

/// One tenant's data, to read and to change.
pub struct Scope<'s> {
    reader: Reader<'s>,
}

impl<'s> std::ops::Deref for Scope<'s> {
    type Target = Reader<'s>;

    fn deref(&self) -> &Reader<'s> {
        &self.reader
    }
}

/// A user as seen from one tenant: only the roles held there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantUser {
    pub user: UserRow,
    pub grants: Vec<Grant>,
}

impl Store {
    /// The door to change a tenant's data. Make it only for a caller allowed to.
    pub fn scope(&self, tenant: &str, actor: Actor) -> Scope<'_> {
        Scope {
            reader: self.reader(tenant, actor),
        }
    }

    /// The door to read a tenant's data. Make it only for a caller allowed to.
    pub fn reader(&self, tenant: &str, actor: Actor) -> Reader<'_> {
        Reader {
            store: self,
            tenant: tenant.to_owned(),
            actor,
            unit: None,
        }
    }
}

impl<'s> Reader<'s> {
    /// The same data held to one unit: another unit's nominations, initiatives and people are
    /// not found, whatever id is asked for.
    pub fn held_to_unit(self, unit: i64) -> Self {
        Self {
            unit: Some(unit),
            ..self
        }
    }
}

impl Scope<'_> {
    /// Appends `event` to this tenant's trail inside `tx`: a change and its record land
    /// together or not at all.
    pub(crate) async fn audit_in(&self, tx: &mut WriteTx, event: &Event<'_>) -> Result<i64> {
        append(tx, self.tenant(), self.actor(), event).await
    }

    /// The last step of every write: its audit entry, then the commit.
    pub(crate) async fn commit_audited(&self, mut tx: WriteTx, event: &Event<'_>) -> Result<()> {
        self.audit_in(&mut tx, event).await?;
        tx.commit().await
    }
}

impl<'s> Scope<'s> {
    /// See [`Reader::held_to_unit`].
    pub fn held_to_unit(self, unit: i64) -> Self {
        Self {
            reader: self.reader.held_to_unit(unit),
        }
    }
}

impl Reader<'_> {
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// The unit this is held to, if any.
    pub fn unit_held(&self) -> Option<i64> {
        self.unit
    }

    /// The unit bound into unit-owned queries: 0 for the whole tenant.
    pub(crate) fn unit_bound(&self) -> i64 {
        self.unit.unwrap_or(0)
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub(crate) fn store(&self) -> &Store {
        self.store
    }

    /// Records an event that changes nothing (a refusal, a sign-in) in this tenant's trail.
    pub async fn record(&self, event: &Event<'_>) -> Result<()> {
        self.store.record(&self.tenant, &self.actor, event).await
    }

    pub async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        self.store.audit_entries(&self.tenant, filter).await
    }

    // ------------------------------------------------------------------ units

    /// The units the commune follows (deactivated ones are left out; [`Self::unit`] still
    /// finds them for their history).
    pub async fn units(&self) -> Result<Vec<UnitRow>> {
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, name, kind FROM units WHERE tenant_code = $1 AND active = 1 ORDER BY name")
                .bind(&self.tenant)
                .fetch_all(&self.store.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, kind)| UnitRow {
                id,
                tenant_code: self.tenant.clone(),
                name,
                kind,
            })
            .collect())
    }

    pub async fn unit(&self, id: i64) -> Result<Option<UnitRow>> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT name, kind FROM units WHERE tenant_code = $1 AND id = $2")
                .bind(&self.tenant)
                .bind(id)
                .fetch_optional(&self.store.pool)
                .await?;
        Ok(row.map(|(name, kind)| UnitRow {
            id,
            tenant_code: self.tenant.clone(),
            name,
            kind,
        }))
    }

    /// Users holding any role in this tenant, with the roles they hold here.
    /// In one query: each user with a role here, once per role, grouped below.
    pub async fn users(&self) -> Result<Vec<TenantUser>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, g.role, g.unit_id FROM role_grants g JOIN users u ON u.id = g.user_id \
             WHERE g.tenant_code = $1 ORDER BY u.id, g.role, g.unit_id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&self.tenant)
            .fetch_all(&self.store.pool)
            .await?;
        let mut out: Vec<TenantUser> = Vec::new();
        for row in &rows {
            let u = user(row)?;
            let Some(role) = Role::parse(&row.try_get::<String, _>("role")?) else {
                continue;
            };
            let unit: i64 = row.try_get("unit_id")?;
            let grant = Grant {
                tenant_code: self.tenant.clone(),
                role,
                unit_id: (unit != 0).then_some(unit),
            };
            match out.last_mut() {
                Some(last) if last.user.id == u.id => last.grants.push(grant),
                _ => out.push(TenantUser {
                    user: u,
                    grants: vec![grant],
                }),
            }
        }
        Ok(out)
    }

    /// How many users hold a role here.
    pub async fn user_count(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(DISTINCT user_id) FROM role_grants WHERE tenant_code = $1")
                .bind(&self.tenant)
                .fetch_one(&self.store.pool)
                .await?,
        )
    }

    /// One user of this tenant; None for a user with no role here.
    pub async fn user(&self, user_id: i64) -> Result<Option<TenantUser>> {
        let grants: Vec<Grant> = self
            .store
            .grants_of(user_id)
            .await?
            .0
            .into_iter()
            .filter(|g| g.tenant_code == self.tenant)
            .collect();
        if grants.is_empty() {
            return Ok(None);
        }
        Ok(self
            .store
            .user_by_id(user_id)
            .await?
            .map(|user| TenantUser { user, grants }))
    }

    /// Creates an account with roles in this tenant; None when the username is taken.
    pub async fn create_user(
        &self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        roles: &[(Role, Option<i64>)],
    ) -> Result<Option<i64>> {
        let grants: Vec<Grant> = roles
            .iter()
            .map(|(role, unit_id)| Grant {
                tenant_code: self.tenant.clone(),
                role: *role,
                unit_id: *unit_id,
            })
            .collect();
        self.store
            .create_user(&self.actor, username, display_name, password_hash, true, &grants)
            .await
    }

    /// Sets a new password for a user of this tenant, to be changed at next sign-in, and ends
    /// their sessions. Returns false for a user with no role here.
    pub async fn reset_password(&self, user_id: i64, password_hash: &str) -> Result<bool> {
        if self.user(user_id).await?.is_none() {
            return Ok(false);
        }
        self.store
            .set_password(&self.actor, &self.tenant, user_id, password_hash, true)
            .await?;
        self.store.delete_sessions_of(user_id).await?;
        Ok(true)
    }
}

impl Scope<'_> {
    /// Adds a unit; None when the tenant already has one of that name.
    pub async fn add_unit(&self, name: &str, kind: &str) -> Result<Option<i64>> {
        let mut tx = self.store.write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO units (tenant_code, name, kind, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (tenant_code, name) DO NOTHING RETURNING id",
        )
        .bind(&self.tenant)
        .bind(name)
        .bind(kind)
        .bind(now_unix())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = id {
            let after = serde_json::json!({ "name": name, "kind": kind });
            self.audit_in(&mut tx, &Event::new("unit.create", "unit", id).after(&after))
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    // ------------------------------------------------------------------ users

    /// Gives a user of this tenant another role here.
    pub async fn grant(&self, user_id: i64, role: Role, unit_id: Option<i64>) -> Result<()> {
        let mut tx = self.store.write().await?;
        let g = Grant {
            tenant_code: self.tenant.clone(),
            role,
            unit_id,
        };
        insert_grant(&mut tx, user_id, &g).await?;
        self.commit_audited(tx, &Event::new("user.grant", "user", user_id).after(&g))
            .await?;
        Ok(())
    }

    /// Takes a role held here away.
    pub async fn revoke(&self, user_id: i64, role: Role, unit_id: Option<i64>) -> Result<bool> {
        let mut tx = self.store.write().await?;
        let done = sqlx::query(
            "DELETE FROM role_grants WHERE user_id = $1 AND tenant_code = $2 AND role = $3 AND unit_id = $4",
        )
        .bind(user_id)
        .bind(&self.tenant)
        .bind(role.code())
        .bind(unit_id.unwrap_or(0))
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            let g = Grant {
                tenant_code: self.tenant.clone(),
                role,
                unit_id,
            };
            self.audit_in(&mut tx, &Event::new("user.revoke", "user", user_id).before(&g))
                .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Disables or re-enables a user of this tenant, ending their sessions when disabling.
    /// Returns false for a user with no role here.
    pub async fn set_disabled(&self, user_id: i64, disabled: bool) -> Result<bool> {
        if self.user(user_id).await?.is_none() {
            return Ok(false);
        }
        let mut tx = self.store.write().await?;
        sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(disabled))
            .bind(now_unix())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at = 0")
                .bind(now_unix())
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let action = if disabled { "user.disable" } else { "user.enable" };
        self.commit_audited(tx, &Event::new(action, "user", user_id)).await?;
        Ok(true)
    }
}
