//! Files attached to a record other than a report (an initiative's documents, a nomination's
//! dossier). The caller checks it may see the owner; every query here is scoped to the tenant
//! and the owner, so a file id from another record or commune reads as missing.

use serde::Serialize;
use sqlx::Row;

use crate::audit::Event;
use crate::scope::{Reader, Scope};
use crate::{Result, now_unix};

/// The record a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner<'a> {
    pub kind: &'a str,
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRow {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

impl Reader<'_> {
    pub async fn files(&self, owner: Owner<'_>) -> Result<Vec<FileRow>> {
        let rows = sqlx::query(
            "SELECT id, file_name, content_type, size, sha256, uploaded_at, uploaded_by FROM files \
             WHERE tenant_code = $1 AND owner_kind = $2 AND owner_id = $3 ORDER BY id",
        )
        .bind(self.tenant())
        .bind(owner.kind)
        .bind(owner.id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FileRow {
                    id: r.try_get("id")?,
                    file_name: r.try_get("file_name")?,
                    content_type: r.try_get("content_type")?,
                    size: r.try_get("size")?,
                    sha256: r.try_get("sha256")?,
                    uploaded_at: r.try_get("uploaded_at")?,
                    uploaded_by: r.try_get("uploaded_by")?,
                })
            })
            .collect()
    }

    /// The file's name, type and bytes, when it belongs to `owner`.
    pub async fn file_data(&self, owner: Owner<'_>, id: i64) -> Result<Option<(String, String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT file_name, content_type, data FROM files \
             WHERE tenant_code = $1 AND owner_kind = $2 AND owner_id = $3 AND id = $4",
        )
        .bind(self.tenant())
        .bind(owner.kind)
        .bind(owner.id)
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }
}

impl Scope<'_> {
    pub async fn add_file(&self, owner: Owner<'_>, file_name: &str, content_type: &str, data: &[u8]) -> Result<i64> {
        use sha2::{Digest, Sha256};
        let sha = crate::audit::hex(&Sha256::digest(data));
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO files (tenant_code, owner_kind, owner_id, file_name, content_type, size, sha256, data, \
             uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(self.tenant())
        .bind(owner.kind)
        .bind(owner.id)
        .bind(file_name)
        .bind(content_type)
        .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
        .bind(&sha)
        .bind(data.to_vec())
        .bind(now_unix())
        .bind(&self.actor().username)
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({
            owner.kind: owner.id, "file_name": file_name, "content_type": content_type,
            "size": data.len(), "sha256": sha,
        });
        self.commit_audited(tx, &Event::new("file.add", "file", id).after(&after))
            .await?;
        Ok(id)
    }

    /// Removes a file of `owner`; false when there was none.
    pub async fn remove_file(&self, owner: Owner<'_>, id: i64) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done =
            sqlx::query("DELETE FROM files WHERE tenant_code = $1 AND owner_kind = $2 AND owner_id = $3 AND id = $4")
                .bind(self.tenant())
                .bind(owner.kind)
                .bind(owner.id)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if done > 0 {
            let before = serde_json::json!({ owner.kind: owner.id });
            self.audit_in(&mut tx, &Event::new("file.remove", "file", id).before(&before))
                .await?;
        }
        tx.commit().await?;
        Ok(done > 0)
    }
}
