//! Initiatives: drafts and submissions of a unit, the word index that finds look-alikes across
//! the province, reviewers' scorecards, the outcome, replications and the one use for a
//! commendation. Everything a commune does goes through its [`Scope`]; the look-alike search
//! and the public pages read across communes of a province, but only what is public: title,
//! summary, unit and commune of initiatives that were submitted (never drafts).

use std::collections::HashMap;

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::Event;
use crate::scope::{Reader, Scope};
use crate::{Result, Store, now_unix};

const COLUMNS: &str = "i.id, i.tenant_code, i.unit_id, COALESCE(u.name, '') AS unit_name, i.year, i.kind, \
     i.area_code, i.title, i.body, i.status, i.score_x100, i.outcome_reason, i.decision_no, i.decision_date, \
     i.decided_by, i.used_for, i.used_at, i.claimed_by, i.created_by, i.created_at, i.updated_at, i.submitted_at";
const FROM: &str = "FROM initiatives i LEFT JOIN units u ON u.id = i.unit_id AND u.tenant_code = i.tenant_code";

/// Statuses that others may see: everything once it left the draft.
const VISIBLE: &str = "('submitted', 'recognised', 'not_recognised')";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitiativeRow {
    pub id: i64,
    pub tenant_code: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub year: i64,
    pub kind: String,
    pub area_code: String,
    pub title: String,
    /// The form as JSON.
    pub body: String,
    pub status: String,
    /// The reviewers' mean × 100, or -1 before any score.
    pub score_x100: i64,
    pub outcome_reason: String,
    pub decision_no: String,
    pub decision_date: String,
    pub decided_by: String,
    pub used_for: String,
    pub used_at: i64,
    /// The pending nomination that cites it (0: none); no other nomination may cite it.
    pub claimed_by: i64,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub submitted_at: i64,
}

impl InitiativeRow {
    /// Where the initiative stands; an unknown stored code is an error, never a guess.
    pub fn initiative_status(&self) -> Result<thidua_domain::initiative::InitiativeStatus> {
        thidua_domain::initiative::InitiativeStatus::parse(&self.status).ok_or_else(|| {
            crate::StoreError::UnknownValue {
                column: "initiatives.status".into(),
                value: self.status.clone(),
            }
        })
    }
}

fn initiative_of(r: &AnyRow) -> Result<InitiativeRow> {
    Ok(InitiativeRow {
        id: r.try_get("id")?,
        tenant_code: r.try_get("tenant_code")?,
        unit_id: r.try_get("unit_id")?,
        unit_name: r.try_get("unit_name")?,
        year: r.try_get("year")?,
        kind: r.try_get("kind")?,
        area_code: r.try_get("area_code")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        status: r.try_get("status")?,
        score_x100: r.try_get("score_x100")?,
        outcome_reason: r.try_get("outcome_reason")?,
        decision_no: r.try_get("decision_no")?,
        decision_date: r.try_get("decision_date")?,
        decided_by: r.try_get("decided_by")?,
        used_for: r.try_get("used_for")?,
        used_at: r.try_get("used_at")?,
        claimed_by: r.try_get("claimed_by")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        submitted_at: r.try_get("submitted_at")?,
    })
}

/// What a draft or a submission writes.
#[derive(Debug, Clone, Default)]
pub struct InitiativeText {
    pub unit_id: i64,
    pub year: i64,
    pub kind: String,
    pub area_code: String,
    pub title: String,
    pub body: String,
    /// Folded words for search (title, summary, authors, unit).
    pub search_text: String,
}

/// The list's filters; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct InitiativeFilter {
    /// Folded words; every one must appear.
    pub words: Vec<String>,
    pub status: String,
    pub unit_id: Option<i64>,
    pub area_code: String,
    pub year: Option<i64>,
    pub limit: i64,
}

/// An initiative of the province that shares rare words with a new text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub id: i64,
    pub tenant_code: String,
    pub commune_name: String,
    pub unit_name: String,
    pub title: String,
    pub body: String,
    pub status: String,
}

/// A look-alike recorded at submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchRow {
    pub other_id: i64,
    pub score_x1000: i64,
    pub tenant_code: String,
    pub commune_name: String,
    pub unit_name: String,
    pub title: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreRow {
    pub reviewer_id: i64,
    pub reviewer_name: String,
    pub scores: [u8; 4],
    pub total_x100: i64,
    /// Only ever shown to the reviewer who wrote it.
    pub note: String,
    /// A declared conflict of interest (the reason); such a row carries no score.
    pub conflict: String,
    pub updated_at: i64,
}

/// A scorecard as the reviewer sends it.
#[derive(Debug, Clone, Default)]
pub struct Scorecard {
    pub reviewer_id: i64,
    pub reviewer_name: String,
    pub scores: [u8; 4],
    pub total_x100: i64,
    pub note: String,
    pub conflict: String,
}

/// The outcome of an appraisal.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub recognised: bool,
    pub reason: String,
    pub decision_no: String,
    /// ISO date.
    pub decision_date: String,
    pub decided_by: String,
}

/// Why a use for a commendation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UseRefused {
    /// Already supported this commendation.
    AlreadyUsed(String),
    /// A pending nomination (its id) cites it.
    HeldBy(i64),
    NotRecognised,
    NotFound,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneRow {
    pub id: i64,
    pub on_date: String,
    pub progress: i64,
    pub note: String,
    pub evidence: String,
    pub created_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplicationRow {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub place: String,
    pub progress: i64,
    pub updated_at: i64,
    pub milestones: Vec<MilestoneRow>,
}

/// A milestone as entered.
#[derive(Debug, Clone, Default)]
pub struct NewMilestone {
    pub on_date: String,
    pub progress: i64,
    pub note: String,
    pub evidence: String,
}

/// A recognised initiative on the public pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicInitiative {
    pub id: i64,
    pub tenant_code: String,
    pub commune_name: String,
    pub unit_name: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub score_x100: i64,
    pub decision_no: String,
    pub decision_date: String,
    pub year: i64,
}

/// `$first, $first+1, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Reader<'_> {
    pub async fn initiative(&self, id: i64) -> Result<Option<InitiativeRow>> {
        let sql =
            format!("SELECT {COLUMNS} {FROM} WHERE i.tenant_code = $1 AND i.id = $2 AND ($3 = 0 OR i.unit_id = $3)");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(id)
            .bind(self.unit_bound())
            .fetch_optional(&self.store().pool)
            .await?;
        row.as_ref().map(initiative_of).transpose()
    }

    /// The commune's initiatives, newest first, filtered.
    pub async fn initiatives(&self, filter: &InitiativeFilter) -> Result<Vec<InitiativeRow>> {
        // Held to a unit, the unit's own only, whatever the filter asks.
        let unit_id = self.unit_held().or(filter.unit_id);
        let mut sql = format!("SELECT {COLUMNS} {FROM} WHERE i.tenant_code = $1");
        let mut n = 1;
        let mut next = || {
            n += 1;
            n
        };
        for _ in &filter.words {
            sql.push_str(&format!(" AND i.search_text LIKE ${} ESCAPE '\\'", next()));
        }
        if !filter.status.is_empty() {
            sql.push_str(&format!(" AND i.status = ${}", next()));
        }
        if unit_id.is_some() {
            sql.push_str(&format!(" AND i.unit_id = ${}", next()));
        }
        if !filter.area_code.is_empty() {
            sql.push_str(&format!(" AND i.area_code = ${}", next()));
        }
        if filter.year.is_some() {
            sql.push_str(&format!(" AND i.year = ${}", next()));
        }
        sql.push_str(&format!(" ORDER BY i.updated_at DESC, i.id DESC LIMIT ${}", next()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(self.tenant());
        for w in &filter.words {
            let escaped = w.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            q = q.bind(format!("%{escaped}%"));
        }
        if !filter.status.is_empty() {
            q = q.bind(filter.status.clone());
        }
        if let Some(u) = unit_id {
            q = q.bind(u);
        }
        if !filter.area_code.is_empty() {
            q = q.bind(filter.area_code.clone());
        }
        if let Some(y) = filter.year {
            q = q.bind(y);
        }
        let limit = if filter.limit > 0 { filter.limit } else { 500 };
        let rows = q.bind(limit).fetch_all(&self.store().pool).await?;
        rows.iter().map(initiative_of).collect()
    }

    /// Submitted initiatives the reviewer has neither scored nor declared a conflict on.
    pub async fn initiatives_waiting_for(&self, reviewer_id: i64) -> Result<Vec<InitiativeRow>> {
        let sql = format!(
            "SELECT {COLUMNS} {FROM} WHERE i.tenant_code = $1 AND i.status = 'submitted' AND NOT EXISTS \
             (SELECT 1 FROM initiative_scores s WHERE s.initiative_id = i.id AND s.reviewer_id = $2) \
             ORDER BY i.submitted_at, i.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(reviewer_id)
            .fetch_all(&self.store().pool)
            .await?;
        rows.iter().map(initiative_of).collect()
    }

    /// The look-alikes recorded when the initiative was submitted, closest first.
    pub async fn initiative_matches(&self, id: i64) -> Result<Vec<MatchRow>> {
        let rows = sqlx::query(
            "SELECT m.other_id, m.score_x1000, o.tenant_code, COALESCE(t.name, '') AS commune_name, \
             COALESCE(u.name, '') AS unit_name, o.title, o.status \
             FROM initiative_matches m JOIN initiatives me ON me.id = m.initiative_id \
             JOIN initiatives o ON o.id = m.other_id \
             LEFT JOIN tenants t ON t.code = o.tenant_code \
             LEFT JOIN units u ON u.id = o.unit_id AND u.tenant_code = o.tenant_code \
             WHERE me.tenant_code = $1 AND m.initiative_id = $2 ORDER BY m.score_x1000 DESC, m.other_id",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_all(&self.store().pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MatchRow {
                    other_id: r.try_get("other_id")?,
                    score_x1000: r.try_get("score_x1000")?,
                    tenant_code: r.try_get("tenant_code")?,
                    commune_name: r.try_get("commune_name")?,
                    unit_name: r.try_get("unit_name")?,
                    title: r.try_get("title")?,
                    status: r.try_get("status")?,
                })
            })
            .collect()
    }

    pub async fn scores(&self, id: i64) -> Result<Vec<ScoreRow>> {
        let rows = sqlx::query(
            "SELECT reviewer_id, reviewer_name, scores, total_x100, note, conflict, updated_at \
             FROM initiative_scores WHERE tenant_code = $1 AND initiative_id = $2 ORDER BY updated_at, reviewer_id",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_all(&self.store().pool)
        .await?;
        rows.iter()
            .map(|r| {
                let scores: String = r.try_get("scores")?;
                Ok(ScoreRow {
                    reviewer_id: r.try_get("reviewer_id")?,
                    reviewer_name: r.try_get("reviewer_name")?,
                    scores: serde_json::from_str(&scores)?,
                    total_x100: r.try_get("total_x100")?,
                    note: r.try_get("note")?,
                    conflict: r.try_get("conflict")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// Replications with their milestones: of one initiative, or all of the commune's.
    pub async fn replications(&self, initiative_id: Option<i64>) -> Result<Vec<ReplicationRow>> {
        let rows = sqlx::query(
            "SELECT r.id, r.initiative_id, i.title, r.place, r.progress, r.updated_at \
             FROM initiative_replications r JOIN initiatives i ON i.id = r.initiative_id \
             WHERE r.tenant_code = $1 AND ($2 = 0 OR r.initiative_id = $2) ORDER BY i.title, r.place, r.id",
        )
        .bind(self.tenant())
        .bind(initiative_id.unwrap_or(0))
        .fetch_all(&self.store().pool)
        .await?;
        let mut out: Vec<ReplicationRow> = rows
            .iter()
            .map(|r| {
                Ok(ReplicationRow {
                    id: r.try_get("id")?,
                    initiative_id: r.try_get("initiative_id")?,
                    initiative_title: r.try_get("title")?,
                    place: r.try_get("place")?,
                    progress: r.try_get("progress")?,
                    updated_at: r.try_get("updated_at")?,
                    milestones: Vec::new(),
                })
            })
            .collect::<Result<_>>()?;
        let milestones = sqlx::query(
            "SELECT m.id, m.replication_id, m.on_date, m.progress, m.note, m.evidence, m.created_by \
             FROM initiative_milestones m JOIN initiative_replications r ON r.id = m.replication_id \
             WHERE r.tenant_code = $1 AND ($2 = 0 OR r.initiative_id = $2) ORDER BY m.on_date, m.id",
        )
        .bind(self.tenant())
        .bind(initiative_id.unwrap_or(0))
        .fetch_all(&self.store().pool)
        .await?;
        for m in &milestones {
            let rid: i64 = m.try_get("replication_id")?;
            if let Some(r) = out.iter_mut().find(|r| r.id == rid) {
                r.milestones.push(MilestoneRow {
                    id: m.try_get("id")?,
                    on_date: m.try_get("on_date")?,
                    progress: m.try_get("progress")?,
                    note: m.try_get("note")?,
                    evidence: m.try_get("evidence")?,
                    created_by: m.try_get("created_by")?,
                });
            }
        }
        Ok(out)
    }

    /// The commune's scorecard weights (JSON) and look-alike threshold × 100, if set.
    pub async fn initiative_settings(&self) -> Result<Option<(String, i64)>> {
        Ok(
            sqlx::query_as("SELECT weights, threshold_x100 FROM initiative_settings WHERE tenant_code = $1")
                .bind(self.tenant())
                .fetch_optional(&self.store().pool)
                .await?,
        )
    }
}

impl Scope<'_> {
    pub async fn create_initiative(&self, province_code: &str, text: &InitiativeText) -> Result<i64> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO initiatives (tenant_code, province_code, unit_id, year, kind, area_code, title, body, \
             search_text, status, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $11) RETURNING id",
        )
        .bind(self.tenant())
        .bind(province_code)
        .bind(text.unit_id)
        .bind(text.year)
        .bind(&text.kind)
        .bind(&text.area_code)
        .bind(&text.title)
        .bind(&text.body)
        .bind(&text.search_text)
        .bind(self.actor().username.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("initiative.create", "initiative", id).after(&serde_json::json!({
                "unit_id": text.unit_id, "title": text.title, "body": text.body
            })),
        )
        .await?;
        Ok(id)
    }

    /// Saves the working copy; false when it is no longer a draft.
    pub async fn save_initiative_draft(&self, id: i64, text: &InitiativeText) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT body FROM initiatives WHERE tenant_code = $1 AND id = $2 AND status = 'draft'")
                .bind(self.tenant())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(before) = before else {
            return Ok(false);
        };
        sqlx::query(
            "UPDATE initiatives SET kind = $1, area_code = $2, title = $3, body = $4, search_text = $5, \
             updated_at = $6 WHERE tenant_code = $7 AND id = $8",
        )
        .bind(&text.kind)
        .bind(&text.area_code)
        .bind(&text.title)
        .bind(&text.body)
        .bind(&text.search_text)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("initiative.draft", "initiative", id)
                .before(&serde_json::json!({ "body": before }))
                .after(&serde_json::json!({ "body": text.body })),
        )
        .await?;
        Ok(true)
    }

    /// Sends a draft to appraisal: the final text, its words into the province's index, and
    /// the look-alikes found (`matches`: other id, similarity × 1000). False when it was not a
    /// draft any more (someone sent it first).
    pub async fn submit_initiative(
        &self,
        id: i64,
        text: &InitiativeText,
        terms: &[String],
        matches: &[(i64, i64)],
    ) -> Result<bool> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let province: Option<String> = sqlx::query_scalar(
            "UPDATE initiatives SET kind = $1, area_code = $2, title = $3, body = $4, search_text = $5, \
             status = 'submitted', submitted_at = $6, updated_at = $6 \
             WHERE tenant_code = $7 AND id = $8 AND status = 'draft' RETURNING province_code",
        )
        .bind(&text.kind)
        .bind(&text.area_code)
        .bind(&text.title)
        .bind(&text.body)
        .bind(&text.search_text)
        .bind(now)
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(province) = province else {
            return Ok(false);
        };
        index_terms(&mut tx, &province, id, terms).await?;
        for (other, score) in matches {
            sqlx::query(
                "INSERT INTO initiative_matches (initiative_id, other_id, score_x1000) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(other)
            .bind(score)
            .execute(&mut *tx)
            .await?;
        }
        self.commit_audited(
            tx,
            &Event::new("initiative.submit", "initiative", id)
                .after(&serde_json::json!({ "body": text.body, "matches": matches })),
        )
        .await?;
        Ok(true)
    }

    /// Saves one reviewer's scorecard (or declared conflict) on a submitted initiative and
    /// recomputes its mean. False when the initiative is not waiting for appraisal.
    pub async fn save_score(&self, id: i64, card: &Scorecard) -> Result<bool> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM initiatives WHERE tenant_code = $1 AND id = $2 AND status = 'submitted'",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_none() {
            return Ok(false);
        }
        let scores = serde_json::to_string(&card.scores)?;
        sqlx::query(
            "INSERT INTO initiative_scores (initiative_id, tenant_code, reviewer_id, reviewer_name, scores, \
             total_x100, note, conflict, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (initiative_id, reviewer_id) DO UPDATE SET reviewer_name = $4, scores = $5, \
             total_x100 = $6, note = $7, conflict = $8, updated_at = $9",
        )
        .bind(id)
        .bind(self.tenant())
        .bind(card.reviewer_id)
        .bind(&card.reviewer_name)
        .bind(&scores)
        .bind(card.total_x100)
        .bind(&card.note)
        .bind(&card.conflict)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        refresh_mean(&mut tx, id).await?;
        // The note is private to its reviewer: the trail records that one was written, not its text.
        let after = serde_json::json!({
            "reviewer": card.reviewer_name, "scores": card.scores, "total_x100": card.total_x100,
            "conflict": card.conflict, "note_chars": card.note.chars().count()
        });
        let action = if card.conflict.is_empty() {
            "initiative.score"
        } else {
            "initiative.conflict"
        };
        self.commit_audited(tx, &Event::new(action, "initiative", id).after(&after))
            .await?;
        Ok(true)
    }

    /// Records the outcome of a submitted initiative. False when it was not waiting.
    pub async fn decide_initiative(&self, id: i64, outcome: &Outcome) -> Result<bool> {
        let status = if outcome.recognised {
            "recognised"
        } else {
            "not_recognised"
        };
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE initiatives SET status = $1, outcome_reason = $2, decision_no = $3, decision_date = $4, \
             decided_by = $5, updated_at = $6 WHERE tenant_code = $7 AND id = $8 AND status = 'submitted'",
        )
        .bind(status)
        .bind(&outcome.reason)
        .bind(&outcome.decision_no)
        .bind(&outcome.decision_date)
        .bind(&outcome.decided_by)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            let after = serde_json::json!({
                "status": status, "reason": outcome.reason, "decision_no": outcome.decision_no,
                "decision_date": outcome.decision_date, "decided_by": outcome.decided_by
            });
            self.audit_in(
                &mut tx,
                &Event::new("initiative.decide", "initiative", id)
                    .before(&serde_json::json!({ "status": "submitted" }))
                    .after(&after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Withdraws a draft or a submission not yet decided. False otherwise.
    pub async fn withdraw_initiative(&self, id: i64) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let before: Option<String> = sqlx::query_scalar(
            "UPDATE initiatives SET status = 'withdrawn', updated_at = $1 \
             WHERE tenant_code = $2 AND id = $3 AND status IN ('draft', 'submitted') RETURNING status",
        )
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if before.is_some() {
            self.audit_in(
                &mut tx,
                &Event::new("initiative.withdraw", "initiative", id)
                    .after(&serde_json::json!({ "status": "withdrawn" })),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(before.is_some())
    }

    /// Records the one commendation or title a recognised initiative supports. The update
    /// itself checks that it is unused, so two uses at once cannot both succeed.
    pub async fn use_initiative(&self, id: i64, purpose: &str) -> Result<Result<(), UseRefused>> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE initiatives SET used_for = $1, used_at = $2, updated_at = $2 \
             WHERE tenant_code = $3 AND id = $4 AND status = 'recognised' AND used_for = '' AND claimed_by = 0",
        )
        .bind(purpose)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !done {
            let row: Option<(String, String, i64)> = sqlx::query_as(
                "SELECT status, used_for, claimed_by FROM initiatives WHERE tenant_code = $1 AND id = $2",
            )
            .bind(self.tenant())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            return Ok(Err(match row {
                None => UseRefused::NotFound,
                Some((_, used, _)) if !used.is_empty() => UseRefused::AlreadyUsed(used),
                Some((_, _, held)) if held != 0 => UseRefused::HeldBy(held),
                Some(_) => UseRefused::NotRecognised,
            }));
        }
        self.commit_audited(
            tx,
            &Event::new("initiative.use", "initiative", id).after(&serde_json::json!({ "used_for": purpose })),
        )
        .await?;
        Ok(Ok(()))
    }

    /// Starts tracking where a recognised initiative is applied, with its first milestone.
    pub async fn add_replication(&self, initiative_id: i64, place: &str, first: &NewMilestone) -> Result<Option<i64>> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let recognised: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM initiatives WHERE tenant_code = $1 AND id = $2 AND status = 'recognised'",
        )
        .bind(self.tenant())
        .bind(initiative_id)
        .fetch_optional(&mut *tx)
        .await?;
        if recognised.is_none() {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO initiative_replications (tenant_code, initiative_id, place, progress, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(self.tenant())
        .bind(initiative_id)
        .bind(place)
        .bind(first.progress)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        insert_milestone(&mut tx, id, first, &self.actor().username).await?;
        let after = serde_json::json!({
            "initiative_id": initiative_id, "place": place, "progress": first.progress,
            "on_date": first.on_date, "note": first.note, "evidence": first.evidence
        });
        self.commit_audited(tx, &Event::new("replication.create", "replication", id).after(&after))
            .await?;
        Ok(Some(id))
    }

    /// Adds a dated milestone; the replication's progress becomes the latest milestone's.
    pub async fn add_milestone(&self, replication_id: i64, m: &NewMilestone) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let before: Option<i64> =
            sqlx::query_scalar("SELECT progress FROM initiative_replications WHERE tenant_code = $1 AND id = $2")
                .bind(self.tenant())
                .bind(replication_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(before) = before else {
            return Ok(false);
        };
        insert_milestone(&mut tx, replication_id, m, &self.actor().username).await?;
        let latest: i64 = sqlx::query_scalar(
            "SELECT progress FROM initiative_milestones WHERE replication_id = $1 ORDER BY on_date DESC, id DESC LIMIT 1",
        )
        .bind(replication_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE initiative_replications SET progress = $1, updated_at = $2 WHERE id = $3")
            .bind(latest)
            .bind(now_unix())
            .bind(replication_id)
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({
            "progress": latest, "on_date": m.on_date, "note": m.note, "evidence": m.evidence
        });
        self.commit_audited(
            tx,
            &Event::new("replication.milestone", "replication", replication_id)
                .before(&serde_json::json!({ "progress": before }))
                .after(&after),
        )
        .await?;
        Ok(true)
    }

    pub async fn set_initiative_settings(&self, weights: &str, threshold_x100: i64) -> Result<()> {
        let mut tx = self.store().write().await?;
        let before: Option<(String, i64)> =
            sqlx::query_as("SELECT weights, threshold_x100 FROM initiative_settings WHERE tenant_code = $1")
                .bind(self.tenant())
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO initiative_settings (tenant_code, weights, threshold_x100, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (tenant_code) DO UPDATE SET weights = $2, threshold_x100 = $3, updated_at = $4",
        )
        .bind(self.tenant())
        .bind(weights)
        .bind(threshold_x100)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("initiative.settings", "tenant", self.tenant())
                .before(&before)
                .after(&serde_json::json!({ "weights": weights, "threshold_x100": threshold_x100 })),
        )
        .await?;
        Ok(())
    }
}

async fn insert_milestone(tx: &mut crate::WriteTx, replication_id: i64, m: &NewMilestone, by: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO initiative_milestones (replication_id, on_date, progress, note, evidence, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(replication_id)
    .bind(&m.on_date)
    .bind(m.progress)
    .bind(&m.note)
    .bind(&m.evidence)
    .bind(by)
    .bind(now_unix())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Recomputes the mean of the scorecards that carry a score.
async fn refresh_mean(tx: &mut crate::WriteTx, id: i64) -> Result<()> {
    let totals: Vec<i64> =
        sqlx::query_scalar("SELECT total_x100 FROM initiative_scores WHERE initiative_id = $1 AND conflict = ''")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    let mean = if totals.is_empty() {
        -1
    } else {
        (totals.iter().sum::<i64>() as f64 / totals.len() as f64).round() as i64
    };
    sqlx::query("UPDATE initiatives SET score_x100 = $1 WHERE id = $2")
        .bind(mean)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds an initiative's words to its province's index and counts, in the caller's transaction.
pub(crate) async fn index_terms(tx: &mut crate::WriteTx, province: &str, id: i64, terms: &[String]) -> Result<()> {
    for chunk in terms.chunks(200) {
        let mut sql = String::from("INSERT INTO initiative_terms (province_code, term, initiative_id) VALUES ");
        let rows: Vec<String> = (0..chunk.len()).map(|i| format!("($1, ${}, $2)", i + 3)).collect();
        sql.push_str(&rows.join(", "));
        sql.push_str(" ON CONFLICT DO NOTHING");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(province).bind(id);
        for t in chunk {
            q = q.bind(t.as_str());
        }
        q.execute(&mut **tx).await?;
    }
    // The row with the empty term counts the province's initiatives.
    let mut counted: Vec<&str> = vec![""];
    counted.extend(terms.iter().map(String::as_str));
    for chunk in counted.chunks(200) {
        let mut sql = String::from("INSERT INTO initiative_term_counts (province_code, term, documents) VALUES ");
        let rows: Vec<String> = (0..chunk.len()).map(|i| format!("($1, ${}, 1)", i + 2)).collect();
        sql.push_str(&rows.join(", "));
        sql.push_str(
            " ON CONFLICT (province_code, term) DO UPDATE SET documents = initiative_term_counts.documents + 1",
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(province);
        for t in chunk {
            q = q.bind(*t);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    /// Tenant, province and form of one initiative, for the benchmark's probes.
    pub async fn initiative_by_id(&self, id: i64) -> Result<Option<(String, String, String)>> {
        Ok(
            sqlx::query_as("SELECT tenant_code, province_code, body FROM initiatives WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The highest initiative id (0 when there is none), for the benchmark's probes.
    pub async fn max_initiative_id(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM initiatives")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Adds to the per-province word counts (province, term, documents), for bulk loads.
    pub async fn add_term_counts(&self, rows: &[(String, String, i64)]) -> Result<()> {
        let mut tx = self.write().await?;
        for chunk in rows.chunks(300) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                .collect();
            let sql = format!(
                "INSERT INTO initiative_term_counts (province_code, term, documents) VALUES {} \
                 ON CONFLICT (province_code, term) DO UPDATE SET documents = initiative_term_counts.documents + excluded.documents",
                values.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (p, t, n) in chunk {
                q = q.bind(p.as_str()).bind(t.as_str()).bind(*n);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many of the province's initiatives use each word, and (under "") how many there are.
    pub async fn term_counts(&self, province: &str, terms: &[String]) -> Result<HashMap<String, i64>> {
        let mut out = HashMap::new();
        let mut all: Vec<&str> = vec![""];
        all.extend(terms.iter().map(String::as_str));
        for chunk in all.chunks(300) {
            let sql = format!(
                "SELECT term, documents FROM initiative_term_counts WHERE province_code = $1 AND term IN ({})",
                placeholders(2, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)).bind(province);
            for t in chunk {
                q = q.bind(*t);
            }
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    /// Initiatives of the province (not drafts, not withdrawn) sharing the most of `terms`,
    /// best first, at most `limit`, leaving out `except`.
    pub async fn initiative_candidates(
        &self,
        province: &str,
        terms: &[String],
        except: i64,
        limit: i64,
    ) -> Result<Vec<Candidate>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT initiative_id FROM initiative_terms WHERE province_code = $1 AND term IN ({}) \
             AND initiative_id <> $2 GROUP BY initiative_id ORDER BY COUNT(*) DESC, initiative_id DESC LIMIT ${}",
            placeholders(3, terms.len()),
            terms.len() + 3
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
            .bind(province)
            .bind(except);
        for t in terms {
            q = q.bind(t.as_str());
        }
        let ids = q.bind(limit).fetch_all(&self.pool).await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT i.id, i.tenant_code, COALESCE(t.name, '') AS commune_name, COALESCE(u.name, '') AS unit_name, \
             i.title, i.body, i.status FROM initiatives i LEFT JOIN tenants t ON t.code = i.tenant_code \
             LEFT JOIN units u ON u.id = i.unit_id AND u.tenant_code = i.tenant_code \
             WHERE i.id IN ({}) AND i.status IN {VISIBLE}",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(Candidate {
                    id: r.try_get("id")?,
                    tenant_code: r.try_get("tenant_code")?,
                    commune_name: r.try_get("commune_name")?,
                    unit_name: r.try_get("unit_name")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                    status: r.try_get("status")?,
                })
            })
            .collect()
    }

    /// Recognised initiatives for the public pages: of one commune (`tenant`), or the best
    /// of a province by the reviewers' mean (`province`).
    pub async fn public_initiatives(
        &self,
        tenant: Option<&str>,
        province: Option<&str>,
        limit: i64,
    ) -> Result<Vec<PublicInitiative>> {
        let (filter, key, order) = match (tenant, province) {
            (Some(t), _) => ("i.tenant_code = $1", t, "i.decision_date DESC, i.id DESC"),
            (None, Some(p)) => ("i.province_code = $1", p, "i.score_x100 DESC, i.id DESC"),
            (None, None) => return Ok(Vec::new()),
        };
        let sql = format!(
            "SELECT i.id, i.tenant_code, COALESCE(t.name, '') AS commune_name, COALESCE(u.name, '') AS unit_name, \
             i.kind, i.title, i.body, i.score_x100, i.decision_no, i.decision_date, i.year \
             FROM initiatives i LEFT JOIN tenants t ON t.code = i.tenant_code \
             LEFT JOIN units u ON u.id = i.unit_id AND u.tenant_code = i.tenant_code \
             WHERE {filter} AND i.status = 'recognised' ORDER BY {order} LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PublicInitiative {
                    id: r.try_get("id")?,
                    tenant_code: r.try_get("tenant_code")?,
                    commune_name: r.try_get("commune_name")?,
                    unit_name: r.try_get("unit_name")?,
                    kind: r.try_get("kind")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                    score_x100: r.try_get("score_x100")?,
                    decision_no: r.try_get("decision_no")?,
                    decision_date: r.try_get("decision_date")?,
                    year: r.try_get("year")?,
                })
            })
            .collect()
    }
}
