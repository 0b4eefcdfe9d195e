//! A unit's registration (đăng ký thi đua): its targets and the titles it aims for.

use super::*;

/// A unit's registration (đăng ký thi đua) as typed: its target per content area (in the
/// report form's `area_<code>` fields) and the titles and forms it aims for (`aim`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationCommand {
    pub targets: reporting::ReportForm,
    pub aims: Vec<String>,
}

impl RegistrationCommand {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            targets: reporting::ReportForm::from_form(pairs),
            aims: pairs
                .iter()
                .filter(|(k, _)| k == "aim")
                .map(|(_, v)| v.trim().to_owned())
                .collect(),
        }
    }
}

impl App {
    pub async fn registration(&self, ctx: &Ctx, tenant: &str, unit_id: i64, year: i32) -> Result<RegistrationView> {
        let scope = self.authorize(ctx, Action::ViewUnit, tenant, Some(unit_id)).await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let current = scope
            .registrations(period.row.id)
            .await?
            .into_iter()
            .find(|r| r.unit_id == unit_id);
        let own = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id));
        let officer = Self::may(ctx, Action::ActOnBehalf, tenant, None);
        Ok(RegistrationView {
            tenant: tenant.to_owned(),
            body: current.as_ref().map(|r| parse_body(&r.body)).unwrap_or_default(),
            can_edit: own || officer,
            on_behalf: !own && officer,
            unit,
            plan,
            period,
            current,
        })
    }

    /// Records the unit's commitment: a target per content area and the forms it aims for.
    pub async fn register(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        cmd: &RegistrationCommand,
    ) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let plan = self.commune_plan(tenant, year).await?;
        let mut body = RegistrationBody::default();
        let mut errors = Vec::new();
        for area in &plan.plan.content_areas {
            let field = reporting::area_field(&area.code);
            let text = cmd.targets.sections.get(&area.code).map_or("", String::as_str);
            if text.chars().count() > 5000 {
                errors.push(FieldError {
                    message: format!("Chỉ tiêu nội dung {}): dài quá 5000 ký tự.", area.code),
                    field,
                });
            } else if !text.is_empty() {
                body.targets.insert(area.code.clone(), thidua_domain::text::nfc(text));
            }
        }
        for v in &cmd.aims {
            if plan.plan.awards.iter().any(|a| a.form.code() == v) {
                if !body.aims.contains(v) {
                    body.aims.push(v.clone());
                }
            } else {
                errors.push(FieldError {
                    field: "aim".into(),
                    message: format!("Danh hiệu, hình thức đăng ký «{v}» không có trong kế hoạch của xã."),
                });
            }
        }
        if body.targets.is_empty() && errors.is_empty() {
            errors.push(FieldError {
                field: reporting::area_field(plan.plan.content_areas.first().map_or("a", |a| a.code.as_str())),
                message: "Hãy ghi chỉ tiêu, cam kết cho ít nhất một nội dung thi đua.".into(),
            });
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let period = self.period_for(&scope, &plan, year).await?;
        let late = period
            .registration_due
            .map_or(0, |due| late_seconds(due, OffsetDateTime::now_utc()));
        let json = serde_json::to_string(&body).map_err(|e| AppError::Internal(e.to_string()))?;
        scope.register(period.row.id, unit_id, &json, late).await?;
        Ok(())
    }

    // ------------------------------------------------------------------ notifications
}
