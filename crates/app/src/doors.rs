//! The only doors to a tenant's data. People come in through [`App::authorize`] (to change)
//! or [`App::authorize_view`] (to read: what it hands back cannot write), after the access
//! table allows them; asked for one unit, the door is held to that unit in the SQL; the platform's own background work through [`App::system_scope`], which
//! names what it is doing in the trail. A test keeps every other file from opening the store
//! for a tenant.

use thidua_domain::access::{Action, PLATFORM, Target};
use thidua_store::{Actor, Event, Outcome, Reader, Scope};

use crate::auth::Ctx;
use crate::{App, AppError, Result};

impl App {
    /// Whether the caller may do `action` in the tenant (in `unit` for unit actions); a refusal
    /// is recorded in that tenant's trail and returned as [`AppError::Forbidden`].
    async fn allow(&self, ctx: &Ctx, action: Action, tenant: &str, unit: Option<i64>) -> Result<()> {
        let row = self.tenant_row(tenant).await?;
        let province = row.as_ref().and_then(|t| t.province_code.clone());
        let target = Target {
            tenant_code: tenant,
            province_code: province.as_deref(),
            unit_id: unit,
        };
        if row.is_some() && ctx.grants.allows(action, target) {
            return Ok(());
        }
        // Refusals are written where they were aimed, or to the platform for unknown tenants.
        let trail = if row.is_some() { tenant } else { PLATFORM };
        let event = Event::new("access", "action", format!("{action:?}"))
            .outcome(Outcome::Denied)
            .after(&serde_json::json!({ "tenant": tenant, "unit": unit }));
        self.store.record(trail, &ctx.actor(), &event).await?;
        Err(AppError::Forbidden)
    }

    /// The tenant's data, to change, when the caller may do `action` there.
    pub async fn authorize(&self, ctx: &Ctx, action: Action, tenant: &str, unit: Option<i64>) -> Result<Scope<'_>> {
        self.allow(ctx, action, tenant, unit).await?;
        let scope = self.store.scope(tenant, ctx.actor());
        Ok(match unit {
            Some(unit) => scope.held_to_unit(unit),
            None => scope,
        })
    }

    /// The tenant's data, to read only, when the caller may do `action` there.
    pub async fn authorize_view(
        &self,
        ctx: &Ctx,
        action: Action,
        tenant: &str,
        unit: Option<i64>,
    ) -> Result<Reader<'_>> {
        self.allow(ctx, action, tenant, unit).await?;
        let reader = self.store.reader(tenant, ctx.actor());
        Ok(match unit {
            Some(unit) => reader.held_to_unit(unit),
            None => reader,
        })
    }

    /// Like [`App::authorize`] but for an officer entering data for a unit ("nhập hộ"): the
    /// returned scope's actor names the unit, so every entry says on whose behalf it was made.
    pub async fn on_behalf_of(&self, ctx: &Ctx, tenant: &str, unit_id: i64) -> Result<Scope<'_>> {
        self.allow(ctx, Action::ActOnBehalf, tenant, None).await?;
        let unit = self
            .store
            .reader(tenant, ctx.actor())
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".to_owned()))?;
        let mut actor = ctx.actor();
        actor.on_behalf_of = format!("{} (#{})", unit.name, unit.id);
        Ok(self.store.scope(tenant, actor).held_to_unit(unit_id))
    }

    /// A province officer, already allowed at the province, reading what one of its communes
    /// sent up; another province's commune is not found.
    pub(crate) async fn commune_of_province(&self, ctx: &Ctx, province: &str, commune: &str) -> Result<Reader<'_>> {
        match self.tenant_row(commune).await? {
            Some(row) if row.province_code.as_deref() == Some(province) => Ok(self.store.reader(commune, ctx.actor())),
            _ => Err(AppError::NotFound("Không có xã này trong tỉnh.".into())),
        }
    }

    /// The platform operator, allowed on the platform, setting up a tenant it has just created.
    pub(crate) fn operator_scope(&self, ctx: &Ctx, tenant: &str) -> Scope<'_> {
        self.store.scope(tenant, ctx.actor())
    }

    /// Work a signed-in caller started and a background task finishes, still as them: the
    /// caller was authorized when the work began.
    pub(crate) fn continued_scope(&self, tenant: &str, actor: Actor) -> Scope<'_> {
        self.store.scope(tenant, actor)
    }

    /// The platform's own work in a tenant (reminders, notices, the deadline calendar, demo and
    /// seed data): `why` is the actor the trail shows.
    pub(crate) fn system_scope(&self, tenant: &str, why: &str) -> Scope<'_> {
        self.store.scope(tenant, Actor::system(why))
    }
}

#[cfg(test)]
mod tests {
    /// No file but this one opens the store for a tenant: every use case goes through a door.
    #[test]
    fn tenant_data_is_reached_only_through_the_doors() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut open = Vec::new();
        let mut dirs = vec![src];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.file_name().is_some_and(|n| n != "doors.rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (n, line) in text.lines().enumerate() {
                        if line.contains("store.scope(") || line.contains("store.reader(") || line.trim() == ".scope(" {
                            open.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
        assert!(
            open.is_empty(),
            "the store opened outside app/src/doors.rs:\n{}",
            open.join("\n")
        );
    }
}
