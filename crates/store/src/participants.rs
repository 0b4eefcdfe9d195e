//! Participants of a commune: collectives (the `units` table) with their head, parent,
//! members and cluster, and individuals. Imports apply a whole file in one transaction or
//! nothing, and a row equal to what is stored changes nothing.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::audit::{Event, append};
use crate::scope::{Reader, Scope};
use crate::{Result, now_unix};

/// A collective as its form and its import row describe it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collective {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub head_name: String,
    /// 0 when it has no parent unit; -1 when the parent is named by `parent_name` and saved
    /// earlier in the same batch.
    pub parent_id: i64,
    /// The parent's exact name when `parent_id` is -1; never stored.
    #[serde(skip)]
    pub parent_name: String,
    pub members: i64,
    pub women_members: i64,
    pub cluster: String,
}

/// An individual: only what the process needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    /// 0 for residents with no organisation in the commune.
    pub unit_id: i64,
    pub full_name: String,
    /// "nam" | "nu".
    pub gender: String,
    pub birth_year: i64,
    pub position: String,
    pub category: String,
    /// Folded name | birth year | unit: what an import recognises a person by.
    pub match_key: String,
}

/// What an import or a save did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
}

const COLLECTIVE_COLUMNS: &str = "id, name, kind, head_name, parent_id, members, women_members, cluster";

fn collective(r: &sqlx::any::AnyRow) -> Result<Collective> {
    Ok(Collective {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
        head_name: r.try_get("head_name")?,
        parent_id: r.try_get("parent_id")?,
        members: r.try_get("members")?,
        women_members: r.try_get("women_members")?,
        cluster: r.try_get("cluster")?,
        parent_name: String::new(),
    })
}

const PERSON_COLUMNS: &str = "id, unit_id, full_name, gender, birth_year, position, category, match_key";

fn person(r: &sqlx::any::AnyRow) -> Result<Person> {
    Ok(Person {
        id: r.try_get("id")?,
        unit_id: r.try_get("unit_id")?,
        full_name: r.try_get("full_name")?,
        gender: r.try_get("gender")?,
        birth_year: r.try_get("birth_year")?,
        position: r.try_get("position")?,
        category: r.try_get("category")?,
        match_key: r.try_get("match_key")?,
    })
}

type Tx = crate::WriteTx;

impl Reader<'_> {
    pub async fn collectives(&self) -> Result<Vec<Collective>> {
        let sql = format!("SELECT {COLLECTIVE_COLUMNS} FROM units WHERE tenant_code = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .fetch_all(&self.store().pool)
            .await?;
        rows.iter().map(collective).collect()
    }

    pub async fn collective(&self, id: i64) -> Result<Option<Collective>> {
        let sql = format!("SELECT {COLLECTIVE_COLUMNS} FROM units WHERE tenant_code = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(id)
            .fetch_optional(&self.store().pool)
            .await?;
        row.as_ref().map(collective).transpose()
    }

    /// The kinds this commune added to the built-in catalogue: (code, label).
    pub async fn custom_unit_kinds(&self) -> Result<Vec<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT code, label FROM unit_kinds WHERE tenant_code = $1 ORDER BY label")
                .bind(self.tenant())
                .fetch_all(&self.store().pool)
                .await?,
        )
    }

    /// The ids of the deactivated collectives and people.
    pub async fn inactive_participants(&self) -> Result<(Vec<i64>, Vec<i64>)> {
        let units: Vec<i64> = sqlx::query_scalar("SELECT id FROM units WHERE tenant_code = $1 AND active = 0")
            .bind(self.tenant())
            .fetch_all(&self.store().pool)
            .await?;
        let people: Vec<i64> = sqlx::query_scalar("SELECT id FROM people WHERE tenant_code = $1 AND active = 0")
            .bind(self.tenant())
            .fetch_all(&self.store().pool)
            .await?;
        Ok((units, people))
    }

    /// The people the commune follows; deactivated ones are left out.
    pub async fn people(&self) -> Result<Vec<Person>> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE tenant_code = $1 AND active = 1 AND ($2 = 0 OR unit_id = $2)"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(self.unit_bound())
            .fetch_all(&self.store().pool)
            .await?;
        rows.iter().map(person).collect()
    }

    /// Everyone ever listed, the deactivated too, for the list page.
    pub async fn all_people(&self) -> Result<Vec<Person>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM people WHERE tenant_code = $1");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .fetch_all(&self.store().pool)
            .await?;
        rows.iter().map(person).collect()
    }

    pub async fn people_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE tenant_code = $1")
            .bind(self.tenant())
            .fetch_one(&self.store().pool)
            .await?)
    }
}

impl Scope<'_> {
    /// Saves collectives matched by name: new names are added, changed ones updated, equal ones
    /// left alone. All in one transaction.
    pub async fn save_collectives(&self, rows: &[Collective]) -> Result<Applied> {
        let mut tx = self.store().write().await?;
        let mut applied = Applied::default();
        for c in rows {
            self.save_collective_in(&mut tx, c, &mut applied).await?;
        }
        tx.commit().await?;
        Ok(applied)
    }

    async fn save_collective_in(&self, tx: &mut Tx, c: &Collective, applied: &mut Applied) -> Result<()> {
        let mut c = c.clone();
        if c.parent_id == -1 {
            c.parent_id = sqlx::query_scalar("SELECT id FROM units WHERE tenant_code = $1 AND name = $2")
                .bind(self.tenant())
                .bind(&c.parent_name)
                .fetch_optional(&mut **tx)
                .await?
                .unwrap_or(0);
            c.parent_name.clear();
        }
        let c = &c;
        let sql = format!("SELECT {COLLECTIVE_COLUMNS} FROM units WHERE tenant_code = $1 AND name = $2");
        let existing = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(&c.name)
            .fetch_optional(&mut **tx)
            .await?
            .as_ref()
            .map(collective)
            .transpose()?;
        let now = now_unix();
        match existing {
            Some(old)
                if Collective {
                    id: old.id,
                    ..c.clone()
                } == old =>
            {
                applied.unchanged += 1
            }
            Some(old) => {
                sqlx::query(
                    "UPDATE units SET kind = $1, head_name = $2, parent_id = $3, members = $4, women_members = $5, \
                     cluster = $6, updated_at = $7 WHERE tenant_code = $8 AND id = $9",
                )
                .bind(&c.kind)
                .bind(&c.head_name)
                .bind(c.parent_id)
                .bind(c.members)
                .bind(c.women_members)
                .bind(&c.cluster)
                .bind(now)
                .bind(self.tenant())
                .bind(old.id)
                .execute(&mut **tx)
                .await?;
                let after = Collective {
                    id: old.id,
                    ..c.clone()
                };
                let event = Event::new("unit.update", "unit", old.id).before(&old).after(&after);
                append(tx, self.tenant(), self.actor(), &event).await?;
                applied.updated += 1;
            }
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO units (tenant_code, name, kind, head_name, parent_id, members, women_members, cluster, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                )
                .bind(self.tenant())
                .bind(&c.name)
                .bind(&c.kind)
                .bind(&c.head_name)
                .bind(c.parent_id)
                .bind(c.members)
                .bind(c.women_members)
                .bind(&c.cluster)
                .bind(now)
                .fetch_one(&mut **tx)
                .await?;
                let after = Collective { id, ..c.clone() };
                append(
                    tx,
                    self.tenant(),
                    self.actor(),
                    &Event::new("unit.create", "unit", id).after(&after),
                )
                .await?;
                applied.added += 1;
            }
        }
        Ok(())
    }

    /// Adds a kind; false when the code exists.
    pub async fn add_unit_kind(&self, code: &str, label: &str) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "INSERT INTO unit_kinds (tenant_code, code, label) VALUES ($1, $2, $3) ON CONFLICT (tenant_code, code) DO NOTHING",
        )
        .bind(self.tenant())
        .bind(code)
        .bind(label)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done > 0 {
            let after = serde_json::json!({ "code": code, "label": label });
            self.audit_in(
                &mut tx,
                &Event::new("unit_kind.create", "unit_kind", code).after(&after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done > 0)
    }

    /// Deactivates (or takes back) a collective (`table` units) or a person (`table` people);
    /// false when there is no such row or it already is so.
    pub async fn set_participant_active(&self, person: bool, id: i64, active: bool) -> Result<bool> {
        let sql = if person {
            "UPDATE people SET active = $1 WHERE tenant_code = $2 AND id = $3 AND active <> $1"
        } else {
            "UPDATE units SET active = $1 WHERE tenant_code = $2 AND id = $3 AND active <> $1"
        };
        let mut tx = self.store().write().await?;
        let done = sqlx::query(sql)
            .bind(i64::from(active))
            .bind(self.tenant())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if done {
            let event = Event::new(
                if active {
                    "participant.activate"
                } else {
                    "participant.deactivate"
                },
                if person { "person" } else { "unit" },
                id,
            );
            self.commit_audited(tx, &event).await?;
        }
        Ok(done)
    }

    // ------------------------------------------------------------------ people

    /// Saves people matched by `match_key`, in one transaction.
    pub async fn save_people(&self, rows: &[Person]) -> Result<Applied> {
        let mut tx = self.store().write().await?;
        let mut applied = Applied::default();
        let now = now_unix();
        for p in rows {
            let sql = format!("SELECT {PERSON_COLUMNS} FROM people WHERE tenant_code = $1 AND match_key = $2");
            let existing = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(self.tenant())
                .bind(&p.match_key)
                .fetch_optional(&mut *tx)
                .await?
                .as_ref()
                .map(person)
                .transpose()?;
            match existing {
                Some(old)
                    if Person {
                        id: old.id,
                        ..p.clone()
                    } == old =>
                {
                    applied.unchanged += 1
                }
                Some(old) => {
                    sqlx::query(
                        "UPDATE people SET unit_id = $1, full_name = $2, gender = $3, birth_year = $4, position = $5, \
                         category = $6, updated_at = $7 WHERE tenant_code = $8 AND id = $9",
                    )
                    .bind(p.unit_id)
                    .bind(&p.full_name)
                    .bind(&p.gender)
                    .bind(p.birth_year)
                    .bind(&p.position)
                    .bind(&p.category)
                    .bind(now)
                    .bind(self.tenant())
                    .bind(old.id)
                    .execute(&mut *tx)
                    .await?;
                    let after = Person {
                        id: old.id,
                        ..p.clone()
                    };
                    let event = Event::new("person.update", "person", old.id).before(&old).after(&after);
                    self.audit_in(&mut tx, &event).await?;
                    applied.updated += 1;
                }
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO people (tenant_code, unit_id, full_name, gender, birth_year, position, category, \
                         match_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                    )
                    .bind(self.tenant())
                    .bind(p.unit_id)
                    .bind(&p.full_name)
                    .bind(&p.gender)
                    .bind(p.birth_year)
                    .bind(&p.position)
                    .bind(&p.category)
                    .bind(&p.match_key)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    let after = Person { id, ..p.clone() };
                    self.audit_in(&mut tx, &Event::new("person.create", "person", id).after(&after))
                        .await?;
                    applied.added += 1;
                }
            }
        }
        tx.commit().await?;
        Ok(applied)
    }
}
