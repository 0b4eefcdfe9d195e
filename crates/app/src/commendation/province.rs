//! Province-level nominations going up and their outcome coming back: the chairman forwards
//! the approved nominations of a province or higher form with a numbered Tờ trình; the
//! province's officer sees the package with every dossier, records the province's decision
//! (or why not, or that it went higher), and the award lands in the commune's registry.

use thidua_documents::Format;
use thidua_documents::docx::OfficialDoc;
use thidua_domain::access::Action;
use thidua_domain::awards::{AwardForm, AwardLevel};
use thidua_domain::calendar::{dmy, parse_iso_date};
use thidua_domain::commendation::money::{RecipientKind, vnd};
use thidua_domain::commendation::nomination::{NominationBody, Stage, award_kind};
use thidua_domain::register::RegistrationError;
use thidua_domain::reporting::FieldError;
use thidua_store::{
    NewAwardRecord, NewPackage, NominationRow, OccasionRow, PackageRow, ProvinceOutcome, Reader, StoredPlan, UnitRow,
};

use super::SignCommand;
use super::documents::{Paper, commune_proposal};
use crate::auth::Ctx;
use crate::initiatives::{field, value};
use crate::papers::{province_title, render};
use crate::{App, AppError, Result};

/// A package as the province lists it.
#[derive(Debug, Clone)]
pub struct ReceivedPackage {
    pub row: PackageRow,
    pub commune: String,
    pub count: usize,
    /// Nominations still without an outcome.
    pub waiting: usize,
}

/// One package with everything the province reads to decide.
#[derive(Debug, Clone)]
pub struct PackageView {
    pub province: String,
    pub row: PackageRow,
    pub commune: String,
    pub occasion_title: String,
    pub form: Option<AwardForm>,
    pub nominations: Vec<(NominationRow, NominationBody, Stage)>,
    pub can_decide: bool,
}

impl PackageView {
    /// Whether the province has yet to give its word on the nomination.
    pub fn waiting(&self, n: &NominationRow) -> bool {
        n.status == Stage::Forwarded && n.outcome_note.is_empty()
    }
}

fn missing_package() -> AppError {
    AppError::NotFound("Không có hồ sơ trình này.".into())
}

/// What the province answers on one nomination of a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvinceChoice {
    /// Not yet decided: left as it is.
    Undecided,
    /// Awarded by the province's decision.
    Award,
    /// Not awarded; the note gives the reason.
    Refuse,
    /// Sent higher; the note says where.
    SendHigher,
    /// A value the form does not offer.
    Unknown,
}

impl ProvinceChoice {
    /// `khen`, `khong`, `trinh`, or empty.
    pub fn from_form(value: &str) -> Self {
        match value {
            "" => Self::Undecided,
            "khen" => Self::Award,
            "khong" => Self::Refuse,
            "trinh" => Self::SendHigher,
            _ => Self::Unknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeLine {
    /// The nomination as the form sent it (`None`: not a number).
    pub nomination: Option<i64>,
    pub choice: ProvinceChoice,
    pub note: String,
}

/// The province's results on a package: one line per waiting nomination, and its decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvinceOutcomeCommand {
    pub lines: Vec<OutcomeLine>,
    pub decision_no: String,
    /// As typed (ISO); judged when a line is awarded.
    pub decision_date: String,
}

impl ProvinceOutcomeCommand {
    /// The form sends, for each waiting nomination, `id`, `ket_qua` and `ly_do` in order; a form
    /// whose lists do not line up was cut short and is refused whole.
    pub fn from_form(pairs: &[(String, String)]) -> Result<Self> {
        let list = |name: &str| -> Vec<String> {
            pairs
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| thidua_domain::text::nfc(v.trim()))
                .collect()
        };
        let (ids, choices, notes) = (list("id"), list("ket_qua"), list("ly_do"));
        if ids.len() != choices.len() || ids.len() != notes.len() {
            return Err(AppError::Invalid(
                "Biểu mẫu kết quả không đầy đủ; hãy tải lại trang.".into(),
            ));
        }
        let lines = ids
            .iter()
            .zip(&choices)
            .zip(notes)
            .map(|((id, choice), note)| OutcomeLine {
                nomination: id.parse().ok(),
                choice: ProvinceChoice::from_form(choice),
                note,
            })
            .collect();
        Ok(Self {
            lines,
            decision_no: value(pairs, "decision_no"),
            decision_date: value(pairs, "decision_date"),
        })
    }
}

impl App {
    // ------------------------------------------------------------------ the commune

    /// The chairman's Tờ trình: every approved nomination of a province-or-higher form on the
    /// occasion goes to the province in one numbered package.
    pub async fn forward_nominations(
        &self,
        ctx: &Ctx,
        tenant: &str,
        occasion_id: i64,
        cmd: &SignCommand,
    ) -> Result<i64> {
        let scope = self.authorize(ctx, Action::SignDecisions, tenant, None).await?;
        scope
            .occasion(occasion_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        let form = cmd
            .form
            .ok_or_else(|| field("forward_form", "Hình thức: chọn hình thức cần trình cấp trên."))?;
        if form.level() == AwardLevel::Commune {
            return Err(field(
                "forward_form",
                format!(
                    "{} do Chủ tịch UBND xã quyết định: ký quyết định, không trình lên tỉnh.",
                    form.name()
                ),
            ));
        }
        let date = cmd
            .date
            .ok_or_else(|| field("forward_date", "Ngày tờ trình: hãy chọn một ngày."))?;
        let date_text = date.to_string();
        let signer_name = cmd.signer_name.clone();
        if signer_name.is_empty() {
            return Err(field("forward_signer_name", "Người ký: nhập họ tên."));
        }
        let signer_title = cmd.signer.title();
        let mut approved_rows: Vec<NominationRow> = Vec::new();
        for n in scope.nominations(occasion_id, 0).await? {
            if n.status == Stage::Approved && n.form == form {
                approved_rows.push(n);
            }
        }
        for n in &approved_rows {
            let cited = super::parse_body(&n.body).initiatives;
            scope.hold_unclaimed(n.id, &cited).await?;
        }
        let approved: Vec<i64> = approved_rows.iter().map(|n| n.id).collect();
        if approved.is_empty() {
            return Err(field(
                "forward_form",
                format!("Chưa có đề nghị {} nào được Hội đồng thông qua.", form.name()),
            ));
        }
        let commune = self.tenant_row(tenant).await?.ok_or_else(missing_package)?;
        let province = commune
            .province_code
            .clone()
            .filter(|p| !p.is_empty())
            .ok_or_else(|| AppError::Invalid("Xã chưa gắn với tỉnh nào nên chưa thể trình.".into()))?;
        if self.tenant_row(&province).await?.is_none() {
            return Err(AppError::Invalid(
                "Tỉnh chưa dùng Thi Đua: hãy gửi hồ sơ giấy, hoặc đề nghị tỉnh mở tài khoản.".into(),
            ));
        }
        // The Tờ trình rests on the council's vote: it cannot precede it nor lie ahead.
        let today = super::today();
        let steps: Vec<(String, time::Date)> = approved_rows
            .iter()
            .filter_map(|n| parse_iso_date(&n.council_date))
            .map(|d| ("phiên biểu quyết của Hội đồng Thi đua – Khen thưởng".to_owned(), d))
            .collect();
        match thidua_domain::register::check_registration(1, date, today, &steps) {
            Err(RegistrationError::Future { today }) => {
                return Err(field(
                    "forward_date",
                    format!("Ngày tờ trình {} chưa tới (hôm nay là {}).", dmy(date), dmy(today)),
                ));
            }
            Err(RegistrationError::BeforeStep { step, on }) => {
                return Err(field(
                    "forward_date",
                    format!("Ngày tờ trình {} sớm hơn {step} ({}).", dmy(date), dmy(on)),
                ));
            }
            Err(RegistrationError::Number) | Ok(()) => {}
        }
        let collectives = approved_rows
            .iter()
            .filter(|n| n.recipient != RecipientKind::Individual)
            .count();
        let summary = format!(
            "Về việc đề nghị tặng {} cho {}",
            form.name_for(tenant),
            crate::papers::who_phrase(collectives, approved_rows.len() - collectives)
        );
        let package = scope
            .forward_nominations(&NewPackage {
                province_code: province,
                occasion_id,
                form: form.code().to_owned(),
                summary,
                sent_date: date_text,
                signer_name,
                signer_title: signer_title.into(),
                nominations: approved,
            })
            .await?
            .ok_or_else(|| {
                AppError::Invalid("Danh sách đã thay đổi trong lúc trình; hãy tải lại trang và trình lại.".into())
            })?;
        self.announce_awaiting(tenant, thidua_domain::register::Source::Package, package.id)
            .await;
        Ok(package.id)
    }

    /// Tells the province's officers that a commune's package has arrived.
    pub(crate) async fn announce_package(&self, package: &PackageRow) {
        let commune = self
            .directory_tenant(&package.tenant_code)
            .map_or_else(|_| package.tenant_code.clone(), |t| t.name);
        let text = format!(
            "{commune} trình hồ sơ đề nghị khen thưởng (Tờ trình số {}) chờ tỉnh xét.",
            package.symbol
        );
        let link = format!("/quan-tri/{}/ho-so-trinh/{}", package.province_code, package.id);
        let officers = match self
            .store
            .role_users(&package.province_code, &["province_officer"])
            .await
        {
            Ok(o) => o,
            Err(e) => {
                tracing::warn!(error = %e, "không báo được tỉnh về hồ sơ trình");
                return;
            }
        };
        for (user_id, _, email) in officers {
            let key = format!("package:{}:{user_id}", package.id);
            let notice = thidua_store::NewNotice {
                tenant_code: &package.province_code,
                user_id,
                email: &email,
                text: &text,
                link: &link,
                subject: "Thi Đua – hồ sơ xã trình tỉnh",
                dedupe_key: &key,
            };
            if let Err(e) = self.store.notify(&notice).await {
                tracing::warn!(error = %e, "không báo được tỉnh về hồ sơ trình");
            }
        }
    }

    /// The commune's Tờ trình of a package it sent, as DOCX or PDF. Read by the commune and by
    /// the province it was sent to.
    pub async fn package_proposal(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
        format: Format,
    ) -> Result<(String, Vec<u8>)> {
        let (package, list, plan, occasion) = self.package_for_reader(ctx, tenant, id).await?;
        let province = province_title(&package.province_code);
        let doc: OfficialDoc = commune_proposal(&plan.plan, &occasion, &package, &list, &province)?;
        Ok((
            format!("to-trinh-{}.{}", package.symbol.replace('/', "-"), format.extension()),
            render(&doc, format)?,
        ))
    }

    /// The commune council's minutes on a package's nominations, as DOCX or PDF: read by the
    /// commune and by the province it was sent to.
    pub async fn package_council_minutes(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
        format: Format,
    ) -> Result<(String, Vec<u8>)> {
        let (package, list, plan, occasion) = self.package_for_reader(ctx, tenant, id).await?;
        let province = province_title(&package.province_code);
        let doc = super::documents::council_minutes(&plan.plan, &occasion, &package, &list, &province);
        Ok((
            format!("bien-ban-hoi-dong-{id}.{}", format.extension()),
            render(&doc, format)?,
        ))
    }

    /// A package read by the commune that sent it (`tenant` = the commune) or the province it
    /// went to (`tenant` = the province).
    async fn package_for_reader(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
    ) -> Result<(PackageRow, Vec<NominationRow>, std::sync::Arc<StoredPlan>, OccasionRow)> {
        let row = self.tenant_row(tenant).await?;
        let at_province = row.as_ref().is_some_and(|t| t.kind == "province");
        let action = if at_province {
            Action::DecideForwarded
        } else {
            Action::ViewTenant
        };
        let scope = self.authorize_view(ctx, action, tenant, None).await?;
        let (package, list) = if at_province {
            scope.received_package(id).await?
        } else {
            scope.sent_package(id).await?
        }
        .ok_or_else(missing_package)?;
        // The package is the door: the province reads the commune's occasion and plan through it.
        let from_province;
        let commune: &Reader<'_> = if at_province {
            from_province = self.commune_of_province(ctx, tenant, &package.tenant_code).await?;
            &from_province
        } else {
            &scope
        };
        let occasion = commune
            .occasion(package.occasion_id)
            .await?
            .ok_or_else(missing_package)?;
        let plan = self.commune_plan(&package.tenant_code, occasion.year).await?;
        Ok((package, list, plan, occasion))
    }

    // ------------------------------------------------------------------ the province

    pub async fn received_packages(&self, ctx: &Ctx, province: &str) -> Result<Vec<ReceivedPackage>> {
        let scope = self
            .authorize_view(ctx, Action::DecideForwarded, province, None)
            .await?;
        let mut out = Vec::new();
        for row in scope.received_packages().await? {
            let (_, list) = scope.received_package(row.id).await?.ok_or_else(missing_package)?;
            let commune = self
                .tenant_row(&row.tenant_code)
                .await?
                .map_or_else(|| row.tenant_code.clone(), |t| t.name);
            out.push(ReceivedPackage {
                waiting: list
                    .iter()
                    .filter(|n| n.status == Stage::Forwarded && n.outcome_note.is_empty())
                    .count(),
                count: list.len(),
                commune,
                row,
            });
        }
        Ok(out)
    }

    pub async fn package_view(&self, ctx: &Ctx, province: &str, id: i64) -> Result<PackageView> {
        let (row, list, _, occasion) = self.package_for_reader(ctx, province, id).await?;
        let commune = self
            .tenant_row(&row.tenant_code)
            .await?
            .map_or_else(|| row.tenant_code.clone(), |t| t.name);
        Ok(PackageView {
            province: province.to_owned(),
            form: AwardForm::parse(&row.form),
            commune,
            occasion_title: occasion.title,
            nominations: list
                .into_iter()
                .map(|n| {
                    let body = serde_json::from_str(&n.body).unwrap_or_default();
                    let stage = n.status;
                    Ok((n, body, stage))
                })
                .collect::<Result<_>>()?,
            can_decide: Self::may(ctx, Action::DecideForwarded, province, None),
            row,
        })
    }

    /// A paper of one nomination in a package the province received.
    pub async fn package_paper(
        &self,
        ctx: &Ctx,
        province: &str,
        (id, nomination): (i64, i64),
        paper: Paper,
        format: Format,
    ) -> Result<(String, Vec<u8>)> {
        let (package, list, plan, occasion) = self.package_for_reader(ctx, province, id).await?;
        let n = list
            .iter()
            .find(|n| n.id == nomination)
            .cloned()
            .ok_or_else(missing_package)?;
        let unit = UnitRow {
            id: n.unit_id,
            tenant_code: package.tenant_code.clone(),
            name: n.unit_name.clone(),
            kind: String::new(),
        };
        let doc = match paper {
            // The province reads the meeting as far as the package goes: its own nominations.
            Paper::Minutes => super::documents::minutes(&plan.plan, &unit, &occasion, &n, &list),
            Paper::Report => super::documents::report(&plan.plan, &unit, &occasion, &n),
        };
        Ok((
            format!("{}-{nomination}.{}", paper.slug(), format.extension()),
            render(&doc, format)?,
        ))
    }

    /// The province's outcome on the nominations of a package: for each `id`, `ket_qua` is one
    /// of `khen` (awarded by the decision `decision_no` of `decision_date`), `khong` (not, the
    /// reason in `ly_do`) or `trinh` (sent higher, `ly_do` says where), or empty (not yet). Every field is
    /// checked before anything is written. Returns how many outcomes were recorded.
    pub async fn record_province_outcome(
        &self,
        ctx: &Ctx,
        province: &str,
        id: i64,
        cmd: &ProvinceOutcomeCommand,
    ) -> Result<usize> {
        let view = self.package_view(ctx, province, id).await?;
        let scope = self.authorize(ctx, Action::DecideForwarded, province, None).await?;
        let form = view
            .form
            .ok_or_else(|| AppError::Invalid("Hình thức khen thưởng của hồ sơ không còn trong danh mục.".into()))?;
        let mut errors: Vec<FieldError> = Vec::new();
        fn err(errors: &mut Vec<FieldError>, f: &str, m: String) {
            errors.push(FieldError {
                field: f.to_owned(),
                message: m,
            });
        }
        let mut chosen: Vec<(&NominationRow, ProvinceChoice, String)> = Vec::new();
        for line in &cmd.lines {
            let Some((n, _, _)) = view
                .nominations
                .iter()
                .find(|(n, _, _)| Some(n.id) == line.nomination && view.waiting(n))
            else {
                err(
                    &mut errors,
                    "ket_qua",
                    "Một đề nghị trong biểu mẫu đã có kết quả hoặc không thuộc hồ sơ này; hãy tải lại trang.".into(),
                );
                continue;
            };
            let note = line.note.clone();
            match line.choice {
                ProvinceChoice::Undecided => {}
                ProvinceChoice::Refuse | ProvinceChoice::SendHigher if note.is_empty() => err(
                    &mut errors,
                    &format!("ly_do-{}", n.id),
                    format!(
                        "{}: ghi {}.",
                        n.nominee_name,
                        if line.choice == ProvinceChoice::Refuse {
                            "lý do không khen thưởng để xã biết"
                        } else {
                            "nơi trình tiếp và số tờ trình"
                        }
                    ),
                ),
                choice @ (ProvinceChoice::Award | ProvinceChoice::Refuse | ProvinceChoice::SendHigher) => {
                    chosen.push((n, choice, note));
                }
                ProvinceChoice::Unknown => err(
                    &mut errors,
                    &format!("ket_qua-{}", n.id),
                    format!("{}: kết quả không hợp lệ.", n.nominee_name),
                ),
            }
        }
        if chosen.is_empty() && errors.is_empty() {
            err(
                &mut errors,
                "ket-qua",
                "Chọn kết quả cho ít nhất một đề nghị (khen thưởng, không khen thưởng, hoặc trình cấp trên).".into(),
            );
        }
        let awarding = chosen.iter().any(|(_, c, _)| *c == ProvinceChoice::Award);
        let decision_no = cmd.decision_no.clone();
        let decision_date = cmd.decision_date.clone();
        let date = parse_iso_date(&decision_date);
        if awarding {
            if !looks_like_decision_no(&decision_no) {
                err(
                    &mut errors,
                    "decision_no",
                    "Số quyết định của tỉnh: ghi dạng số/ký hiệu, ví dụ 1234/QĐ-UBND.".into(),
                );
            }
            match date {
                None => err(
                    &mut errors,
                    "decision_date",
                    "Ngày quyết định của tỉnh: hãy chọn một ngày.".into(),
                ),
                // The province decides after the commune's Tờ trình, and not ahead of today.
                Some(d) => {
                    let steps: Vec<(String, time::Date)> = parse_iso_date(&view.row.sent_date)
                        .map(|sent| (format!("Tờ trình số {} của xã", view.row.symbol), sent))
                        .into_iter()
                        .collect();
                    match thidua_domain::register::check_registration(1, d, super::today(), &steps) {
                        Err(RegistrationError::Future { today }) => err(
                            &mut errors,
                            "decision_date",
                            format!(
                                "Ngày quyết định của tỉnh {} chưa tới (hôm nay là {}).",
                                dmy(d),
                                dmy(today)
                            ),
                        ),
                        Err(RegistrationError::BeforeStep { step, on }) => err(
                            &mut errors,
                            "decision_date",
                            format!("Ngày quyết định của tỉnh {} sớm hơn {step} ({}).", dmy(d), dmy(on)),
                        ),
                        Err(RegistrationError::Number) | Ok(()) => {}
                    }
                }
            }
        }
        let tables = self.legal_tables().await?;
        let commune = self.commune_of_province(ctx, province, &view.row.tenant_code).await?;
        let occasion = commune
            .occasion(view.row.occasion_id)
            .await?
            .ok_or_else(missing_package)?;
        let kind = award_kind(occasion.kind);
        let mut outcomes = Vec::new();
        for (n, choice, note) in &chosen {
            let outcome = match choice {
                ProvinceChoice::Award => {
                    let Some(date) = date else { continue };
                    let recipient = n.recipient;
                    match tables.reward(form, recipient, date) {
                        Ok(reward) => ProvinceOutcome::Awarded {
                            note: format!(
                                "{} theo Quyết định số {decision_no} ngày {} của {}; tiền thưởng {} đồng.",
                                form.name(),
                                thidua_domain::calendar::dmy(date),
                                form.decided_by(),
                                vnd(reward.amount)
                            ),
                            award: NewAwardRecord {
                                recipient: n.recipient.code().to_owned(),
                                subject_id: n.subject_id(),
                                name: n.nominee_name.clone(),
                                year: occasion.year,
                                form: form.code().to_owned(),
                                kind: kind.code().to_owned(),
                                decision_no: decision_no.clone(),
                                decision_date: decision_date.clone(),
                                amount: reward.amount,
                                nomination_id: n.id,
                                // The province prints its own Bằng khen; codes are for ours.
                                verify_code: String::new(),
                            },
                        },
                        Err(e) => {
                            err(&mut errors, "decision_date", e.to_string());
                            continue;
                        }
                    }
                }
                ProvinceChoice::Refuse => ProvinceOutcome::NotAwarded { reason: note.clone() },
                _ => ProvinceOutcome::SentHigher { note: note.clone() },
            };
            outcomes.push((n.id, outcome));
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let mut done = 0;
        for (nomination, outcome) in &outcomes {
            if scope.record_outcome(id, *nomination, outcome).await? {
                done += 1;
            }
        }
        Ok(done)
    }
}

/// "1234/QĐ-UBND": a number, a slash, a symbol.
pub(crate) fn looks_like_decision_no(text: &str) -> bool {
    match text.split_once('/') {
        Some((n, symbol)) => !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && symbol.chars().count() >= 2,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn decision_numbers_need_number_and_symbol() {
        assert!(super::looks_like_decision_no("1234/QĐ-UBND"));
        for bad in ["", "QĐ-UBND", "12a/QĐ", "/QĐ-UBND", "12/"] {
            assert!(!super::looks_like_decision_no(bad), "{bad}");
        }
    }
}
