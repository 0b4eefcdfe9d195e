//! Commendation: occasions opened by the standing office with the plan's quotas, nominations
//! with their dossier and eligibility explained, the two-step appraisal, the council, and the
//! chairman's numbered decision with its reward money and award registry entries.

mod annulment;
mod appraisal;
mod council;
mod decisions;
pub mod documents;
pub mod history;
mod nominations;
mod occasions;
pub mod province;
mod registry;

pub use annulment::AnnulCommand;
pub use appraisal::{AppraisalCommand, AppraisalOutcome, AppraisalStep, CouncilCount};
pub use council::{LateStep, Tally};
pub use decisions::{SignCommand, Signer};
pub use documents::Paper;
pub use nominations::{MeetingText, NominationCommand};
pub use occasions::{OpenOccasionCommand, SettingsCommand};
pub use province::{OutcomeLine, PackageView, ProvinceChoice, ProvinceOutcomeCommand, ReceivedPackage};
pub use registry::{HistoryCommand, HistoryFact};

use crate::auth::Ctx;
use crate::initiatives::{field, value};
use crate::papers::{annex_title, commune_part, long_date, plan_basis, unit_kind};
use crate::uploads::checked_upload;
use crate::{App, AppError, Result};
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
    NewDecision, NominationRow, NominationText, OccasionRow, Owner, Person, QuotaRow, Reader, StoredPlan,
    SubmitRefused, UnitRow, VerifiedAward,
};
use time::{Date, OffsetDateTime};

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
    pub tallies: HashMap<i64, council::Tally>,
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
    pub recipient: RecipientKind,
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
    let kind = occasion.kind;
    Ok(format!("phong trào thi đua {}", occasion_name(kind, occasion.year)))
}

pub(crate) fn parse_body(json: &str) -> NominationBody {
    serde_json::from_str(json).unwrap_or_default()
}

impl App {
    pub(crate) async fn commendation_settings_of(&self, scope: &Reader<'_>) -> Result<CommendationSettings> {
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
        let scope = self.system_scope(thidua_domain::access::PLATFORM, "mức thưởng");
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

    /// Tells the next holder; the step itself is done whatever happens to the notice.
    pub(crate) async fn announce(&self, tenant: &str, nomination: i64) {
        if let Err(e) = self.announce_step(tenant, nomination).await {
            tracing::warn!(error = %e, nomination, "không báo được việc cho người giữ bước tiếp theo");
        }
    }

    // ------------------------------------------------------------------ decisions
}
