//! A commune brings in its own plan, with nobody touching the server: read from the document
//! it issued (DOCX, PDF, pasted text) or typed in the editor, checked by the same rules as a plan
//! file, previewed, then published. A published plan is corrected (a typing error: no new
//! document, not shown publicly as an amendment) or amended ("điều chỉnh, bổ sung": its own
//! number and date; the previous revision stays readable with what changed).

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
pub use thidua_documents::plan_file::PlanFileKind;
use thidua_domain::access::Action;
use thidua_domain::calendar::parse_iso_date;
use thidua_domain::directory;
use thidua_domain::plan::import::{Found, Unread};
use thidua_domain::plan::{self, Plan, PlanChange, Touches};
use thidua_domain::reporting;
use thidua_store::{
    FollowedDates, NewPlanDraft, PeriodRow, PlanDraftRow, PlanRevisionRow, PlanSummary, Reader, RevisionChange,
    SavedPlan, Scope, StoredPlan,
};

use crate::auth::Ctx;
use crate::{App, AppError, Result};

/// The national movement every commune's plan carries out (QĐ 923/QĐ-TTg).
const MOVEMENT: &str = "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số";

/// How long reading one uploaded file may take before the officer is told to try another form.
const READ_LIMIT: Duration = Duration::from_secs(30);

/// What kind of revision a draft makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The commune's first plan for the period.
    Issue,
    /// A typing error fixed: no new document, not an amendment.
    Correction,
    /// "Điều chỉnh, bổ sung": its own number and date.
    Amendment,
}

impl Change {
    pub fn code(self) -> &'static str {
        match self {
            Self::Issue => "issue",
            Self::Correction => "correction",
            Self::Amendment => "amendment",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Issue, Self::Correction, Self::Amendment]
            .into_iter()
            .find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Issue => "Ban hành lần đầu",
            Self::Correction => "Sửa lỗi đánh máy",
            Self::Amendment => "Điều chỉnh, bổ sung",
        }
    }
}

/// What the reader found in an uploaded document, kept with the draft for the officer's review.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImportNotes {
    /// "Word (.docx)", "PDF", "văn bản dán vào".
    pub read_from: String,
    pub fields: Vec<Found>,
    pub not_understood: Vec<Unread>,
}

/// A rule the draft does not meet yet, at a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftIssue {
    /// Dotted path of the field (`deadlines[1].day`).
    pub field: String,
    pub message: String,
    /// Only a warning: publishing is still possible.
    pub warning: bool,
}

/// The commune's plan page for its officer: the plans, the open drafts, each plan's revisions.
#[derive(Debug, Clone)]
pub struct PlanHome {
    pub tenant: String,
    pub commune_name: String,
    pub plans: Vec<(PlanSummary, Vec<PlanRevisionRow>)>,
    pub drafts: Vec<PlanDraftRow>,
    pub can_manage: bool,
}

/// A draft as its page shows it.
#[derive(Debug, Clone)]
pub struct PlanDraftView {
    pub tenant: String,
    pub row: PlanDraftRow,
    pub change: Change,
    pub plan: Plan,
    pub notes: Option<ImportNotes>,
    pub issues: Vec<DraftIssue>,
    /// The published plan it changes, and what the draft changes in it.
    pub current: Option<Arc<StoredPlan>>,
    pub changes: Vec<PlanChange>,
    /// Running work the changes touch, said plainly.
    pub impact: Vec<String>,
}

impl PlanDraftView {
    pub fn errors(&self) -> usize {
        self.issues.iter().filter(|i| !i.warning).count()
    }

    pub fn unsure(&self) -> usize {
        self.notes
            .as_ref()
            .map_or(0, |n| n.fields.iter().filter(|f| !f.sure).count())
    }
}

/// The number and date an amendment is issued under.
#[derive(Debug, Clone, Default)]
pub struct Publication {
    pub note: String,
    /// "15/KH-UBND"
    pub doc_symbol: String,
    /// YYYY-MM-DD
    pub doc_date: String,
}

fn field(name: &str, message: impl Into<String>) -> AppError {
    AppError::Fields(vec![reporting::FieldError {
        field: name.into(),
        message: message.into(),
    }])
}

fn issues_of(plan: &Plan) -> Vec<DraftIssue> {
    plan::validate(plan)
        .into_iter()
        .map(|f| DraftIssue {
            field: f.path,
            message: f.message,
            warning: f.warning,
        })
        .collect()
}

/// A plan with nothing in it but who issues it: what the editor starts from.
pub fn blank_plan(code: &str) -> Plan {
    let commune = directory::national().commune(code);
    let (name, place) = commune.map_or((String::new(), String::new()), |c| {
        (
            format!("Ủy ban nhân dân {}", lowercase_kind(&c.name)),
            c.short_name().to_owned(),
        )
    });
    let mut plan = Plan::empty();
    plan.authority.code = code.to_owned();
    plan.authority.name = name;
    plan.document.symbol = "KH-UBND".into();
    plan.document.place = place;
    plan.document.title = format!("Phát động phong trào thi đua “{MOVEMENT}”");
    plan.period = plan::Period {
        start_year: 2025,
        end_year: 2030,
    };
    plan.movement = MOVEMENT.into();
    plan.signature.authority = Some("TM. ỦY BAN NHÂN DÂN".into());
    plan.signature.position = "CHỦ TỊCH".into();
    plan
}

/// "Xã Phú Tân" → "xã Phú Tân", as it follows "Ủy ban nhân dân".
fn lowercase_kind(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

impl App {
    /// The commune's plans and open drafts, for whoever works in the commune.
    pub async fn plan_home(&self, ctx: &Ctx, tenant: &str) -> Result<PlanHome> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let mut plans = Vec::new();
        for summary in self.store.plans_of(tenant).await? {
            let revisions = self.store.plan_revisions(summary.id).await?;
            plans.push((summary, revisions));
        }
        let can_manage = Self::may(ctx, Action::ManagePlan, tenant, None);
        Ok(PlanHome {
            tenant: tenant.to_owned(),
            commune_name: directory::national()
                .commune(tenant)
                .map_or_else(|| tenant.to_owned(), |c| c.name.clone()),
            plans,
            drafts: if can_manage {
                scope.plan_drafts().await?
            } else {
                Vec::new()
            },
            can_manage,
        })
    }

    /// Reads an uploaded document (or pasted text) into a new draft; a file that is not a
    /// readable plan is refused with what to do, and nothing is stored.
    pub async fn import_plan(&self, ctx: &Ctx, tenant: &str, file_name: &str, bytes: Vec<u8>) -> Result<i64> {
        let scope = self.authorize(ctx, Action::ManagePlan, tenant, None).await?;
        let read = tokio::task::spawn_blocking(move || read_plan_document(&bytes));
        let (kind, extraction) = tokio::time::timeout(READ_LIMIT, read)
            .await
            .map_err(|_| {
                field(
                    "file",
                    "Đọc tệp quá lâu, có thể tệp quá phức tạp: hãy tải lên tệp Word (.docx) của kế hoạch.",
                )
            })?
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|m| field("file", m))?;
        let notes = ImportNotes {
            read_from: kind.label().to_owned(),
            fields: extraction.fields,
            not_understood: extraction.not_understood,
        };
        let (plan_id, change) = self.change_for(tenant, &extraction.plan).await?;
        scope
            .create_plan_draft(&NewPlanDraft {
                plan_id,
                change: change.code().into(),
                source_kind: match kind {
                    PlanFileKind::Docx => "docx",
                    PlanFileKind::Pdf => "pdf",
                    PlanFileKind::Text => "text",
                }
                .into(),
                file_name: crate::uploads::clean_file_name(file_name),
                document: to_json(&extraction.plan)?,
                extraction: to_json(&notes)?,
            })
            .await
            .map_err(Into::into)
    }

    /// A draft typed in the editor: the commune's first plan from nothing, or a correction or
    /// amendment of its published plan `plan_id`.
    pub async fn start_plan_draft(&self, ctx: &Ctx, tenant: &str, plan_id: i64, change: Change) -> Result<i64> {
        let scope = self.authorize(ctx, Action::ManagePlan, tenant, None).await?;
        let (plan, plan_id) = if change == Change::Issue {
            (blank_plan(tenant), 0)
        } else {
            let current = self.own_plan(tenant, plan_id).await?;
            let mut plan = current.plan.clone();
            if change == Change::Amendment {
                plan.revision = plan.revision.saturating_add(1);
            }
            (plan, plan_id)
        };
        Ok(scope
            .create_plan_draft(&NewPlanDraft {
                plan_id,
                change: change.code().into(),
                source_kind: "editor".into(),
                file_name: String::new(),
                document: to_json(&plan)?,
                extraction: String::new(),
            })
            .await?)
    }

    /// A draft with its checks, what it changes and what running work that touches.
    pub async fn plan_draft(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<PlanDraftView> {
        let scope = self.authorize_view(ctx, Action::ManagePlan, tenant, None).await?;
        let row = scope
            .plan_draft(id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có bản nháp kế hoạch này.".into()))?;
        let plan: Plan = serde_json::from_str(&row.document).map_err(|e| AppError::Internal(e.to_string()))?;
        let notes = if row.extraction.is_empty() {
            None
        } else {
            serde_json::from_str(&row.extraction).ok()
        };
        let current = if row.plan_id == 0 {
            None
        } else {
            self.store.plan(row.plan_id).await?.map(Arc::new)
        };
        let changes = current
            .as_ref()
            .map(|c| plan::changes(&c.plan, &plan))
            .unwrap_or_default();
        let impact = self.impact(&scope, &plan, &changes).await?;
        let mut issues = issues_of(&plan);
        if plan.authority.code != tenant {
            issues.insert(
                0,
                DraftIssue {
                    field: "authority.code".into(),
                    message: wrong_commune(&plan.authority.code, tenant),
                    warning: false,
                },
            );
        }
        // A stored kind of change the platform does not know is damage, not an issue to guess.
        let change = Change::parse(&row.change).ok_or_else(|| {
            AppError::Store(thidua_store::StoreError::UnknownValue {
                column: "plan_drafts.change".into(),
                value: row.change.clone(),
            })
        })?;
        Ok(PlanDraftView {
            tenant: tenant.to_owned(),
            change,
            row,
            plan,
            notes,
            issues,
            current,
            changes,
            impact,
        })
    }

    /// Saves what the editor sent (the plan interchange JSON). A value of the wrong kind is
    /// refused naming its field and nothing is saved; a plan that breaks a rule is saved as a
    /// draft, and the rules it breaks come back.
    pub async fn save_plan_draft(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
        document: serde_json::Value,
    ) -> Result<Vec<DraftIssue>> {
        let scope = self.authorize(ctx, Action::ManagePlan, tenant, None).await?;
        let plan = plan_from_json(document)?;
        if !scope.save_plan_draft(id, &to_json(&plan)?).await? {
            return Err(AppError::Invalid(
                "Bản nháp này đã được công bố hoặc đã bỏ; hãy mở lại trang Kế hoạch.".into(),
            ));
        }
        Ok(issues_of(&plan))
    }

    pub async fn discard_plan_draft(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManagePlan, tenant, None).await?;
        if !scope.discard_plan_draft(id).await? {
            return Err(AppError::Invalid("Bản nháp này đã được công bố hoặc đã bỏ.".into()));
        }
        Ok(())
    }

    /// Publishes a draft: the rules pass, the plan is the commune's own, an amendment has its
    /// number and date. Periods still on the plan's dates move with an amended deadline.
    pub async fn publish_plan_draft(&self, ctx: &Ctx, tenant: &str, id: i64, p: &Publication) -> Result<SavedPlan> {
        let scope = self.authorize(ctx, Action::ManagePlan, tenant, None).await?;
        let view = self.plan_draft(ctx, tenant, id).await?;
        // The draft publishes into the plan it was opened for, found again by its period.
        let (same_period, _) = self.change_for(tenant, &view.plan).await?;
        match view.change {
            Change::Issue if same_period != 0 => {
                return Err(field(
                    "period",
                    format!(
                        "Xã đã có kế hoạch giai đoạn {}–{}: hãy mở «Điều chỉnh, bổ sung» hoặc «Sửa lỗi đánh máy» của kế hoạch đó thay vì ban hành lần đầu.",
                        view.plan.period.start_year, view.plan.period.end_year
                    ),
                ));
            }
            Change::Correction | Change::Amendment if same_period != view.row.plan_id => {
                return Err(field(
                    "period",
                    "Thời gian thực hiện khác kế hoạch đang điều chỉnh: giữ nguyên thời gian, hoặc soạn một kế hoạch mới.",
                ));
            }
            _ => {}
        }
        self.publish(&scope, tenant, Some(id), &view.plan, view.change, p).await
    }

    /// The API's create or amend: a whole plan in the interchange JSON, published at once by the
    /// commune's own officer, with the same checks as the editor.
    pub async fn publish_plan_json(
        &self,
        ctx: &Ctx,
        tenant: &str,
        plan_id: Option<i64>,
        json: &[u8],
        p: &Publication,
    ) -> Result<SavedPlan> {
        let scope = self.authorize(ctx, Action::ManagePlan, tenant, None).await?;
        let plan: Plan = crate::json::read(json, |_| "")?;
        let change = match plan_id {
            None => {
                let (existing, _) = self.change_for(tenant, &plan).await?;
                if existing != 0 {
                    return Err(AppError::Invalid(format!(
                        "Xã đã có kế hoạch cho giai đoạn {}–{} (số {existing}): hãy điều chỉnh kế hoạch đó (PUT /tenants/{tenant}/plans/{existing}).",
                        plan.period.start_year, plan.period.end_year
                    )));
                }
                Change::Issue
            }
            Some(id) => {
                let current = self.own_plan(tenant, id).await?;
                if (current.plan.period.start_year, current.plan.period.end_year)
                    != (plan.period.start_year, plan.period.end_year)
                {
                    return Err(field(
                        "period",
                        "Thời gian thực hiện không khớp kế hoạch đang điều chỉnh.",
                    ));
                }
                if p.doc_symbol.is_empty() {
                    Change::Correction
                } else {
                    Change::Amendment
                }
            }
        };
        self.publish(&scope, tenant, None, &plan, change, p).await
    }

    async fn publish(
        &self,
        scope: &Scope<'_>,
        tenant: &str,
        draft: Option<i64>,
        plan: &Plan,
        change: Change,
        p: &Publication,
    ) -> Result<SavedPlan> {
        if plan.authority.code != tenant {
            return Err(field("authority.code", wrong_commune(&plan.authority.code, tenant)));
        }
        let errors: Vec<reporting::FieldError> = issues_of(plan)
            .into_iter()
            .filter(|i| !i.warning)
            .map(|i| reporting::FieldError {
                field: i.field,
                message: i.message,
            })
            .collect();
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let note = thidua_domain::text::nfc(p.note.trim());
        if change == Change::Amendment {
            if p.doc_symbol.trim().is_empty() {
                return Err(field(
                    "doc_symbol",
                    "Số, ký hiệu văn bản điều chỉnh: chưa nhập (ví dụ 15/KH-UBND).",
                ));
            }
            if parse_iso_date(&p.doc_date).is_none() {
                return Err(field(
                    "doc_date",
                    "Ngày ban hành văn bản điều chỉnh: hãy chọn một ngày.",
                ));
            }
            if note.is_empty() {
                return Err(field(
                    "note",
                    "Nội dung điều chỉnh, bổ sung: hãy ghi ngắn gọn điều gì thay đổi.",
                ));
            }
        }
        // The plan this publication revises, if any: its periods still on the plan's dates move
        // in the same transaction.
        let amended = self.store.plans_of(tenant).await?.into_iter().find(|b| {
            b.start_year == i64::from(plan.period.start_year) && b.end_year == i64::from(plan.period.end_year)
        });
        let moves = match &amended {
            Some(b) => followed_dates(&scope.periods().await?, b.id, plan),
            None => Vec::new(),
        };
        let revision = RevisionChange {
            change: change.code().into(),
            note,
            doc_symbol: p.doc_symbol.trim().to_owned(),
            doc_date: p.doc_date.trim().to_owned(),
        };
        let saved = match draft {
            Some(id) => scope
                .publish_plan_draft(id, plan, &revision, &moves)
                .await?
                .ok_or_else(|| AppError::Invalid("Bản nháp này đã được công bố hoặc đã bỏ.".into()))?,
            None => {
                let source = to_json(plan)?;
                scope
                    .publish_plan(plan, &source, &revision, &moves)
                    .await?
                    .ok_or_else(|| field("authority.code", wrong_commune(&plan.authority.code, tenant)))?
            }
        };
        Ok(saved)
    }

    /// What running work the changes touch: periods whose dates move, occasions that are open.
    async fn impact(&self, scope: &Reader<'_>, plan: &Plan, changes: &[PlanChange]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        if changes.iter().any(|c| c.touches == Touches::Deadlines) {
            for period in scope.periods().await? {
                let Some(s) = reporting::schedule(plan, period.year) else {
                    continue;
                };
                let new_unit = s.unit_due.to_string();
                if new_unit == period.unit_due {
                    continue;
                }
                let dmy = |iso: &str| parse_iso_date(iso).map_or_else(|| iso.to_owned(), thidua_domain::calendar::dmy);
                out.push(if period.due_source == "plan" {
                    format!(
                        "Kỳ báo cáo năm {}: hạn đơn vị gửi chuyển từ {} sang {}; các đơn vị thấy ngày mới ngay khi công bố.",
                        period.year,
                        dmy(&period.unit_due),
                        thidua_domain::calendar::dmy(s.unit_due)
                    )
                } else {
                    format!(
                        "Kỳ báo cáo năm {}: xã đã tự đặt hạn {}, hạn này giữ nguyên (sửa ở trang Kỳ báo cáo nếu cần).",
                        period.year,
                        dmy(&period.unit_due)
                    )
                });
            }
        }
        if changes.iter().any(|c| c.touches == Touches::Awards) {
            for o in scope.occasions().await?.into_iter().filter(|o| o.open) {
                out.push(format!(
                    "Đợt «{}» đang mở: giữ chỉ tiêu và hình thức như khi mở đợt; các đợt mở sau dùng kế hoạch mới.",
                    o.title
                ));
            }
        }
        Ok(out)
    }

    /// The commune's own published plan `id`.
    async fn own_plan(&self, tenant: &str, id: i64) -> Result<StoredPlan> {
        self.store
            .plan(id)
            .await?
            .filter(|p| p.summary.tenant_code == tenant)
            .ok_or_else(|| AppError::NotFound("Không có kế hoạch này của xã.".into()))
    }

    /// Whether a plan read from a document is the commune's first or changes its plan.
    async fn change_for(&self, tenant: &str, plan: &Plan) -> Result<(i64, Change)> {
        let same_period = self.store.plans_of(tenant).await?.into_iter().find(|p| {
            (p.start_year, p.end_year) == (i64::from(plan.period.start_year), i64::from(plan.period.end_year))
        });
        Ok(match same_period {
            Some(p) => (p.id, Change::Amendment),
            None => (0, Change::Issue),
        })
    }

    /// What revision `revision` of plan `id` changed from the one before it (empty for the
    /// first issue).
    pub async fn revision_changes(&self, id: i64, revision: i64) -> Result<Vec<PlanChange>> {
        if revision <= 1 {
            return Ok(Vec::new());
        }
        let (Some(before), Some(after)) = (
            self.store.plan_revision(id, revision - 1).await?,
            self.store.plan_revision(id, revision).await?,
        ) else {
            return Ok(Vec::new());
        };
        Ok(plan::changes(&before, &after))
    }

    /// One published revision of a plan, public like the plan itself.
    pub async fn plan_revision(&self, id: i64, revision: i64) -> Result<Option<(PlanSummary, Plan, PlanRevisionRow)>> {
        let Some(stored) = self.store.plan(id).await? else {
            return Ok(None);
        };
        let Some(plan) = self.store.plan_revision(id, revision).await? else {
            return Ok(None);
        };
        let row = self
            .store
            .plan_revisions(id)
            .await?
            .into_iter()
            .find(|r| r.revision == revision);
        Ok(row.map(|r| (stored.summary, plan, r)))
    }
}

/// Reads a plan out of the document a commune issued (DOCX, PDF with a text layer, or text):
/// the kind of file and what was read, or why the file is not a readable plan, in Vietnamese.
/// The periods of `plan_id` from this year on that still run on the plan's dates, with the
/// dates `plan` gives them where those differ: an earlier year's period keeps the dates it ran on.
fn followed_dates(periods: &[PeriodRow], plan_id: i64, plan: &Plan) -> Vec<FollowedDates> {
    let iso = |d: time::Date| d.to_string();
    let this_year = thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc()).year();
    periods
        .iter()
        .filter(|p| p.due_source == "plan" && p.plan_id == plan_id && p.year >= this_year)
        .filter_map(|p| {
            let s = reporting::schedule(plan, p.year)?;
            let moved = FollowedDates {
                before: p.clone(),
                registration_due: s.registration_due.map(iso).unwrap_or_default(),
                unit_due: iso(s.unit_due),
                province_due: iso(s.province_due),
            };
            let same = (
                moved.registration_due.as_str(),
                moved.unit_due.as_str(),
                moved.province_due.as_str(),
            ) == (
                p.registration_due.as_str(),
                p.unit_due.as_str(),
                p.province_due.as_str(),
            );
            (!same).then_some(moved)
        })
        .collect()
}

pub fn read_plan_document(bytes: &[u8]) -> Result<(PlanFileKind, plan::import::Extraction), String> {
    let (kind, blocks) = thidua_documents::plan_file::read_plan_file(bytes).map_err(|e| e.to_string())?;
    let extraction = plan::import::read_plan(&blocks).map_err(|e| e.0)?;
    Ok((kind, extraction))
}

fn wrong_commune(code: &str, tenant: &str) -> String {
    let name = |c: &str| {
        directory::national()
            .commune(c)
            .map_or_else(|| format!("mã {c}"), |x| format!("{} (mã {c})", x.name))
    };
    format!(
        "Kế hoạch ghi cơ quan ban hành là {}, không phải xã của bạn, {}: mỗi xã chỉ đưa kế hoạch của chính mình.",
        name(code),
        name(tenant)
    )
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))
}

/// The editor's or API's JSON as a plan; a value of the wrong kind is named by its field.
fn plan_from_json(document: serde_json::Value) -> Result<Plan> {
    serde_path_to_error::deserialize::<_, Plan>(document).map_err(|e| {
        let path = e.path().to_string();
        tracing::info!(error = %e.inner(), %path, "plan draft refused");
        field(&path, "giá trị không đúng kiểu (ví dụ chữ ở ô cần số).")
    })
}
