//! The JSON API, `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use thidua_app::{CommuneRow, PlanSummary, ProvinceRow};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::AppState;
use crate::error::Problem;
use crate::pages::{MAX_QUERY_CHARS, clean_query};
use crate::routes::{Access, Routes};
use crate::session::SignedIn;
use thidua_domain::access::Action;

pub fn routes() -> Routes {
    Routes::new()
        .get("/openapi.json", Access::Public, openapi)
        .get("/provinces", Access::Public, provinces)
        .get("/provinces/{code}/communes", Access::Public, province_communes)
        .get("/communes", Access::Public, communes)
        .get("/communes/{code}", Access::Public, commune)
        .get("/plans", Access::Public, plans)
        .get("/plans/{id}", Access::Public, plan)
        .get("/me", Access::SignedIn, me)
        .get(
            "/tenants/{tenant}/units",
            Access::Tenant(Action::ViewTenant),
            tenant_units,
        )
        .get(
            "/tenants/{tenant}/audit",
            Access::Tenant(Action::ViewAudit),
            tenant_audit,
        )
        .post(
            "/tenants/{tenant}/units/{unit}/reports/{year}",
            Access::UnitWriter,
            unit_report,
        )
        .post(
            "/tenants/{tenant}/plans",
            Access::Tenant(Action::ManagePlan),
            plan_create,
        )
        .put(
            "/tenants/{tenant}/plans/{id}",
            Access::Tenant(Action::ManagePlan),
            plan_amend,
        )
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Thi Đua API",
        version = "1",
        description = "Phong trào “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số”: danh mục đơn vị hành chính và kế hoạch thi đua của các xã. Lỗi trả về dạng application/problem+json với thông báo tiếng Việt."
    ),
    paths(provinces, province_communes, communes, commune, plans, plan, me, tenant_units, tenant_audit, unit_report, plan_create, plan_amend),
    components(schemas(Province, Commune, Plan, Problem, Me, RoleGrant, Unit, AuditRecord, ReportRequest, ReportSaved, PlanPublished)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Personal access tokens: `Authorization: Bearer td_…` (create one on the account page or with
/// `thidua token create`).
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    Json(doc)
}

/// A province or centrally governed city.
#[derive(Serialize, ToSchema)]
struct Province {
    /// Two-digit official code.
    #[schema(example = "01")]
    code: String,
    #[schema(example = "Thành phố Hà Nội")]
    name: String,
    /// "tỉnh" or "thành phố trung ương".
    kind: String,
    commune_count: i64,
    plan_count: i64,
}

impl From<ProvinceRow> for Province {
    fn from(p: ProvinceRow) -> Self {
        Self {
            code: p.code,
            name: p.name,
            kind: p.kind,
            commune_count: p.commune_count,
            plan_count: p.plan_count,
        }
    }
}

/// A commune, ward or special zone.
#[derive(Serialize, ToSchema)]
struct Commune {
    /// Five-digit official code.
    #[schema(example = "10210")]
    code: String,
    #[schema(example = "Xã Hồng Vân")]
    name: String,
    /// "xã", "phường" or "đặc khu".
    kind: String,
    province_code: String,
    province_name: String,
    plan_count: i64,
}

impl From<CommuneRow> for Commune {
    fn from(c: CommuneRow) -> Self {
        Self {
            code: c.code,
            name: c.name,
            kind: c.kind,
            province_code: c.province_code,
            province_name: c.province_name,
            plan_count: c.plan_count,
        }
    }
}

/// A loaded plan, without its content (see `GET /plans/{id}`).
#[derive(Serialize, ToSchema)]
struct Plan {
    id: i64,
    /// The commune that issued it.
    commune_code: String,
    commune_name: String,
    province_code: String,
    start_year: i64,
    end_year: i64,
    title: String,
    /// 1 for the first issue, higher after each amendment.
    revision: i64,
}

impl From<PlanSummary> for Plan {
    fn from(p: PlanSummary) -> Self {
        Self {
            id: p.id,
            commune_code: p.tenant_code,
            commune_name: p.commune_name,
            province_code: p.province_code,
            start_year: p.start_year,
            end_year: p.end_year,
            title: p.title,
            revision: p.revision,
        }
    }
}

/// The 34 provinces and centrally governed cities, in official code order.
#[utoipa::path(get, path = "/provinces", responses((status = 200, body = [Province])))]
async fn provinces(State(s): State<AppState>) -> Result<Json<Vec<Province>>, Problem> {
    Ok(Json(s.app.provinces().await?.into_iter().map(Into::into).collect()))
}

/// The communes, wards and special zones of one province.
#[utoipa::path(
    get,
    path = "/provinces/{code}/communes",
    params(("code" = String, Path, description = "Two-digit province code", example = "01")),
    responses((status = 200, body = [Commune]), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
async fn province_communes(State(s): State<AppState>, Path(code): Path<String>) -> Result<Json<Vec<Commune>>, Problem> {
    if s.app.province(&code).await?.is_none() {
        return Err(Problem::not_found(format!(
            "Không có tỉnh, thành phố mang mã “{code}”; mã tỉnh gồm 2 chữ số (ví dụ 01)."
        )));
    }
    Ok(Json(
        s.app.communes_of(&code).await?.into_iter().map(Into::into).collect(),
    ))
}

/// A query string read as `T`; one that does not read (a repeated or mistyped parameter) is
/// refused in the API's own error format, in Vietnamese.
struct ApiQuery<T>(T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Problem> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| ApiQuery(v))
            .map_err(|_| {
                Problem::bad_request(
                    "Tham số trên địa chỉ không đọc được: mỗi tham số chỉ ghi một lần và đúng kiểu (xem /api/v1/openapi.json).",
                )
            })
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CommuneQuery {
    /// Words of the name, with or without diacritics: "hong van" finds "Xã Hồng Vân".
    #[param(required = true, value_type = String, min_length = 1, max_length = 100, pattern = r"\S")]
    q: Option<String>,
    /// At most this many results (1–200, default 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    limit: Option<String>,
}

/// Searches communes by name, ignoring diacritics and case.
#[utoipa::path(
    get,
    path = "/communes",
    params(CommuneQuery),
    responses((status = 200, body = [Commune]), (status = 400, body = Problem, content_type = "application/problem+json"))
)]
async fn communes(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<CommuneQuery>,
) -> Result<Json<Vec<Commune>>, Problem> {
    let q = p.q.unwrap_or_default();
    if q.trim().is_empty() {
        return Err(Problem::bad_request(
            "Thiếu tham số `q`: hãy nhập tên xã, phường hoặc đặc khu cần tìm.",
        ));
    }
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(Problem::bad_request(format!(
            "Tham số `q` dài quá {MAX_QUERY_CHARS} ký tự."
        )));
    }
    let limit = match p.limit.as_deref() {
        None => 20,
        Some(raw) => match raw.parse::<u32>() {
            Ok(n) if (1..=200).contains(&n) => n,
            _ => {
                return Err(Problem::bad_request("Tham số `limit` phải là số nguyên từ 1 đến 200."));
            }
        },
    };
    let rows = s.app.search_communes(&clean_query(&q), limit).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// One commune by its five-digit code.
#[utoipa::path(
    get,
    path = "/communes/{code}",
    params(("code" = String, Path, description = "Five-digit commune code", example = "10210")),
    responses((status = 200, body = Commune), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
async fn commune(State(s): State<AppState>, Path(code): Path<String>) -> Result<Json<Commune>, Problem> {
    match s.app.commune(&code).await? {
        Some(c) => Ok(Json(c.into())),
        None => Err(Problem::not_found(format!(
            "Không có xã, phường, đặc khu mang mã “{code}”; mã gồm 5 chữ số (ví dụ 10210)."
        ))),
    }
}

/// Every loaded plan.
#[utoipa::path(get, path = "/plans", responses((status = 200, body = [Plan])))]
async fn plans(State(s): State<AppState>) -> Result<Json<Vec<Plan>>, Problem> {
    Ok(Json(s.app.plans().await?.into_iter().map(Into::into).collect()))
}

/// One plan in the plan interchange format (see docs/plan-format.md): authority, period,
/// phases, deadlines, awards with quotas, criteria, duties, recipients and signature.
#[utoipa::path(
    get,
    path = "/plans/{id}",
    params(("id" = i64, Path, description = "Plan id from GET /plans")),
    responses(
        (status = 200, description = "The plan interchange JSON", body = Object),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
async fn plan(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<thidua_domain::plan::Plan>, Problem> {
    let Ok(num) = id.parse::<i64>() else {
        return Err(Problem::bad_request(format!(
            "Mã kế hoạch “{id}” không hợp lệ: phải là một số nguyên."
        )));
    };
    match s.app.plan(num).await? {
        Some(stored) => Ok(Json(stored.plan)),
        None => Err(Problem::not_found(format!("Không có kế hoạch số {num}."))),
    }
}

/// One role of the caller.
#[derive(Serialize, ToSchema)]
struct RoleGrant {
    /// The tenant: a commune (5 digits), a province (2 digits) or `platform`.
    tenant: String,
    /// operator, province_officer, standing_officer, digital_officer, commendation_officer,
    /// council_member, signer, unit_head, unit_reporter
    role: String,
    unit_id: Option<i64>,
}

/// The caller.
#[derive(Serialize, ToSchema)]
struct Me {
    username: String,
    display_name: String,
    roles: Vec<RoleGrant>,
}

/// Who the token belongs to and what they may do.
#[utoipa::path(get, path = "/me", security(("token" = [])), responses((status = 200, body = Me), (status = 401, body = Problem, content_type = "application/problem+json")))]
async fn me(SignedIn(ctx): SignedIn) -> Json<Me> {
    Json(Me {
        username: ctx.user.username.clone(),
        display_name: ctx.user.display_name.clone(),
        roles: ctx
            .grants
            .0
            .iter()
            .map(|g| RoleGrant {
                tenant: g.tenant_code.clone(),
                role: g.role.code().to_owned(),
                unit_id: g.unit_id,
            })
            .collect(),
    })
}

/// A unit of a commune.
#[derive(Serialize, ToSchema)]
struct Unit {
    id: i64,
    name: String,
    kind: String,
}

/// The units of a commune (officers of that commune).
#[utoipa::path(
    get,
    path = "/tenants/{tenant}/units",
    params(("tenant" = String, Path, description = "Commune code", example = "10210")),
    security(("token" = [])),
    responses((status = 200, body = [Unit]), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
async fn tenant_units(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
) -> Result<Json<Vec<Unit>>, Problem> {
    let units = s.app.units(&ctx, &tenant).await?;
    Ok(Json(
        units
            .into_iter()
            .map(|u| Unit {
                id: u.id,
                name: u.name,
                kind: u.kind,
            })
            .collect(),
    ))
}

/// One entry of the audit trail.
#[derive(Serialize, ToSchema)]
struct AuditRecord {
    seq: i64,
    /// Unix seconds.
    at: i64,
    actor: String,
    on_behalf_of: String,
    action: String,
    entity: String,
    entity_id: String,
    outcome: String,
    before: String,
    after: String,
    hash: String,
}

/// The newest 500 entries of a tenant's audit trail.
#[utoipa::path(
    get,
    path = "/tenants/{tenant}/audit",
    params(("tenant" = String, Path, description = "Commune or province code", example = "10210")),
    security(("token" = [])),
    responses((status = 200, body = [AuditRecord]), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
async fn tenant_audit(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
) -> Result<Json<Vec<AuditRecord>>, Problem> {
    let filter = thidua_app::AuditFilter {
        limit: 500,
        ..Default::default()
    };
    let entries = s.app.audit(&ctx, &tenant, &filter).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| AuditRecord {
                seq: e.seq,
                at: e.at,
                actor: e.actor,
                on_behalf_of: e.on_behalf_of,
                action: e.action,
                entity: e.entity,
                entity_id: e.entity_id,
                outcome: e.outcome,
                before: e.before_json,
                after: e.after_json,
                hash: e.hash,
            })
            .collect(),
    ))
}

/// A unit's report as the API takes it; fields not listed are refused.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Describes the body for the OpenAPI; the app reads it.
struct ReportRequest {
    /// Text per content area of the plan, keyed by its code ("a", "b" …).
    sections: Option<std::collections::BTreeMap<String, String>>,
    /// Indicator codes (see the report page) and their whole-number values.
    indicators: Option<std::collections::BTreeMap<String, u64>>,
    /// The overall assessment and proposals.
    assessment: Option<String>,
    /// True to submit the next version; false or absent saves a draft.
    submit: Option<bool>,
}

/// A report saved: a draft (`version` 0) or a submitted version.
#[derive(Serialize, ToSchema)]
struct ReportSaved {
    report_id: i64,
    version: i64,
    submitted: bool,
}

/// Saves a unit's report for the year's period: a draft, or with `"submit": true` the next
/// version. Answers only after the submission is durable.
#[utoipa::path(
    post,
    path = "/tenants/{tenant}/units/{unit}/reports/{year}",
    params(
        ("tenant" = String, Path, description = "Commune code", example = "30406"),
        ("unit" = i64, Path, description = "Unit id"),
        ("year" = i32, Path, description = "Reporting year", example = 2026)
    ),
    request_body(content = ReportRequest, content_type = "application/json"),
    security(("token" = [])),
    responses((status = 200, body = ReportSaved), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
async fn unit_report(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, year)): Path<(String, String, String)>,
    body: axum::body::Bytes,
) -> Result<Json<ReportSaved>, Problem> {
    let unit: i64 = unit
        .parse()
        .map_err(|_| Problem::not_found(format!("Không có đơn vị “{unit}”.")))?;
    let year: i32 = year
        .parse()
        .map_err(|_| Problem::not_found(format!("Không có kỳ báo cáo năm “{year}”.")))?;
    let saved = s.app.save_unit_report_json(&ctx, &tenant, unit, year, &body).await?;
    Ok(Json(match saved {
        Some(done) => ReportSaved {
            report_id: done.report_id,
            version: done.version,
            submitted: true,
        },
        None => ReportSaved {
            report_id: 0,
            version: 0,
            submitted: false,
        },
    }))
}

/// A plan the commune published through the API.
#[derive(Serialize, ToSchema)]
struct PlanPublished {
    plan_id: i64,
    /// 1 for the first issue, higher after each correction or amendment.
    revision: i64,
    /// False when the plan sent is the plan already in force.
    changed: bool,
}

/// What an amendment is issued under; without `doc_symbol` a PUT is a correction of typing
/// errors (no new document).
#[derive(Deserialize, IntoParams, Default)]
struct Amendment {
    /// Number and symbol of the amending document, e.g. "15/KH-UBND".
    #[serde(default)]
    doc_symbol: String,
    /// Its date, YYYY-MM-DD.
    #[serde(default)]
    doc_date: String,
    /// What it changes.
    #[serde(default)]
    note: String,
}

impl Amendment {
    fn publication(self) -> thidua_app::plan_editing::Publication {
        thidua_app::plan_editing::Publication {
            note: self.note,
            doc_symbol: self.doc_symbol,
            doc_date: self.doc_date,
        }
    }
}

/// Publishes the commune's first plan from the plan interchange JSON (the shape
/// `GET /plans/{id}` returns). Only the commune's own standing officer; the plan must carry the
/// commune's code and pass every rule a plan file must.
#[utoipa::path(
    post,
    path = "/tenants/{tenant}/plans",
    params(("tenant" = String, Path, description = "Commune code", example = "30406")),
    request_body(content = Object, content_type = "application/json", description = "The plan interchange JSON"),
    security(("token" = [])),
    responses((status = 200, body = PlanPublished), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
async fn plan_create(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<PlanPublished>, Problem> {
    let saved = s
        .app
        .publish_plan_json(&ctx, &tenant, None, &body, &Amendment::default().publication())
        .await?;
    Ok(Json(PlanPublished {
        plan_id: saved.id,
        revision: saved.revision,
        changed: saved.changed,
    }))
}

/// Amends (with `doc_symbol`, `doc_date`, `note`) or corrects the commune's plan `id` with the
/// whole plan in the interchange JSON.
#[utoipa::path(
    put,
    path = "/tenants/{tenant}/plans/{id}",
    params(
        ("tenant" = String, Path, description = "Commune code", example = "30406"),
        ("id" = i64, Path, description = "Plan id"),
        Amendment
    ),
    request_body(content = Object, content_type = "application/json", description = "The plan interchange JSON"),
    security(("token" = [])),
    responses((status = 200, body = PlanPublished), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
async fn plan_amend(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
    ApiQuery(amendment): ApiQuery<Amendment>,
    body: axum::body::Bytes,
) -> Result<Json<PlanPublished>, Problem> {
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::not_found(format!("Không có kế hoạch “{id}”.")))?;
    let saved = s
        .app
        .publish_plan_json(&ctx, &tenant, Some(id), &body, &amendment.publication())
        .await?;
    Ok(Json(PlanPublished {
        plan_id: saved.id,
        revision: saved.revision,
        changed: saved.changed,
    }))
}
