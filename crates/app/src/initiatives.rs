//! Initiatives (sáng kiến, giải pháp, mô hình): a unit registers one and, before sending it,
//! sees the look-alikes of its commune and province; reviewers score it on the commune's
//! weighted scorecard unless they have a conflict of interest; the standing office records
//! whether it is recognised, where it is replicated, and the one commendation it supports.

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

use crate::auth::Ctx;
use crate::uploads::checked_upload;
use crate::{App, AppError, Result};

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

/// A reviewer's scorecard as typed: the four scores in the order of [`CRITERIA`], or a
/// declared conflict of interest instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreCommand {
    pub scores: [String; 4],
    pub note: String,
    /// `Some` when the reviewer declared a conflict (the reason, possibly empty).
    pub conflict: Option<String>,
}

impl ScoreCommand {
    /// `score_{code}`, `note`, and `declare` with `conflict`.
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            scores: CRITERIA.map(|(code, _)| value(pairs, &format!("score_{code}"))),
            note: value(pairs, "note"),
            conflict: pairs
                .iter()
                .any(|(k, _)| k == "declare")
                .then(|| value(pairs, "conflict")),
        }
    }
}

/// The decision on initiatives as typed: recognised (with the decision's number and date) or
/// not (with the reason); `None` when the form chose neither.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecideCommand {
    pub recognised: Option<bool>,
    pub reason: String,
    pub decision_no: String,
    pub decision_date: String,
}

impl DecideCommand {
    /// `decision` = recognise | reject, `reason`, `decision_no`, `decision_date`.
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            recognised: match value(pairs, "decision").as_str() {
                "recognise" => Some(true),
                "reject" => Some(false),
                _ => None,
            },
            reason: value(pairs, "reason"),
            decision_no: value(pairs, "decision_no"),
            decision_date: value(pairs, "decision_date"),
        }
    }
}

/// A new place of replication, or a milestone of one already followed (`replication`, its id
/// as the form sent it), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplicationCommand {
    pub replication: String,
    pub place: String,
    pub on_date: String,
    /// Percent, as typed ("40" or "40%").
    pub progress: String,
    pub note: String,
    pub evidence: String,
}

impl ReplicationCommand {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            replication: value(pairs, "replication"),
            place: value(pairs, "place"),
            on_date: value(pairs, "on_date"),
            progress: value(pairs, "progress"),
            note: value(pairs, "note"),
            evidence: value(pairs, "evidence"),
        }
    }
}

/// The commune's scoring weights (in the order of [`CRITERIA`]) and look-alike threshold, as
/// typed, in percent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitiativeSettingsCommand {
    pub weights: [String; 4],
    pub threshold: String,
}

impl InitiativeSettingsCommand {
    /// `weight_{code}` and `threshold`.
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            weights: CRITERIA.map(|(code, _)| value(pairs, &format!("weight_{code}"))),
            threshold: value(pairs, "threshold"),
        }
    }
}

/// The criteria's scores: whole numbers 0–10, each wrong one named.
pub fn read_scores(typed: &[String; 4]) -> std::result::Result<[u8; 4], Vec<FieldError>> {
    let mut scores = [0u8; 4];
    let mut errors = Vec::new();
    for (i, (code, label)) in CRITERIA.iter().enumerate() {
        let name = format!("score_{code}");
        let raw = typed[i].as_str();
        match raw.parse::<u8>() {
            Ok(n) if n <= 10 => scores[i] = n,
            _ => errors.push(FieldError {
                field: name,
                message: if raw.is_empty() {
                    format!("{label}: chưa cho điểm (0 đến 10).")
                } else {
                    format!("{label}: điểm là số nguyên từ 0 đến 10 (đã nhập «{raw}»).")
                },
            }),
        }
    }
    if errors.is_empty() { Ok(scores) } else { Err(errors) }
}

impl App {
    async fn province_of(&self, tenant: &str) -> Result<String> {
        Ok(self
            .tenant_row(tenant)
            .await?
            .and_then(|t| t.province_code)
            .unwrap_or_default())
    }

    pub(crate) async fn initiative_settings_of(&self, scope: &Reader<'_>) -> Result<InitiativeSettings> {
        Ok(match scope.initiative_settings().await? {
            Some((weights, threshold)) => InitiativeSettings {
                weights: serde_json::from_str(&weights).unwrap_or_default(),
                threshold: threshold as f64 / 100.0,
            },
            None => InitiativeSettings::default(),
        })
    }

    /// Existing initiatives of the province that look like `form`, closest first: the
    /// rarest words pick candidates from the index, then each is compared in full.
    pub async fn similar_initiatives(
        &self,
        tenant: &str,
        except: i64,
        form: &InitiativeForm,
        threshold: f64,
    ) -> Result<Vec<Similar>> {
        let province = self.province_of(tenant).await?;
        let mine = fingerprint(&form.title, &form.summary);
        let terms: Vec<String> = mine.distinct_words().into_iter().map(str::to_owned).collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let counts = self.store.term_counts(&province, &terms).await?;
        let mut known: Vec<(&String, i64)> = terms.iter().filter_map(|t| counts.get(t).map(|c| (t, *c))).collect();
        known.sort_by_key(|(_, c)| *c);
        let rare: Vec<String> = known.iter().take(CANDIDATE_TERMS).map(|(t, _)| (*t).clone()).collect();
        let candidates = self
            .store
            .initiative_candidates(&province, &rare, except, CANDIDATE_LIMIT)
            .await?;
        let df = DocumentFrequency {
            documents: counts.get("").copied().unwrap_or(0).max(0) as u64,
            counts: counts
                .iter()
                .filter(|(k, _)| !k.is_empty())
                .map(|(k, v)| (k.clone(), (*v).max(0) as u64))
                .collect::<HashMap<_, _>>(),
        };
        let mut out: Vec<Similar> = candidates
            .into_iter()
            .filter_map(|c| {
                let other = parse_form(&c.body);
                let theirs: Fingerprint = fingerprint(&c.title, &other.summary);
                let score = similarity(&mine, &theirs, &df);
                (score >= threshold).then(|| Similar {
                    same_commune: c.tenant_code == tenant,
                    id: c.id,
                    tenant_code: c.tenant_code,
                    commune_name: c.commune_name,
                    unit_name: c.unit_name,
                    title: c.title,
                    status: c.status,
                    score,
                })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        out.truncate(MAX_SIMILAR);
        Ok(out)
    }

    /// The unit's initiatives.
    pub async fn unit_initiatives(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
    ) -> Result<(UnitRow, Vec<InitiativeRow>, bool)> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let rows = scope
            .initiatives(&InitiativeFilter {
                unit_id: Some(unit_id),
                ..InitiativeFilter::default()
            })
            .await?;
        let can_write = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id))
            || Self::may(ctx, Action::ActOnBehalf, tenant, None);
        Ok((unit, rows, can_write))
    }

    /// The empty form of a new initiative, for whoever may write for the unit.
    pub async fn new_initiative(&self, ctx: &Ctx, tenant: &str, unit_id: i64) -> Result<InitiativeView> {
        self.unit_writer(ctx, tenant, unit_id).await?;
        self.initiative(ctx, tenant, unit_id, 0).await
    }

    /// An initiative's page, or the empty form of a new one (`id` 0).
    pub async fn initiative(&self, ctx: &Ctx, tenant: &str, unit_id: i64, id: i64) -> Result<InitiativeView> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let row = if id == 0 {
            None
        } else {
            Some(scope.initiative(id).await?.ok_or_else(not_found)?)
        };
        let year = row.as_ref().map_or_else(this_year, |r| r.year);
        let plan = self.commune_plan(tenant, year as i32).await?;
        // An initiative not written yet is a draft; a stored one is what its row says.
        let status = row
            .as_ref()
            .map(thidua_store::InitiativeRow::initiative_status)
            .transpose()?
            .unwrap_or(InitiativeStatus::Draft);
        let form = row.as_ref().map(|r| parse_form(&r.body)).unwrap_or_default();
        let settings = self.initiative_settings_of(&scope).await?;
        let own = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id));
        let officer = Self::may(ctx, Action::ActOnBehalf, tenant, None);
        let can_appraise =
            status == InitiativeStatus::Submitted && Self::may(ctx, Action::AppraiseInitiatives, tenant, None);
        let (mut scores, similar, replications) = match &row {
            Some(r) if status == InitiativeStatus::Draft => (
                Vec::new(),
                self.similar_initiatives(tenant, r.id, &form, settings.threshold)
                    .await?,
                Vec::new(),
            ),
            Some(r) => {
                let matches = scope.initiative_matches(r.id).await?;
                let similar = matches
                    .into_iter()
                    .map(|m| Similar {
                        same_commune: m.tenant_code == tenant,
                        id: m.other_id,
                        tenant_code: m.tenant_code,
                        commune_name: m.commune_name,
                        unit_name: m.unit_name,
                        title: m.title,
                        status: m.status,
                        score: m.score_x1000 as f64 / 1000.0,
                    })
                    .collect();
                (
                    scope.scores(r.id).await?,
                    similar,
                    scope.replications(Some(r.id)).await?,
                )
            }
            None => (Vec::new(), Vec::new(), Vec::new()),
        };
        let mine = scores.iter().find(|s| s.reviewer_id == ctx.user.id).cloned();
        for s in &mut scores {
            if s.reviewer_id != ctx.user.id {
                s.note.clear();
            }
        }
        let totals: Vec<f64> = scores
            .iter()
            .filter(|s| s.conflict.is_empty())
            .map(|s| s.total_x100 as f64 / 100.0)
            .collect();
        let conflict = match &row {
            Some(r) if can_appraise => self.conflict_of(ctx, &scope, &form, &r.unit_name).await?,
            _ => None,
        };
        let files = match &row {
            Some(r) => scope.files(files_of(r.id)).await?,
            None => Vec::new(),
        };
        Ok(InitiativeView {
            tenant: tenant.to_owned(),
            files,
            can_attach: row.is_some()
                && matches!(status, InitiativeStatus::Draft | InitiativeStatus::Submitted)
                && (own || officer),
            can_edit: status == InitiativeStatus::Draft && (own || officer),
            on_behalf: !own && officer,
            can_appraise,
            can_decide: Self::may(ctx, Action::DecideInitiatives, tenant, None),
            conflict,
            mine,
            combined: combine(&totals),
            scores,
            similar,
            replications,
            settings,
            unit,
            plan,
            row,
            form,
            status,
        })
    }

    /// Why the caller may not score: an author by name, or holding a role in the proposing
    /// unit or an author's unit.
    async fn conflict_of(
        &self,
        ctx: &Ctx,
        scope: &Reader<'_>,
        form: &InitiativeForm,
        proposing: &str,
    ) -> Result<Option<String>> {
        let units = scope.units().await?;
        let mine: Vec<String> = ctx
            .grants
            .units_in(scope.tenant())
            .into_iter()
            .filter_map(|id| units.iter().find(|u| u.id == id).map(|u| u.name.clone()))
            .collect();
        Ok(conflict_of_interest(
            &ctx.user.display_name,
            &mine,
            proposing,
            &form.authors,
        ))
    }

    /// Saves the form of a new (`id` 0) or draft initiative; with [`Intent::Submit`] sends it
    /// to appraisal. Returns the id and whether it was sent. A submission is held back while
    /// look-alikes exist and the form does not say what is different.
    pub async fn save_initiative(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        draft: &InitiativeDraft,
        intent: Intent,
    ) -> Result<(i64, bool)> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let existing = if id == 0 {
            None
        } else {
            Some(scope.initiative(id).await?.ok_or_else(not_found)?)
        };
        if let Some(r) = &existing
            && r.status != InitiativeStatus::Draft.code()
        {
            return Err(AppError::Invalid(
                "Sáng kiến đã gửi thẩm định nên không sửa được nữa.".into(),
            ));
        }
        let year = existing.as_ref().map_or_else(this_year, |r| r.year);
        let plan = self.commune_plan(tenant, year as i32).await?;
        let submit = intent == Intent::Submit;
        let form = read_initiative_form(&plan.plan, draft, submit).map_err(AppError::Fields)?;
        let text = text_of(&form, &unit, year)?;
        let province = self.province_of(tenant).await?;
        if !submit {
            let id = match existing {
                None => scope.create_initiative(&province, &text).await?,
                Some(r) => {
                    scope.save_initiative_draft(r.id, &text).await?;
                    r.id
                }
            };
            return Ok((id, false));
        }
        let settings = self.initiative_settings_of(&scope).await?;
        let similar = self.similar_initiatives(tenant, id, &form, settings.threshold).await?;
        if !similar.is_empty() && form.difference.is_empty() {
            let first = &similar[0];
            return Err(field(
                "difference",
                format!(
                    "Có {} sáng kiến giống với sáng kiến này (gần nhất: «{}» của {}, giống {}%). Hãy đọc danh sách bên dưới: nếu trùng, rút sáng kiến; nếu khác, ghi rõ điểm khác biệt rồi gửi lại.",
                    similar.len(),
                    first.title,
                    first.unit_name,
                    first.percent()
                ),
            ));
        }
        let id = match existing {
            None => scope.create_initiative(&province, &text).await?,
            Some(r) => r.id,
        };
        let terms: Vec<String> = fingerprint(&form.title, &form.summary)
            .distinct_words()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let matches: Vec<(i64, i64)> = similar
            .iter()
            .map(|s| (s.id, (s.score * 1000.0).round() as i64))
            .collect();
        if !scope.submit_initiative(id, &text, &terms, &matches).await? {
            return Err(AppError::Invalid("Sáng kiến này đã được gửi trước đó.".into()));
        }
        Ok((id, true))
    }

    /// The unit's own initiative, for one of its writers.
    async fn writable_initiative(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
    ) -> Result<(Scope<'_>, InitiativeRow)> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let row = scope.initiative(id).await?.ok_or_else(not_found)?;
        Ok((scope, row))
    }

    /// Adds a document (evidence, drawings, the unit's minutes) until the outcome is recorded.
    pub async fn add_initiative_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        file_name: &str,
        data: &[u8],
    ) -> Result<i64> {
        let (scope, row) = self.writable_initiative(ctx, tenant, unit_id, id).await?;
        if ![InitiativeStatus::Draft.code(), InitiativeStatus::Submitted.code()].contains(&row.status.as_str()) {
            return Err(AppError::Invalid(
                "Sáng kiến đã có kết quả thẩm định hoặc đã rút nên không thêm tệp được nữa.".into(),
            ));
        }
        let (name, content_type) = checked_upload(file_name, data)?;
        Ok(scope.add_file(files_of(id), &name, content_type, data).await?)
    }

    /// Removes a document while the initiative is a draft: once sent, reviewers rely on it.
    pub async fn remove_initiative_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        file: i64,
    ) -> Result<()> {
        let (scope, row) = self.writable_initiative(ctx, tenant, unit_id, id).await?;
        if row.status != InitiativeStatus::Draft.code() {
            return Err(AppError::Invalid(
                "Sáng kiến đã gửi thẩm định nên không xóa được tệp đính kèm.".into(),
            ));
        }
        if !scope.remove_file(files_of(id), file).await? {
            return Err(AppError::NotFound("Không có tệp này.".into()));
        }
        Ok(())
    }

    /// A document of an initiative the caller may see: (name, type, bytes).
    pub async fn initiative_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        file: i64,
    ) -> Result<(String, String, Vec<u8>)> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        scope.initiative(id).await?.ok_or_else(not_found)?;
        scope
            .file_data(files_of(id), file)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có tệp này.".into()))
    }

    pub async fn withdraw_initiative(&self, ctx: &Ctx, tenant: &str, unit_id: i64, id: i64) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        scope.initiative(id).await?.ok_or_else(not_found)?;
        if !scope.withdraw_initiative(id).await? {
            return Err(AppError::Invalid(
                "Sáng kiến đã có kết quả thẩm định nên không rút được.".into(),
            ));
        }
        Ok(())
    }

    /// A reviewer's scorecard, or a declared conflict of interest.
    pub async fn score_initiative(&self, ctx: &Ctx, tenant: &str, id: i64, cmd: &ScoreCommand) -> Result<()> {
        let scope = self.authorize(ctx, Action::AppraiseInitiatives, tenant, None).await?;
        let row = scope.initiative(id).await?.ok_or_else(not_found)?;
        if row.status != InitiativeStatus::Submitted.code() {
            return Err(AppError::Invalid("Sáng kiến không còn chờ chấm điểm.".into()));
        }
        let form = parse_form(&row.body);
        let mut card = Scorecard {
            reviewer_id: ctx.user.id,
            reviewer_name: ctx.user.display_name.clone(),
            note: cmd.note.clone(),
            ..Scorecard::default()
        };
        if card.note.chars().count() > 5000 {
            return Err(field("note", "Ghi chú: dài quá 5000 ký tự."));
        }
        if let Some(declared) = &cmd.conflict {
            if declared.is_empty() {
                return Err(field("conflict", "Lý do xung đột lợi ích: chưa nhập."));
            }
            card.conflict = declared.clone();
        } else {
            if let Some(why) = self.conflict_of(ctx, &scope, &form, &row.unit_name).await? {
                let event = thidua_store::Event::new("initiative.score", "initiative", id)
                    .outcome(thidua_store::Outcome::Denied)
                    .after(&serde_json::json!({ "reason": why }));
                scope.record(&event).await?;
                return Err(AppError::Invalid(why));
            }
            card.scores = read_scores(&cmd.scores).map_err(AppError::Fields)?;
            let settings = self.initiative_settings_of(&scope).await?;
            card.total_x100 = (settings.weights.total(&card.scores) * 100.0).round() as i64;
        }
        if !scope.save_score(id, &card).await? {
            return Err(AppError::Invalid("Sáng kiến không còn chờ chấm điểm.".into()));
        }
        Ok(())
    }

    /// Recognises (`decision` = `recognise`, with `decision_no` and `decision_date`) or not
    /// (`reject`, with `reason`) each of `ids`. All or none: a bad form changes nothing.
    pub async fn decide_initiatives(&self, ctx: &Ctx, tenant: &str, ids: &[i64], cmd: &DecideCommand) -> Result<usize> {
        let scope = self.authorize(ctx, Action::DecideInitiatives, tenant, None).await?;
        if ids.is_empty() {
            return Err(AppError::Invalid("Chưa chọn sáng kiến nào.".into()));
        }
        let recognised = cmd
            .recognised
            .ok_or_else(|| field("decision", "Kết quả: chọn công nhận hoặc không công nhận."))?;
        let mut errors = Vec::new();
        let outcome = InitiativeOutcome {
            recognised,
            reason: cmd.reason.clone(),
            decision_no: cmd.decision_no.clone(),
            decision_date: cmd.decision_date.clone(),
            decided_by: ctx.user.display_name.clone(),
        };
        if recognised {
            if outcome.decision_no.is_empty() {
                errors.push(FieldError {
                    field: "decision_no".into(),
                    message: "Số quyết định công nhận: chưa nhập (ví dụ 15/QĐ-UBND).".into(),
                });
            } else if outcome.decision_no.chars().count() > 50 {
                errors.push(FieldError {
                    field: "decision_no".into(),
                    message: "Số quyết định: dài quá 50 ký tự.".into(),
                });
            }
            if parse_iso_date(&outcome.decision_date).is_none() {
                errors.push(FieldError {
                    field: "decision_date".into(),
                    message: format!("Ngày quyết định: không đọc được «{}».", outcome.decision_date),
                });
            }
        } else if outcome.reason.is_empty() {
            errors.push(FieldError {
                field: "reason".into(),
                message: "Lý do không công nhận: chưa nhập.".into(),
            });
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let mut rows = Vec::new();
        for id in ids {
            let row = scope.initiative(*id).await?.ok_or_else(not_found)?;
            if row.status != InitiativeStatus::Submitted.code() {
                return Err(AppError::Invalid(format!(
                    "«{}» không còn chờ kết quả (đang là: {}).",
                    row.title,
                    InitiativeStatus::parse(&row.status).map_or("", InitiativeStatus::label)
                )));
            }
            rows.push(row);
        }
        let mut done = 0;
        for row in rows {
            if scope.decide_initiative(row.id, &outcome).await? {
                done += 1;
            }
        }
        Ok(done)
    }

    /// Records the one commendation or title the initiative supports; a second use is refused.
    pub async fn use_initiative(&self, ctx: &Ctx, tenant: &str, id: i64, purpose: &str) -> Result<()> {
        let scope = self.authorize(ctx, Action::DecideInitiatives, tenant, None).await?;
        let purpose = thidua_domain::text::nfc(purpose.trim());
        if purpose.is_empty() {
            return Err(field("used_for", "Hình thức khen thưởng: chưa nhập."));
        }
        let title = scope.initiative(id).await?.map(|r| r.title).unwrap_or_default();
        match scope.use_initiative(id, &purpose).await? {
            Ok(()) => Ok(()),
            Err(UseRefused::AlreadyUsed(earlier)) => Err(AppError::Invalid(format!(
                "Sáng kiến «{title}» đã được dùng làm căn cứ cho «{earlier}». Mỗi sáng kiến chỉ được dùng cho một lần khen thưởng."
            ))),
            Err(UseRefused::HeldBy(nomination)) => Err(AppError::Invalid(format!(
                "Sáng kiến «{title}» đang là căn cứ của đề nghị khen thưởng số {nomination} chưa có kết quả; chỉ ghi được khi đề nghị đó bị trả lại hoặc rút."
            ))),
            Err(UseRefused::NotRecognised) => Err(AppError::Invalid(format!(
                "Sáng kiến «{title}» chưa được công nhận nên chưa dùng làm căn cứ khen thưởng được."
            ))),
            Err(UseRefused::NotFound) => Err(not_found()),
        }
    }

    /// A new place of replication or a milestone of an existing one: its date, progress
    /// (0–100%), what was done and the evidence.
    pub async fn record_replication(&self, ctx: &Ctx, tenant: &str, id: i64, cmd: &ReplicationCommand) -> Result<()> {
        let scope = self.authorize(ctx, Action::DecideInitiatives, tenant, None).await?;
        let mut errors = Vec::new();
        let mut error = |f: &str, m: String| {
            errors.push(FieldError {
                field: f.into(),
                message: m,
            })
        };
        let on_date = cmd.on_date.clone();
        if parse_iso_date(&on_date).is_none() {
            error("on_date", format!("Ngày: không đọc được «{on_date}»."));
        }
        let raw = &cmd.progress;
        let progress = match raw.trim_end_matches('%').trim().parse::<i64>() {
            Ok(p) if (0..=100).contains(&p) => p,
            _ => {
                error(
                    "progress",
                    format!("Tiến độ: số phần trăm từ 0 đến 100 (đã nhập «{raw}»)."),
                );
                0
            }
        };
        let milestone = NewMilestone {
            on_date,
            progress,
            note: cmd.note.clone(),
            evidence: cmd.evidence.clone(),
        };
        if milestone.note.chars().count() > 2000 || milestone.evidence.chars().count() > 2000 {
            error("note", "Nội dung, minh chứng: dài quá 2000 ký tự.".into());
        }
        let (replication, place) = (&cmd.replication, &cmd.place);
        if replication.is_empty() && place.is_empty() {
            error("place", "Nơi áp dụng: chưa nhập đơn vị hoặc xã áp dụng.".into());
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        if replication.is_empty() {
            scope
                .add_replication(id, place, &milestone)
                .await?
                .ok_or_else(|| AppError::Invalid("Chỉ theo dõi nhân rộng sáng kiến đã được công nhận.".into()))?;
        } else {
            let rid: i64 = replication.parse().map_err(|_| not_found())?;
            let ours = scope.replications(Some(id)).await?.iter().any(|r| r.id == rid);
            if !ours || !scope.add_milestone(rid, &milestone).await? {
                return Err(AppError::NotFound("Không có nơi nhân rộng này.".into()));
            }
        }
        Ok(())
    }

    /// The unit an initiative belongs to, for pages reached by the initiative alone.
    pub async fn initiative_unit(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<i64> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        Ok(scope.initiative(id).await?.ok_or_else(not_found)?.unit_id)
    }

    /// Every replication of the commune, for the standing office.
    pub async fn all_replications(&self, ctx: &Ctx, tenant: &str) -> Result<Vec<ReplicationRow>> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        Ok(scope.replications(None).await?)
    }

    pub async fn initiative_list(&self, ctx: &Ctx, tenant: &str, q: &ListQuery) -> Result<InitiativeList> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let can_appraise = Self::may(ctx, Action::AppraiseInitiatives, tenant, None);
        Ok(InitiativeList {
            rows: scope.initiatives(&q.filter()).await?,
            units: scope.units().await?,
            plan: self.commune_plan(tenant, this_year() as i32).await.ok(),
            waiting: if can_appraise {
                scope.initiatives_waiting_for(ctx.user.id).await?
            } else {
                Vec::new()
            },
            can_appraise,
            can_decide: Self::may(ctx, Action::DecideInitiatives, tenant, None),
            settings: self.initiative_settings_of(&scope).await?,
        })
    }

    /// The filtered list as a spreadsheet.
    pub async fn export_initiatives(&self, ctx: &Ctx, tenant: &str, q: &ListQuery) -> Result<Vec<u8>> {
        let list = self.initiative_list(ctx, tenant, q).await?;
        let headers = [
            "Số",
            "Tên sáng kiến",
            "Loại",
            "Đơn vị đề xuất",
            "Tác giả (tỷ lệ đóng góp)",
            "Nội dung thi đua",
            "Năm",
            "Tình trạng",
            "Điểm bình quân",
            "Quyết định công nhận",
            "Đã dùng cho",
            "Tóm tắt",
        ];
        let rows = list
            .rows
            .iter()
            .map(|r| {
                let form = parse_form(&r.body);
                let authors: Vec<String> = form
                    .authors
                    .iter()
                    .map(|a| format!("{} ({}%)", a.name, a.share))
                    .collect();
                vec![
                    r.id.to_string(),
                    r.title.clone(),
                    InitiativeKind::parse(&r.kind)
                        .map_or("", InitiativeKind::label)
                        .to_owned(),
                    r.unit_name.clone(),
                    authors.join("; "),
                    r.area_code.clone(),
                    r.year.to_string(),
                    InitiativeStatus::parse(&r.status)
                        .map_or("", InitiativeStatus::label)
                        .to_owned(),
                    if r.score_x100 >= 0 {
                        format!("{:.2}", r.score_x100 as f64 / 100.0).replace('.', ",")
                    } else {
                        String::new()
                    },
                    if r.decision_no.is_empty() {
                        String::new()
                    } else {
                        format!("{} ngày {}", r.decision_no, r.decision_date)
                    },
                    r.used_for.clone(),
                    form.summary,
                ]
            })
            .collect();
        thidua_documents::xlsx(&thidua_documents::Table {
            title: "Danh sách sáng kiến",
            headers: &headers,
            rows,
        })
        .map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Weights of the four criteria (`weight_{code}`) and the look-alike threshold in percent.
    pub async fn set_initiative_settings(
        &self,
        ctx: &Ctx,
        tenant: &str,
        cmd: &InitiativeSettingsCommand,
    ) -> Result<()> {
        let scope = self.authorize(ctx, Action::DecideInitiatives, tenant, None).await?;
        let mut weights = [0u8; 4];
        let mut errors = Vec::new();
        for (i, (code, label)) in CRITERIA.iter().enumerate() {
            let name = format!("weight_{code}");
            let raw = cmd.weights[i].as_str();
            match raw.parse::<u8>() {
                Ok(n) if n <= 100 => weights[i] = n,
                _ => errors.push(FieldError {
                    field: name,
                    message: format!("Trọng số «{label}»: số phần trăm từ 0 đến 100 (đã nhập «{raw}»)."),
                }),
            }
        }
        let weights = Weights(weights);
        if errors.is_empty()
            && let Err(m) = weights.check()
        {
            errors.push(FieldError {
                field: "weight_novelty".into(),
                message: m,
            });
        }
        let raw = cmd.threshold.as_str();
        let threshold = match raw.trim_end_matches('%').trim().parse::<i64>() {
            Ok(t) if (10..=100).contains(&t) => t,
            _ => {
                errors.push(FieldError {
                    field: "threshold".into(),
                    message: format!("Ngưỡng giống nhau: số phần trăm từ 10 đến 100 (đã nhập «{raw}»)."),
                });
                0
            }
        };
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let json = serde_json::to_string(&weights).map_err(|e| AppError::Internal(e.to_string()))?;
        scope.set_initiative_settings(&json, threshold).await?;
        Ok(())
    }

    /// Recognised initiatives of a commune, for its public page.
    pub async fn public_initiatives(&self, commune: &str) -> Result<Vec<PublicInitiative>> {
        Ok(self.store.public_initiatives(Some(commune), None, 50).await?)
    }

    /// The best recognised initiatives of a province's communes.
    pub async fn best_initiatives(&self, province: &str) -> Result<Vec<PublicInitiative>> {
        Ok(self.store.public_initiatives(None, Some(province), 20).await?)
    }
}
