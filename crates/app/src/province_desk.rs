//! The province's desk for the communes' summaries: each commune's whole summary readable
//! (figures, every content area, who was late or missing, the assessment and proposals), a
//! return for revision with the reason, and on the commune's side a recall until the province
//! has opened it.

use thidua_documents::Format;
use thidua_documents::docx::{Annex, Block, OfficialDoc, SignatureBlock};
use thidua_domain::access::Action;
use thidua_domain::plan::ContentArea;
use thidua_domain::reporting::INDICATORS;
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

/// The commune's summary as the official Báo cáo it sends (Nghị định 30): the results under
/// each content area of its plan, the figures in an annex, who reported late or not at all,
/// and the assessment with its proposals. The number and day stay blank for the văn thư.
pub fn summary_report(plan: &thidua_domain::plan::Plan, year: i32, body: &RollupBody, province: &str) -> OfficialDoc {
    let commune = crate::papers::commune_part(&plan.authority.name);
    let mut blocks = vec![Block::Text(format!(
        "Thực hiện {}, Ủy ban nhân dân {commune} báo cáo kết quả thực hiện phong trào thi đua “{}” năm {year} như sau:",
        crate::papers::plan_basis(plan)
            .trim_start_matches("Căn cứ ")
            .trim_end_matches(';'),
        plan.movement
    ))];
    blocks.push(Block::Heading("I. KẾT QUẢ THỰC HIỆN".into()));
    for (i, a) in plan.content_areas.iter().enumerate() {
        blocks.push(Block::Heading(format!("{}. {}", i + 1, a.title)));
        let text = body.sections.get(&a.code).map(String::as_str).unwrap_or("").trim();
        for paragraph in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            blocks.push(Block::Text(paragraph.to_owned()));
        }
        if text.is_empty() {
            blocks.push(Block::Text("Chưa có kết quả được báo cáo.".into()));
        }
    }
    blocks.push(Block::Text(format!(
        "Số liệu tổng hợp từ báo cáo của {}/{} đơn vị (có phụ lục kèm theo).{}{}",
        body.units_reported,
        body.units_total,
        if body.late.is_empty() {
            String::new()
        } else {
            format!(" Đơn vị nộp trễ: {}.", body.late.join("; "))
        },
        if body.missing.is_empty() {
            String::new()
        } else {
            format!(" Đơn vị chưa báo cáo: {}.", body.missing.join("; "))
        }
    )));
    blocks.push(Block::Heading("II. ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ".into()));
    for paragraph in body.assessment.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        blocks.push(Block::Text(paragraph.to_owned()));
    }
    blocks.push(Block::Text(format!(
        "Ủy ban nhân dân {commune} báo cáo {province} theo dõi, chỉ đạo./."
    )));
    OfficialDoc {
        issuer_parent: "ỦY BAN NHÂN DÂN".into(),
        issuer: commune.to_uppercase(),
        number: format!("Số:        /BC-{}", plan.authority.short_name),
        place_date: format!("{}, {}", plan.document.place, crate::papers::blank_date(year)),
        kind: "BÁO CÁO".into(),
        subject: format!("Kết quả thực hiện phong trào thi đua “{}” năm {year}", plan.movement),
        authority_line: None,
        addressee: None,
        bases: Vec::new(),
        body: blocks,
        recipients: vec![
            format!("- Sở Nội vụ {province};"),
            "- Thường trực Đảng ủy, HĐND (b/c);".into(),
            "- Lưu: VT, VHXH.".into(),
        ],
        signature: SignatureBlock {
            authority: Some("TM. ỦY BAN NHÂN DÂN".into()),
            on_behalf: None,
            position: "CHỦ TỊCH".into(),
            name: String::new(),
        },
        left_signature: None,
        annex: Some(Annex {
            title: format!("SỐ LIỆU TỔNG HỢP NĂM {year}"),
            subtitle: format!("(Kèm theo Báo cáo của Ủy ban nhân dân {commune})"),
            headers: vec!["STT".into(), "Chỉ tiêu".into(), "Đơn vị tính".into(), "Tổng".into()],
            widths: vec![800, 5054, 1700, 1800],
            rows: INDICATORS
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    vec![
                        (i + 1).to_string(),
                        d.label.to_owned(),
                        d.unit.to_owned(),
                        body.totals.get(d.code).copied().unwrap_or(0).to_string(),
                    ]
                })
                .collect(),
            total: None,
        }),
    }
}

impl App {
    /// The commune's summary for `year` as a Báo cáo, DOCX or PDF: read by the commune (its
    /// saved text, or what the units' reports assemble) and by its province once sent.
    pub async fn summary_report_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        year: i32,
        commune: Option<&str>,
        format: Format,
    ) -> Result<(String, Vec<u8>)> {
        let (code, body) = match commune {
            // The province reads what was sent.
            Some(code) => {
                let s = self.commune_summary(ctx, tenant, year, code).await?;
                (s.commune, s.body)
            }
            None => {
                let v = self.rollup(ctx, tenant, year).await?;
                (tenant.to_owned(), v.current().clone())
            }
        };
        let plan = self.commune_plan(&code, year).await?;
        let province = self
            .tenant_row(&code)
            .await?
            .and_then(|t| t.province_code)
            .map_or_else(|| "tỉnh".to_owned(), |p| crate::papers::province_title(&p));
        let doc = summary_report(&plan.plan, year, &body, &province);
        Ok((
            format!("bao-cao-tong-hop-{code}-{year}.{}", format.extension()),
            crate::papers::render(&doc, format)?,
        ))
    }

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
