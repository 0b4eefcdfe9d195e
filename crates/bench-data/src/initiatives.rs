//! Synthetic initiatives for the benchmark: every commune gets its share of a million, written
//! with the word index and the per-province counts the look-alike check reads; and the
//! measurement itself (look-alike check, search, the database's own lookups as the ceiling).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use thidua_domain::directory;
use thidua_domain::initiative::{Author, InitiativeForm};
use thidua_domain::similarity::{DEFAULT_THRESHOLD, fingerprint};
use thidua_domain::text::fold;
use thidua_store::{Actor, Cell, InitiativeFilter};

use crate::Generator;
use crate::Rng;
use thidua_app::{AppError, Result};

const VERBS: [&str; 5] = ["Ứng dụng", "Sử dụng", "Triển khai", "Xây dựng", "Thí điểm"];
const TOOLS: [&str; 15] = [
    "Zalo",
    "mã QR",
    "phần mềm",
    "ứng dụng di động",
    "trang thông tin điện tử",
    "camera",
    "loa thông minh",
    "chữ ký số",
    "sổ tay điện tử",
    "bản đồ số",
    "Facebook",
    "VNeID",
    "cổng dịch vụ công",
    "hộp thư điện tử",
    "bảng tin điện tử",
];
const ACTIONS: [&str; 12] = [
    "nhắc lịch",
    "tiếp nhận phản ánh về",
    "thanh toán",
    "tra cứu",
    "quản lý",
    "hướng dẫn",
    "tuyên truyền về",
    "theo dõi",
    "số hóa",
    "đăng ký",
    "bình chọn",
    "giám sát",
];
const OBJECTS: [&str; 20] = [
    "tiêm chủng",
    "hồ sơ hộ tịch",
    "học phí",
    "tiền điện nước",
    "thu gom rác thải",
    "an ninh trật tự",
    "sản phẩm OCOP",
    "lịch trực",
    "hộ nghèo",
    "chế độ người cao tuổi",
    "chợ truyền thống",
    "đất đai",
    "thủ tục hành chính",
    "khám sức khỏe",
    "nông sản",
    "du lịch cộng đồng",
    "quỹ khuyến học",
    "phòng cháy",
    "cảnh báo ngập lụt",
    "sâu bệnh cây trồng",
];
const AUDIENCES: [&str; 8] = [
    "cho người dân",
    "cho hội viên",
    "cho học sinh",
    "cho hộ kinh doanh",
    "cho người cao tuổi",
    "cho cán bộ ấp",
    "cho nông dân",
    "cho phụ huynh",
];

/// One made-up initiative of `unit` in `commune`.
fn invent(rng: &mut Rng, unit: &str, commune: &str) -> InitiativeForm {
    let (tool, action, object) = (rng.pick(&TOOLS), rng.pick(&ACTIONS), rng.pick(&OBJECTS));
    let title = format!("{} {tool} {action} {object} {}", rng.pick(&VERBS), rng.pick(&AUDIENCES));
    let summary = format!(
        "{unit} dùng {tool} để {action} {object}; sau {} tháng có {} lượt sử dụng, giảm {}% thời gian đi lại của người dân {commune}.",
        3 + rng.below(20),
        50 + rng.below(5000),
        10 + rng.below(80)
    );
    InitiativeForm {
        kind: "sang_kien".into(),
        area: "5".into(),
        authors: vec![Author {
            name: format!("Tác giả {}", rng.below(100_000)),
            unit: unit.to_owned(),
            share: 100,
        }],
        benefits: format!("Giảm {}% thời gian xử lý.", 10 + rng.below(80)),
        title,
        summary,
        ..InitiativeForm::default()
    }
}

/// The same text as a lazy copier makes it: accents stripped, words of the title turned around.
fn copy_of(form: &InitiativeForm) -> InitiativeForm {
    let title: Vec<String> = fold(&form.title).split(' ').map(str::to_owned).collect();
    let half = title.len() / 2;
    let turned = [&title[half..], &title[..half]].concat().join(" ");
    InitiativeForm {
        title: turned,
        summary: fold(&form.summary),
        ..form.clone()
    }
}

/// Latencies of one kind of request, in milliseconds.
#[derive(Debug, Clone, Default)]
pub struct Latencies {
    pub name: &'static str,
    pub samples: Vec<Duration>,
}

impl Latencies {
    pub fn percentile_ms(&self, p: f64) -> f64 {
        let mut v: Vec<Duration> = self.samples.clone();
        v.sort();
        if v.is_empty() {
            return 0.0;
        }
        let i = ((v.len() as f64 - 1.0) * p).round() as usize;
        v[i].as_secs_f64() * 1000.0
    }
}

/// What the initiative benchmark measured.
#[derive(Debug, Clone, Default)]
pub struct InitiativeBench {
    pub initiatives: i64,
    pub timings: Vec<Latencies>,
    /// Copies probed, and how many of them found their original.
    pub copies: usize,
    pub copies_found: usize,
}

impl Generator<'_> {
    /// Writes `per_commune` initiatives of the commune's `units` (id, name), with their words
    /// indexed and added to the province's counts.
    pub(crate) async fn synthetic_initiatives(
        &self,
        commune: &directory::Commune,
        units: &[(i64, String)],
        per_commune: usize,
        rng: &mut Rng,
    ) -> Result<usize> {
        let now = thidua_store::now_unix();
        let mut counts: HashMap<(String, String), i64> = HashMap::new();
        let mut made = 0;
        let (code, name, province) = (&commune.code, &commune.name, &commune.province_code);
        {
            if units.is_empty() || per_commune == 0 {
                return Ok(0);
            }
            let forms: Vec<(InitiativeForm, i64, &str)> = (0..per_commune)
                .map(|i| {
                    let (unit_id, unit_name) = &units[i % units.len()];
                    (invent(rng, unit_name, name), *unit_id, unit_name.as_str())
                })
                .collect();
            let rows: Vec<Vec<Cell>> = forms
                .iter()
                .enumerate()
                .map(|(i, (form, unit_id, unit_name))| {
                    let recognised = i % 3 == 0;
                    vec![
                        Cell::from(code.as_str()),
                        Cell::from(province.as_str()),
                        Cell::from(*unit_id),
                        Cell::from(2025 + (i % 2) as i64),
                        Cell::from("sang_kien"),
                        Cell::from("5"),
                        Cell::from(form.title.as_str()),
                        Cell::from(serde_json::to_string(form).unwrap_or_default()),
                        Cell::from(fold(&format!("{} {} {unit_name}", form.title, form.summary))),
                        Cell::from(if recognised { "recognised" } else { "submitted" }),
                        Cell::from(if recognised { 5000 + rng.below(5000) } else { -1 }),
                        Cell::from(format!("#{i}")),
                        Cell::from(now),
                        Cell::from(now),
                        Cell::from(now),
                    ]
                })
                .collect();
            self.store
                .bulk_insert(
                    "initiatives",
                    &[
                        "tenant_code",
                        "province_code",
                        "unit_id",
                        "year",
                        "kind",
                        "area_code",
                        "title",
                        "body",
                        "search_text",
                        "status",
                        "score_x100",
                        "created_by",
                        "created_at",
                        "updated_at",
                        "submitted_at",
                    ],
                    &rows,
                )
                .await?;
            let ids: HashMap<String, i64> = self
                .store
                .ids_by("SELECT id, created_by FROM initiatives WHERE tenant_code = $1", code)
                .await?
                .into_iter()
                .map(|(id, key)| (key, id))
                .collect();
            let mut terms = Vec::new();
            for (i, (form, _, _)) in forms.iter().enumerate() {
                let Some(id) = ids.get(&format!("#{i}")) else {
                    continue;
                };
                *counts.entry((province.clone(), String::new())).or_default() += 1;
                for word in fingerprint(&form.title, &form.summary).distinct_words() {
                    *counts.entry((province.clone(), word.to_owned())).or_default() += 1;
                    terms.push(vec![Cell::from(province.as_str()), Cell::from(word), Cell::from(*id)]);
                }
            }
            self.store
                .bulk_insert("initiative_terms", &["province_code", "term", "initiative_id"], &terms)
                .await?;
            made += forms.len();
        }
        let rows: Vec<(String, String, i64)> = counts.into_iter().map(|((p, t), n)| (p, t, n)).collect();
        self.store.add_term_counts(&rows).await?;
        Ok(made)
    }

    /// Times `samples` look-alike checks (half of them copies of a stored initiative, which
    /// must find it), the database's own lookups for the same checks, searches of a commune's
    /// list, and a primary-key read as the engine's floor.
    pub async fn bench_initiatives(&self, samples: usize, seed: u64) -> Result<InitiativeBench> {
        let mut rng = Rng(seed.max(1));
        let max_id = self.store.max_initiative_id().await?;
        if max_id == 0 {
            return Err(AppError::Invalid(
                "Cơ sở dữ liệu chưa có sáng kiến: chạy `thidua demo --scale national --initiatives 301` trước.".into(),
            ));
        }
        let mut out = InitiativeBench {
            initiatives: max_id,
            ..InitiativeBench::default()
        };
        let mut check = Latencies {
            name: "look-alike check (whole)",
            ..Latencies::default()
        };
        let mut lookups = Latencies {
            name: "look-alike check: database lookups only",
            ..Latencies::default()
        };
        let mut search = Latencies {
            name: "search in a commune (2 words)",
            ..Latencies::default()
        };
        let mut floor = Latencies {
            name: "primary-key read (floor)",
            ..Latencies::default()
        };
        let actor = Actor::system("đo tải");
        for i in 0..samples {
            let id = 1 + rng.below(max_id as u64);
            let started = Instant::now();
            let row = self.store.initiative_by_id(id).await?;
            floor.samples.push(started.elapsed());
            let Some((tenant, province, body)) = row else {
                continue;
            };
            let stored: InitiativeForm = serde_json::from_str(&body).unwrap_or_default();
            let probe = if i % 2 == 0 {
                copy_of(&stored)
            } else {
                invent(&mut rng, "Thôn Mới", "xã Mới")
            };

            let started = Instant::now();
            let found = self
                .app
                .similar_initiatives(&tenant, 0, &probe, DEFAULT_THRESHOLD)
                .await?;
            check.samples.push(started.elapsed());
            if i % 2 == 0 {
                out.copies += 1;
                out.copies_found += usize::from(found.iter().any(|s| s.id == id));
            }

            let terms: Vec<String> = fingerprint(&probe.title, &probe.summary)
                .distinct_words()
                .into_iter()
                .map(str::to_owned)
                .collect();
            let started = Instant::now();
            let counts = self.store.term_counts(&province, &terms).await?;
            let mut known: Vec<(&String, i64)> = terms.iter().filter_map(|t| counts.get(t).map(|c| (t, *c))).collect();
            known.sort_by_key(|(_, c)| *c);
            let rare: Vec<String> = known.iter().take(12).map(|(t, _)| (*t).clone()).collect();
            self.store.initiative_candidates(&province, &rare, 0, 60).await?;
            lookups.samples.push(started.elapsed());

            let words: Vec<String> = fold(&stored.title)
                .split(' ')
                .skip(1)
                .take(2)
                .map(str::to_owned)
                .collect();
            let started = Instant::now();
            self.store
                .scope(&tenant, actor.clone())
                .initiatives(&InitiativeFilter {
                    words,
                    limit: 100,
                    ..InitiativeFilter::default()
                })
                .await?;
            search.samples.push(started.elapsed());
        }
        out.timings = vec![check, lookups, search, floor];
        Ok(out)
    }
}
