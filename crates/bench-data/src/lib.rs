//! A synthetic country for benchmarks (`thidua demo --scale national`): every commune of the
//! directory as a tenant with a plan, about 100 collectives and 1,000 individuals each, past
//! years of accepted reports, and unit reporters with API tokens for a deadline-day load
//! test. Deterministic from a seed. Rows are written in bulk, without audit entries: this is
//! benchmark data, not a record of anyone's work.

mod initiatives;

pub use initiatives::{InitiativeBench, Latencies};
use thidua_domain::directory;
use thidua_domain::reporting::{INDICATORS, ReportBody};
use thidua_store::{Actor, Cell, TenantRow};

use thidua_app::admin::UNIT_KINDS;
use thidua_app::auth::{hash_password, random_token, token_hash};
use thidua_app::{App, AppError, Result, SEED_PLANS};
use thidua_store::Store;

/// Writes benchmark data beside an app: bulk rows through its own connection to the same
/// database, and the app's public use cases where a page would be measured.
pub struct Generator<'a> {
    app: &'a App,
    store: Store,
}

impl<'a> Generator<'a> {
    /// `database_url` is the app's own database.
    pub async fn connect(app: &'a App, database_url: &str) -> Result<Self> {
        let store = Store::connect(database_url).await?;
        Ok(Self { app, store })
    }
}

/// How big the country is.
#[derive(Debug, Clone)]
pub struct Scale {
    pub seed: u64,
    /// 0 for every commune of the directory.
    pub communes: usize,
    pub units_per_commune: usize,
    pub people_per_commune: usize,
    /// Years with every unit's report submitted and accepted.
    pub report_years: Vec<i32>,
    /// Unit reporters to create, spread over the communes, each with an API token.
    pub reporters: usize,
    /// Initiatives of each commune, submitted or recognised, with the word index.
    pub initiatives_per_commune: usize,
}

/// What was generated, and the reporters' tokens: (token, tenant, unit id).
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub communes: usize,
    pub units: usize,
    pub people: usize,
    pub reports: usize,
    pub initiatives: usize,
    pub reporters: Vec<(String, String, i64)>,
}

/// A small deterministic generator (xorshift64*): the same seed gives the same country.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    pub(crate) fn below(&mut self, n: u64) -> i64 {
        (self.next() % n.max(1)) as i64
    }
}

const FAMILY: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
];
const MIDDLE_M: [&str; 6] = ["Văn", "Hữu", "Đức", "Công", "Minh", "Quang"];
const MIDDLE_F: [&str; 6] = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"];
const GIVEN_M: [&str; 12] = [
    "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Phúc", "Long", "Sơn", "Tâm", "Đức", "Khánh", "Bình",
];
const GIVEN_F: [&str; 12] = [
    "Lan", "Hương", "Mai", "Hoa", "Thảo", "Nhung", "Ánh", "Hạnh", "Yến", "Trang", "Thủy", "Linh",
];
const UNIT_WORDS: [&str; 8] = [
    "Thôn",
    "Ấp",
    "Tổ dân phố",
    "Trường",
    "Chi hội",
    "Hợp tác xã",
    "Đội",
    "Khu phố",
];

impl Generator<'_> {
    /// Generates the country into this (empty or demo) database.
    pub async fn load_national(&self, scale: &Scale) -> Result<Generated> {
        let actor = Actor::system("dữ liệu tổng hợp");
        let mut rng = Rng(scale.seed.max(1));
        let all = directory::national();
        let communes: Vec<_> = all
            .communes
            .iter()
            .take(if scale.communes == 0 {
                usize::MAX
            } else {
                scale.communes
            })
            .collect();
        let template = thidua_domain::plan::parse_plan("phu-tan", SEED_PLANS[3].1.as_bytes())
            .map_err(AppError::InvalidPlan)?
            .plan;
        // Synthetic accounts sign in only with the tokens written to the tokens file: their
        // password is random and never shown, and no token can be guessed from the seed.
        let password_hash = hash_password(&random_token()).await?;
        let now = thidua_store::now_unix();
        let mut out = Generated {
            communes: communes.len(),
            ..Generated::default()
        };
        for p in &all.provinces {
            self.store
                .ensure_tenant(&actor, &self.app.directory_tenant(&p.code)?)
                .await?;
        }
        let reporters_per = scale.reporters.div_ceil(communes.len().max(1));
        for c in &communes {
            self.store
                .ensure_tenant(
                    &actor,
                    &TenantRow {
                        code: c.code.clone(),
                        kind: "commune".into(),
                        name: c.name.clone(),
                        province_code: Some(c.province_code.clone()),
                    },
                )
                .await?;
            let mut plan = template.clone();
            plan.authority.code = c.code.clone();
            plan.authority.name = format!("Ủy ban nhân dân {}", c.name);
            plan.document.place = c.name.clone();
            let json = serde_json::to_string(&plan).map_err(|e| AppError::Internal(e.to_string()))?;
            self.store.save_plan(&actor, &plan, &json).await?;

            let units: Vec<Vec<Cell>> = (0..scale.units_per_commune)
                .map(|u| {
                    let word = rng.pick(&UNIT_WORDS);
                    let members = 20 + rng.below(400);
                    vec![
                        Cell::from(c.code.as_str()),
                        Cell::from(format!("{word} số {}", u + 1)),
                        Cell::from(UNIT_KINDS[u % UNIT_KINDS.len()].0),
                        Cell::from(format!("{} {}", rng.pick(&FAMILY), rng.pick(&GIVEN_M))),
                        Cell::from(members),
                        Cell::from(rng.below(members as u64 + 1)),
                        Cell::from(format!("Cụm {}", u % 5 + 1)),
                        Cell::from(now),
                    ]
                })
                .collect();
            self.store
                .bulk_insert(
                    "units",
                    &[
                        "tenant_code",
                        "name",
                        "kind",
                        "head_name",
                        "members",
                        "women_members",
                        "cluster",
                        "created_at",
                    ],
                    &units,
                )
                .await?;
            let unit_ids = self.store.unit_ids(&c.code).await?;
            out.units += unit_ids.len();
            out.initiatives += self
                .synthetic_initiatives(c, &unit_ids, scale.initiatives_per_commune, &mut rng)
                .await?;

            let people: Vec<Vec<Cell>> = (0..scale.people_per_commune)
                .map(|i| {
                    let woman = rng.next().is_multiple_of(2);
                    let name = if woman {
                        format!("{} {} {}", rng.pick(&FAMILY), rng.pick(&MIDDLE_F), rng.pick(&GIVEN_F))
                    } else {
                        format!("{} {} {}", rng.pick(&FAMILY), rng.pick(&MIDDLE_M), rng.pick(&GIVEN_M))
                    };
                    let year = 1960 + rng.below(45);
                    let unit = unit_ids.get(i % unit_ids.len().max(1)).map_or(0, |u| u.0);
                    vec![
                        Cell::from(c.code.as_str()),
                        Cell::from(unit),
                        Cell::from(name.as_str()),
                        Cell::from(if woman { "nu" } else { "nam" }),
                        Cell::from(year),
                        Cell::from("nguoi_dan"),
                        // The index keeps namesakes of one unit and year apart.
                        Cell::from(format!("{}|{year}|{unit}|{i}", thidua_domain::text::fold(&name))),
                        Cell::from(now),
                        Cell::from(now),
                    ]
                })
                .collect();
            self.store
                .bulk_insert(
                    "people",
                    &[
                        "tenant_code",
                        "unit_id",
                        "full_name",
                        "gender",
                        "birth_year",
                        "category",
                        "match_key",
                        "created_at",
                        "updated_at",
                    ],
                    &people,
                )
                .await?;
            out.people += people.len();

            for &year in &scale.report_years {
                out.reports += self.synthetic_year(&c.code, year, &unit_ids, &mut rng).await?;
            }

            // Reporters: the first units of each commune, one account and token each.
            let mine: Vec<&(i64, String)> = unit_ids
                .iter()
                .take(reporters_per.min(scale.reporters.saturating_sub(out.reporters.len())))
                .collect();
            if mine.is_empty() {
                continue;
            }
            let username = |u: &(i64, String)| format!("bench.{}.{}", c.code, u.0);
            let users: Vec<Vec<Cell>> = mine
                .iter()
                .map(|u| {
                    vec![
                        Cell::from(username(u)),
                        Cell::from(format!("Người báo cáo {}", u.1)),
                        Cell::from(password_hash.as_str()),
                        Cell::from(now),
                        Cell::from(now),
                    ]
                })
                .collect();
            self.store
                .bulk_insert(
                    "users",
                    &["username", "display_name", "password_hash", "created_at", "updated_at"],
                    &users,
                )
                .await?;
            let ids = self
                .store
                .ids_by(
                    "SELECT id, username FROM users WHERE username LIKE $1",
                    &format!("bench.{}.%", c.code),
                )
                .await?;
            let mut grants = Vec::new();
            let mut tokens = Vec::new();
            for u in &mine {
                let Some((uid, _)) = ids.iter().find(|(_, n)| *n == username(u)) else {
                    continue;
                };
                let token = format!("td_{}", random_token());
                grants.push(vec![
                    Cell::from(*uid),
                    Cell::from(c.code.as_str()),
                    Cell::from("unit_reporter"),
                    Cell::from(u.0),
                ]);
                tokens.push(vec![
                    Cell::from(*uid),
                    Cell::from("Đo tải"),
                    Cell::from(token_hash(&token)),
                    Cell::from(now),
                ]);
                out.reporters.push((token, c.code.clone(), u.0));
            }
            self.store
                .bulk_insert("role_grants", &["user_id", "tenant_code", "role", "unit_id"], &grants)
                .await?;
            self.store
                .bulk_insert("api_tokens", &["user_id", "name", "token_hash", "created_at"], &tokens)
                .await?;
        }
        Ok(out)
    }

    /// A past year: the period and every unit's report, submitted and accepted.
    async fn synthetic_year(&self, tenant: &str, year: i32, units: &[(i64, String)], rng: &mut Rng) -> Result<usize> {
        let scope = self.store.scope(tenant, Actor::system("dữ liệu tổng hợp"));
        let plan = self.app.commune_plan(tenant, year).await?;
        let period = self.app.period_for(&scope, &plan, year).await?;
        let now = thidua_store::now_unix();
        let bodies: Vec<String> = units
            .iter()
            .map(|_| {
                let mut body = ReportBody::default();
                for a in &plan.plan.content_areas {
                    body.sections.insert(
                        a.code.clone(),
                        format!("Đã triển khai nội dung {} theo kế hoạch.", a.code),
                    );
                }
                for i in &INDICATORS {
                    body.indicators.insert(i.code.to_owned(), rng.below(200) as u64);
                }
                serde_json::to_string(&body).unwrap_or_default()
            })
            .collect();
        let reports: Vec<Vec<Cell>> = units
            .iter()
            .zip(&bodies)
            .map(|(u, body)| {
                vec![
                    Cell::from(tenant),
                    Cell::from(period.row.id),
                    Cell::from(u.0),
                    Cell::from("accepted"),
                    Cell::from(body.as_str()),
                    Cell::from(1),
                    Cell::from(now),
                    Cell::from(0),
                    Cell::from(now),
                ]
            })
            .collect();
        self.store
            .bulk_insert(
                "reports",
                &[
                    "tenant_code",
                    "period_id",
                    "unit_id",
                    "status",
                    "draft",
                    "version",
                    "first_submitted_at",
                    "late_seconds",
                    "updated_at",
                ],
                &reports,
            )
            .await?;
        let ids = self.store.report_units(period.row.id).await?;
        let versions: Vec<Vec<Cell>> = ids
            .iter()
            .filter_map(|(rid, unit)| {
                let i = units.iter().position(|u| u.0 == *unit)?;
                Some(vec![
                    Cell::from(*rid),
                    Cell::from(1),
                    Cell::from(tenant),
                    Cell::from(bodies[i].as_str()),
                    Cell::from(now),
                    Cell::from("bench"),
                    Cell::from(""),
                    Cell::from(0),
                    Cell::from("accepted"),
                ])
            })
            .collect();
        self.store
            .bulk_insert(
                "report_versions",
                &[
                    "report_id",
                    "version",
                    "tenant_code",
                    "body",
                    "submitted_at",
                    "submitted_by",
                    "on_behalf",
                    "late_seconds",
                    "review",
                ],
                &versions,
            )
            .await?;
        Ok(reports.len())
    }
}
