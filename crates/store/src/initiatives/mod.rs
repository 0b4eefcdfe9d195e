//! Initiatives: drafts and submissions of a unit, the word index that finds look-alikes across
//! the province, reviewers' scorecards, the outcome, replications and the one use for a
//! commendation. Everything a commune does goes through its [`Scope`]; the look-alike search
//! and the public pages read across communes of a province, but only what is public: title,
//! summary, unit and commune of initiatives that were submitted (never drafts).

mod appraisal;
mod drafting;
mod lookalike;
mod public;
mod replication;

pub(crate) use lookalike::index_terms;
use replication::refresh_mean;

use crate::audit::Event;
use crate::scope::{Reader, Scope};
use crate::{Result, Store, now_unix};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashMap;

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
}
