//! The secret that signs the audit trail, kept outside the database: whoever can write the
//! database but not read this file can neither recompute a tenant's chain nor forge the signed
//! anchors that pin how far each chain had grown (docs/adr/0014).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::audit::hex;
use crate::{Result, StoreError};

/// Where the key is read from when `THIDUA_AUDIT_KEY_FILE` does not say.
const KEY_ENV: &str = "THIDUA_AUDIT_KEY_FILE";

#[derive(Clone)]
pub struct AuditKey {
    secret: Arc<[u8; 32]>,
    path: PathBuf,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditKey({})", self.path.display())
    }
}

impl AuditKey {
    /// The key file for a database: `THIDUA_AUDIT_KEY_FILE`, else beside an SQLite file
    /// (`thidua.db.audit-key`), else `thidua-audit.key` in the working directory. Every app
    /// server of one PostgreSQL database must be given the same file.
    pub fn path_for(database_url: &str) -> PathBuf {
        if let Some(p) = std::env::var_os(KEY_ENV).filter(|p| !p.is_empty()) {
            return PathBuf::from(p);
        }
        if let Some(rest) = database_url.strip_prefix("sqlite:") {
            let file = rest.trim_start_matches("//").split('?').next().unwrap_or("");
            return PathBuf::from(format!("{file}.audit-key"));
        }
        PathBuf::from("thidua-audit.key")
    }

    /// Reads the key, or makes a new random one where there is none. A new file appears whole
    /// or not at all (written aside, then linked in place), so processes starting together
    /// all end up with the one key.
    pub fn load_or_create(path: &Path) -> Result<Self> {
        let io = |source: std::io::Error| StoreError::AuditKey {
            path: path.display().to_string(),
            source,
        };
        if !path.exists() {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(|e| io(std::io::Error::other(e.to_string())))?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let aside = path.with_extension(format!("new-{}", std::process::id()));
            {
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut f = options.open(&aside).map_err(io)?;
                f.write_all(hex(&secret).as_bytes()).map_err(io)?;
                f.sync_all().map_err(io)?;
            }
            // Another process may have linked its key first: then that one is the key.
            let linked = std::fs::hard_link(&aside, path);
            let _ = std::fs::remove_file(&aside);
            if let Err(e) = linked
                && e.kind() != std::io::ErrorKind::AlreadyExists
            {
                return Err(io(e));
            }
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        let bytes: Vec<u8> = (0..text.trim().len())
            .step_by(2)
            .filter_map(|i| u8::from_str_radix(text.trim().get(i..i + 2)?, 16).ok())
            .collect();
        let secret: [u8; 32] = bytes.try_into().map_err(|_| {
            io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "tệp khóa nhật ký phải chứa đúng 64 chữ số hex",
            ))
        })?;
        Ok(Self {
            secret: Arc::new(secret),
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// HMAC-SHA-256 over the parts, each followed by a unit separator.
    pub(crate) fn sign(&self, parts: &[&str]) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.secret.as_slice()).expect("any key length");
        for p in parts {
            mac.update(p.as_bytes());
            mac.update(&[0x1f]);
        }
        hex(&mac.finalize().into_bytes())
    }
}

/// The file the signed anchors are appended to: beside the key.
pub fn anchor_path(key: &Path) -> PathBuf {
    let name = key
        .file_name()
        .map_or_else(|| "audit".into(), |n| n.to_string_lossy().into_owned());
    key.with_file_name(format!(
        "{}.anchors",
        name.trim_end_matches(".audit-key").trim_end_matches(".key")
    ))
}
