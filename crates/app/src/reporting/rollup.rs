//! The commune's summary (báo cáo tổng hợp) to the province.

use super::*;

/// The commune's summary as its officer edits it, and whether to send it now (`send`), with
/// the deliberate second step when units are missing (`confirm_missing`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollupCommand {
    pub form: reporting::ReportForm,
    pub send: bool,
    pub confirm_missing: bool,
}

impl RollupCommand {
    pub fn from_form(pairs: &[(String, String)], send: bool) -> Self {
        Self {
            form: reporting::ReportForm::from_form(pairs),
            send,
            confirm_missing: pairs.iter().any(|(k, v)| k == "confirm_missing" && v == "1"),
        }
    }
}

impl App {
    pub async fn rollup(&self, ctx: &Ctx, tenant: &str, year: i32) -> Result<RollupView> {
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let assembled = self.assemble(&scope, &plan, &period).await?;
        let saved = scope.rollup(period.row.id).await?.map(|r| {
            let body = parse_body(&r.body);
            (r, body)
        });
        Ok(RollupView {
            tenant: tenant.to_owned(),
            can_send: Self::may(ctx, Action::SendRollup, tenant, None),
            plan,
            period,
            assembled,
            saved,
        })
    }

    pub(crate) async fn assemble(&self, scope: &Reader<'_>, plan: &StoredPlan, period: &Period) -> Result<RollupBody> {
        let rows = scope.period_reports(period.row.id).await?;
        // The units followed, and any unit no longer followed whose report already came in.
        let mut units = scope.units().await?;
        for r in &rows {
            if !units.iter().any(|u| u.id == r.unit_id)
                && let Some(u) = scope.unit(r.unit_id).await?
            {
                units.push(u);
            }
        }
        let bodies: Vec<(i64, ReportBody)> = scope
            .latest_versions(period.row.id)
            .await?
            .into_iter()
            .map(|(unit, json)| (unit, parse_body(&json)))
            .collect();
        let reports: Vec<UnitReport<'_>> = units
            .iter()
            .map(|u| {
                let row = rows.iter().find(|r| r.unit_id == u.id);
                Ok(UnitReport {
                    unit_name: &u.name,
                    status: status_of(row)?,
                    late_seconds: row.map_or(0, |r| r.late_seconds),
                    body: bodies.iter().find(|(id, _)| *id == u.id).map(|(_, b)| b),
                })
            })
            .collect::<Result<_>>()?;
        Ok(reporting::assemble_rollup(&plan.plan, &reports))
    }

    /// Saves the edited summary; with `send`, sends it to the province (final). Figures and
    /// the lists of late and missing units always come from the units' reports; the office
    /// edits the texts.
    pub async fn save_rollup(&self, ctx: &Ctx, tenant: &str, year: i32, cmd: &RollupCommand) -> Result<()> {
        let send = cmd.send;
        let scope = self.authorize(ctx, Action::SendRollup, tenant, None).await?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let mut body = self.assemble(&scope, &plan, &period).await?;
        let edited = reporting::read_report_form(&plan.plan, &cmd.form).map_err(AppError::Fields)?;
        body.sections = edited.sections;
        body.assessment = edited.assessment;
        let province = self
            .store
            .tenant(tenant)
            .await?
            .and_then(|t| t.province_code)
            .unwrap_or_default();
        let json = serde_json::to_string(&body).map_err(|e| AppError::Internal(e.to_string()))?;
        let late = late_seconds(period.province_due, OffsetDateTime::now_utc());
        // Sending for good with units missing takes a second, deliberate step that says who;
        // the text typed meanwhile is kept as the draft.
        let confirmed = cmd.confirm_missing;
        if send && !body.missing.is_empty() && !confirmed {
            scope.save_rollup(&period.row, &province, &json, false, late).await?;
            let shown: Vec<&str> = body.missing.iter().take(10).map(String::as_str).collect();
            let more = body.missing.len().saturating_sub(shown.len());
            return Err(AppError::Fields(vec![reporting::FieldError {
                field: "confirm_missing".into(),
                message: format!(
                    "Mới có {}/{} đơn vị gửi báo cáo; chưa gửi: {}{}. Báo cáo tổng hợp gửi lên tỉnh thì không sửa được nữa: nếu vẫn gửi, đánh dấu «Vẫn gửi khi còn đơn vị chưa báo cáo» rồi bấm gửi lại. Chưa có gì được gửi.",
                    body.units_reported,
                    body.units_total,
                    shown.join("; "),
                    if more > 0 {
                        format!(" và {more} đơn vị khác")
                    } else {
                        String::new()
                    }
                ),
            }]));
        }
        if !scope.save_rollup(&period.row, &province, &json, send, late).await? {
            return Err(AppError::Invalid(
                "Báo cáo tổng hợp đã gửi lên tỉnh nên không sửa được nữa.".into(),
            ));
        }
        Ok(())
    }

    /// The province's view: every commune, whether its summary for `year` arrived, and its
    /// figures.
    pub async fn province_rollups(&self, ctx: &Ctx, province: &str, year: i32) -> Result<Vec<CommuneRollup>> {
        self.authorize_view(ctx, Action::ViewRollup, province, None).await?;
        let sent = self.store.sent_rollups_of_province(province, year).await?;
        Ok(self
            .store
            .communes_of(province)
            .await?
            .into_iter()
            .map(|c| {
                let rollup = sent.iter().find(|r| r.tenant_code == c.code).cloned();
                CommuneRollup {
                    body: rollup.as_ref().map(|r| parse_body(&r.body)),
                    code: c.code,
                    name: c.name,
                    rollup,
                }
            })
            .collect())
    }

    // ------------------------------------------------------------------ registration
}
