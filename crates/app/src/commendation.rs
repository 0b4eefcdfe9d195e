//! Commendation: occasions opened by the standing office with the plan's quotas, nominations
//! with their dossier and eligibility explained, the two-step appraisal, the council, and the
//! chairman's numbered decision with its reward money and award registry entries.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use thidua_documents::pdf::Certificate;
use thidua_domain::access::Action;
use thidua_domain::awards::{AwardForm, AwardLevel, Occasion};
use thidua_domain::calendar::{dmy, parse_iso_date, today_in_vietnam};
use thidua_domain::commendation::eligibility::{AwardKind, PastAward, Rating, Record, RuleSet, Verdict};
use thidua_domain::commendation::money::{LegalTables, LegalValue, RecipientKind, Reward};
use thidua_domain::commendation::nomination::{
    CouncilRule, NominationBody, Stage, add_working_days, award_kind, check_recipient, missing_pieces, read_meeting,
};
use thidua_domain::initiative::{Nominee, credits};
use thidua_domain::plan::Award;
use thidua_domain::register::DocType;
use thidua_domain::reporting::FieldError;
use thidua_store::{
    AwardRecordRow, DecisionRow, FileRow, InitiativeFilter, InitiativeHolder, InitiativeRow, NewAwardRecord,
    NewDecision, NominationRow, NominationText, OccasionRow, Owner, Person, QuotaRow, Scope, StoredPlan, SubmitRefused,
    UnitRow, VerifiedAward,
};
use time::{Date, OffsetDateTime};

use crate::auth::Ctx;
use crate::initiatives::{field, value};
use crate::uploads::checked_upload;
use crate::{App, AppError, Result};

/// A commune's appraisal settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommendationSettings {
    /// Working days each appraisal step has.
    pub step_days: u32,
    pub council: CouncilRule,
}

impl Default for CommendationSettings {
    fn default() -> Self {
        Self {
            step_days: 3,
            council: CouncilRule::default(),
        }
    }
}

/// An occasion with its quota places and how many nominations stand where.
#[derive(Debug, Clone)]
pub struct OccasionSummary {
    pub row: OccasionRow,
    pub quotas: Vec<QuotaRow>,
    pub nominations: usize,
}

#[derive(Debug, Clone)]
pub struct CommendationHome {
    pub tenant: String,
    pub plan: Arc<StoredPlan>,
    pub occasions: Vec<OccasionSummary>,
    pub can_manage: bool,
    pub settings: CommendationSettings,
}

/// A nomination in a list, with where it stands.
#[derive(Debug, Clone)]
pub struct NominationItem {
    pub row: NominationRow,
    pub stage: Stage,
    pub overdue: bool,
    pub verdict: Option<Verdict>,
}

#[derive(Debug, Clone)]
pub struct OccasionView {
    pub tenant: String,
    pub occasion: OccasionRow,
    pub kind: Occasion,
    pub plan: Arc<StoredPlan>,
    pub quotas: Vec<QuotaRow>,
    pub nominations: Vec<NominationItem>,
    pub decisions: Vec<DecisionRow>,
    pub can_manage: bool,
    pub can_achievement: bool,
    pub can_dossier: bool,
    pub can_council: bool,
    pub can_vote: bool,
    pub can_sign: bool,
    /// The council's votes in the system, by nomination.
    pub tallies: HashMap<i64, crate::council::Tally>,
    pub council_size: u32,
    /// The caller, to show their own vote.
    pub user_id: i64,
    /// Forms of this occasion with approved commune-level nominations waiting for a decision.
    pub ready: Vec<(AwardForm, usize)>,
    /// Forms of a higher level with approved nominations waiting to go to the province.
    pub to_forward: Vec<(AwardForm, usize)>,
    /// The Tờ trình this occasion sent to the province.
    pub packages: Vec<thidua_store::PackageRow>,
    pub settings: CommendationSettings,
    pub today: String,
}

#[derive(Debug, Clone)]
pub struct NominationView {
    pub tenant: String,
    pub unit: UnitRow,
    pub occasion: OccasionRow,
    pub row: Option<NominationRow>,
    pub stage: Stage,
    pub body: NominationBody,
    pub verdict: Option<Verdict>,
    /// The forms this occasion offers, from the plan.
    pub awards: Vec<Award>,
    pub quotas: Vec<QuotaRow>,
    pub people: Vec<Person>,
    pub units: Vec<UnitRow>,
    /// Recognised initiatives of the unit not used for another award.
    pub initiatives: Vec<InitiativeRow>,
    pub files: Vec<FileRow>,
    pub can_edit: bool,
    pub on_behalf: bool,
    pub missing: Vec<FieldError>,
    /// The draft of the achievement report offered when the unit has written none.
    pub report_draft: String,
}

/// A saved nomination, and why it was not sent when a quota refused it.
#[derive(Debug)]
pub struct Saved {
    pub id: i64,
    pub refused: Option<AppError>,
}

/// A unit's commendation page.
#[derive(Debug, Clone)]
pub struct UnitCommendation {
    pub unit: UnitRow,
    /// Open occasions, and closed ones where the unit nominated.
    pub occasions: Vec<(OccasionRow, Vec<NominationRow>)>,
    pub can_write: bool,
}

/// The registry page.
#[derive(Debug, Clone)]
pub struct Registry {
    pub records: Vec<AwardRecordRow>,
    pub people: Vec<Person>,
    pub units: Vec<UnitRow>,
    pub can_record: bool,
    /// The chairman may annul an award.
    pub can_annul: bool,
}

/// A decision as its page shows it.
#[derive(Debug, Clone)]
pub struct DecisionRowView {
    pub row: DecisionRow,
    pub body: DecisionBody,
    pub occasion: OccasionRow,
    /// "Mức lương cơ sở … đồng (nguồn, áp dụng từ …)": the table the money was computed on.
    pub basis: String,
}

/// A decision with the recipients' lines.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DecisionLine {
    pub nomination_id: i64,
    pub recipient: String,
    pub name: String,
    pub detail: String,
    pub achievements: String,
    pub amount: i64,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DecisionBody {
    pub form_name: String,
    pub occasion_title: String,
    pub base_salary: i64,
    pub lines: Vec<DecisionLine>,
    /// The day the council voted (the latest, when it met more than once); absent on
    /// decisions signed before it was kept.
    #[serde(default)]
    pub council_date: Option<String>,
}

fn not_found() -> AppError {
    AppError::NotFound("Không có đề nghị khen thưởng này.".into())
}

/// Two ways of writing one name: case, spacing and Unicode form aside.
fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        thidua_domain::text::nfc(s)
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    key(a) == key(b)
}

pub(crate) fn today() -> Date {
    today_in_vietnam(OffsetDateTime::now_utc())
}

/// The day the council met, as typed beside a paper tally (today when left empty): not in the
/// future and not before the nomination was sent.
fn council_date(raw: &str, row: &NominationRow) -> Result<Date> {
    if raw.trim().is_empty() {
        return Ok(today());
    }
    let date = parse_iso_date(raw.trim())
        .ok_or_else(|| field("council_date", format!("Ngày họp Hội đồng: không đọc được «{raw}».")))?;
    if date > today() {
        return Err(field(
            "council_date",
            format!(
                "Ngày họp Hội đồng {} chưa tới (hôm nay là {}).",
                dmy(date),
                dmy(today())
            ),
        ));
    }
    let sent = OffsetDateTime::from_unix_timestamp(row.submitted_at)
        .map(thidua_domain::calendar::today_in_vietnam)
        .ok();
    if let Some(sent) = sent.filter(|_| row.submitted_at > 0)
        && date < sent
    {
        return Err(field(
            "council_date",
            format!(
                "Ngày họp Hội đồng {} sớm hơn ngày đơn vị gửi đề nghị ({}).",
                dmy(date),
                dmy(sent)
            ),
        ));
    }
    Ok(date)
}

fn owner(id: i64) -> Owner<'static> {
    Owner { kind: "nomination", id }
}

pub fn occasion_kind(code: &str) -> Option<Occasion> {
    Occasion::parse(code)
}

pub fn occasion_code(o: Occasion) -> &'static str {
    o.code()
}

/// "năm 2026" for the annual round, "sơ kết năm 2027" for the others.
fn occasion_name(kind: Occasion, year: i32) -> String {
    match kind {
        Occasion::Annual => format!("năm {year}"),
        other => format!("{} năm {year}", other.label().to_lowercase()),
    }
}

/// "phong trào thi đua năm 2026": what the awarded did well in, as the documents say it.
pub(crate) fn achievement_period(occasion: &OccasionRow) -> Result<String> {
    let kind = occasion.occasion()?;
    Ok(format!("phong trào thi đua {}", occasion_name(kind, occasion.year)))
}

pub(crate) fn parse_body(json: &str) -> NominationBody {
    serde_json::from_str(json).unwrap_or_default()
}

impl App {
    pub(crate) async fn commendation_settings_of(&self, scope: &Scope<'_>) -> Result<CommendationSettings> {
        Ok(match scope.commendation_settings().await? {
            Some((days, quorum, approval)) => CommendationSettings {
                step_days: u32::try_from(days).unwrap_or(3),
                council: CouncilRule {
                    quorum_percent: u32::try_from(quorum).unwrap_or(50),
                    approval_percent: u32::try_from(approval).unwrap_or(70),
                },
            },
            None => CommendationSettings::default(),
        })
    }

    /// The rule set in force on `on`: the newest published one that started by then, else the
    /// shipped one.
    pub async fn rules_on(&self, on: Date) -> Result<RuleSet> {
        for (_, from, body) in self.store.rule_sets().await? {
            if parse_iso_date(&from).is_some_and(|d| d <= on)
                && let Ok(set) = RuleSet::parse(&body)
            {
                return Ok(set);
            }
        }
        Ok(RuleSet::shipped())
    }

    pub async fn legal_tables(&self) -> Result<LegalTables> {
        Ok(self.store.legal_tables().await?)
    }

    /// Loads the shipped legal values and rule set into an empty database.
    pub async fn seed_commendation(&self) -> Result<()> {
        let scope = self.store.scope(
            thidua_domain::access::PLATFORM,
            thidua_store::Actor::system("mức thưởng"),
        );
        if self.store.legal_tables().await?.values.is_empty() {
            for v in LegalTables::shipped().values {
                scope.add_legal_value(&v).await?;
            }
        }
        if self.store.rule_sets().await?.is_empty() {
            let set = RuleSet::shipped();
            scope
                .add_rule_set(
                    i64::from(set.version),
                    &set.effective_from,
                    thidua_domain::commendation::eligibility::SHIPPED,
                )
                .await?;
        }
        Ok(())
    }

    // ------------------------------------------------------------------ occasions

    pub async fn commendation_home(&self, ctx: &Ctx, tenant: &str) -> Result<CommendationHome> {
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        let plan = self.commune_plan(tenant, today().year()).await?;
        let mut occasions = Vec::new();
        for row in scope.occasions().await? {
            let quotas = scope.quotas(row.id).await?;
            let nominations = scope.nominations(row.id, 0).await?.len();
            occasions.push(OccasionSummary {
                row,
                quotas,
                nominations,
            });
        }
        Ok(CommendationHome {
            tenant: tenant.to_owned(),
            plan,
            occasions,
            can_manage: Self::may(ctx, Action::ManageOccasions, tenant, None),
            settings: self.commendation_settings_of(&scope).await?,
        })
    }

    /// Opens an occasion (kind, year, title) with the quotas the plan sets for it.
    pub async fn open_occasion(&self, ctx: &Ctx, tenant: &str, pairs: &[(String, String)]) -> Result<i64> {
        let scope = self.authorize(ctx, Action::ManageOccasions, tenant, None).await?;
        let kind = occasion_kind(&value(pairs, "kind")).ok_or_else(|| {
            field(
                "kind",
                "Đợt khen thưởng: chọn hằng năm, sơ kết, tổng kết hoặc đột xuất.",
            )
        })?;
        let year: i32 = value(pairs, "year")
            .parse()
            .map_err(|_| field("year", "Năm: nhập năm, ví dụ 2026."))?;
        let plan = self.commune_plan(tenant, year).await?;
        let p = &plan.plan;
        if year < p.period.start_year || year > p.period.end_year {
            return Err(field(
                "year",
                format!(
                    "Năm: kế hoạch áp dụng từ {} đến {}.",
                    p.period.start_year, p.period.end_year
                ),
            ));
        }
        let review_year = |review: &str| {
            p.phases
                .iter()
                .find(|ph| {
                    serde_json::to_value(ph.review)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .as_deref()
                        == Some(review)
                })
                .map(|ph| ph.review_year)
        };
        match kind {
            Occasion::SoKet | Occasion::TongKet => {
                let code = occasion_code(kind);
                if let Some(y) = review_year(code)
                    && y != year
                {
                    return Err(field(
                        "year",
                        format!("Năm: kế hoạch {} vào năm {y}.", kind.label().to_lowercase()),
                    ));
                }
            }
            Occasion::Annual | Occasion::DotXuat => {}
        }
        if kind != Occasion::DotXuat
            && scope
                .occasions()
                .await?
                .iter()
                .any(|o| o.year == year && o.kind == occasion_code(kind))
        {
            return Err(field(
                "kind",
                format!("Đã có đợt khen thưởng {}.", occasion_name(kind, year)),
            ));
        }
        let mut title = value(pairs, "title");
        if title.is_empty() {
            title = format!("Khen thưởng {}", occasion_name(kind, year));
        }
        if title.chars().count() > 200 {
            return Err(field("title", "Tên đợt: tối đa 200 ký tự."));
        }
        let mut quotas = Vec::new();
        for a in p.awards_for(kind) {
            if let Some(q) = &a.quota {
                if let Some(c) = q.collective {
                    quotas.push((a.form.code().to_owned(), "collective".to_owned(), i64::from(c)));
                }
                if let Some(i) = q.individual {
                    quotas.push((a.form.code().to_owned(), "individual".to_owned(), i64::from(i)));
                }
            }
        }
        Ok(scope
            .open_occasion(plan.summary.id, occasion_code(kind), year, &title, &quotas)
            .await?)
    }

    pub async fn set_occasion_open(&self, ctx: &Ctx, tenant: &str, id: i64, open: bool) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageOccasions, tenant, None).await?;
        if !scope.set_occasion_status(id, open).await? {
            return Err(AppError::Invalid(if open {
                "Đợt này đang mở.".into()
            } else {
                "Đợt này đã đóng.".into()
            }));
        }
        Ok(())
    }

    pub async fn set_commendation_settings(&self, ctx: &Ctx, tenant: &str, pairs: &[(String, String)]) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageOccasions, tenant, None).await?;
        let mut errors = Vec::new();
        let mut number = |name: &str, label: &str, lo: i64, hi: i64| -> i64 {
            match value(pairs, name).parse::<i64>() {
                Ok(n) if (lo..=hi).contains(&n) => n,
                _ => {
                    errors.push(FieldError {
                        field: name.to_owned(),
                        message: format!("{label}: nhập số từ {lo} đến {hi}."),
                    });
                    0
                }
            }
        };
        let days = number("step_days", "Số ngày làm việc mỗi bước", 1, 30);
        let quorum = number("quorum_percent", "Tỷ lệ dự họp tối thiểu (%)", 1, 99);
        let approval = number("approval_percent", "Tỷ lệ đồng ý (%)", 1, 100);
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        Ok(scope.set_commendation_settings(days, quorum, approval).await?)
    }

    pub async fn occasion_view(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<OccasionView> {
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        let occasion = scope
            .occasion(id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        let kind = occasion.occasion()?;
        let plan = self.commune_plan(tenant, occasion.year).await?;
        let today = today();
        let nominations: Vec<NominationItem> = scope
            .nominations(id, 0)
            .await?
            .into_iter()
            .map(|row| {
                let stage = row.stage()?;
                let overdue = parse_iso_date(&row.step_due).is_some_and(|d| d < today);
                let verdict = serde_json::from_str::<Verdict>(&row.verdict).ok();
                Ok(NominationItem {
                    row,
                    stage,
                    overdue,
                    verdict,
                })
            })
            .collect::<Result<_>>()?;
        let mut ready: Vec<(AwardForm, usize)> = Vec::new();
        let mut to_forward: Vec<(AwardForm, usize)> = Vec::new();
        for n in nominations.iter().filter(|n| n.stage == Stage::Approved) {
            if let Some(form) = AwardForm::parse(&n.row.form) {
                let list = if form.level() == AwardLevel::Commune {
                    &mut ready
                } else {
                    &mut to_forward
                };
                match list.iter_mut().find(|(f, _)| *f == form) {
                    Some((_, k)) => *k += 1,
                    None => list.push((form, 1)),
                }
            }
        }
        Ok(OccasionView {
            tenant: tenant.to_owned(),
            quotas: scope.quotas(id).await?,
            decisions: scope.decisions(id).await?,
            can_manage: Self::may(ctx, Action::ManageOccasions, tenant, None),
            can_achievement: Self::may(ctx, Action::AppraiseAchievements, tenant, None),
            can_dossier: Self::may(ctx, Action::AppraiseDossiers, tenant, None),
            can_council: Self::may(ctx, Action::RecordCouncil, tenant, None),
            can_vote: Self::may(ctx, Action::VoteCouncil, tenant, None),
            can_sign: Self::may(ctx, Action::SignDecisions, tenant, None),
            tallies: self.tallies(&scope, id).await?,
            council_size: self.council_size(tenant).await?,
            user_id: ctx.user.id,
            settings: self.commendation_settings_of(&scope).await?,
            today: thidua_domain::calendar::dmy(today),
            occasion,
            kind,
            plan,
            nominations,
            ready,
            to_forward,
            packages: scope.sent_packages(id).await?,
        })
    }

    // ------------------------------------------------------------------ nominations

    /// A unit's nomination on an occasion (`id` 0: a new one).
    pub async fn nomination_view(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        occasion_id: i64,
        id: i64,
    ) -> Result<NominationView> {
        let scope = self.authorize(ctx, Action::ViewUnit, tenant, Some(unit_id)).await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let row = if id == 0 {
            None
        } else {
            Some(
                scope
                    .nomination(id)
                    .await?
                    .filter(|r| r.unit_id == unit_id && r.occasion_id == occasion_id)
                    .ok_or_else(not_found)?,
            )
        };
        let occasion = scope
            .occasion(occasion_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        let kind = occasion.occasion()?;
        let plan = self.commune_plan(tenant, occasion.year).await?;
        let awards: Vec<Award> = plan.plan.awards_for(kind);
        // A nomination not written yet is a draft; a stored one is what its row says.
        let stage = row
            .as_ref()
            .map(NominationRow::stage)
            .transpose()?
            .unwrap_or(Stage::Draft);
        let body = row.as_ref().map(|r| parse_body(&r.body)).unwrap_or_default();
        let people: Vec<Person> = scope
            .people()
            .await?
            .into_iter()
            .filter(|p| p.unit_id == unit_id)
            .collect();
        let initiatives = usable_initiatives(&scope, unit_id, row.as_ref().map_or(0, |r| r.id)).await?;
        let files = match &row {
            Some(r) => scope.files(owner(r.id)).await?,
            None => Vec::new(),
        };
        let own = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id));
        let officer = Self::may(ctx, Action::ActOnBehalf, tenant, None);
        let verdict = match &row {
            Some(r) if !r.verdict.is_empty() => serde_json::from_str::<Verdict>(&r.verdict).ok(),
            Some(r) => Some(
                self.judge(&scope, (&r.form, &r.recipient, r.subject_id()), &body, occasion.year)
                    .await?,
            ),
            None => None,
        };
        let missing = match &row {
            Some(_) if matches!(stage, Stage::Draft | Stage::Returned) => missing_pieces(&body, !files.is_empty()),
            _ => Vec::new(),
        };
        let report_draft = if body.report.is_empty() {
            report_draft(&unit, row.as_ref(), &body, &occasion)
        } else {
            String::new()
        };
        Ok(NominationView {
            tenant: tenant.to_owned(),
            can_edit: matches!(stage, Stage::Draft | Stage::Returned) && occasion.status == "open" && (own || officer),
            on_behalf: !own && officer,
            quotas: scope.quotas(occasion_id).await?,
            units: scope.units().await?,
            unit,
            occasion,
            row,
            stage,
            body,
            verdict,
            awards,
            people,
            initiatives,
            files,
            missing,
            report_draft,
        })
    }

    /// The nominee's record as the rules see it.
    async fn record_of(
        &self,
        scope: &Scope<'_>,
        recipient: &str,
        subject: i64,
        body: &NominationBody,
    ) -> Result<Record> {
        let (awards, ratings, blocked) = if subject == 0 {
            (Vec::new(), Vec::new(), None)
        } else {
            (
                scope.award_records(recipient, subject).await?,
                scope.ratings(recipient, subject).await?,
                scope.open_block(recipient, subject).await?,
            )
        };
        let mut usable = 0;
        for id in &body.initiatives {
            if let Some(i) = scope.initiative(*id).await?
                && i.status == "recognised"
                && i.used_for.is_empty()
            {
                usable += 1;
            }
        }
        Ok(Record {
            // An annulled award no longer counts.
            awards: awards
                .iter()
                .filter(|a| a.annulment.is_none())
                .filter_map(|a| {
                    Some(PastAward {
                        year: a.year,
                        form: AwardForm::parse(&a.form)?,
                        kind: AwardKind::parse(&a.kind)?,
                    })
                })
                .collect(),
            ratings: ratings
                .iter()
                .filter_map(|(y, r)| Some((*y, Rating::parse(r)?)))
                .collect(),
            blocked,
            usable_initiatives: usable,
        })
    }

    /// Judges a nomination's nominee: (form, recipient, subject) as stored or typed.
    async fn judge(
        &self,
        scope: &Scope<'_>,
        who: (&str, &str, i64),
        body: &NominationBody,
        year: i32,
    ) -> Result<Verdict> {
        let (form, recipient, subject) = who;
        let (Some(form), Some(kind)) = (AwardForm::parse(form), RecipientKind::parse(recipient)) else {
            return Err(field("form", "Hình thức khen thưởng: chọn một hình thức của đợt."));
        };
        let record = self.record_of(scope, recipient, subject, body).await?;
        let recipient = kind;
        let on = Date::from_calendar_date(year, time::Month::December, 31).unwrap_or_else(|_| today());
        Ok(self.rules_on(on).await?.judge(form, recipient, year, &record))
    }

    /// Saves a unit's nomination (`id` 0: a new one); `submit` sends it for appraisal once the
    /// dossier is complete, the nominee eligible and a quota place free. An incomplete or
    /// ineligible submission writes nothing; one refused for quota keeps the draft it saved.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_nomination(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        occasion_id: i64,
        id: i64,
        pairs: &[(String, String)],
        submit: bool,
    ) -> Result<Saved> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let occasion = scope
            .occasion(occasion_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        if occasion.status != "open" {
            return Err(AppError::Invalid(format!(
                "Đợt «{}» đã đóng, không nhận đề nghị nữa.",
                occasion.title
            )));
        }
        let existing = if id == 0 {
            None
        } else {
            let r = scope
                .nomination(id)
                .await?
                .filter(|r| r.unit_id == unit_id && r.occasion_id == occasion_id)
                .ok_or_else(not_found)?;
            if !matches!(r.status.as_str(), "draft" | "returned") {
                return Err(AppError::Invalid(
                    "Đề nghị đã gửi nên không sửa được; chờ kết quả thẩm định hoặc bị trả lại.".into(),
                ));
            }
            Some(r)
        };
        let kind = occasion.occasion()?;
        let plan = self.commune_plan(tenant, occasion.year).await?;
        let text = self
            .read_nomination(&scope, &plan, kind, (unit_id, occasion_id, id), pairs)
            .await?;
        // What a submission needs is checked before anything is written.
        let mut verdict_json = String::new();
        if submit {
            let body = parse_body(&text.body);
            let has_file = match &existing {
                Some(r) => !scope.files(owner(r.id)).await?.is_empty(),
                None => false,
            };
            let missing = missing_pieces(&body, has_file);
            if !missing.is_empty() {
                return Err(AppError::Fields(missing));
            }
            let subject = if text.recipient == "individual" {
                text.person_id
            } else {
                text.subject_unit_id
            };
            let verdict = self
                .judge(&scope, (&text.form, &text.recipient, subject), &body, occasion.year)
                .await?;
            if !verdict.eligible {
                return Err(field("form", verdict.summary));
            }
            verdict_json = serde_json::to_string(&verdict).unwrap_or_default();
        }
        let id = match &existing {
            None => scope.create_nomination(&text).await?,
            Some(r) => {
                scope.save_nomination(r.id, &text).await?;
                r.id
            }
        };
        if !submit {
            return Ok(Saved { id, refused: None });
        }
        let settings = self.commendation_settings_of(&scope).await?;
        let due = add_working_days(today(), settings.step_days).to_string();
        let cited = parse_body(&text.body).initiatives;
        let refused = match scope.submit_nomination(id, &verdict_json, &due, &cited).await? {
            Ok(()) => {
                self.announce(tenant, id).await;
                None
            }
            Err(SubmitRefused::QuotaFull { cap }) => {
                let form = AwardForm::parse(&text.form).map_or("", AwardForm::name);
                let who = RecipientKind::parse(&text.recipient).map_or("", RecipientKind::label);
                Some(field(
                    "form",
                    format!(
                        "Đã hết chỉ tiêu: {form} cho {} tối đa {cap} trong đợt «{}», đã đủ {cap} đề nghị. Đề nghị được lưu nháp; có thể gửi khi một đề nghị khác bị trả lại hoặc rút.",
                        who.to_lowercase(),
                        occasion.title
                    ),
                ))
            }
            Err(SubmitRefused::Closed) => Some(AppError::Invalid(format!(
                "Đợt «{}» đã đóng, không nhận đề nghị nữa.",
                occasion.title
            ))),
            Err(SubmitRefused::NotEditable) => Some(AppError::Invalid("Đề nghị này đã được gửi trước đó.".into())),
            Err(SubmitRefused::InitiativeTaken(h)) => Some(field(
                "initiative",
                format!(
                    "{} Đề nghị được lưu nháp.",
                    initiative_taken(&h).unwrap_or_else(|| format!(
                        "Sáng kiến «{}» chưa được công nhận nên chưa làm căn cứ khen thưởng được.",
                        h.title
                    ))
                ),
            )),
        };
        Ok(Saved { id, refused })
    }

    /// Reads the form into a nomination, every wrong field named.
    async fn read_nomination(
        &self,
        scope: &Scope<'_>,
        plan: &StoredPlan,
        kind: Occasion,
        (unit_id, occasion_id, nomination_id): (i64, i64, i64),
        pairs: &[(String, String)],
    ) -> Result<NominationText> {
        let mut errors = Vec::new();
        let form_code = value(pairs, "form");
        let form = plan
            .plan
            .awards_for(kind)
            .into_iter()
            .find(|a| a.form.code() == form_code)
            .map(|a| a.form);
        if form.is_none() {
            errors.push(FieldError {
                field: "form".into(),
                message: "Hình thức khen thưởng: chọn một hình thức kế hoạch đặt ra cho đợt này.".into(),
            });
        }
        let recipient = RecipientKind::parse(&value(pairs, "recipient"));
        match (form, recipient) {
            (_, None) => errors.push(FieldError {
                field: "recipient".into(),
                message: "Đối tượng: chọn cá nhân, tập thể hoặc hộ gia đình.".into(),
            }),
            (Some(f), Some(r)) => {
                if let Err(e) = check_recipient(f, r) {
                    errors.push(e);
                }
            }
            _ => {}
        }
        let mut text = NominationText {
            occasion_id,
            unit_id,
            form: form_code,
            recipient: recipient.map_or_else(String::new, |r| r.code().to_owned()),
            nominee_detail: value(pairs, "detail"),
            ..NominationText::default()
        };
        match recipient {
            Some(RecipientKind::Individual) => {
                let person = value(pairs, "person").parse::<i64>().ok();
                let found = match person {
                    Some(p) => scope
                        .people()
                        .await?
                        .into_iter()
                        .find(|x| x.id == p && x.unit_id == unit_id),
                    None => None,
                };
                match found {
                    Some(p) => {
                        text.person_id = p.id;
                        text.nominee_name = p.full_name.clone();
                        text.female = p.gender == "nu";
                        if text.nominee_detail.is_empty() {
                            text.nominee_detail = p.position.clone();
                        }
                    }
                    None => errors.push(FieldError {
                        field: "person".into(),
                        message: "Cá nhân được đề nghị: chọn một người trong danh sách của đơn vị.".into(),
                    }),
                }
            }
            Some(RecipientKind::Collective) => {
                let chosen = value(pairs, "collective").parse::<i64>().ok();
                match chosen {
                    // Only a collective the commune still follows.
                    Some(c) => match scope.units().await?.into_iter().find(|u| u.id == c) {
                        Some(u) => {
                            text.subject_unit_id = u.id;
                            text.nominee_name = u.name;
                            text.female = value(pairs, "female") == "1";
                        }
                        None => errors.push(FieldError {
                            field: "collective".into(),
                            message: "Tập thể được đề nghị: chọn một đơn vị của xã.".into(),
                        }),
                    },
                    None => errors.push(FieldError {
                        field: "collective".into(),
                        message: "Tập thể được đề nghị: chọn một đơn vị của xã.".into(),
                    }),
                }
            }
            Some(RecipientKind::Household) => {
                text.nominee_name = value(pairs, "household");
                text.female = value(pairs, "female") == "1";
                if text.nominee_name.is_empty() {
                    errors.push(FieldError {
                        field: "household".into(),
                        message: "Hộ gia đình: nhập tên chủ hộ và nơi ở.".into(),
                    });
                }
            }
            None => {}
        }
        let meeting = read_meeting(
            &value(pairs, "meeting_date"),
            &value(pairs, "meeting_chair"),
            &value(pairs, "meeting_members"),
            &value(pairs, "meeting_present"),
            &value(pairs, "meeting_for"),
            &value(pairs, "meeting_against"),
        );
        let meeting = match meeting {
            Ok(m) => m,
            Err(e) => {
                errors.extend(e);
                Default::default()
            }
        };
        if let Some(d) = parse_iso_date(&meeting.date).filter(|d| *d > today()) {
            errors.push(FieldError {
                field: "meeting_date".into(),
                message: format!("Ngày họp xét {} chưa tới: ghi ngày đơn vị đã họp.", dmy(d)),
            });
        }
        // Nobody chairs the meeting that considers them.
        if recipient == Some(RecipientKind::Individual)
            && !meeting.chair.is_empty()
            && same_name(&meeting.chair, &text.nominee_name)
        {
            errors.push(FieldError {
                field: "meeting_chair".into(),
                message: format!(
                    "Người chủ trì: {} là người được đề nghị, không chủ trì cuộc họp xét chính mình; ghi người chủ trì khác.",
                    meeting.chair
                ),
            });
        }
        let usable = usable_initiatives(scope, unit_id, nomination_id).await?;
        let nominee = match recipient {
            Some(RecipientKind::Individual) => Nominee::Person {
                name: &text.nominee_name,
            },
            Some(RecipientKind::Collective) => Nominee::Collective {
                name: &text.nominee_name,
            },
            _ => Nominee::Household,
        };
        let mut initiatives = Vec::new();
        for (k, v) in pairs {
            if k != "initiative" {
                continue;
            }
            let Some(found) = v.parse::<i64>().ok().and_then(|i| usable.iter().find(|u| u.id == i)) else {
                let message = match v.parse::<i64>().ok().filter(|i| *i > 0) {
                    Some(i) => match scope.initiative(i).await?.filter(|r| r.unit_id == unit_id) {
                        Some(r) if !r.used_for.is_empty() || r.claimed_by != 0 => {
                            let holder = match scope.nomination(r.claimed_by).await? {
                                Some(n) if r.used_for.is_empty() => Some((
                                    n.nominee_name,
                                    scope
                                        .occasion(n.occasion_id)
                                        .await?
                                        .map(|o| o.title)
                                        .unwrap_or_default(),
                                )),
                                _ => None,
                            };
                            initiative_taken(&InitiativeHolder {
                                initiative_id: r.id,
                                title: r.title,
                                used_for: r.used_for,
                                nomination_id: r.claimed_by,
                                nominee: holder.as_ref().map(|h| h.0.clone()).unwrap_or_default(),
                                occasion: holder.map(|h| h.1).unwrap_or_default(),
                            })
                        }
                        _ => None,
                    },
                    None => None,
                };
                errors.push(FieldError {
                    field: "initiative".into(),
                    message: message.unwrap_or_else(|| {
                        "Sáng kiến: chỉ chọn sáng kiến đã được công nhận của đơn vị, chưa dùng và chưa được đề nghị khác viện dẫn.".into()
                    }),
                });
                continue;
            };
            let form = initiative_form(&found.body);
            if !credits(&form, &found.unit_name, nominee) {
                let authors: Vec<&str> = form.authors.iter().map(|a| a.name.as_str()).collect();
                errors.push(FieldError {
                    field: "initiative".into(),
                    message: format!(
                        "Sáng kiến «{}» của tác giả {} nên không làm căn cứ khen thưởng cho {} được.",
                        found.title,
                        if authors.is_empty() {
                            "(chưa ghi)".to_owned()
                        } else {
                            authors.join(", ")
                        },
                        if text.nominee_name.is_empty() {
                            "người được đề nghị"
                        } else {
                            &text.nominee_name
                        }
                    ),
                });
                continue;
            }
            if !initiatives.contains(&found.id) {
                initiatives.push(found.id);
            }
        }
        let body = NominationBody {
            achievements: value(pairs, "achievements"),
            report: value(pairs, "report"),
            meeting,
            initiatives,
        };
        for (name, label, max) in [
            ("achievements", "Thành tích", 5_000),
            ("report", "Báo cáo thành tích", 50_000),
            ("detail", "Chức vụ, nơi công tác", 300),
        ] {
            if value(pairs, name).chars().count() > max {
                errors.push(FieldError {
                    field: name.into(),
                    message: format!("{label}: tối đa {max} ký tự."),
                });
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        text.body = serde_json::to_string(&body).unwrap_or_default();
        Ok(text)
    }

    /// The unit takes its nomination back; its quota place is freed.
    pub async fn withdraw_nomination(&self, ctx: &Ctx, tenant: &str, unit_id: i64, id: i64) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        scope
            .nomination(id)
            .await?
            .filter(|r| r.unit_id == unit_id)
            .ok_or_else(not_found)?;
        if !scope.return_nomination(id, "", true).await? {
            return Err(AppError::Invalid("Đề nghị đã có quyết định hoặc đã rút.".into()));
        }
        Ok(())
    }

    pub async fn add_nomination_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        file_name: &str,
        data: &[u8],
    ) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let row = scope
            .nomination(id)
            .await?
            .filter(|r| r.unit_id == unit_id)
            .ok_or_else(not_found)?;
        if !matches!(row.status.as_str(), "draft" | "returned") {
            return Err(AppError::Invalid("Đề nghị đã gửi nên không thêm tệp được.".into()));
        }
        let (name, content_type) = checked_upload(file_name, data)?;
        scope.add_file(owner(id), &name, content_type, data).await?;
        Ok(())
    }

    pub async fn nomination_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        file: i64,
    ) -> Result<(String, String, Vec<u8>)> {
        let scope = self.authorize(ctx, Action::ViewUnit, tenant, Some(unit_id)).await?;
        scope
            .nomination(id)
            .await?
            .filter(|r| r.unit_id == unit_id)
            .ok_or_else(not_found)?;
        scope
            .file_data(owner(id), file)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có tệp này.".into()))
    }

    // ------------------------------------------------------------------ appraisal

    /// One appraisal step on a nomination: `step` = thanh-tich | ho-so | hoi-dong, `verdict` =
    /// dat | tra-lai (with `reason`); the council step records the tally.
    pub async fn appraise_nomination(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
        pairs: &[(String, String)],
    ) -> Result<()> {
        let step = value(pairs, "step");
        let (action, from, to) = match step.as_str() {
            "thanh-tich" => (Action::AppraiseAchievements, Stage::Submitted, Stage::AchievementOk),
            "ho-so" => (Action::AppraiseDossiers, Stage::AchievementOk, Stage::DossierOk),
            "hoi-dong" => (Action::RecordCouncil, Stage::DossierOk, Stage::Approved),
            _ => return Err(AppError::Invalid("Bước thẩm định không hợp lệ.".into())),
        };
        let scope = self.authorize(ctx, action, tenant, None).await?;
        let row = scope.nomination(id).await?.ok_or_else(not_found)?;
        if row.status != from.code() {
            return Err(AppError::Invalid(format!(
                "Đề nghị đang ở bước «{}», không ở bước này nữa.",
                row.stage()?.label()
            )));
        }
        if value(pairs, "verdict") == "tra-lai" {
            let reason = value(pairs, "reason");
            if reason.is_empty() {
                return Err(field("reason", "Lý do trả lại: cần ghi để đơn vị biết bổ sung gì."));
            }
            if !scope.return_nomination(id, &reason, false).await? {
                return Err(AppError::Invalid("Đề nghị đã được xử lý bởi người khác.".into()));
            }
            self.announce(tenant, id).await;
            return Ok(());
        }
        let settings = self.commendation_settings_of(&scope).await?;
        let votes = if to == Stage::Approved && value(pairs, "source") == "he-thong" {
            // The members' own votes in the system: those who voted are those present.
            let tally = self.tally_of(&scope, row.occasion_id, id).await?;
            if tally.voted() == 0 {
                return Err(field(
                    "votes_for",
                    "Chưa có thành viên Hội đồng nào biểu quyết trên hệ thống.",
                ));
            }
            settings
                .council
                .judge(tally.members, tally.voted(), tally.yes, tally.no)
                .map_err(|m| field("votes_for", m))?;
            Some((i64::from(tally.voted()), i64::from(tally.yes), i64::from(tally.no)))
        } else if to == Stage::Approved {
            let number = |name: &str, label: &str| -> Result<u32> {
                value(pairs, name)
                    .parse::<u32>()
                    .map_err(|_| field(name, format!("{label}: nhập số người.")))
            };
            let members = number("members", "Tổng số thành viên Hội đồng")?;
            let present = number("present", "Số thành viên dự họp")?;
            let yes = number("votes_for", "Số phiếu đồng ý")?;
            let no = number("votes_against", "Số phiếu không đồng ý")?;
            settings
                .council
                .judge(members, present, yes, no)
                .map_err(|m| field("votes_for", m))?;
            Some((i64::from(present), i64::from(yes), i64::from(no)))
        } else {
            None
        };
        let due = if to == Stage::Approved {
            String::new()
        } else {
            add_working_days(today(), settings.step_days).to_string()
        };
        // The day the council met: typed with a paper tally, today when the vote is closed here.
        let council_date = match (to, value(pairs, "source").as_str()) {
            (Stage::Approved, "he-thong") => today().to_string(),
            (Stage::Approved, _) => council_date(&value(pairs, "council_date"), &row)?.to_string(),
            _ => String::new(),
        };
        if !scope
            .advance_nomination(id, from.code(), to.code(), &due, votes, &council_date)
            .await?
        {
            return Err(AppError::Invalid("Đề nghị đã được xử lý bởi người khác.".into()));
        }
        self.announce(tenant, id).await;
        Ok(())
    }

    /// Tells the next holder; the step itself is done whatever happens to the notice.
    pub(crate) async fn announce(&self, tenant: &str, nomination: i64) {
        if let Err(e) = self.announce_step(tenant, nomination).await {
            tracing::warn!(error = %e, nomination, "không báo được việc cho người giữ bước tiếp theo");
        }
    }

    // ------------------------------------------------------------------ decisions

    /// The chairman's decision for every approved nomination of a commune-level form on the
    /// occasion: numbered from the register, the money computed from the tables in force on
    /// its date, the initiatives cited marked used, the registry written.
    pub async fn sign_decision(
        &self,
        ctx: &Ctx,
        tenant: &str,
        occasion_id: i64,
        pairs: &[(String, String)],
    ) -> Result<i64> {
        let scope = self.authorize(ctx, Action::SignDecisions, tenant, None).await?;
        let occasion = scope
            .occasion(occasion_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        let form = AwardForm::parse(&value(pairs, "form"))
            .ok_or_else(|| field("form", "Hình thức: chọn hình thức cần ra quyết định."))?;
        if form.level() != AwardLevel::Commune {
            return Err(field(
                "form",
                format!(
                    "{} do {} quyết định: trình lên cấp trên, xã không ra quyết định.",
                    form.name(),
                    form.decided_by()
                ),
            ));
        }
        let date_text = value(pairs, "date");
        let date = parse_iso_date(&date_text).ok_or_else(|| field("date", "Ngày quyết định: hãy chọn một ngày."))?;
        if date > today() {
            return Err(field(
                "date",
                format!(
                    "Ngày quyết định {} chưa tới (hôm nay là {}): quyết định không ghi ngày trong tương lai.",
                    dmy(date),
                    dmy(today())
                ),
            ));
        }
        let signer_name = value(pairs, "signer_name");
        if signer_name.is_empty() {
            return Err(field("signer_name", "Người ký: nhập họ tên."));
        }
        let signer_title = match value(pairs, "signer_title").as_str() {
            "pho" => "PHÓ CHỦ TỊCH",
            _ => "CHỦ TỊCH",
        };
        let approved: Vec<NominationRow> = scope
            .nominations(occasion_id, 0)
            .await?
            .into_iter()
            .filter(|n| n.status == "approved" && n.form == form.code())
            .collect();
        if approved.is_empty() {
            return Err(field(
                "form",
                format!("Chưa có đề nghị {} nào được Hội đồng thông qua.", form.name()),
            ));
        }
        // A decision rests on the units' meetings and the council's vote: it cannot precede them.
        let steps = approved.iter().flat_map(|n| {
            let meeting = parse_iso_date(&parse_body(&n.body).meeting.date).map(|d| (d, "cuộc họp xét của đơn vị"));
            let council =
                parse_iso_date(&n.council_date).map(|d| (d, "phiên biểu quyết của Hội đồng Thi đua – Khen thưởng"));
            [meeting, council]
                .into_iter()
                .flatten()
                .map(move |(d, what)| (d, what, n))
        });
        if let Some((latest, what, n)) = steps.max_by_key(|(d, _, _)| *d)
            && date < latest
        {
            return Err(field(
                "date",
                format!(
                    "Ngày quyết định {} sớm hơn {} ngày {} (đề nghị khen thưởng {}): quyết định phải ghi ngày từ {} trở đi.",
                    dmy(date),
                    what,
                    dmy(latest),
                    n.nominee_name,
                    dmy(latest)
                ),
            ));
        }
        for n in &approved {
            scope.hold_unclaimed(n.id, &parse_body(&n.body).initiatives).await?;
        }
        let tables = self.legal_tables().await?;
        let kind = award_kind(occasion.occasion()?);
        let mut lines = Vec::new();
        let mut awards = Vec::new();
        let mut total = 0;
        let mut base_salary = 0;
        for n in &approved {
            let recipient = n.recipient_kind()?;
            let reward: Reward = tables
                .reward(form, recipient, date)
                .map_err(|e| field("date", e.to_string()))?;
            base_salary = reward.base_salary;
            total += reward.amount;
            let body = parse_body(&n.body);
            lines.push(DecisionLine {
                nomination_id: n.id,
                recipient: n.recipient.clone(),
                name: n.nominee_name.clone(),
                detail: if n.nominee_detail.is_empty() {
                    n.unit_name.clone()
                } else {
                    format!("{}, {}", n.nominee_detail, n.unit_name)
                },
                achievements: body.achievements,
                amount: reward.amount,
            });
            awards.push(NewAwardRecord {
                recipient: n.recipient.clone(),
                subject_id: n.subject_id(),
                name: n.nominee_name.clone(),
                year: occasion.year,
                form: form.code().to_owned(),
                kind: kind.code().to_owned(),
                decision_no: String::new(),
                decision_date: date_text.clone(),
                amount: reward.amount,
                nomination_id: n.id,
                verify_code: certificate_code(),
            });
        }
        // Women and collectives with ≥ 70% women first, as the law gives them priority.
        let order = |l: &DecisionLine| !approved.iter().any(|n| n.id == l.nomination_id && n.female);
        lines.sort_by_key(|l| (l.recipient != "collective", order(l)));
        let body = DecisionBody {
            form_name: form.name_for(tenant),
            occasion_title: occasion.title.clone(),
            base_salary,
            lines,
            council_date: approved
                .iter()
                .map(|n| n.council_date.clone())
                .filter(|d| !d.is_empty())
                .max(),
        };
        let collectives = body.lines.iter().filter(|l| l.recipient != "individual").count();
        let summary = format!(
            "Về việc tặng {} cho {}",
            body.form_name,
            crate::dossier::who_phrase(collectives, body.lines.len() - collectives)
        );
        let decision = scope
            .record_decision(&NewDecision {
                occasion_id,
                form: form.code().to_owned(),
                summary,
                decision_date: date_text,
                signer_name,
                signer_title: signer_title.into(),
                total,
                body: serde_json::to_string(&body).unwrap_or_default(),
                awards,
            })
            .await?
            .ok_or_else(|| {
                AppError::Invalid("Danh sách đã thay đổi trong lúc ký; hãy tải lại trang và ký lại.".into())
            })?;
        self.announce_awaiting(tenant, thidua_domain::register::Source::Decision, decision.id)
            .await;
        Ok(decision.id)
    }

    pub async fn decision(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
    ) -> Result<(DecisionRow, DecisionBody, Arc<StoredPlan>, OccasionRow)> {
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        let row = scope
            .decision(id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có quyết định này.".into()))?;
        let body: DecisionBody =
            serde_json::from_str(&row.body).map_err(|_| AppError::NotFound("Quyết định này không đọc được.".into()))?;
        let occasion = scope
            .occasion(row.occasion_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        let plan = self.commune_plan(tenant, occasion.year).await?;
        Ok((row, body, plan, occasion))
    }

    /// The award registry (sổ vàng) of the commune, with who may be named in it.
    pub async fn registry(&self, ctx: &Ctx, tenant: &str) -> Result<Registry> {
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        Ok(Registry {
            records: scope.award_records("", 0).await?,
            people: scope.people().await?,
            units: scope.units().await?,
            can_record: Self::may(ctx, Action::AppraiseDossiers, tenant, None),
            can_annul: Self::may(ctx, Action::SignDecisions, tenant, None),
        })
    }

    /// The decision's page: its row and lines.
    pub async fn decision_view(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<DecisionRowView> {
        let (row, body, _, occasion) = self.decision(ctx, tenant, id).await?;
        let date = parse_iso_date(&row.decision_date).unwrap_or_else(today);
        let basis = self.legal_tables().await?.base_salary_basis(body.base_salary, date);
        Ok(DecisionRowView {
            row,
            body,
            occasion,
            basis,
        })
    }

    /// The occasion a nomination belongs to, for whoever may see the commune.
    pub async fn nomination_occasion(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<i64> {
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        Ok(scope.nomination(id).await?.ok_or_else(not_found)?.occasion_id)
    }

    /// The empty form of a new nomination, for whoever may write for the unit.
    pub async fn new_nomination(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        occasion_id: i64,
    ) -> Result<NominationView> {
        self.unit_writer(ctx, tenant, unit_id).await?;
        self.nomination_view(ctx, tenant, unit_id, occasion_id, 0).await
    }

    /// A unit's page of commendation: the occasions and the unit's nominations on each.
    pub async fn unit_commendation(&self, ctx: &Ctx, tenant: &str, unit_id: i64) -> Result<UnitCommendation> {
        let scope = self.authorize(ctx, Action::ViewUnit, tenant, Some(unit_id)).await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let mut occasions = Vec::new();
        for o in scope.occasions().await? {
            let nominations = scope.nominations(o.id, unit_id).await?;
            if o.status == "open" || !nominations.is_empty() {
                occasions.push((o, nominations));
            }
        }
        Ok(UnitCommendation {
            can_write: Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id))
                || Self::may(ctx, Action::ActOnBehalf, tenant, None),
            unit,
            occasions,
        })
    }

    /// The reward tables, for the operator's page.
    pub async fn legal_tables_for(&self, ctx: &Ctx) -> Result<LegalTables> {
        self.authorize(ctx, Action::ManageLegalTables, thidua_domain::access::PLATFORM, None)
            .await?;
        self.legal_tables().await
    }

    /// Records what eligibility looks at: a yearly rating, an earlier award, or a block.
    /// `what` = rating | award | block.
    pub async fn record_history(&self, ctx: &Ctx, tenant: &str, pairs: &[(String, String)]) -> Result<()> {
        let scope = self.authorize(ctx, Action::AppraiseDossiers, tenant, None).await?;
        let recipient = RecipientKind::parse(&value(pairs, "recipient"))
            .filter(|r| *r != RecipientKind::Household)
            .ok_or_else(|| field("recipient", "Đối tượng: chọn cá nhân hoặc tập thể."))?;
        let subject: i64 = value(pairs, "subject")
            .parse()
            .map_err(|_| field("subject", "Người hoặc tập thể: chọn trong danh sách."))?;
        let name = match recipient {
            RecipientKind::Individual => scope
                .people()
                .await?
                .into_iter()
                .find(|p| p.id == subject)
                .map(|p| p.full_name),
            _ => scope.unit(subject).await?.map(|u| u.name),
        }
        .ok_or_else(|| field("subject", "Người hoặc tập thể: chọn trong danh sách."))?;
        let year = || -> Result<i32> {
            value(pairs, "year")
                .parse::<i32>()
                .ok()
                .filter(|y| (1975..=2100).contains(y))
                .ok_or_else(|| field("year", "Năm: nhập năm, ví dụ 2025."))
        };
        match value(pairs, "what").as_str() {
            "rating" => {
                let rating =
                    Rating::parse(&value(pairs, "rating")).ok_or_else(|| field("rating", "Xếp loại: chọn một mức."))?;
                scope
                    .set_rating(recipient.code(), subject, year()?, rating.code())
                    .await?;
            }
            "award" => {
                let form = AwardForm::parse(&value(pairs, "form"))
                    .filter(|f| recipient.allowed(*f))
                    .ok_or_else(|| field("form", "Hình thức: chọn hình thức tặng được cho đối tượng này."))?;
                let kind = AwardKind::parse(&value(pairs, "kind"))
                    .ok_or_else(|| field("kind", "Loại khen thưởng: chọn công trạng, đột xuất hoặc theo đợt."))?;
                let decision_no = value(pairs, "decision_no");
                if decision_no.is_empty() {
                    return Err(field("decision_no", "Số quyết định: nhập số, ví dụ 15/QĐ-UBND."));
                }
                scope
                    .add_award_record(&NewAwardRecord {
                        recipient: recipient.code().to_owned(),
                        subject_id: subject,
                        name,
                        year: year()?,
                        form: form.code().to_owned(),
                        kind: kind.code().to_owned(),
                        decision_no,
                        decision_date: value(pairs, "decision_date"),
                        amount: 0,
                        nomination_id: 0,
                        verify_code: String::new(),
                    })
                    .await?;
            }
            "block" => {
                let reason = value(pairs, "reason");
                if reason.is_empty() {
                    return Err(field(
                        "reason",
                        "Lý do: ghi rõ đang bị kỷ luật, điều tra hay thanh tra.",
                    ));
                }
                scope.add_block(recipient.code(), subject, &reason).await?;
            }
            _ => return Err(AppError::Invalid("Loại thông tin không hợp lệ.".into())),
        }
        Ok(())
    }

    /// Adds a row to the legal tables (the platform operator).
    /// The published eligibility rule sets, newest first: (version, in force from, text), with
    /// the shipped set when none was published.
    pub async fn rule_sets_for(&self, ctx: &Ctx) -> Result<Vec<(i64, String, String)>> {
        self.authorize(ctx, Action::ManageLegalTables, thidua_domain::access::PLATFORM, None)
            .await?;
        let mut sets = self.store.rule_sets().await?;
        if sets.is_empty() {
            let shipped = RuleSet::shipped();
            sets.push((
                i64::from(shipped.version),
                shipped.effective_from,
                thidua_domain::commendation::eligibility::SHIPPED.to_owned(),
            ));
        }
        Ok(sets)
    }

    /// Publishes an amended rule set: it judges nominations of occasions from its date on. The
    /// text is checked in full first; the message names the line that is wrong.
    pub async fn publish_rule_set(&self, ctx: &Ctx, text: &str) -> Result<u32> {
        let scope = self
            .authorize(ctx, Action::ManageLegalTables, thidua_domain::access::PLATFORM, None)
            .await?;
        let set = RuleSet::parse(text).map_err(|m| field("body", m))?;
        let newest = self.store.rule_sets().await?.iter().map(|r| r.0).max().unwrap_or(0);
        if i64::from(set.version) <= newest.max(i64::from(RuleSet::shipped().version)) {
            return Err(field(
                "body",
                format!(
                    "Bộ quy tắc: «version» phải lớn hơn phiên bản mới nhất ({}).",
                    newest.max(i64::from(RuleSet::shipped().version))
                ),
            ));
        }
        if !scope
            .add_rule_set(i64::from(set.version), &set.effective_from, text)
            .await?
        {
            return Err(field("body", format!("Đã có bộ quy tắc phiên bản {}.", set.version)));
        }
        Ok(set.version)
    }

    pub async fn add_legal_value(&self, ctx: &Ctx, v: &LegalValue) -> Result<()> {
        let scope = self
            .authorize(ctx, Action::ManageLegalTables, thidua_domain::access::PLATFORM, None)
            .await?;
        v.check().map_err(AppError::Invalid)?;
        if !scope.add_legal_value(v).await? {
            return Err(AppError::Invalid(format!(
                "Bảng «{}» đã có giá trị cho «{}» từ ngày {}.",
                v.table.label(),
                v.key,
                v.effective_from
            )));
        }
        Ok(())
    }
}

/// The unit's recognised initiatives not yet used for an award nor held by another
/// nomination than `nomination_id` (0: a new one): what a nomination may cite.
async fn usable_initiatives(scope: &Scope<'_>, unit_id: i64, nomination_id: i64) -> Result<Vec<InitiativeRow>> {
    Ok(scope
        .initiatives(&InitiativeFilter {
            unit_id: Some(unit_id),
            status: "recognised".into(),
            limit: 200,
            ..InitiativeFilter::default()
        })
        .await?
        .into_iter()
        .filter(|i| i.used_for.is_empty() && (i.claimed_by == 0 || i.claimed_by == nomination_id))
        .collect())
}

/// Why an initiative used or held elsewhere cannot be cited; None when it is neither.
fn initiative_taken(h: &InitiativeHolder) -> Option<String> {
    if !h.used_for.is_empty() {
        Some(format!(
            "Sáng kiến «{}» đã được dùng làm căn cứ cho «{}». Mỗi sáng kiến chỉ được dùng cho một lần khen thưởng.",
            h.title, h.used_for
        ))
    } else if h.nomination_id != 0 {
        Some(format!(
            "Sáng kiến «{}» đang là căn cứ của đề nghị khen thưởng {} (số {}, {}). Mỗi sáng kiến chỉ được dùng cho một lần khen thưởng; chỉ dùng được khi đề nghị đó bị trả lại, rút hoặc không được khen.",
            h.title, h.nominee, h.nomination_id, h.occasion
        ))
    } else {
        None
    }
}

fn initiative_form(json: &str) -> thidua_domain::initiative::InitiativeForm {
    serde_json::from_str(json).unwrap_or_default()
}

/// A first draft of the achievement report, from what the nomination says, for the unit to
/// edit.
fn report_draft(unit: &UnitRow, row: Option<&NominationRow>, body: &NominationBody, occasion: &OccasionRow) -> String {
    let name = row.map_or("…", |r| r.nominee_name.as_str());
    let mut out = format!(
        "BÁO CÁO THÀNH TÍCH\nĐề nghị tặng {}\n\nI. SƠ LƯỢC\n- Tên: {name}\n- Đơn vị: {}\n\nII. THÀNH TÍCH ĐẠT ĐƯỢC TRONG PHONG TRÀO THI ĐUA «CẢ NƯỚC THI ĐUA ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ» ({})\n",
        row.and_then(|r| AwardForm::parse(&r.form)).map_or("…", AwardForm::name),
        unit.name,
        occasion.title
    );
    if body.achievements.is_empty() {
        out.push_str("- …\n");
    } else {
        out.push_str(&format!("{}\n", body.achievements));
    }
    out.push_str("\nIII. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG\n- …\n");
    out
}

/// "ngày 20 tháng 12 năm 2026", days 01–09 and months 01–02 with a leading zero.
pub fn long_date(d: Date) -> String {
    let month = u8::from(d.month());
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

/// "xã Phú Tân" from "Ủy ban nhân dân xã Phú Tân".
pub(crate) fn commune_part(authority: &str) -> String {
    thidua_domain::plan::without_ubnd(authority)
}

/// "Căn cứ Kế hoạch số 12/KH-UBND ngày … của … về …;": the plan as a legal basis. A plan
/// whose number or date the commune has not entered is cited with blanks for the văn thư to
/// fill, never without them.
pub(crate) fn plan_basis(p: &thidua_domain::plan::Plan) -> String {
    let number = p.document.number.map_or_else(
        || format!("      /{}", p.document.symbol),
        |n| format!("{n}/{}", p.document.symbol),
    );
    let date = p.document.date.as_deref().and_then(parse_iso_date).map_or_else(
        || {
            p.document.year.map_or_else(
                || "ngày      tháng      năm      ".to_owned(),
                crate::dossier::blank_date,
            )
        },
        long_date,
    );
    format!(
        "Căn cứ Kế hoạch số {number} {date} của {} về {};",
        p.authority.name,
        cited_title(&p.document.title)
    )
}

/// A plan's title as it reads after "về": without a leading "Về việc"/"Về", its first letter
/// small ("Phát động phong trào …" → "phát động phong trào …").
fn cited_title(title: &str) -> String {
    let title = title.trim().trim_end_matches('.');
    let title = ["Về việc ", "về việc ", "Về ", "về "]
        .iter()
        .find_map(|p| title.strip_prefix(p))
        .unwrap_or(title);
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An annex title in two lines that break where the sense does, naming who gives the award
/// in full: "DANH SÁCH CÁC CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN\nCỦA CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN".
/// `place` ("xã Phú Tân", "tỉnh An Giang") replaces the form's bare level word at its end.
pub(crate) fn annex_title(lead: &str, form_name: &str, place: &str) -> String {
    let form = ["đặc khu", "thành phố", "phường", "tỉnh", "xã"]
        .iter()
        .find_map(|level| form_name.strip_suffix(level))
        .map_or_else(|| form_name.to_owned(), |head| format!("{head}{place}"));
    format!("{lead} {form}").to_uppercase().replacen(" CỦA ", "\nCỦA ", 1)
}

/// "xã", "phường" or "đặc khu": the commune's own kind, in every sentence that names it.
pub(crate) fn unit_kind(p: &thidua_domain::plan::Plan) -> &'static str {
    thidua_domain::directory::national()
        .commune(&p.authority.code)
        .map_or("xã", |c| c.kind.label())
}

/// "Theo đề nghị của Hội đồng … (phiên họp ngày …) và Trưởng phòng Văn hóa – Xã hội.": the
/// proposal a decision rests on.
fn proposal_basis(kind: &str, council_date: Option<Date>) -> String {
    match council_date {
        Some(d) => format!(
            "Theo đề nghị của Hội đồng Thi đua – Khen thưởng {kind} tại phiên họp ngày {} và của Trưởng phòng Văn hóa – Xã hội.",
            dmy(d)
        ),
        None => format!("Theo đề nghị của Hội đồng Thi đua – Khen thưởng {kind} và của Trưởng phòng Văn hóa – Xã hội."),
    }
}

/// The chairman's decision in the format of Nghị định 30/2020, with its annex list.
pub fn decision_document(
    row: &DecisionRow,
    body: &DecisionBody,
    plan: &StoredPlan,
    occasion: &OccasionRow,
) -> Result<thidua_documents::docx::OfficialDoc> {
    use thidua_documents::docx::{Annex, Block, OfficialDoc, SignatureBlock};
    use thidua_domain::commendation::money::vnd;
    let p = &plan.plan;
    let commune = commune_part(&p.authority.name);
    let issuer = commune.to_uppercase();
    let kind = unit_kind(p);
    // Decisions signed before the kind was taken into account carry the catalogue's name.
    let form_name = body
        .form_name
        .replacen("Ủy ban nhân dân xã", &format!("Ủy ban nhân dân {kind}"), 1);
    // A draft until the văn thư registers it: no number, and the day and month left blank.
    let number = crate::register::number_line(DocType::Decision, &row.symbol, &p.authority.short_name);
    let signed = parse_iso_date(&row.decision_date).unwrap_or_else(today);
    let dated = if row.is_registered() {
        long_date(signed)
    } else {
        crate::dossier::blank_date(signed.year())
    };
    let annex_ref = format!("{} {dated}", number.replacen("Số:", "số", 1));
    let collectives = body.lines.iter().filter(|l| l.recipient != "individual").count();
    let individuals = body.lines.len() - collectives;
    let whom = crate::dossier::counted(collectives, individuals);
    let plan_ref = plan_basis(p);
    let deputy = row.signer_title == "PHÓ CHỦ TỊCH";
    let rows: Vec<Vec<String>> = body
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| vec![(i + 1).to_string(), l.name.clone(), l.detail.clone(), vnd(l.amount)])
        .collect();
    Ok(OfficialDoc {
        issuer_parent: "ỦY BAN NHÂN DÂN".into(),
        issuer: issuer.clone(),
        number,
        place_date: format!("{}, {dated}", p.document.place),
        kind: "QUYẾT ĐỊNH".into(),
        subject: format!(
            "Về việc tặng {} cho {} có thành tích xuất sắc trong phong trào thi đua “{}”",
            form_name,
            crate::dossier::who_phrase(collectives, individuals),
            p.movement
        ),
        authority_line: Some(format!("CHỦ TỊCH ỦY BAN NHÂN DÂN {issuer}")),
        bases: vec![
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;".into(),
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;".into(),
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;".into(),
            plan_ref,
            proposal_basis(kind, body.council_date.as_deref().and_then(parse_iso_date)),
        ],
        body: vec![
            Block::Centered("QUYẾT ĐỊNH:".into()),
            Block::Article {
                label: "Điều 1.".into(),
                text: format!(
                    "Tặng {} cho {whom} đã có thành tích xuất sắc trong {} (có danh sách kèm theo).",
                    form_name,
                    achievement_period(occasion)?
                ),
            },
            Block::Article {
                label: "Điều 2.".into(),
                text: format!(
                    "Kèm theo {} là tiền thưởng theo quy định, tính trên mức lương cơ sở {} đồng; tổng số tiền thưởng là {} đồng, chi từ quỹ thi đua, khen thưởng của {kind}.",
                    form_name,
                    vnd(body.base_salary),
                    vnd(row.total)
                ),
            },
            Block::Article {
                label: "Điều 3.".into(),
                text: format!("Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND {kind}, Trưởng phòng Văn hóa – Xã hội, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
            },
        ],
        recipients: vec![
            "- Như Điều 3;".into(),
            format!("- Thường trực Đảng ủy, HĐND {kind} (b/c);"),
            "- Lưu: VT, VHXH.".into(),
        ],
        signature: SignatureBlock {
            authority: None,
            on_behalf: deputy.then(|| "KT. CHỦ TỊCH".to_owned()),
            position: row.signer_title.clone(),
            name: row.signer_name.clone(),
        },
        addressee: None,
        left_signature: None,
        annex: Some(Annex {
            title: annex_title(
                &format!("DANH SÁCH {} ĐƯỢC TẶNG", crate::dossier::who_phrase(collectives, individuals)),
                &form_name,
                &commune,
            ),
            subtitle: format!("(Kèm theo Quyết định {annex_ref} của Chủ tịch Ủy ban nhân dân {commune})"),
            headers: vec![
                "STT".into(),
                "Tên tập thể, cá nhân".into(),
                "Chức vụ, đơn vị".into(),
                "Số tiền (đồng)".into(),
            ],
            widths: vec![800, 3300, 3300, 1954],
            rows,
            total: Some(vec![String::new(), "Tổng cộng".into(), String::new(), vnd(row.total)]),
        }),
    })
}

impl App {
    /// The decision as a file to download: (file name, bytes).
    pub async fn decision_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
        format: thidua_documents::Format,
    ) -> Result<(String, Vec<u8>)> {
        let (row, body, plan, occasion) = self.decision(ctx, tenant, id).await?;
        let doc = decision_document(&row, &body, &plan, &occasion)?;
        let bytes = thidua_documents::official(&doc, format).map_err(|e| AppError::Invalid(e.to_string()))?;
        let file = if row.is_registered() {
            format!("quyet-dinh-{}-{}.{}", row.number, row.decision_date, format.extension())
        } else {
            format!("du-thao-quyet-dinh-{}.{}", row.id, format.extension())
        };
        Ok((file, bytes))
    }

    /// The accountant's copy of a registered decision: each awardee and amount, the total,
    /// the base salary it was computed on and where that value comes from, as XLSX.
    pub async fn payment_list(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<(String, Vec<u8>)> {
        use thidua_documents::payment_list::{Payee, PaymentList, payment_list_xlsx};
        let (row, body, plan, _) = self.decision(ctx, tenant, id).await?;
        if !row.is_registered() {
            return Err(AppError::Invalid(
                "Quyết định chưa vào sổ văn bản đi: danh sách chi tiền lập khi quyết định đã có số và ngày ban hành."
                    .into(),
            ));
        }
        let date = parse_iso_date(&row.decision_date).unwrap_or_else(today);
        let commune = commune_part(&plan.plan.authority.name);
        let basis = self.legal_tables().await?.base_salary_basis(body.base_salary, date);
        let list = PaymentList {
            issuer: format!("ỦY BAN NHÂN DÂN {}", commune.to_uppercase()),
            reference: format!(
                "Kèm theo Quyết định số {} ngày {} của Chủ tịch Ủy ban nhân dân {commune}",
                row.symbol,
                dmy(date)
            ),
            form_name: body.form_name.clone(),
            basis,
            payees: body
                .lines
                .iter()
                .map(|l| Payee {
                    name: l.name.clone(),
                    detail: l.detail.clone(),
                    amount: l.amount,
                })
                .collect(),
        };
        let bytes = payment_list_xlsx(&list).map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok((
            format!("danh-sach-chi-{}-{}.xlsx", row.number, row.decision_date),
            bytes,
        ))
    }

    /// The Giấy khen of every award in a decision, in one PDF for printing, each with the QR
    /// code of its page on the platform's public address.
    pub async fn certificates(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<(String, Vec<u8>)> {
        let (row, body, plan, occasion) = self.decision(ctx, tenant, id).await?;
        let origin = self.public_url.clone().ok_or_else(|| {
            AppError::Invalid(
                "Chưa đặt địa chỉ công khai của hệ thống (THIDUA_PUBLIC_URL): mã QR trên Giấy khen phải dẫn tới địa chỉ cố định mà người dân mở được. Hãy nhờ quản trị đặt địa chỉ này rồi in lại."
                    .into(),
            )
        })?;
        if !row.is_registered() {
            return Err(AppError::Invalid(
                "Quyết định chưa vào sổ văn bản đi: Giấy khen chỉ in khi quyết định đã có số và ngày ban hành.".into(),
            ));
        }
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        let codes: HashMap<i64, String> = scope
            .decision_awards(&row.symbol)
            .await?
            .into_iter()
            .map(|a| (a.nomination_id, a.verify_code))
            .collect();
        let women: HashSet<i64> = scope
            .nominations(occasion.id, 0)
            .await?
            .into_iter()
            .filter(|n| n.female)
            .map(|n| n.id)
            .collect();
        let doc = decision_document(&row, &body, &plan, &occasion)?;
        let date = parse_iso_date(&row.decision_date).unwrap_or_else(today);
        let title = if body.form_name.starts_with("Giấy khen") {
            "GIẤY KHEN".to_owned()
        } else {
            body.form_name.to_uppercase()
        };
        let certificates: Vec<Certificate> = body
            .lines
            .iter()
            .map(|l| {
                let code = codes.get(&l.nomination_id).cloned().unwrap_or_default();
                let recipient = match (l.recipient.as_str(), women.contains(&l.nomination_id)) {
                    ("individual", true) => format!("Bà {}", l.name),
                    ("individual", false) => format!("Ông {}", l.name),
                    _ => l.name.clone(),
                };
                Certificate {
                    issuer_parent: doc.issuer_parent.clone(),
                    issuer: doc.issuer.clone(),
                    authority_line: doc.authority_line.clone().unwrap_or_default(),
                    title: title.clone(),
                    recipient,
                    // A collective named as its own unit ("Thôn Đông") is placed in the commune,
                    // not repeated.
                    detail: if l.detail == l.name {
                        commune_part(&plan.plan.authority.name)
                    } else {
                        l.detail.clone()
                    },
                    achievement: format!(
                        "Đã có thành tích xuất sắc trong phong trào thi đua “{}” năm {}",
                        plan.plan.movement, occasion.year
                    ),
                    decision: format!("Quyết định số {} ngày {}", row.symbol, dmy(date)),
                    place_date: doc.place_date.clone(),
                    signer_position: [
                        doc.signature.on_behalf.as_deref(),
                        Some(doc.signature.position.as_str()),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n"),
                    signer_name: doc.signature.name.clone(),
                    verify_url: format!("{origin}/xac-minh/{code}"),
                    verify_code: format!("Mã xác minh: {code}"),
                }
            })
            .collect();
        let bytes =
            thidua_documents::pdf::certificates_pdf(&certificates).map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok((format!("giay-khen-{}-{}.pdf", row.number, row.decision_date), bytes))
    }

    /// The award behind a certificate's code, for anyone holding the certificate.
    pub async fn verify_certificate(&self, code: &str) -> Result<Option<VerifiedAward>> {
        let code = code.trim().to_uppercase();
        if code.is_empty() || code.len() > 32 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(None);
        }
        Ok(self.store.verified_award(&code).await?)
    }
}

/// A certificate's code: 10 characters of Crockford's alphabet (no I, L, O, U to misread),
/// 50 random bits, so codes cannot be guessed or enumerated.
pub(crate) fn certificate_code() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("the OS random source");
    bytes.iter().map(|b| ALPHABET[usize::from(b % 32)] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ward's decision speaks of the ward, not of a "xã" (issue #19, item 3).
    #[test]
    fn a_wards_decision_names_the_ward_everywhere() {
        let checked =
            thidua_domain::plan::parse_plan("31471", include_bytes!("../../../plans/31471-long-my.toml")).unwrap();
        let plan = StoredPlan {
            summary: thidua_store::PlanSummary {
                id: 2,
                tenant_code: "31471".into(),
                commune_name: "Phường Long Mỹ".into(),
                province_code: "92".into(),
                province_name: "Cần Thơ".into(),
                start_year: 2026,
                end_year: 2030,
                title: checked.plan.document.title.clone(),
                revision: 1,
                updated_at: 0,
            },
            plan: checked.plan,
        };
        let body = DecisionBody {
            // As a decision signed before the unit's kind was taken into account stored it.
            form_name: AwardForm::GiayKhenChuTichXa.name().to_owned(),
            occasion_title: "Khen thưởng năm 2026".into(),
            base_salary: 2_340_000,
            lines: vec![DecisionLine {
                nomination_id: 1,
                recipient: "individual".into(),
                name: "Trần Văn Ba".into(),
                detail: "Tổ trưởng tổ dân phố".into(),
                achievements: String::new(),
                amount: 710_000,
            }],
            council_date: Some("2026-12-15".into()),
        };
        let row = DecisionRow {
            id: 1,
            occasion_id: 1,
            form: "giay_khen_chu_tich_xa".into(),
            number: 3,
            symbol: "3/QĐ-UBND".into(),
            decision_date: "2026-11-20".into(),
            signer_name: "Nguyễn Văn Chủ".into(),
            signer_title: "CHỦ TỊCH".into(),
            total: 710_000,
            body: String::new(),
            created_by: "test".into(),
        };
        let occasion = OccasionRow {
            id: 1,
            plan_id: 2,
            kind: "annual".into(),
            year: 2026,
            title: "Khen thưởng năm 2026".into(),
            status: "open".into(),
            opened_by: "test".into(),
            opened_at: 0,
        };
        let doc = decision_document(&row, &body, &plan, &occasion).unwrap();
        let bytes = thidua_documents::official(&doc, thidua_documents::Format::Docx).unwrap();
        let text = thidua_documents::docx::docx_text(&bytes).unwrap();
        for expected in [
            "Giấy khen của Chủ tịch Ủy ban nhân dân phường",
            "quỹ thi đua, khen thưởng của phường",
            "Chánh Văn phòng HĐND và UBND phường",
            "HĐND phường (b/c)",
            // NĐ 30: the body ends with "./.".
            "chịu trách nhiệm thi hành Quyết định này./.",
        ] {
            assert!(text.contains(expected), "«{expected}» in\n{text}");
        }
        assert!(!text.contains(" xã"), "no «xã» in a ward's decision:\n{text}");
        assert_eq!(
            AwardForm::GiayKhenChuTichXa.name_for("07192"),
            "Giấy khen của Chủ tịch Ủy ban nhân dân đặc khu"
        );
        // The plan and the council's proposal are cited (issue #19, item 4): the plan has no
        // number yet, so the văn thư finds blanks to fill, not a citation without them.
        assert!(
            text.contains("Căn cứ Kế hoạch số       /KH-UBND ngày      tháng      năm 2026 của Ủy ban nhân dân phường Long Mỹ về triển khai Phong trào thi đua"),
            "{text}"
        );
        assert!(
            text.contains("Theo đề nghị của Hội đồng Thi đua – Khen thưởng phường tại phiên họp ngày 15/12/2026 và của Trưởng phòng Văn hóa – Xã hội."),
            "{text}"
        );
        // Until the văn thư registers it: no number, the day left blank, in the annex too.
        let draft = DecisionRow {
            number: 0,
            symbol: String::new(),
            ..row.clone()
        };
        let doc = decision_document(&draft, &body, &plan, &occasion).unwrap();
        let bytes = thidua_documents::official(&doc, thidua_documents::Format::Docx).unwrap();
        let text = thidua_documents::docx::docx_text(&bytes).unwrap();
        for expected in [
            "Số:        /QĐ-UBND",
            "Long Mỹ, ngày      tháng      năm 2026",
            "(Kèm theo Quyết định số        /QĐ-UBND ngày      tháng      năm 2026 của Chủ tịch Ủy ban nhân dân phường Long Mỹ)",
        ] {
            assert!(text.contains(expected), "«{expected}» in\n{text}");
        }
    }

    #[test]
    fn annex_titles_break_before_the_giver_and_name_the_place() {
        assert_eq!(
            annex_title(
                "DANH SÁCH các cá nhân ĐƯỢC TẶNG",
                "Giấy khen của Chủ tịch Ủy ban nhân dân xã",
                "xã Phú Tân"
            ),
            "DANH SÁCH CÁC CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN\nCỦA CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN"
        );
        assert_eq!(
            annex_title(
                "DANH SÁCH ĐỀ NGHỊ TẶNG",
                "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                "thành phố Hà Nội"
            ),
            "DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN\nCỦA CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
        );
        assert!(
            annex_title(
                "X",
                "Giấy khen của Chủ tịch Ủy ban nhân dân đặc khu",
                "đặc khu Phú Quốc"
            )
            .ends_with("ĐẶC KHU PHÚ QUỐC")
        );
        // Each line fits the page at 14 pt bold.
        for line in annex_title(
            "DANH SÁCH CÁC TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG",
            "Giấy khen của Chủ tịch Ủy ban nhân dân phường",
            "phường Long Mỹ",
        )
        .lines()
        {
            let width = thidua_documents::layout::text_width(line, 14.0, true);
            assert!(width <= thidua_documents::layout::TEXT_WIDTH_PT, "{line}: {width}");
        }
    }

    #[test]
    fn a_numbered_plan_is_cited_with_its_number_and_date() {
        let mut plan = thidua_domain::plan::parse_plan("30406", include_bytes!("../../../plans/30406-phu-tan.toml"))
            .unwrap()
            .plan;
        plan.document.number = Some(49);
        plan.document.date = Some("2025-08-20".into());
        assert_eq!(
            plan_basis(&plan),
            "Căn cứ Kế hoạch số 49/KH-UBND ngày 20 tháng 8 năm 2025 của Ủy ban nhân dân xã Phú Tân về phát động phong trào thi đua “Phú Tân thi đua đổi mới sáng tạo và chuyển đổi số”;"
        );
        assert_eq!(cited_title("Về việc tổ chức triển khai"), "tổ chức triển khai");
    }
}
