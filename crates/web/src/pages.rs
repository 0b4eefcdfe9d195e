//! Server-rendered pages: home → province → commune → plan, and commune search.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;
use thidua_app::{CommuneRow, PlanSummary, ProvinceRow};
use time::OffsetDateTime;

use crate::AppState;
use crate::error::PageError;
use crate::nav::Nav;
use crate::plan_view::PlanView;
use crate::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/", Access::Public, home)
        .get("/tim-kiem", Access::Public, search)
        .get("/tinh/{code}", Access::Public, province)
        .get("/xa/{code}", Access::Public, commune)
        .get("/ke-hoach/{id}", Access::Public, plan)
        .get("/static/app.css", Access::Public, stylesheet)
        .get("/static/autosave.js", Access::Public, autosave_script)
}

/// Longest search query we look at; anything longer is cut.
pub const MAX_QUERY_CHARS: usize = 100;

/// The query text, trimmed and cut to [`MAX_QUERY_CHARS`].
pub fn clean_query(q: &str) -> String {
    q.trim().chars().take(MAX_QUERY_CHARS).collect()
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/app.css"),
    )
}

pub async fn autosave_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/autosave.js"),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    /// Empty: the search form starts blank.
    query: String,
    provinces: Vec<ProvinceRow>,
    plans: Vec<PlanSummary>,
    commune_total: i64,
}

async fn home(State(s): State<AppState>, nav: Nav) -> Result<HomePage, PageError> {
    let provinces = s.app.provinces().await?;
    let commune_total = provinces.iter().map(|p| p.commune_count).sum();
    Ok(HomePage {
        nav,
        query: String::new(),
        provinces,
        plans: s.app.plans().await?,
        commune_total,
    })
}

#[derive(Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
struct SearchPage {
    nav: Nav,
    query: String,
    results: Vec<CommuneRow>,
}

/// How many communes a search page lists.
const SEARCH_LIMIT: u32 = 50;

async fn search(State(s): State<AppState>, nav: Nav, Query(p): Query<SearchParams>) -> Result<SearchPage, PageError> {
    let query = clean_query(&p.q);
    let results = s.app.search_communes(&query, SEARCH_LIMIT).await?;
    Ok(SearchPage { nav, query, results })
}

/// A recognised initiative as the public sees it: no personal data beyond authors' names and units.
pub struct PublicCard {
    pub title: String,
    pub kind: &'static str,
    pub commune_code: String,
    pub commune_name: String,
    pub unit_name: String,
    pub authors: String,
    pub summary: String,
    pub benefits: String,
    pub decision: String,
    pub score: String,
}

fn public_cards(rows: Vec<thidua_app::PublicInitiative>) -> Vec<PublicCard> {
    rows.into_iter()
        .map(|r| {
            let form: thidua_domain::initiative::InitiativeForm = serde_json::from_str(&r.body).unwrap_or_default();
            let authors: Vec<String> = form
                .authors
                .iter()
                .map(|a| {
                    if a.unit.is_empty() {
                        a.name.clone()
                    } else {
                        format!("{} ({})", a.name, a.unit)
                    }
                })
                .collect();
            PublicCard {
                kind: thidua_domain::initiative::InitiativeKind::parse(&r.kind)
                    .map_or("Sáng kiến", thidua_domain::initiative::InitiativeKind::label),
                title: r.title,
                commune_code: r.tenant_code,
                commune_name: r.commune_name,
                unit_name: r.unit_name,
                authors: authors.join("; "),
                summary: form.summary,
                benefits: form.benefits,
                decision: format!("Quyết định số {} ngày {}", r.decision_no, r.decision_date),
                score: if r.score_x100 >= 0 {
                    format!("{:.1}", r.score_x100 as f64 / 100.0).replace('.', ",")
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "province.html")]
struct ProvincePage {
    nav: Nav,
    province: ProvinceRow,
    communes: Vec<CommuneRow>,
    with_plans: Vec<CommuneRow>,
    best: Vec<PublicCard>,
}

async fn province(State(s): State<AppState>, nav: Nav, Path(code): Path<String>) -> Result<ProvincePage, PageError> {
    let missing = || {
        PageError::NotFound(format!(
            "Không có tỉnh, thành phố mang mã “{code}”. Mã tỉnh gồm 2 chữ số, ví dụ 01 là Thành phố Hà Nội."
        ))
    };
    let province = s.app.province(&code).await?.ok_or_else(missing)?;
    let communes = s.app.communes_of(&code).await?;
    let with_plans = communes.iter().filter(|c| c.plan_count > 0).cloned().collect();
    let best = public_cards(s.app.best_initiatives(&code).await?);
    Ok(ProvincePage {
        nav,
        province,
        communes,
        with_plans,
        best,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "commune.html")]
struct CommunePage {
    nav: Nav,
    commune: CommuneRow,
    plans: Vec<PlanSummary>,
    initiatives: Vec<PublicCard>,
}

async fn commune(State(s): State<AppState>, nav: Nav, Path(code): Path<String>) -> Result<CommunePage, PageError> {
    let missing = || {
        PageError::NotFound(format!(
            "Không có xã, phường, đặc khu mang mã “{code}”. Mã gồm 5 chữ số; hãy tìm theo tên."
        ))
    };
    let commune = s.app.commune(&code).await?.ok_or_else(missing)?;
    let plans = s.app.plans_of(&code).await?;
    let initiatives = public_cards(s.app.public_initiatives(&code).await?);
    Ok(CommunePage {
        nav,
        commune,
        plans,
        initiatives,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plan.html")]
struct PlanPage {
    nav: Nav,
    v: PlanView,
}

async fn plan(State(s): State<AppState>, nav: Nav, Path(id): Path<String>) -> Result<PlanPage, PageError> {
    let missing = || PageError::NotFound(format!("Không có kế hoạch số “{id}”."));
    let Ok(num) = id.parse::<i64>() else {
        return Err(missing());
    };
    let stored = s.app.plan(num).await?.ok_or_else(missing)?;
    let today = thidua_domain::calendar::today_in_vietnam(OffsetDateTime::now_utc());
    let revisions = s.app.plan_revisions(num).await?;
    Ok(PlanPage {
        nav,
        v: PlanView::new(stored, today).with_revisions(revisions),
    })
}
