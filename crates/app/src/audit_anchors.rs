//! Keeping the audit trail honest from outside the database: verifying it against the signed
//! anchors file, appending to that file, and signing heads written before heads were signed.
//! See docs/adr/0014.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

pub use thidua_store::anchor_path;
use thidua_store::{AuditBreak, AuditKey};

use crate::{App, AppError, Result};

/// The audit key file and the anchors file a database opens with.
pub fn audit_files_for(database_url: &str) -> (PathBuf, PathBuf) {
    let key = AuditKey::path_for(database_url);
    let anchors = anchor_path(&key);
    (key, anchors)
}

/// The last anchored sequence number of each tenant.
pub type Anchored = HashMap<String, i64>;

impl App {
    /// The file holding the key that signs the audit chain heads.
    pub fn audit_key_file(&self) -> PathBuf {
        self.store.audit_key().path().to_owned()
    }

    /// A copy of the database taken while it runs (SQLite).
    pub async fn backup_into(&self, path: &std::path::Path) -> Result<()> {
        Ok(self.store.backup_into(path).await?)
    }

    /// The anchors file: beside the audit key, outside the database.
    pub fn anchor_file(&self) -> PathBuf {
        anchor_path(self.store.audit_key().path())
    }

    /// Checks every tenant's audit chain, its signed head and, where the anchors file exists,
    /// every anchored entry; an empty list means it is intact.
    pub async fn verify_audit(&self) -> Result<Vec<AuditBreak>> {
        let anchors = match std::fs::read_to_string(self.anchor_file()) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(&self.anchor_file(), &e)),
        };
        Ok(self.store.verify_audit(anchors.as_deref()).await?)
    }

    /// What the anchors file already pins, read once when anchoring starts.
    pub fn anchored(&self) -> Anchored {
        let mut last = Anchored::new();
        if let Ok(text) = std::fs::read_to_string(self.anchor_file()) {
            for line in text.lines() {
                let mut parts = line.split('\t');
                if let (Some(tenant), Some(Ok(seq))) = (parts.next(), parts.next().map(str::parse::<i64>)) {
                    let at = last.entry(tenant.to_owned()).or_insert(0);
                    *at = (*at).max(seq);
                }
            }
        }
        last
    }

    /// Appends a signed line for every tenant whose chain grew since `last`, and syncs the file;
    /// returns how many lines were written.
    pub async fn anchor_audit(&self, last: &mut Anchored) -> Result<usize> {
        let lines: Vec<String> = self
            .store
            .audit_anchor_lines()
            .await?
            .into_iter()
            .filter(|line| {
                let mut parts = line.split('\t');
                let tenant = parts.next().unwrap_or_default();
                let seq = parts.next().and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
                last.get(tenant).is_none_or(|&s| s < seq)
            })
            .collect();
        if lines.is_empty() {
            return Ok(0);
        }
        let path = self.anchor_file();
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| io_error(&path, &e))?;
        let mut text = lines.join("\n");
        text.push('\n');
        f.write_all(text.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| io_error(&path, &e))?;
        for line in &lines {
            let mut parts = line.split('\t');
            if let (Some(t), Some(Ok(seq))) = (parts.next(), parts.next().map(str::parse::<i64>)) {
                last.insert(t.to_owned(), seq);
            }
        }
        Ok(lines.len())
    }

    /// Signs the heads written before this version, once every chain verifies.
    pub async fn seal_audit(&self) -> Result<std::result::Result<usize, Vec<AuditBreak>>> {
        Ok(self.store.seal_audit().await?)
    }
}

fn io_error(path: &std::path::Path, e: &std::io::Error) -> AppError {
    AppError::Invalid(format!("không đọc/ghi được tệp neo nhật ký {}: {e}", path.display()))
}
