//! A commune's plan drafts: a plan read from the document it issued, or typed in the editor, or
//! a correction or amendment of its published plan, kept until it is published or dropped.
//! Publishing writes the plan's next revision and closes the draft in one transaction.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use thidua_domain::plan::Plan;

use crate::audit::Event;
use crate::plans::{RevisionChange, SavedPlan, save_plan_in};
use crate::reporting::{FollowedDates, follow_plan_dates_in};
use crate::scope::{Reader, Scope};
use crate::{Result, now_unix};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDraftRow {
    pub id: i64,
    /// The plan it changes; 0 for a commune's first plan.
    pub plan_id: i64,
    /// issue | correction | amendment
    pub change: String,
    /// docx | pdf | text | editor
    pub source_kind: String,
    pub file_name: String,
    /// The plan interchange JSON as last saved.
    pub document: String,
    /// JSON of what the reader found, with sentences; '' for a draft typed in the editor.
    pub extraction: String,
    /// draft | published | discarded
    pub status: String,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A draft to start.
#[derive(Debug, Clone, Default)]
pub struct NewPlanDraft {
    pub plan_id: i64,
    pub change: String,
    pub source_kind: String,
    pub file_name: String,
    pub document: String,
    pub extraction: String,
}

const COLUMNS: &str = "id, plan_id, change, source_kind, file_name, document, extraction, status, created_by, \
     created_at, updated_at";

fn draft(r: &AnyRow) -> Result<PlanDraftRow> {
    Ok(PlanDraftRow {
        id: r.try_get("id")?,
        plan_id: r.try_get("plan_id")?,
        change: r.try_get("change")?,
        source_kind: r.try_get("source_kind")?,
        file_name: r.try_get("file_name")?,
        document: r.try_get("document")?,
        extraction: r.try_get("extraction")?,
        status: r.try_get("status")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

impl Reader<'_> {
    pub async fn plan_draft(&self, id: i64) -> Result<Option<PlanDraftRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM plan_drafts WHERE tenant_code = $1 AND id = $2"
        )))
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(draft).transpose()
    }

    /// The commune's drafts still open, newest first.
    pub async fn plan_drafts(&self) -> Result<Vec<PlanDraftRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM plan_drafts WHERE tenant_code = $1 AND status = 'draft' ORDER BY id DESC"
        )))
        .bind(self.tenant())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(draft).collect()
    }
}

impl Scope<'_> {
    pub async fn create_plan_draft(&self, d: &NewPlanDraft) -> Result<i64> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO plan_drafts (tenant_code, plan_id, change, source_kind, file_name, document, extraction, \
             status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $9) \
             RETURNING id",
        )
        .bind(self.tenant())
        .bind(d.plan_id)
        .bind(&d.change)
        .bind(&d.source_kind)
        .bind(&d.file_name)
        .bind(&d.document)
        .bind(&d.extraction)
        .bind(&self.actor().username)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let event = Event::new("plan_draft.create", "plan_draft", id).after(&serde_json::json!({
            "plan": d.plan_id, "change": d.change, "source": d.source_kind, "file": d.file_name,
        }));
        self.commit_audited(tx, &event).await?;
        Ok(id)
    }

    /// Saves the edited plan of an open draft; false when it is no longer open.
    pub async fn save_plan_draft(&self, id: i64, document: &str) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE plan_drafts SET document = $1, updated_at = $2 WHERE tenant_code = $3 AND id = $4 AND status = 'draft'",
        )
        .bind(document)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            let event =
                Event::new("plan_draft.save", "plan_draft", id).after(&serde_json::json!({ "bytes": document.len() }));
            self.commit_audited(tx, &event).await?;
        }
        Ok(done)
    }

    /// Drops an open draft; false when it is no longer open.
    pub async fn discard_plan_draft(&self, id: i64) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE plan_drafts SET status = 'discarded', updated_at = $1 WHERE tenant_code = $2 AND id = $3 AND status = 'draft'",
        )
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            self.commit_audited(tx, &Event::new("plan_draft.discard", "plan_draft", id))
                .await?;
        }
        Ok(done)
    }

    /// Publishes an open draft as the plan's next revision (or the commune's first plan), and
    /// closes it, all or nothing. None when the draft is no longer open. The plan must carry
    /// this scope's commune code: the caller checks it, and so does this.
    pub async fn publish_plan_draft(
        &self,
        id: i64,
        plan: &Plan,
        change: &RevisionChange,
        moves: &[FollowedDates],
    ) -> Result<Option<SavedPlan>> {
        if plan.authority.code != self.tenant() {
            return Ok(None);
        }
        let mut tx = self.store().write().await?;
        let document = serde_json::to_string(plan)?;
        let closed = sqlx::query(
            "UPDATE plan_drafts SET status = 'published', document = $1, updated_at = $2 \
             WHERE tenant_code = $3 AND id = $4 AND status = 'draft'",
        )
        .bind(&document)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !closed {
            return Ok(None);
        }
        let saved = save_plan_in(&mut tx, self.actor(), plan, &document, change).await?;
        follow_plan_dates_in(&mut tx, (self.tenant(), self.actor()), saved.id, moves).await?;
        let event = Event::new("plan_draft.publish", "plan_draft", id)
            .after(&serde_json::json!({ "plan": saved.id, "revision": saved.revision, "change": change.change }));
        self.commit_audited(tx, &event).await?;
        Ok(Some(saved))
    }

    /// Publishes a whole plan sent through the API (no draft): the commune's first plan or the
    /// next revision of its plan for the same period. None when the plan is another commune's.
    pub async fn publish_plan(
        &self,
        plan: &Plan,
        source: &str,
        change: &RevisionChange,
        moves: &[FollowedDates],
    ) -> Result<Option<SavedPlan>> {
        if plan.authority.code != self.tenant() {
            return Ok(None);
        }
        let mut tx = self.store().write().await?;
        let saved = save_plan_in(&mut tx, self.actor(), plan, source, change).await?;
        follow_plan_dates_in(&mut tx, (self.tenant(), self.actor()), saved.id, moves).await?;
        tx.commit().await?;
        Ok(Some(saved))
    }
}
