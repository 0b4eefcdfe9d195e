//! Commendation: the platform's dated legal tables and rule sets, a commune's occasions with
//! their quota places, nominations moving through appraisal, ratings and blocks, the award
//! registry and numbered decisions. State changes are conditional UPDATEs inside one
//! transaction with their audit entry, so racing approvals cannot overshoot a quota or decide a
//! nomination twice.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use thidua_domain::awards::{AwardForm, Occasion};
use thidua_domain::commendation::annulment::AnnulReason;
use thidua_domain::commendation::money::{LegalTable, LegalTables, LegalValue, RecipientKind};
use thidua_domain::commendation::nomination::Stage;

use crate::audit::{Event, append};
use crate::scope::Scope;
use crate::{Result, Store, now_unix};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OccasionRow {
    pub id: i64,
    pub plan_id: i64,
    pub kind: String,
    pub year: i32,
    pub title: String,
    pub status: String,
    pub opened_by: String,
    pub opened_at: i64,
}

impl OccasionRow {
    /// Annual, sơ kết, tổng kết or đột xuất.
    pub fn occasion(&self) -> Result<Occasion> {
        Occasion::parse(&self.kind).ok_or_else(|| unknown("occasions.kind", &self.kind))
    }
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct NominationRow {
    pub id: i64,
    pub occasion_id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub form: String,
    pub recipient: String,
    pub person_id: i64,
    pub subject_unit_id: i64,
    pub nominee_name: String,
    pub nominee_detail: String,
    pub female: bool,
    /// JSON: achievements, report, meeting, initiatives.
    pub body: String,
    pub status: String,
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

impl NominationRow {
    /// Where the nomination stands.
    pub fn stage(&self) -> Result<Stage> {
        Stage::parse(&self.status).ok_or_else(|| unknown("nominations.status", &self.status))
    }

    /// Who is nominated: a person, a collective or a household.
    pub fn recipient_kind(&self) -> Result<RecipientKind> {
        RecipientKind::parse(&self.recipient).ok_or_else(|| unknown("nominations.recipient", &self.recipient))
    }

    pub fn award_form(&self) -> Result<AwardForm> {
        AwardForm::parse(&self.form).ok_or_else(|| unknown("nominations.form", &self.form))
    }

    /// The person's or collective's id in the registry.
    pub fn subject_id(&self) -> i64 {
        if self.recipient == "individual" {
            self.person_id
        } else {
            self.subject_unit_id
        }
    }
}

/// A nomination's own fields, as the unit writes them.
#[derive(Debug, Clone, Default)]
pub struct NominationText {
    pub occasion_id: i64,
    pub unit_id: i64,
    pub form: String,
    pub recipient: String,
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
        kind: r.try_get("kind")?,
        year: i32::try_from(r.try_get::<i64, _>("year")?).unwrap_or(0),
        title: r.try_get("title")?,
        status: r.try_get("status")?,
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
        form: r.try_get("form")?,
        recipient: r.try_get("recipient")?,
        person_id: r.try_get("person_id")?,
        subject_unit_id: r.try_get("subject_unit_id")?,
        nominee_name: r.try_get("nominee_name")?,
        nominee_detail: r.try_get("nominee_detail")?,
        female: r.try_get::<i64, _>("female")? != 0,
        body: r.try_get("body")?,
        status: r.try_get("status")?,
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

impl Scope<'_> {
    // ------------------------------------------------------------------ platform tables

    /// Adds a row to the legal tables; false when the table already has a row for that key
    /// and date.
    pub async fn add_legal_value(&self, v: &LegalValue) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM legal_values WHERE table_name = $1 AND key = $2 AND effective_from = $3",
        )
        .bind(v.table.code())
        .bind(&v.key)
        .bind(&v.effective_from)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Ok(false);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO legal_values (table_name, key, value, effective_from, source, confidence, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(v.table.code())
        .bind(&v.key)
        .bind(v.value)
        .bind(&v.effective_from)
        .bind(&v.source)
        .bind(&v.confidence)
        .bind(&self.actor().username)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("legal_value.add", "legal_value", id).after(v),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Publishes a rule set; false when the version exists.
    pub async fn add_rule_set(&self, version: i64, effective_from: &str, body: &str) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT version FROM eligibility_rules WHERE version = $1")
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO eligibility_rules (version, effective_from, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(version)
        .bind(effective_from)
        .bind(body)
        .bind(&self.actor().username)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("rules.add", "eligibility_rules", version)
                .after(&serde_json::json!({ "effective_from": effective_from, "body": body })),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    // ------------------------------------------------------------------ occasions

    /// Opens an occasion with its quota places: (form, recipient, cap).
    pub async fn open_occasion(
        &self,
        plan_id: i64,
        kind: &str,
        year: i32,
        title: &str,
        quotas: &[(String, String, i64)],
    ) -> Result<i64> {
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO award_occasions (tenant_code, plan_id, kind, year, title, status, opened_by, opened_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id",
        )
        .bind(self.tenant())
        .bind(plan_id)
        .bind(kind)
        .bind(i64::from(year))
        .bind(title)
        .bind(&self.actor().username)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        for (form, recipient, cap) in quotas {
            sqlx::query(
                "INSERT INTO award_quotas (occasion_id, form, recipient, cap, used) VALUES ($1, $2, $3, $4, 0)",
            )
            .bind(id)
            .bind(form)
            .bind(recipient)
            .bind(*cap)
            .execute(&mut *tx)
            .await?;
        }
        let after = serde_json::json!({ "kind": kind, "year": year, "title": title, "quotas": quotas });
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("occasion.open", "occasion", id).after(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn set_occasion_status(&self, id: i64, open: bool) -> Result<bool> {
        let (from, to) = if open { ("closed", "open") } else { ("open", "closed") };
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE award_occasions SET status = $1, closed_at = $2 WHERE tenant_code = $3 AND id = $4 AND status = $5",
        )
        .bind(to)
        .bind(if open { 0 } else { now_unix() })
        .bind(self.tenant())
        .bind(id)
        .bind(from)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            append(
                &mut tx,
                self.tenant(),
                self.actor(),
                &Event::new(if open { "occasion.reopen" } else { "occasion.close" }, "occasion", id),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    pub async fn occasions(&self) -> Result<Vec<OccasionRow>> {
        let rows = sqlx::query(
            "SELECT id, plan_id, kind, year, title, status, opened_by, opened_at FROM award_occasions \
             WHERE tenant_code = $1 ORDER BY year DESC, id DESC",
        )
        .bind(self.tenant())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(occasion).collect()
    }

    pub async fn occasion(&self, id: i64) -> Result<Option<OccasionRow>> {
        let row = sqlx::query(
            "SELECT id, plan_id, kind, year, title, status, opened_by, opened_at FROM award_occasions \
             WHERE tenant_code = $1 AND id = $2",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(occasion).transpose()
    }

    pub async fn quotas(&self, occasion_id: i64) -> Result<Vec<QuotaRow>> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT q.form, q.recipient, q.cap, q.used FROM award_quotas q \
             JOIN award_occasions o ON o.id = q.occasion_id \
             WHERE o.tenant_code = $1 AND q.occasion_id = $2 ORDER BY q.form, q.recipient",
        )
        .bind(self.tenant())
        .bind(occasion_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(form, recipient, cap, used)| QuotaRow {
                form,
                recipient,
                cap,
                used,
            })
            .collect())
    }

    // ------------------------------------------------------------------ nominations

    pub async fn create_nomination(&self, t: &NominationText) -> Result<i64> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO nominations (tenant_code, occasion_id, unit_id, form, recipient, person_id, subject_unit_id, \
             nominee_name, nominee_detail, female, body, status, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', $12, $13, $13) RETURNING id",
        )
        .bind(self.tenant())
        .bind(t.occasion_id)
        .bind(t.unit_id)
        .bind(&t.form)
        .bind(&t.recipient)
        .bind(t.person_id)
        .bind(t.subject_unit_id)
        .bind(&t.nominee_name)
        .bind(&t.nominee_detail)
        .bind(i64::from(t.female))
        .bind(&t.body)
        .bind(&self.actor().username)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("nomination.create", "nomination", id).after(&text_json(t)),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves a draft or returned nomination; false when it is neither.
    pub async fn save_nomination(&self, id: i64, t: &NominationText) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE nominations SET form = $1, recipient = $2, person_id = $3, subject_unit_id = $4, nominee_name = $5, \
             nominee_detail = $6, female = $7, body = $8, updated_at = $9 \
             WHERE tenant_code = $10 AND id = $11 AND status IN ('draft', 'returned')",
        )
        .bind(&t.form)
        .bind(&t.recipient)
        .bind(t.person_id)
        .bind(t.subject_unit_id)
        .bind(&t.nominee_name)
        .bind(&t.nominee_detail)
        .bind(i64::from(t.female))
        .bind(&t.body)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            append(
                &mut tx,
                self.tenant(),
                self.actor(),
                &Event::new("nomination.save", "nomination", id).after(&text_json(t)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Sends a draft or returned nomination to appraisal, taking a quota place when its form
    /// and recipient have a quota on the occasion. The place is taken by a conditional UPDATE,
    /// so the last place goes to one nomination only, whichever engine.
    pub async fn submit_nomination(
        &self,
        id: i64,
        verdict: &str,
        step_due: &str,
        initiatives: &[i64],
    ) -> Result<std::result::Result<(), SubmitRefused>> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let row: Option<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT n.occasion_id, n.form, n.recipient, n.status, o.status FROM nominations n \
             JOIN award_occasions o ON o.id = n.occasion_id WHERE n.tenant_code = $1 AND n.id = $2",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((occasion_id, form, recipient, status, occasion_status)) = row else {
            return Ok(Err(SubmitRefused::NotEditable));
        };
        if !matches!(status.as_str(), "draft" | "returned") {
            return Ok(Err(SubmitRefused::NotEditable));
        }
        if occasion_status != "open" {
            return Ok(Err(SubmitRefused::Closed));
        }
        let cap: Option<i64> =
            sqlx::query_scalar("SELECT cap FROM award_quotas WHERE occasion_id = $1 AND form = $2 AND recipient = $3")
                .bind(occasion_id)
                .bind(&form)
                .bind(&recipient)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(cap) = cap {
            let taken = sqlx::query(
                "UPDATE award_quotas SET used = used + 1 \
                 WHERE occasion_id = $1 AND form = $2 AND recipient = $3 AND used < cap",
            )
            .bind(occasion_id)
            .bind(&form)
            .bind(&recipient)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if taken == 0 {
                return Ok(Err(SubmitRefused::QuotaFull { cap }));
            }
        }
        let done = sqlx::query(
            "UPDATE nominations SET status = 'submitted', holds_place = $1, verdict = $2, step_due = $3, \
             return_reason = '', submitted_at = $4, updated_at = $4 \
             WHERE tenant_code = $5 AND id = $6 AND status IN ('draft', 'returned')",
        )
        .bind(i64::from(cap.is_some()))
        .bind(verdict)
        .bind(step_due)
        .bind(now)
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            return Ok(Err(SubmitRefused::NotEditable));
        }
        if let Err(holder) = claim_initiatives(&mut tx, self.tenant(), id, initiatives).await? {
            return Ok(Err(SubmitRefused::InitiativeTaken(holder)));
        }
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("nomination.submit", "nomination", id).after(
                &serde_json::json!({ "quota_place": cap.is_some(), "verdict": verdict, "initiatives": initiatives }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Moves a nomination from one appraisal step to the next; false when it is not at `from`.
    /// `votes` = (present, for, against) at the council.
    pub async fn advance_nomination(
        &self,
        id: i64,
        from: &str,
        to: &str,
        step_due: &str,
        votes: Option<(i64, i64, i64)>,
        council_date: &str,
    ) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let (present, yes, no) = votes.unwrap_or((0, 0, 0));
        let done = sqlx::query(
            "UPDATE nominations SET status = $1, step_due = $2, updated_at = $3, \
             members_present = CASE WHEN $4 > 0 THEN $4 ELSE members_present END, \
             votes_for = CASE WHEN $4 > 0 THEN $5 ELSE votes_for END, \
             votes_against = CASE WHEN $4 > 0 THEN $6 ELSE votes_against END, \
             council_date = CASE WHEN $10 <> '' THEN $10 ELSE council_date END \
             WHERE tenant_code = $7 AND id = $8 AND status = $9",
        )
        .bind(to)
        .bind(step_due)
        .bind(now_unix())
        .bind(present)
        .bind(yes)
        .bind(no)
        .bind(self.tenant())
        .bind(id)
        .bind(from)
        .bind(council_date)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            let mut after = serde_json::json!({ "from": from, "to": to });
            if !council_date.is_empty() {
                after["council_date"] = serde_json::json!(council_date);
            }
            if let Some((present, yes, no)) = votes {
                after["votes"] = serde_json::json!({ "present": present, "for": yes, "against": no });
            }
            append(
                &mut tx,
                self.tenant(),
                self.actor(),
                &Event::new("nomination.advance", "nomination", id).after(&after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Returns a nomination to its unit (`withdraw` = the unit takes it back) and frees its
    /// quota place; false when it is already decided, returned or withdrawn.
    pub async fn return_nomination(&self, id: i64, reason: &str, withdraw: bool) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT occasion_id, form, recipient, holds_place FROM nominations \
             WHERE tenant_code = $1 AND id = $2 AND status IN ('draft', 'submitted', 'achievement_ok', 'dossier_ok', 'approved', 'returned')",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((occasion_id, form, recipient, holds_place)) = row else {
            return Ok(false);
        };
        let to = if withdraw { "withdrawn" } else { "returned" };
        let done = sqlx::query(
            "UPDATE nominations SET status = $1, return_reason = $2, holds_place = 0, step_due = '', updated_at = $3 \
             WHERE tenant_code = $4 AND id = $5 AND holds_place = $6 \
             AND status IN ('draft', 'submitted', 'achievement_ok', 'dossier_ok', 'approved', 'returned')",
        )
        .bind(to)
        .bind(reason)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .bind(holds_place)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !done || (!withdraw && holds_place == 0 && reason.is_empty()) {
            return Ok(false);
        }
        settle_claims(&mut tx, self.tenant(), self.actor(), id, None).await?;
        if holds_place == 1 {
            sqlx::query(
                "UPDATE award_quotas SET used = used - 1 WHERE occasion_id = $1 AND form = $2 AND recipient = $3 AND used > 0",
            )
            .bind(occasion_id)
            .bind(&form)
            .bind(&recipient)
            .execute(&mut *tx)
            .await?;
        }
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new(
                if withdraw {
                    "nomination.withdraw"
                } else {
                    "nomination.return"
                },
                "nomination",
                id,
            )
            .after(&serde_json::json!({ "reason": reason })),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn nomination(&self, id: i64) -> Result<Option<NominationRow>> {
        let sql = format!(
            "SELECT {NOMINATION_COLUMNS} FROM nominations n LEFT JOIN units u ON u.id = n.unit_id \
             WHERE n.tenant_code = $1 AND n.id = $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(nomination).transpose()
    }

    /// An occasion's nominations (`unit_id` 0: every unit's), drafts only to their unit.
    pub async fn nominations(&self, occasion_id: i64, unit_id: i64) -> Result<Vec<NominationRow>> {
        let sql = format!(
            "SELECT {NOMINATION_COLUMNS} FROM nominations n LEFT JOIN units u ON u.id = n.unit_id \
             WHERE n.tenant_code = $1 AND n.occasion_id = $2 AND ($3 = 0 OR n.unit_id = $3) \
             AND ($3 <> 0 OR n.status <> 'draft') ORDER BY n.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(occasion_id)
            .bind(unit_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(nomination).collect()
    }

    /// Nominations waiting on an appraisal step with a due date, across occasions, soonest due
    /// first.
    pub async fn steps_with_due(&self) -> Result<Vec<NominationRow>> {
        let sql = format!(
            "SELECT {NOMINATION_COLUMNS} FROM nominations n LEFT JOIN units u ON u.id = n.unit_id \
             WHERE n.tenant_code = $1 AND n.step_due <> '' \
             AND n.status IN ('submitted', 'achievement_ok', 'dossier_ok') ORDER BY n.step_due, n.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(nomination).collect()
    }

    // ------------------------------------------------------------------ records

    /// Sets a person's or collective's rating for a year.
    pub async fn set_rating(&self, recipient: &str, subject_id: i64, year: i32, rating: &str) -> Result<()> {
        let mut tx = self.store().write().await?;
        sqlx::query(
            "INSERT INTO ratings (tenant_code, recipient, subject_id, year, rating) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (tenant_code, recipient, subject_id, year) DO UPDATE SET rating = excluded.rating",
        )
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .bind(i64::from(year))
        .bind(rating)
        .execute(&mut *tx)
        .await?;
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("rating.set", recipient, subject_id)
                .after(&serde_json::json!({ "year": year, "rating": rating })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn ratings(&self, recipient: &str, subject_id: i64) -> Result<Vec<(i32, String)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT year, rating FROM ratings WHERE tenant_code = $1 AND recipient = $2 AND subject_id = $3 ORDER BY year",
        )
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(y, r)| (i32::try_from(y).unwrap_or(0), r))
            .collect())
    }

    pub async fn add_block(&self, recipient: &str, subject_id: i64, reason: &str) -> Result<i64> {
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO award_blocks (tenant_code, recipient, subject_id, reason, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .bind(reason)
        .bind(&self.actor().username)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("block.add", recipient, subject_id).after(&serde_json::json!({ "reason": reason })),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The open block's reason, if any.
    pub async fn open_block(&self, recipient: &str, subject_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT reason FROM award_blocks WHERE tenant_code = $1 AND recipient = $2 AND subject_id = $3 \
             AND until_date = '' ORDER BY id DESC LIMIT 1",
        )
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn add_award_record(&self, a: &NewAwardRecord) -> Result<i64> {
        let mut tx = self.store().write().await?;
        let id = insert_award(&mut tx, self.tenant(), &self.actor().username, a).await?;
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("award.record", "award", id).after(&award_json(a)),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes an imported award history (sổ vàng) in one transaction: awards not yet recorded
    /// (same subject, year, form and decision) are added, ratings set; the rest is counted as
    /// unchanged, so the same file again changes nothing. Audited as one event.
    pub async fn save_history(&self, entries: &[HistoryEntry]) -> Result<crate::Applied> {
        let mut tx = self.store().write().await?;
        let mut applied = crate::Applied::default();
        for entry in entries {
            match entry {
                HistoryEntry::Award(a) => {
                    let known: Option<i64> = sqlx::query_scalar(
                        "SELECT id FROM award_records WHERE tenant_code = $1 AND recipient = $2 AND subject_id = $3 \
                         AND year = $4 AND form = $5 AND decision_no = $6",
                    )
                    .bind(self.tenant())
                    .bind(&a.recipient)
                    .bind(a.subject_id)
                    .bind(i64::from(a.year))
                    .bind(&a.form)
                    .bind(&a.decision_no)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if known.is_some() {
                        applied.unchanged += 1;
                    } else {
                        insert_award(&mut tx, self.tenant(), &self.actor().username, a).await?;
                        applied.added += 1;
                    }
                }
                HistoryEntry::Rating {
                    recipient,
                    subject_id,
                    year,
                    rating,
                } => {
                    let before: Option<String> = sqlx::query_scalar(
                        "SELECT rating FROM ratings WHERE tenant_code = $1 AND recipient = $2 AND subject_id = $3 AND year = $4",
                    )
                    .bind(self.tenant())
                    .bind(recipient)
                    .bind(subject_id)
                    .bind(i64::from(*year))
                    .fetch_optional(&mut *tx)
                    .await?;
                    if before.as_deref() == Some(rating.as_str()) {
                        applied.unchanged += 1;
                        continue;
                    }
                    sqlx::query(
                        "INSERT INTO ratings (tenant_code, recipient, subject_id, year, rating) VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (tenant_code, recipient, subject_id, year) DO UPDATE SET rating = excluded.rating",
                    )
                    .bind(self.tenant())
                    .bind(recipient)
                    .bind(subject_id)
                    .bind(i64::from(*year))
                    .bind(rating)
                    .execute(&mut *tx)
                    .await?;
                    if before.is_some() {
                        applied.updated += 1;
                    } else {
                        applied.added += 1;
                    }
                }
            }
        }
        let event = Event::new("history.import", "award_records", self.tenant()).after(&serde_json::json!({
            "rows": entries.len(), "added": applied.added, "updated": applied.updated, "unchanged": applied.unchanged,
        }));
        append(&mut tx, self.tenant(), self.actor(), &event).await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// One subject's awards (`subject_id` 0: everyone's), newest first.
    pub async fn award_records(&self, recipient: &str, subject_id: i64) -> Result<Vec<AwardRecordRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {AWARD_COLUMNS} FROM award_records WHERE tenant_code = $1 AND ($2 = '' OR recipient = $2) \
             AND ($3 = 0 OR subject_id = $3) ORDER BY year DESC, id DESC"
        )))
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(award_record).collect()
    }

    /// One award of this tenant's registry.
    pub async fn award_record(&self, id: i64) -> Result<Option<AwardRecordRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {AWARD_COLUMNS} FROM award_records WHERE tenant_code = $1 AND id = $2"
        )))
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(award_record).transpose()
    }

    /// Marks an award annulled; false when it is not this tenant's or was annulled already.
    pub async fn annul_award(&self, id: i64, a: &Annulment) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE award_records SET annulled_on = $1, annul_decision = $2, annul_reason = $3, annul_note = $4, \
             recover_amount = $5 WHERE tenant_code = $6 AND id = $7 AND annulled_on = ''",
        )
        .bind(&a.on)
        .bind(&a.decision_no)
        .bind(a.reason.code())
        .bind(&a.note)
        .bind(a.recover)
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            return Ok(false);
        }
        let after = serde_json::json!({
            "on": a.on, "decision": a.decision_no, "reason": a.reason.label(), "note": a.note, "recover": a.recover,
        });
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("award.annul", "award", id).after(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The awards one decision made, in its order.
    pub async fn decision_awards(&self, decision_no: &str) -> Result<Vec<AwardRecordRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {AWARD_COLUMNS} FROM award_records WHERE tenant_code = $1 AND decision_no = $2 ORDER BY id"
        )))
        .bind(self.tenant())
        .bind(decision_no)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(award_record).collect()
    }

    // ------------------------------------------------------------------ settings

    /// (step_days, quorum_percent, approval_percent), when the commune has set them.
    pub async fn commendation_settings(&self) -> Result<Option<(i64, i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT step_days, quorum_percent, approval_percent FROM commendation_settings WHERE tenant_code = $1",
        )
        .bind(self.tenant())
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn set_commendation_settings(&self, step_days: i64, quorum: i64, approval: i64) -> Result<()> {
        let mut tx = self.store().write().await?;
        sqlx::query(
            "INSERT INTO commendation_settings (tenant_code, step_days, quorum_percent, approval_percent) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_code) DO UPDATE SET step_days = excluded.step_days, \
             quorum_percent = excluded.quorum_percent, approval_percent = excluded.approval_percent",
        )
        .bind(self.tenant())
        .bind(step_days)
        .bind(quorum)
        .bind(approval)
        .execute(&mut *tx)
        .await?;
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("commendation.settings", "tenant", 0).after(&serde_json::json!({
                "step_days": step_days, "quorum_percent": quorum, "approval_percent": approval,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    // ------------------------------------------------------------------ decisions

    /// Numbers and records a decision: takes the next number of the tenant's register for the
    /// type and year, marks each approved nomination decided and writes the registry, all or
    /// nothing. None when a nomination is no longer approved.
    pub async fn record_decision(&self, d: &NewDecision) -> Result<Option<DecisionRow>> {
        let mut tx = self.store().write().await?;
        // Number 0 and no symbol: the văn thư's registration gives them (crate::register).
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO award_decisions (tenant_code, occasion_id, form, number, symbol, decision_date, signer_name, \
             signer_title, total, body, created_by, created_at) VALUES ($1, $2, $3, 0, '', $4, $5, $6, $7, $8, $9, $10) \
             RETURNING id",
        )
        .bind(self.tenant())
        .bind(d.occasion_id)
        .bind(&d.form)
        .bind(&d.decision_date)
        .bind(&d.signer_name)
        .bind(&d.signer_title)
        .bind(d.total)
        .bind(&d.body)
        .bind(&self.actor().username)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        crate::register::enter_awaiting(
            &mut tx,
            self.tenant(),
            self.actor(),
            &crate::NewEntry {
                doc_type: thidua_domain::register::DocType::Decision,
                source: thidua_domain::register::Source::Decision,
                source_id: id,
                summary: &d.summary,
                signer_name: &d.signer_name,
                signer_title: &d.signer_title,
                signed_date: &d.decision_date,
            },
        )
        .await?;
        for a in &d.awards {
            let done = sqlx::query(
                "UPDATE nominations SET status = 'decided', decision_id = $1, step_due = '', updated_at = $2 \
                 WHERE tenant_code = $3 AND id = $4 AND status = 'approved'",
            )
            .bind(id)
            .bind(now_unix())
            .bind(self.tenant())
            .bind(a.nomination_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Ok(None);
            }
            // The initiatives it cites stay held until the number is registered (crate::register).
            insert_award(&mut tx, self.tenant(), &self.actor().username, a).await?;
        }
        let after = serde_json::json!({
            "date": d.decision_date, "form": d.form, "signer": d.signer_name,
            "total": d.total, "nominations": d.awards.iter().map(|a| a.nomination_id).collect::<Vec<_>>(),
        });
        append(
            &mut tx,
            self.tenant(),
            self.actor(),
            &Event::new("decision.sign", "decision", id).after(&after),
        )
        .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM award_decisions WHERE id = $1"
        )))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let row = decision(&row)?;
        tx.commit().await?;
        Ok(Some(row))
    }

    pub async fn decisions(&self, occasion_id: i64) -> Result<Vec<DecisionRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM award_decisions WHERE tenant_code = $1 AND ($2 = 0 OR occasion_id = $2) ORDER BY id"
        )))
        .bind(self.tenant())
        .bind(occasion_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(decision).collect()
    }

    pub async fn decision(&self, id: i64) -> Result<Option<DecisionRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM award_decisions WHERE tenant_code = $1 AND id = $2"
        )))
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(decision).transpose()
    }
}

fn text_json(t: &NominationText) -> serde_json::Value {
    serde_json::json!({
        "occasion": t.occasion_id, "unit": t.unit_id, "form": t.form, "recipient": t.recipient,
        "person": t.person_id, "collective": t.subject_unit_id, "name": t.nominee_name,
        "detail": t.nominee_detail, "female": t.female, "body": t.body,
    })
}

fn award_json(a: &NewAwardRecord) -> serde_json::Value {
    serde_json::json!({
        "recipient": a.recipient, "subject": a.subject_id, "name": a.name, "year": a.year, "form": a.form,
        "kind": a.kind, "decision_no": a.decision_no, "decision_date": a.decision_date, "amount": a.amount,
    })
}

impl Scope<'_> {
    /// Holds, for an approved nomination, the initiatives it cites that nothing holds yet: those
    /// cited before holds existed (migration 0010), so the decision marks them used.
    pub async fn hold_unclaimed(&self, nomination_id: i64, initiatives: &[i64]) -> Result<()> {
        if initiatives.is_empty() {
            return Ok(());
        }
        let mut tx = self.store().write().await?;
        for &initiative in initiatives {
            sqlx::query(
                "UPDATE initiatives SET claimed_by = $1 WHERE tenant_code = $2 AND id = $3 \
                 AND claimed_by = 0 AND used_for = '' AND status = 'recognised'",
            )
            .bind(nomination_id)
            .bind(self.tenant())
            .bind(initiative)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// "Giấy khen của Chủ tịch UBND xã – Quyết định số 12/QĐ-UBND": what an initiative supported.
pub(crate) fn award_purpose(a: &NewAwardRecord) -> String {
    purpose(&a.form, &a.decision_no)
}

/// "Giấy khen của Chủ tịch UBND xã – Quyết định số 12/QĐ-UBND" from a form code and a number.
pub(crate) fn purpose(form: &str, decision_no: &str) -> String {
    let form = thidua_domain::awards::AwardForm::parse(form).map_or(form, |f| f.name());
    format!("{form} – Quyết định số {decision_no}")
}

/// Holds each cited initiative for the nomination, after releasing what it held before (a
/// returned nomination may cite others when sent again). The hold is a conditional UPDATE, so
/// of two nominations racing for one initiative only one gets it, whichever engine.
async fn claim_initiatives(
    tx: &mut crate::WriteTx,
    tenant: &str,
    nomination_id: i64,
    initiatives: &[i64],
) -> Result<std::result::Result<(), InitiativeHolder>> {
    sqlx::query("UPDATE initiatives SET claimed_by = 0 WHERE tenant_code = $1 AND claimed_by = $2")
        .bind(tenant)
        .bind(nomination_id)
        .execute(&mut **tx)
        .await?;
    for &initiative in initiatives {
        let held = sqlx::query(
            "UPDATE initiatives SET claimed_by = $1 WHERE tenant_code = $2 AND id = $3 \
             AND status = 'recognised' AND used_for = '' AND claimed_by = 0",
        )
        .bind(nomination_id)
        .bind(tenant)
        .bind(initiative)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if held == 1 {
            continue;
        }
        let row = sqlx::query(
            "SELECT i.title, i.used_for, i.claimed_by, COALESCE(n.nominee_name, '') AS nominee, \
             COALESCE(o.title, '') AS occasion FROM initiatives i \
             LEFT JOIN nominations n ON n.id = i.claimed_by AND n.tenant_code = i.tenant_code \
             LEFT JOIN award_occasions o ON o.id = n.occasion_id \
             WHERE i.tenant_code = $1 AND i.id = $2",
        )
        .bind(tenant)
        .bind(initiative)
        .fetch_optional(&mut **tx)
        .await?;
        let holder = match row {
            Some(r) => InitiativeHolder {
                initiative_id: initiative,
                title: r.try_get("title")?,
                used_for: r.try_get("used_for")?,
                nomination_id: r.try_get("claimed_by")?,
                nominee: r.try_get("nominee")?,
                occasion: r.try_get("occasion")?,
            },
            None => InitiativeHolder {
                initiative_id: initiative,
                title: String::new(),
                used_for: String::new(),
                nomination_id: 0,
                nominee: String::new(),
                occasion: String::new(),
            },
        };
        return Ok(Err(holder));
    }
    Ok(Ok(()))
}

/// Ends the holds of a nomination on its initiatives: released (`used_for` None: returned,
/// withdrawn, not awarded) or used for the award it received. Each is audited.
pub(crate) async fn settle_claims(
    tx: &mut crate::WriteTx,
    tenant: &str,
    actor: &crate::Actor,
    nomination_id: i64,
    used_for: Option<&str>,
) -> Result<()> {
    let ids: Vec<i64> = match used_for {
        Some(purpose) => {
            sqlx::query_scalar(
                "UPDATE initiatives SET used_for = $1, used_at = $2, updated_at = $2, claimed_by = 0 \
             WHERE tenant_code = $3 AND claimed_by = $4 RETURNING id",
            )
            .bind(purpose)
            .bind(now_unix())
            .bind(tenant)
            .bind(nomination_id)
            .fetch_all(&mut **tx)
            .await?
        }
        None => {
            sqlx::query_scalar(
                "UPDATE initiatives SET claimed_by = 0 WHERE tenant_code = $1 AND claimed_by = $2 RETURNING id",
            )
            .bind(tenant)
            .bind(nomination_id)
            .fetch_all(&mut **tx)
            .await?
        }
    };
    for id in ids {
        let event = match used_for {
            Some(purpose) => Event::new("initiative.use", "initiative", id)
                .after(&serde_json::json!({ "used_for": purpose, "nomination": nomination_id })),
            None => Event::new("initiative.release", "initiative", id)
                .after(&serde_json::json!({ "nomination": nomination_id })),
        };
        append(tx, tenant, actor, &event).await?;
    }
    Ok(())
}

pub(crate) async fn insert_award(tx: &mut crate::WriteTx, tenant: &str, by: &str, a: &NewAwardRecord) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO award_records (tenant_code, recipient, subject_id, name, year, form, kind, decision_no, \
         decision_date, amount, nomination_id, verify_code, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(tenant)
    .bind(&a.recipient)
    .bind(a.subject_id)
    .bind(&a.name)
    .bind(i64::from(a.year))
    .bind(&a.form)
    .bind(&a.kind)
    .bind(&a.decision_no)
    .bind(&a.decision_date)
    .bind(a.amount)
    .bind(a.nomination_id)
    .bind(&a.verify_code)
    .bind(by)
    .bind(now_unix())
    .fetch_one(&mut **tx)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_code_the_platform_does_not_know_is_an_error_not_a_guess() {
        let row = NominationRow {
            status: "approved".into(),
            recipient: "collective".into(),
            form: "giay_khen_chu_tich_xa".into(),
            ..NominationRow::default()
        };
        assert_eq!(row.stage().unwrap(), Stage::Approved);
        assert_eq!(row.recipient_kind().unwrap(), RecipientKind::Collective);
        let damaged = NominationRow {
            status: "approvd".into(),
            recipient: "hộ".into(),
            ..row
        };
        assert!(
            damaged
                .stage()
                .unwrap_err()
                .to_string()
                .contains("nominations.status có giá trị «approvd»")
        );
        assert!(damaged.recipient_kind().is_err());
    }
}
