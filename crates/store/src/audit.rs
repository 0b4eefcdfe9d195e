//! The audit trail: every change to tenant data, every sign-in and every refusal, appended in
//! the same transaction as the change, hash-chained per tenant so that an edited or deleted
//! entry is found by [`Store::verify_audit`].

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::audit_key::AuditKey;
use crate::{Result, Store, now_unix};

/// Who is acting. Every write to tenant data carries one into the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// 0 for the system itself (CLI, start-up).
    pub user_id: i64,
    pub username: String,
    /// The unit an officer acts for ("nhập hộ"), or empty.
    pub on_behalf_of: String,
    pub request_id: String,
    pub client_addr: String,
}

impl Actor {
    /// The platform acting on its own, e.g. `thidua plan load` or `serve --demo`.
    pub fn system(what: &str) -> Self {
        Self {
            user_id: 0,
            username: format!("hệ thống ({what})"),
            on_behalf_of: String::new(),
            request_id: String::new(),
            client_addr: String::new(),
        }
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Denied,
    Failed,
}

impl Outcome {
    fn code(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Denied => "denied",
            Self::Failed => "failed",
        }
    }
}

/// One entry to append.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    /// JSON of the entity before the change ("" for none).
    pub before: String,
    /// JSON of the entity after the change ("" for none).
    pub after: String,
    pub outcome: Outcome,
}

impl<'a> Event<'a> {
    pub fn new(action: &'a str, entity: &'a str, entity_id: impl ToString) -> Self {
        Self {
            action,
            entity,
            entity_id: entity_id.to_string(),
            before: String::new(),
            after: String::new(),
            outcome: Outcome::Ok,
        }
    }

    pub fn before(mut self, value: &impl Serialize) -> Self {
        self.before = serde_json::to_string(value).unwrap_or_default();
        self
    }

    pub fn after(mut self, value: &impl Serialize) -> Self {
        self.after = serde_json::to_string(value).unwrap_or_default();
        self
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub tenant_code: String,
    pub seq: i64,
    pub at: i64,
    pub actor_id: i64,
    pub actor: String,
    pub on_behalf_of: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before_json: String,
    pub after_json: String,
    pub outcome: String,
    pub request_id: String,
    pub client_addr: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    fn computed_hash(&self) -> String {
        let mut h = Sha256::new();
        for field in [
            self.prev_hash.as_str(),
            &self.tenant_code,
            &self.seq.to_string(),
            &self.at.to_string(),
            &self.actor_id.to_string(),
            &self.actor,
            &self.on_behalf_of,
            &self.action,
            &self.entity,
            &self.entity_id,
            &self.before_json,
            &self.after_json,
            &self.outcome,
            &self.request_id,
            &self.client_addr,
        ] {
            h.update(field.as_bytes());
            h.update([0x1f]);
        }
        hex(&h.finalize())
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Filters for reading the trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub outcome: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub limit: u32,
}

/// Appends one entry to `tenant`'s chain inside the caller's transaction. The UPDATE of the
/// chain head takes its row lock first, so concurrent writers of one tenant queue up and the
/// chain never forks.
pub(crate) async fn append(tx: &mut crate::WriteTx, tenant: &str, actor: &Actor, event: &Event<'_>) -> Result<i64> {
    sqlx::query(
        "INSERT INTO audit_heads (tenant_code, seq, hash) VALUES ($1, 0, '') ON CONFLICT (tenant_code) DO NOTHING",
    )
    .bind(tenant)
    .execute(&mut **tx)
    .await?;
    let (seq, prev_hash): (i64, String) =
        sqlx::query_as("UPDATE audit_heads SET seq = seq + 1 WHERE tenant_code = $1 RETURNING seq, hash")
            .bind(tenant)
            .fetch_one(&mut **tx)
            .await?;
    let mut entry = AuditEntry {
        tenant_code: tenant.to_owned(),
        seq,
        at: now_unix(),
        actor_id: actor.user_id,
        actor: actor.username.clone(),
        on_behalf_of: actor.on_behalf_of.clone(),
        action: event.action.to_owned(),
        entity: event.entity.to_owned(),
        entity_id: event.entity_id.clone(),
        before_json: event.before.clone(),
        after_json: event.after.clone(),
        outcome: event.outcome.code().to_owned(),
        request_id: actor.request_id.clone(),
        client_addr: actor.client_addr.clone(),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.computed_hash();
    sqlx::query(
        "INSERT INTO audit_log (tenant_code, seq, at, actor_id, actor, on_behalf_of, action, entity, entity_id, \
         before_json, after_json, outcome, request_id, client_addr, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(&entry.tenant_code)
    .bind(entry.seq)
    .bind(entry.at)
    .bind(entry.actor_id)
    .bind(&entry.actor)
    .bind(&entry.on_behalf_of)
    .bind(&entry.action)
    .bind(&entry.entity)
    .bind(&entry.entity_id)
    .bind(&entry.before_json)
    .bind(&entry.after_json)
    .bind(&entry.outcome)
    .bind(&entry.request_id)
    .bind(&entry.client_addr)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut **tx)
    .await?;
    let mac = head_mac(&tx.audit_key, tenant, seq, &entry.hash);
    sqlx::query("UPDATE audit_heads SET hash = $1, mac = $2 WHERE tenant_code = $3")
        .bind(&entry.hash)
        .bind(&mac)
        .bind(tenant)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
}

fn head_mac(key: &AuditKey, tenant: &str, seq: i64, hash: &str) -> String {
    key.sign(&["head", tenant, &seq.to_string(), hash])
}

fn anchor_mac(key: &AuditKey, tenant: &str, seq: i64, hash: &str, at: i64) -> String {
    key.sign(&["anchor", tenant, &seq.to_string(), hash, &at.to_string()])
}

const ENTRY_COLUMNS: &str = "tenant_code, seq, at, actor_id, actor, on_behalf_of, action, entity, entity_id, \
     before_json, after_json, outcome, request_id, client_addr, prev_hash, hash";

fn entry(row: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        tenant_code: row.try_get("tenant_code")?,
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor_id: row.try_get("actor_id")?,
        actor: row.try_get("actor")?,
        on_behalf_of: row.try_get("on_behalf_of")?,
        action: row.try_get("action")?,
        entity: row.try_get("entity")?,
        entity_id: row.try_get("entity_id")?,
        before_json: row.try_get("before_json")?,
        after_json: row.try_get("after_json")?,
        outcome: row.try_get("outcome")?,
        request_id: row.try_get("request_id")?,
        client_addr: row.try_get("client_addr")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

/// A place where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditBreak {
    pub tenant_code: String,
    pub seq: i64,
    pub reason: String,
}

impl std::fmt::Display for AuditBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "nhật ký của {}, mục số {}: {}",
            self.tenant_code, self.seq, self.reason
        )
    }
}

impl Store {
    /// Records something that changes no data (a sign-in, a refusal) in its own transaction.
    pub async fn record(&self, tenant: &str, actor: &Actor, event: &Event<'_>) -> Result<()> {
        let mut tx = self.write().await?;
        append(&mut tx, tenant, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest entries of one tenant's trail, newest first.
    pub(crate) async fn audit_entries(&self, tenant: &str, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        enum Bind {
            Text(String),
            Int(i64),
        }
        let mut conditions = vec!["tenant_code = $1".to_owned()];
        let mut binds = vec![Bind::Text(tenant.to_owned())];
        let mut add = |cond: &str, value: Bind| {
            binds.push(value);
            conditions.push(format!("{cond} ${}", binds.len()));
        };
        if let Some(a) = &filter.action {
            add("action =", Bind::Text(a.clone()));
        }
        if let Some(a) = &filter.actor {
            add("actor =", Bind::Text(a.clone()));
        }
        if let Some(o) = &filter.outcome {
            add("outcome =", Bind::Text(o.clone()));
        }
        if let Some(f) = filter.from {
            add("at >=", Bind::Int(f));
        }
        if let Some(t) = filter.to {
            add("at <", Bind::Int(t));
        }
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM audit_log WHERE {} ORDER BY seq DESC LIMIT {}",
            conditions.join(" AND "),
            filter.limit.clamp(1, 100_000)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = match b {
                Bind::Text(t) => q.bind(t),
                Bind::Int(i) => q.bind(i),
            };
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(entry).collect()
    }

    /// Walks the chain of every tenant that has entries or a head and returns each place it
    /// is broken: an entry whose content no longer matches its hash, a missing or reordered
    /// entry, a removed last entry, a missing head, a head whose signature does not match
    /// (the chain was recomputed or the head moved), and, given the signed anchors written
    /// earlier (`anchors`, the file's text), an anchored entry that is gone or replaced (the
    /// tail was cut and the head moved back, or a tenant's whole trail was deleted).
    pub async fn verify_audit(&self, anchors: Option<&str>) -> Result<Vec<AuditBreak>> {
        let heads: Vec<(String, i64, String, String)> =
            sqlx::query_as("SELECT tenant_code, seq, hash, mac FROM audit_heads")
                .fetch_all(&self.pool)
                .await?;
        let mut tenants: Vec<String> = sqlx::query_scalar("SELECT DISTINCT tenant_code FROM audit_log")
            .fetch_all(&self.pool)
            .await?;
        tenants.extend(heads.iter().map(|h| h.0.clone()));
        tenants.sort();
        tenants.dedup();
        let mut breaks = Vec::new();
        let mut chains: HashMap<String, HashMap<i64, String>> = HashMap::new();
        for tenant in tenants {
            let (hashes, mut found) = self.walk_chain(&tenant).await?;
            breaks.append(&mut found);
            let last = hashes.iter().max_by_key(|(seq, _)| **seq).map(|(s, h)| (*s, h.clone()));
            let at_head = |seq: i64, reason: &str| AuditBreak {
                tenant_code: tenant.clone(),
                seq,
                reason: reason.to_owned(),
            };
            match heads.iter().find(|h| h.0 == tenant) {
                None => breaks.push(at_head(last.as_ref().map_or(0, |l| l.0), "đầu chuỗi nhật ký đã bị xóa")),
                Some((_, seq, hash, mac)) => {
                    if last.as_ref().is_none_or(|(s, h)| s != seq || h != hash) {
                        breaks.push(at_head(*seq, "mục cuối cùng đã bị xóa hoặc sửa"));
                    }
                    if mac.is_empty() {
                        breaks.push(at_head(
                            *seq,
                            "đầu chuỗi chưa được ký bằng khóa (ghi trước phiên bản có khóa, hoặc chữ ký đã bị xóa): chạy `thidua audit seal` sau khi kiểm tra",
                        ));
                    } else if *mac != head_mac(&self.audit_key, &tenant, *seq, hash) {
                        breaks.push(at_head(
                            *seq,
                            "chữ ký đầu chuỗi không khớp khóa: nhật ký đã bị tính lại hoặc đầu chuỗi bị thay",
                        ));
                    }
                }
            }
            chains.insert(tenant, hashes);
        }
        if let Some(text) = anchors {
            breaks.extend(self.check_anchors(text, &chains));
        }
        Ok(breaks)
    }

    /// One tenant's entries in order: (seq → hash) and the places the chain breaks.
    async fn walk_chain(&self, tenant: &str) -> Result<(HashMap<i64, String>, Vec<AuditBreak>)> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM audit_log WHERE tenant_code = $1 ORDER BY seq");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant)
            .fetch_all(&self.pool)
            .await?;
        let mut breaks = Vec::new();
        let mut hashes = HashMap::new();
        let mut expected_seq = 1;
        let mut prev = String::new();
        for row in &rows {
            let e = entry(row)?;
            let broken = |reason: String| AuditBreak {
                tenant_code: tenant.to_owned(),
                seq: e.seq,
                reason,
            };
            if e.seq != expected_seq {
                breaks.push(AuditBreak {
                    tenant_code: tenant.to_owned(),
                    seq: expected_seq,
                    reason: format!("mục đã bị xóa (mục tiếp theo có số {})", e.seq),
                });
            } else if e.prev_hash != prev {
                breaks.push(broken(
                    "không nối tiếp mục trước (mục trước đã bị sửa, xóa hoặc đổi chỗ)".to_owned(),
                ));
            } else if e.computed_hash() != e.hash {
                breaks.push(broken(format!(
                    "nội dung đã bị sửa sau khi ghi (hành động “{}”, người thực hiện “{}”)",
                    e.action, e.actor
                )));
            }
            expected_seq = e.seq + 1;
            prev = e.hash.clone();
            hashes.insert(e.seq, e.hash);
        }
        Ok((hashes, breaks))
    }

    fn check_anchors(&self, text: &str, chains: &HashMap<String, HashMap<i64, String>>) -> Vec<AuditBreak> {
        let mut breaks = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line.split('\t').collect();
            let parsed = match parts.as_slice() {
                [tenant, seq, hash, at, mac] => seq
                    .parse::<i64>()
                    .ok()
                    .zip(at.parse::<i64>().ok())
                    .map(|(seq, at)| (*tenant, seq, *hash, at, *mac)),
                _ => None,
            };
            let Some((tenant, seq, hash, at, mac)) = parsed else {
                breaks.push(AuditBreak {
                    tenant_code: String::new(),
                    seq: 0,
                    reason: format!("dòng neo số {} không đọc được", n + 1),
                });
                continue;
            };
            let at_anchor = |reason: String| AuditBreak {
                tenant_code: tenant.to_owned(),
                seq,
                reason,
            };
            let when = thidua_domain::calendar::local_time(at, false);
            if mac != anchor_mac(&self.audit_key, tenant, seq, hash, at) {
                breaks.push(at_anchor(format!("dòng neo số {} đã bị sửa", n + 1)));
            } else {
                match chains.get(tenant).and_then(|c| c.get(&seq)) {
                    None => breaks.push(at_anchor(format!(
                        "mục đã được neo lúc {when} không còn: đuôi nhật ký đã bị cắt hoặc nhật ký bị xóa"
                    ))),
                    Some(h) if h != hash => breaks.push(at_anchor(format!(
                        "mục đã được neo lúc {when} đã bị thay bằng mục khác"
                    ))),
                    Some(_) => {}
                }
            }
        }
        breaks
    }

    /// One signed line per tenant for its current head, to append to the anchors file kept
    /// outside the database: "tenant\tseq\thash\tat\tsignature".
    pub async fn audit_anchor_lines(&self) -> Result<Vec<String>> {
        let heads: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT tenant_code, seq, hash FROM audit_heads WHERE seq > 0 ORDER BY tenant_code")
                .fetch_all(&self.pool)
                .await?;
        let at = now_unix();
        Ok(heads
            .into_iter()
            .map(|(tenant, seq, hash)| {
                let mac = anchor_mac(&self.audit_key, &tenant, seq, &hash, at);
                format!("{tenant}\t{seq}\t{hash}\t{at}\t{mac}")
            })
            .collect())
    }

    /// Signs the heads written before heads were signed, once their chains verify; returns
    /// how many were signed, or the breaks that stopped it.
    pub async fn seal_audit(&self) -> Result<std::result::Result<usize, Vec<AuditBreak>>> {
        let unsigned = |b: &AuditBreak| b.reason.starts_with("đầu chuỗi chưa được ký");
        let breaks = self.verify_audit(None).await?;
        if breaks.iter().any(|b| !unsigned(b)) {
            return Ok(Err(breaks.into_iter().filter(|b| !unsigned(b)).collect()));
        }
        let mut tx = self.write().await?;
        let heads: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT tenant_code, seq, hash FROM audit_heads WHERE mac = ''")
                .fetch_all(&mut *tx)
                .await?;
        for (tenant, seq, hash) in &heads {
            sqlx::query("UPDATE audit_heads SET mac = $1 WHERE tenant_code = $2 AND seq = $3 AND mac = ''")
                .bind(head_mac(&tx.audit_key, tenant, *seq, hash))
                .bind(tenant)
                .bind(seq)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Ok(heads.len()))
    }

    pub fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }

    /// How many entries the trail holds in all.
    pub async fn audit_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
            .fetch_one(&self.pool)
            .await?)
    }
}
