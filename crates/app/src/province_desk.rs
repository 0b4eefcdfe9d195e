//! The province's desk for the communes' summaries: each commune's whole summary readable
//! (figures, every content area, who was late or missing, the assessment and proposals), a
//! return for revision with the reason, and on the commune's side a recall until the province
//! has opened it.

use thidua_domain::access::Action;
use thidua_domain::plan::ContentArea;
use thidua_domain::reporting::RollupBody;
use thidua_store::RollupRow;

use crate::auth::Ctx;
use crate::initiatives::field;
use crate::reporting::parse_body;
use crate::{App, AppError, Result};

/// One commune's summary as the province reads it.
#[derive(Debug, Clone)]
pub struct CommuneSummary {
    pub province: String,
    pub commune: String,
    pub commune_name: String,
    pub year: i32,
    pub row: RollupRow,
    pub body: RollupBody,
    /// The plan's content areas, to title each section.
    pub areas: Vec<ContentArea>,
    pub may_return: bool,
}

impl App {
    /// A commune's summary for `year`, read by its province; the first reading marks it opened.
    pub async fn commune_summary(&self, ctx: &Ctx, province: &str, year: i32, commune: &str) -> Result<CommuneSummary> {
        let scope = self.authorize(ctx, Action::ViewRollup, province, None).await?;
        let missing = || AppError::NotFound("Xã này chưa gửi báo cáo tổng hợp năm này.".into());
        let row = scope.open_rollup(commune, year).await?.ok_or_else(missing)?;
        let commune_name = self
            .directory_tenant(commune)
            .map_or_else(|_| commune.to_owned(), |t| t.name);
        let areas = match self.commune_plan(commune, year).await {
            Ok(plan) => plan.plan.content_areas.clone(),
            Err(_) => Vec::new(),
        };
        Ok(CommuneSummary {
            province: province.to_owned(),
            commune: commune.to_owned(),
            commune_name,
            year,
            body: parse_body(&row.body),
            row,
            areas,
            may_return: Self::may(ctx, Action::ReturnRollups, province, None),
        })
    }

    /// The province returns a commune's summary for revision; the commune's officers are told why.
    pub async fn return_summary(
        &self,
        ctx: &Ctx,
        province: &str,
        year: i32,
        commune: &str,
        reason: &str,
    ) -> Result<()> {
        let scope = self.authorize(ctx, Action::ReturnRollups, province, None).await?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(field("reason", "Lý do trả lại: ghi điều xã cần bổ sung, sửa."));
        }
        if !scope.return_rollup(commune, year, reason).await? {
            return Err(AppError::Invalid(
                "Báo cáo này không còn ở trạng thái đã gửi (xã đã rút lại hoặc tỉnh đã trả lại).".into(),
            ));
        }
        let province_name = self
            .directory_tenant(province)
            .map_or_else(|_| province.to_owned(), |t| t.name);
        let text = format!("{province_name} trả lại báo cáo tổng hợp năm {year} để bổ sung: {reason}");
        let link = format!("/quan-tri/{commune}/tong-hop/{year}");
        let told = async {
            let people = self.store.role_users(commune, &["standing_officer"]).await?;
            self.tell(
                commune,
                &people,
                &text,
                &link,
                &format!("rollup-return:{commune}:{year}:{}", thidua_store::now_unix()),
            )
            .await
        };
        if let Err(e) = told.await {
            tracing::warn!(error = %e, "không báo được xã về báo cáo bị trả lại");
        }
        Ok(())
    }

    /// The commune takes its sent summary back while the province has not opened it.
    pub async fn recall_summary(&self, ctx: &Ctx, tenant: &str, year: i32) -> Result<()> {
        let scope = self.authorize(ctx, Action::SendRollup, tenant, None).await?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        if !scope.recall_rollup(period.row.id).await? {
            return Err(AppError::Invalid(
                "Không rút lại được: tỉnh đã mở báo cáo này (hoặc báo cáo chưa gửi). Hãy liên hệ Sở Nội vụ nếu cần sửa.".into(),
            ));
        }
        Ok(())
    }
}
