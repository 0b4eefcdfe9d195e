//! Commendation: the platform's dated legal tables and rule sets, a commune's occasions with
//! their quota places, nominations moving through appraisal, ratings and blocks, the award
//! registry and numbered decisions. State changes are conditional UPDATEs inside one
//! transaction with their audit entry, so racing approvals cannot overshoot a quota or decide a
//! nomination twice.

mod council;
mod decisions;
mod nominations;
mod occasions;
mod province;
mod registry;

pub use council::VoteRow;
pub(crate) use nominations::settle_claims;
pub use province::{NewPackage, PackageRow, ProvinceOutcome};
pub(crate) use registry::{award_purpose, insert_award, purpose};

use crate::audit::{Event, append};
use crate::scope::{Reader, Scope};
use crate::{Result, Store, now_unix};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use thidua_domain::awards::{AwardForm, Occasion};
use thidua_domain::commendation::annulment::AnnulReason;
use thidua_domain::commendation::money::{LegalTable, LegalTables, LegalValue, RecipientKind};
use thidua_domain::commendation::nomination::Stage;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OccasionRow {
    pub id: i64,
    pub plan_id: i64,
    pub kind: Occasion,
    pub year: i32,
    pub title: String,
    /// Taking nominations (stored as `open`; `closed` when not).
    pub open: bool,
    pub opened_by: String,
    pub opened_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaRow {
    pub form: String,
    pub recipient: String,
    pub cap: i64,
    pub used: i64,
}

impl QuotaRow {
    pub fn left(&self) -> i64 {
        (self.cap - self.used).max(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NominationRow {
    pub id: i64,
    pub occasion_id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub form: AwardForm,
    pub recipient: RecipientKind,
    pub person_id: i64,
    pub subject_unit_id: i64,
    pub nominee_name: String,
    pub nominee_detail: String,
    pub female: bool,
    /// JSON: achievements, report, meeting, initiatives.
    pub body: String,
    pub status: Stage,
    pub holds_place: bool,
    pub verdict: String,
    pub return_reason: String,
    pub step_due: String,
    pub votes_for: i64,
    pub votes_against: i64,
    pub members_present: i64,
    pub decision_id: i64,
    pub created_by: String,
    pub updated_at: i64,
    pub submitted_at: i64,
    /// The Tờ trình that took it to the province (0: none).
    pub package_id: i64,
    /// The province's word: its decision, why it did not award, or where it sent it on.
    pub outcome_note: String,
    /// YYYY-MM-DD: the day the council approved it ('' before).
    pub council_date: String,
}

/// A stored code the platform does not know: the row is damaged, never read as a guess.
fn unknown(column: &str, value: &str) -> crate::StoreError {
    crate::StoreError::UnknownValue {
        column: column.to_owned(),
        value: value.to_owned(),
    }
}

/// A coded column read into its domain enum: a code the platform does not know is an error.
pub(crate) fn decoded<T>(r: &AnyRow, table: &str, column: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    let code: String = r.try_get(column)?;
    parse(&code).ok_or_else(|| unknown(&format!("{table}.{column}"), &code))
}

impl NominationRow {
    /// The person's or collective's id in the registry.
    pub fn subject_id(&self) -> i64 {
        if self.recipient == RecipientKind::Individual {
            self.person_id
        } else {
            self.subject_unit_id
        }
    }
}

/// A nomination's own fields, as the unit writes them.
#[derive(Debug, Clone)]
pub struct NominationText {
    pub occasion_id: i64,
    pub unit_id: i64,
    pub form: AwardForm,
    pub recipient: RecipientKind,
    pub person_id: i64,
    pub subject_unit_id: i64,
    pub nominee_name: String,
    pub nominee_detail: String,
    pub female: bool,
    pub body: String,
}

/// One line of an imported award history (sổ vàng).
#[derive(Debug, Clone)]
pub enum HistoryEntry {
    Award(NewAwardRecord),
    Rating {
        recipient: String,
        subject_id: i64,
        year: i32,
        rating: String,
    },
}

/// Why a submission was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitRefused {
    /// Every place of the quota is taken.
    QuotaFull { cap: i64 },
    /// It is not a draft or a returned nomination.
    NotEditable,
    /// The occasion is closed.
    Closed,
    /// A cited initiative is not recognised, already used, or held by another nomination.
    InitiativeTaken(InitiativeHolder),
}

/// Why an initiative cannot be cited: who holds it or what it was used for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiativeHolder {
    pub initiative_id: i64,
    pub title: String,
    /// The commendation it already supported ('' when not used).
    pub used_for: String,
    /// The pending nomination that holds it (0: none), its nominee and occasion.
    pub nomination_id: i64,
    pub nominee: String,
    pub occasion: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwardRecordRow {
    pub id: i64,
    pub recipient: String,
    pub subject_id: i64,
    pub name: String,
    pub year: i32,
    pub form: String,
    pub kind: String,
    pub decision_no: String,
    pub decision_date: String,
    pub amount: i64,
    pub nomination_id: i64,
    /// The code printed on its certificate; '' for awards copied in from paper.
    pub verify_code: String,
    /// Set when the award was annulled.
    pub annulment: Option<Annulment>,
}

/// An award's annulment: by which decision, when, on which ground, and what is to be recovered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annulment {
    /// YYYY-MM-DD
    pub on: String,
    /// "20/QĐ-UBND"
    pub decision_no: String,
    pub reason: AnnulReason,
    pub note: String,
    pub recover: i64,
}

/// An award to write into the registry.
#[derive(Debug, Clone)]
pub struct NewAwardRecord {
    pub recipient: String,
    pub subject_id: i64,
    pub name: String,
    pub year: i32,
    pub form: String,
    pub kind: String,
    pub decision_no: String,
    pub decision_date: String,
    pub amount: i64,
    pub nomination_id: i64,
    /// Random, unique; '' when the award has no certificate from Thi Đua.
    pub verify_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRow {
    pub id: i64,
    pub occasion_id: i64,
    pub form: String,
    pub number: i64,
    pub symbol: String,
    pub decision_date: String,
    pub signer_name: String,
    pub signer_title: String,
    pub total: i64,
    /// JSON: the recipients with their money and the values used.
    pub body: String,
    pub created_by: String,
}

impl DecisionRow {
    pub fn award_form(&self) -> Result<AwardForm> {
        AwardForm::parse(&self.form).ok_or_else(|| unknown("award_decisions.form", &self.form))
    }

    /// True once the văn thư has given it its number and date (crate::register).
    pub fn is_registered(&self) -> bool {
        !self.symbol.is_empty()
    }
}

/// A decision to record; the register gives its number. Each line's nomination must be approved.
#[derive(Debug, Clone)]
pub struct NewDecision {
    pub occasion_id: i64,
    pub form: String,
    /// Trích yếu, as the register lists it.
    pub summary: String,
    pub decision_date: String,
    pub signer_name: String,
    pub signer_title: String,
    pub total: i64,
    pub body: String,
    pub awards: Vec<NewAwardRecord>,
}

fn occasion(r: &AnyRow) -> Result<OccasionRow> {
    Ok(OccasionRow {
        id: r.try_get("id")?,
        plan_id: r.try_get("plan_id")?,
        kind: decoded(r, "award_occasions", "kind", Occasion::parse)?,
        year: i32::try_from(r.try_get::<i64, _>("year")?).unwrap_or(0),
        title: r.try_get("title")?,
        open: decoded(r, "award_occasions", "status", |s| match s {
            "open" => Some(true),
            "closed" => Some(false),
            _ => None,
        })?,
        opened_by: r.try_get("opened_by")?,
        opened_at: r.try_get("opened_at")?,
    })
}

pub(crate) const NOMINATION_COLUMNS: &str = "n.id, n.occasion_id, n.unit_id, COALESCE(u.name, '') AS unit_name, n.form, n.recipient, \
     n.person_id, n.subject_unit_id, n.nominee_name, n.nominee_detail, n.female, n.body, n.status, n.holds_place, \
     n.verdict, n.return_reason, n.step_due, n.votes_for, n.votes_against, n.members_present, n.decision_id, \
     n.created_by, n.updated_at, n.submitted_at, n.package_id, n.outcome_note, n.council_date";

pub(crate) fn nomination(r: &AnyRow) -> Result<NominationRow> {
    Ok(NominationRow {
        id: r.try_get("id")?,
        occasion_id: r.try_get("occasion_id")?,
        unit_id: r.try_get("unit_id")?,
        unit_name: r.try_get("unit_name")?,
        form: decoded(r, "nominations", "form", AwardForm::parse)?,
        recipient: decoded(r, "nominations", "recipient", RecipientKind::parse)?,
        person_id: r.try_get("person_id")?,
        subject_unit_id: r.try_get("subject_unit_id")?,
        nominee_name: r.try_get("nominee_name")?,
        nominee_detail: r.try_get("nominee_detail")?,
        female: r.try_get::<i64, _>("female")? != 0,
        body: r.try_get("body")?,
        status: decoded(r, "nominations", "status", Stage::parse)?,
        holds_place: r.try_get::<i64, _>("holds_place")? != 0,
        verdict: r.try_get("verdict")?,
        return_reason: r.try_get("return_reason")?,
        step_due: r.try_get("step_due")?,
        votes_for: r.try_get("votes_for")?,
        votes_against: r.try_get("votes_against")?,
        members_present: r.try_get("members_present")?,
        decision_id: r.try_get("decision_id")?,
        created_by: r.try_get("created_by")?,
        updated_at: r.try_get("updated_at")?,
        submitted_at: r.try_get("submitted_at")?,
        package_id: r.try_get("package_id")?,
        outcome_note: r.try_get("outcome_note")?,
        council_date: r.try_get("council_date")?,
    })
}

const DECISION_COLUMNS: &str =
    "id, occasion_id, form, number, symbol, decision_date, signer_name, signer_title, total, body, created_by";

const AWARD_COLUMNS: &str = "id, recipient, subject_id, name, year, form, kind, decision_no, decision_date, amount, \
     nomination_id, verify_code, annulled_on, annul_decision, annul_reason, annul_note, recover_amount";

/// The annulment columns of an award row, when it was annulled.
fn annulment(r: &AnyRow) -> Result<Option<Annulment>> {
    let on: String = r.try_get("annulled_on")?;
    if on.is_empty() {
        return Ok(None);
    }
    let reason: String = r.try_get("annul_reason")?;
    Ok(Some(Annulment {
        on,
        decision_no: r.try_get("annul_decision")?,
        reason: AnnulReason::parse(&reason).ok_or_else(|| unknown("award_records.annul_reason", &reason))?,
        note: r.try_get("annul_note")?,
        recover: r.try_get("recover_amount")?,
    }))
}

fn award_record(r: &AnyRow) -> Result<AwardRecordRow> {
    Ok(AwardRecordRow {
        id: r.try_get("id")?,
        recipient: r.try_get("recipient")?,
        subject_id: r.try_get("subject_id")?,
        name: r.try_get("name")?,
        year: i32::try_from(r.try_get::<i64, _>("year")?).unwrap_or(0),
        form: r.try_get("form")?,
        kind: r.try_get("kind")?,
        decision_no: r.try_get("decision_no")?,
        decision_date: r.try_get("decision_date")?,
        amount: r.try_get("amount")?,
        nomination_id: r.try_get("nomination_id")?,
        verify_code: r.try_get("verify_code")?,
        annulment: annulment(r)?,
    })
}

fn decision(r: &AnyRow) -> Result<DecisionRow> {
    Ok(DecisionRow {
        id: r.try_get("id")?,
        occasion_id: r.try_get("occasion_id")?,
        form: r.try_get("form")?,
        number: r.try_get("number")?,
        symbol: r.try_get("symbol")?,
        decision_date: r.try_get("decision_date")?,
        signer_name: r.try_get("signer_name")?,
        signer_title: r.try_get("signer_title")?,
        total: r.try_get("total")?,
        body: r.try_get("body")?,
        created_by: r.try_get("created_by")?,
    })
}

impl Store {
    /// Every row of the legal tables.
    pub async fn legal_tables(&self) -> Result<LegalTables> {
        let rows = sqlx::query(
            "SELECT table_name, key, value, effective_from, source, confidence FROM legal_values \
             ORDER BY table_name, key, effective_from",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut values = Vec::with_capacity(rows.len());
        for r in &rows {
            let table: String = r.try_get("table_name")?;
            let Some(table) = LegalTable::parse(&table) else {
                continue;
            };
            values.push(LegalValue {
                table,
                key: r.try_get("key")?,
                value: r.try_get("value")?,
                effective_from: r.try_get("effective_from")?,
                source: r.try_get("source")?,
                confidence: r.try_get("confidence")?,
            });
        }
        Ok(LegalTables { values })
    }

    /// Rule sets, newest version first: (version, effective_from, body).
    pub async fn rule_sets(&self) -> Result<Vec<(i64, String, String)>> {
        Ok(
            sqlx::query_as("SELECT version, effective_from, body FROM eligibility_rules ORDER BY version DESC")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// The award a certificate's code stands for, for the public verification page: what the
    /// certificate itself prints, and nothing more (no money, no other records).
    pub async fn verified_award(&self, code: &str) -> Result<Option<VerifiedAward>> {
        let row = sqlx::query(
            "SELECT a.tenant_code, COALESCE(t.name, '') AS commune_name, a.recipient, a.name, a.year, a.form, \
             a.decision_no, a.decision_date, a.annulled_on, a.annul_decision, a.annul_reason, a.annul_note, \
             a.recover_amount FROM award_records a LEFT JOIN tenants t ON t.code = a.tenant_code \
             WHERE a.verify_code = $1 AND a.verify_code <> '' AND a.decision_no <> ''",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(VerifiedAward {
                tenant_code: r.try_get("tenant_code")?,
                commune_name: r.try_get("commune_name")?,
                recipient: r.try_get("recipient")?,
                name: r.try_get("name")?,
                year: i32::try_from(r.try_get::<i64, _>("year")?).unwrap_or(0),
                form: r.try_get("form")?,
                decision_no: r.try_get("decision_no")?,
                decision_date: r.try_get("decision_date")?,
                annulment: annulment(&r)?,
            })
        })
        .transpose()
    }
}

/// An award as the public verification page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifiedAward {
    pub tenant_code: String,
    pub commune_name: String,
    pub recipient: String,
    pub name: String,
    pub year: i32,
    pub form: String,
    pub decision_no: String,
    pub decision_date: String,
    /// The public page says when and by which decision it was annulled (not the money).
    pub annulment: Option<Annulment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_code_the_platform_does_not_know_is_an_error_not_a_guess() {
        let e = unknown("nominations.status", "approvd");
        assert!(e.to_string().contains("nominations.status có giá trị «approvd»"), "{e}");
        // Every code the store writes reads back as the value it came from.
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.code()), Some(s));
        }
        for r in RecipientKind::ALL {
            assert_eq!(RecipientKind::parse(r.code()), Some(r));
        }
        for f in AwardForm::ALL {
            assert_eq!(AwardForm::parse(f.code()), Some(f));
        }
    }
}
