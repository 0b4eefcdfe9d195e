//! Initiatives (sáng kiến, giải pháp, mô hình): a unit registers one and, before sending it,
//! sees the look-alikes of its commune and province; reviewers score it on the commune's
//! weighted scorecard unless they have a conflict of interest; the standing office records
//! whether it is recognised, where it is replicated, and the one commendation it supports.

mod appraisal;
mod drafting;
mod lists;
mod replication;

pub use appraisal::{DecideCommand, InitiativeSettingsCommand, ScoreCommand, read_scores};
pub use replication::ReplicationCommand;

use crate::auth::Ctx;
use crate::uploads::checked_upload;
use crate::{App, AppError, Result};
use std::collections::HashMap;
use std::sync::Arc;
use thidua_domain::access::Action;
use thidua_domain::calendar::parse_iso_date;
use thidua_domain::initiative::{
    CRITERIA, Combined, InitiativeDraft, InitiativeForm, InitiativeKind, InitiativeStatus, Weights, combine,
    conflict_of_interest, read_initiative_form,
};
use thidua_domain::reporting::FieldError;
use thidua_domain::similarity::{DEFAULT_THRESHOLD, DocumentFrequency, Fingerprint, fingerprint, similarity};
use thidua_domain::text::fold;
use thidua_store::{
    FileRow, InitiativeFilter, InitiativeOutcome, InitiativeRow, InitiativeText, NewMilestone, Owner, PublicInitiative,
    Reader, ReplicationRow, Scope, ScoreRow, Scorecard, StoredPlan, UnitRow, UseRefused,
};

/// How many look-alikes a form shows at most.
pub const MAX_SIMILAR: usize = 8;

/// The rarest words of a text that pick the candidates from the province's index.
const CANDIDATE_TERMS: usize = 12;

/// Candidates scored in full for each check.
const CANDIDATE_LIMIT: i64 = 60;

/// The commune's scorecard weights and the look-alike threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InitiativeSettings {
    pub weights: Weights,
    pub threshold: f64,
}

impl Default for InitiativeSettings {
    fn default() -> Self {
        Self {
            weights: Weights::default(),
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

/// An existing initiative that looks like the one being written.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    pub id: i64,
    pub tenant_code: String,
    pub commune_name: String,
    pub unit_name: String,
    pub title: String,
    pub status: String,
    /// 0–1.
    pub score: f64,
    pub same_commune: bool,
}

impl Similar {
    pub fn percent(&self) -> i64 {
        (self.score * 100.0).round() as i64
    }

    pub fn status_label(&self) -> &'static str {
        InitiativeStatus::parse(&self.status).map_or("", InitiativeStatus::label)
    }
}

/// One initiative's page.
#[derive(Debug, Clone)]
pub struct InitiativeView {
    pub tenant: String,
    pub unit: UnitRow,
    pub plan: Arc<StoredPlan>,
    /// None for a new one not saved yet.
    pub row: Option<InitiativeRow>,
    pub form: InitiativeForm,
    pub status: InitiativeStatus,
    pub can_edit: bool,
    pub on_behalf: bool,
    pub can_appraise: bool,
    pub can_decide: bool,
    /// Why the caller may not score it, when they are an appraiser with a conflict.
    pub conflict: Option<String>,
    /// The caller's own scorecard.
    pub mine: Option<ScoreRow>,
    /// Every reviewer's scorecard; notes are blanked except the caller's.
    pub scores: Vec<ScoreRow>,
    pub combined: Option<Combined>,
    pub similar: Vec<Similar>,
    pub replications: Vec<ReplicationRow>,
    pub settings: InitiativeSettings,
    /// The documents sent with it.
    pub files: Vec<FileRow>,
    /// Whether the caller may add files: the unit's writers, until the outcome.
    pub can_attach: bool,
}

impl InitiativeView {
    pub fn id(&self) -> i64 {
        self.row.as_ref().map_or(0, |r| r.id)
    }
}

/// What the form asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Save the draft.
    Draft,
    /// Save the draft and show the look-alikes.
    Check,
    /// Send to appraisal.
    Submit,
}

/// The list page.
#[derive(Debug, Clone)]
pub struct InitiativeList {
    pub rows: Vec<InitiativeRow>,
    pub units: Vec<UnitRow>,
    pub plan: Option<Arc<StoredPlan>>,
    /// Submitted initiatives the caller has not scored yet (appraisers only).
    pub waiting: Vec<InitiativeRow>,
    pub can_appraise: bool,
    pub can_decide: bool,
    pub settings: InitiativeSettings,
}

/// The list's filters as typed in the page's query.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub q: String,
    pub status: String,
    pub unit: String,
    pub area: String,
    pub year: String,
}

impl ListQuery {
    fn filter(&self) -> InitiativeFilter {
        InitiativeFilter {
            words: fold(&self.q)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect(),
            status: self.status.clone(),
            unit_id: self.unit.parse().ok(),
            area_code: self.area.clone(),
            year: self.year.parse().ok(),
            limit: 1000,
        }
    }
}

pub(crate) fn field(field: &str, message: impl Into<String>) -> AppError {
    AppError::Fields(vec![FieldError {
        field: field.to_owned(),
        message: message.into(),
    }])
}

/// A form field, trimmed and in NFC; empty when absent.
pub(crate) fn value(pairs: &[(String, String)], name: &str) -> String {
    thidua_domain::text::nfc(pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim()))
}

/// The owner of an initiative's files.
fn files_of(id: i64) -> Owner<'static> {
    Owner { kind: "initiative", id }
}

fn not_found() -> AppError {
    AppError::NotFound("Không có sáng kiến này.".into())
}

fn parse_form(json: &str) -> InitiativeForm {
    serde_json::from_str(json).unwrap_or_default()
}

/// Folded words a search may match: title, summary, authors and the proposing unit.
fn search_text(form: &InitiativeForm, unit: &str) -> String {
    let authors: Vec<&str> = form.authors.iter().map(|a| a.name.as_str()).collect();
    fold(&format!("{} {} {} {unit}", form.title, form.summary, authors.join(" ")))
}

fn text_of(form: &InitiativeForm, unit: &UnitRow, year: i64) -> Result<InitiativeText> {
    Ok(InitiativeText {
        unit_id: unit.id,
        year,
        kind: form.kind.clone(),
        area_code: form.area.clone(),
        title: form.title.clone(),
        body: serde_json::to_string(form).map_err(|e| AppError::Internal(e.to_string()))?,
        search_text: search_text(form, &unit.name),
    })
}

fn this_year() -> i64 {
    i64::from(thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc()).year())
}

impl App {
    async fn province_of(&self, tenant: &str) -> Result<String> {
        Ok(self
            .tenant_row(tenant)
            .await?
            .and_then(|t| t.province_code)
            .unwrap_or_default())
    }
}
