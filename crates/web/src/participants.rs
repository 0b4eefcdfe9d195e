//! The commune's participants: collectives and individuals, forms to add them, Excel
//! templates, import with a per-row error report, and export.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use thidua_app::participants::{
    ImportOutcome, ListKind, PERSON_CATEGORIES, Participants, RowError, gender_label, person_category_label,
};
use thidua_app::{App, AppError, Ctx};
use thidua_domain::access::Action;
use thidua_domain::reporting::FieldError;

use crate::AppState;
use crate::error::PageError;
use crate::nav::Nav;
use crate::routes::{Access, Routes};
use crate::session::{SignedIn, check_csrf};

pub fn routes() -> Routes {
    Routes::new()
        .get("/quan-tri/{tenant}/doi-tuong", Access::Tenant(Action::ViewTenant), page)
        .post(
            "/quan-tri/{tenant}/doi-tuong/tap-the",
            Access::Tenant(Action::ManageUnits),
            collective_save,
        )
        .post(
            "/quan-tri/{tenant}/doi-tuong/ca-nhan",
            Access::Tenant(Action::ManageUnits),
            person_save,
        )
        .post(
            "/quan-tri/{tenant}/doi-tuong/loai",
            Access::Tenant(Action::ManageUnits),
            kind_add,
        )
        .post(
            "/quan-tri/{tenant}/doi-tuong/nhap",
            Access::Tenant(Action::ManageUnits),
            import,
        )
        .get(
            "/quan-tri/{tenant}/doi-tuong/nhap/{job}",
            Access::Tenant(Action::ManageUnits),
            import_job,
        )
        .get(
            "/quan-tri/{tenant}/doi-tuong/xuat/{kind}",
            Access::Tenant(Action::ViewTenant),
            export,
        )
        .post(
            "/quan-tri/{tenant}/doi-tuong/{kind}/{participant}/theo-doi",
            Access::Tenant(Action::ManageUnits),
            follow,
        )
        .get("/mau-nhap/{kind}", Access::Public, template)
        .post("/bao-cao-loi-nhap", Access::SignedIn, error_report)
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(crate) fn xlsx(bytes: Vec<u8>, file: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, XLSX.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response()
}

fn list_kind(raw: &str) -> Result<ListKind, PageError> {
    ListKind::parse(raw).ok_or_else(|| PageError::NotFound(format!("Không có danh sách “{raw}”.")))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/participants.html")]
struct ParticipantsPage {
    nav: Nav,
    tenant: String,
    p: Participants,
    can_manage: bool,
    categories: &'static [(&'static str, &'static str)],
    message: Option<String>,
    errors: Vec<FieldError>,
    /// The rows an import refused, with the same list as JSON for the download form.
    import_errors: Vec<RowError>,
    import_errors_json: String,
}

impl ParticipantsPage {
    fn unit_off(&self, id: &i64) -> bool {
        self.p.inactive_units.contains(id)
    }

    fn person_off(&self, id: &i64) -> bool {
        self.p.inactive_people.contains(id)
    }

    fn unit(&self, id: &i64) -> &str {
        self.p.unit_name(*id)
    }

    fn gender(&self, code: &str) -> &'static str {
        gender_label(code)
    }

    fn category(&self, code: &str) -> String {
        person_category_label(code).to_owned()
    }

    fn women_share(&self, members: &i64, women: &i64) -> String {
        if *members == 0 {
            return String::new();
        }
        format!("{}%", women * 100 / members)
    }
}

#[derive(Default)]
struct Feedback {
    message: Option<String>,
    errors: Vec<FieldError>,
    import_errors: Vec<RowError>,
}

async fn render(s: &AppState, ctx: &Ctx, tenant: &str, fb: Feedback) -> Result<Response, PageError> {
    let p = s.app.participants(ctx, tenant).await?;
    let status = if fb.errors.is_empty() && fb.import_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let page = ParticipantsPage {
        nav: Nav::of(ctx),
        tenant: tenant.to_owned(),
        can_manage: ctx
            .grants
            .allows(Action::ManageUnits, thidua_domain::access::Target::tenant(tenant)),
        p,
        categories: &PERSON_CATEGORIES,
        message: fb.message,
        errors: fb.errors,
        import_errors_json: serde_json::to_string(&fb.import_errors).unwrap_or_default(),
        import_errors: fb.import_errors,
    };
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
struct NoteQuery {
    #[serde(default)]
    ok: String,
    /// After an import: the list and the counts (numbers only, never text from the URL).
    #[serde(default)]
    ds: String,
    #[serde(default)]
    dong: u32,
    #[serde(default)]
    them: u32,
    #[serde(default)]
    sua: u32,
    #[serde(default)]
    giu: u32,
}

async fn page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let message = match q.ok.as_str() {
        "tap-the" => Some("Đã lưu tập thể.".to_owned()),
        "ca-nhan" => Some("Đã lưu cá nhân.".to_owned()),
        "loai" => Some("Đã thêm loại tập thể vào danh mục của xã.".to_owned()),
        "ngung" => Some(
            "Đã ngừng theo dõi: đối tượng không còn trong danh sách báo cáo và đề nghị khen thưởng; lịch sử vẫn giữ."
                .to_owned(),
        ),
        "tiep" => Some("Đã theo dõi lại.".to_owned()),
        "nhap" => Some(format!(
            "Đã nhập {} dòng {}: thêm mới {}, cập nhật {}, giữ nguyên {}.",
            q.dong,
            ListKind::parse(&q.ds).map_or("", |k| k.title()).to_lowercase(),
            q.them,
            q.sua,
            q.giu
        )),
        _ => None,
    };
    render(
        &s,
        &ctx,
        &tenant,
        Feedback {
            message,
            ..Feedback::default()
        },
    )
    .await
}

async fn after(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    result: Result<(), AppError>,
    ok: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/doi-tuong?ok={ok}")).into_response()),
        Err(AppError::Fields(errors)) => {
            let fb = Feedback {
                errors,
                ..Feedback::default()
            };
            render(s, ctx, tenant, fb).await
        }
        Err(AppError::Invalid(m)) => {
            let fb = Feedback {
                errors: vec![FieldError {
                    field: String::new(),
                    message: m,
                }],
                ..Feedback::default()
            };
            render(s, ctx, tenant, fb).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
struct CollectiveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    head_name: String,
    #[serde(default)]
    members: String,
    #[serde(default)]
    women_members: String,
    #[serde(default)]
    cluster: String,
}

async fn collective_save(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Form(f): Form<CollectiveForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let cells = vec![
        f.name,
        f.kind,
        f.parent,
        f.head_name,
        f.members,
        f.women_members,
        f.cluster,
    ];
    let result = s.app.save_collective(&ctx, &tenant, cells).await;
    after(&s, &ctx, &tenant, result, "tap-the").await
}

#[derive(Deserialize, Default)]
struct PersonForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    birth_year: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    category: String,
}

async fn person_save(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Form(f): Form<PersonForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let cells = vec![f.full_name, f.gender, f.birth_year, f.position, f.unit, f.category];
    let result = s.app.save_person(&ctx, &tenant, cells).await;
    after(&s, &ctx, &tenant, result, "ca-nhan").await
}

#[derive(Deserialize, Default)]
struct KindForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    label: String,
}

async fn kind_add(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Form(f): Form<KindForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let result = s.app.add_unit_kind(&ctx, &tenant, &f.label).await;
    after(&s, &ctx, &tenant, result, "loai").await
}

/// Stops following a collective or a person (`active` 0), or takes them back (`active` 1).
async fn follow(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, kind, id)): Path<(String, String, String)>,
    Form(f): Form<crate::reports::Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let kind = list_kind(&kind)?;
    let id = crate::reports::number(&id, "đối tượng")?;
    let active = f.get("active") == "1";
    s.app.set_participant_active(&ctx, &tenant, kind, id, active).await?;
    let ok = if active { "tiep" } else { "ngung" };
    Ok(Redirect::to(&format!("/quan-tri/{tenant}/doi-tuong?ok={ok}")).into_response())
}

/// Multipart: `csrf`, `kind` (tap-the | ca-nhan), `file` (.xlsx).
async fn import(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    mut form: Multipart,
) -> Result<Response, PageError> {
    let mut csrf = String::new();
    let mut kind = String::new();
    let mut file = Vec::new();
    let bad = |_| PageError::BadRequest("Tệp gửi lên bị lỗi hoặc quá lớn (tối đa 10 MB).".into());
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(bad)?,
            "kind" => kind = field.text().await.map_err(bad)?,
            "file" => file = field.bytes().await.map_err(bad)?.to_vec(),
            _ => {}
        }
    }
    check_csrf(&ctx, &csrf)?;
    let kind = ListKind::parse(&kind)
        .ok_or_else(|| PageError::BadRequest("Danh sách nhập: hãy chọn Tập thể hoặc Cá nhân.".into()))?;
    let job = s.app.start_import(&ctx, &tenant, kind, file).await?;
    Ok(Redirect::to(&format!("/quan-tri/{tenant}/doi-tuong/nhap/{job}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/import_job.html")]
struct ImportJobPage {
    nav: Nav,
    tenant: String,
    job: thidua_app::participants::ImportJob,
}

/// The import's progress while it runs (the page reloads itself every second), then where it
/// ended: the list with the counts, or the file's errors.
async fn import_job(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, job)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let job: i64 = job
        .parse()
        .map_err(|_| PageError::NotFound("Không có lần nhập này.".into()))?;
    let job = s.app.import_job(&ctx, &tenant, job).await?;
    match job.outcome {
        Some(ImportOutcome::Applied { rows, applied }) => Ok(Redirect::to(&format!(
            "/quan-tri/{tenant}/doi-tuong?ok=nhap&ds={}&dong={rows}&them={}&sua={}&giu={}",
            job.kind.slug(),
            applied.added,
            applied.updated,
            applied.unchanged
        ))
        .into_response()),
        Some(ImportOutcome::Rejected(errors)) => {
            let fb = Feedback {
                import_errors: errors,
                ..Feedback::default()
            };
            // The page of a finished job, whatever it found in the file.
            let mut page = render(&s, &ctx, &tenant, fb).await?;
            *page.status_mut() = StatusCode::OK;
            Ok(page)
        }
        None => Ok((
            [(header::CACHE_CONTROL, "no-store")],
            ImportJobPage {
                nav: Nav::of(&ctx),
                tenant,
                job,
            },
        )
            .into_response()),
    }
}

async fn export(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, kind)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let kind = list_kind(&kind)?;
    let bytes = s.app.export_participants(&ctx, &tenant, kind).await?;
    Ok(xlsx(bytes, &format!("{}-{tenant}.xlsx", kind.slug())))
}

async fn template(Path(kind): Path<String>) -> Result<Response, PageError> {
    if kind == "so-vang" {
        return Ok(xlsx(App::award_history_template()?, "mau-so-vang.xlsx"));
    }
    let kind = list_kind(&kind)?;
    Ok(xlsx(
        App::participants_template(kind)?,
        &format!("mau-{}.xlsx", kind.slug()),
    ))
}

#[derive(Deserialize, Default)]
struct ErrorsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    errors: String,
}

/// Turns the error list the import page shows back into a spreadsheet to download. The
/// list came from this server's own page; it holds no data beyond what the user uploaded.
async fn error_report(SignedIn(ctx): SignedIn, Form(f): Form<ErrorsForm>) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let errors: Vec<RowError> = serde_json::from_str(&f.errors)
        .map_err(|_| PageError::BadRequest("Danh sách lỗi gửi lên không đọc được; hãy nhập lại tệp.".into()))?;
    Ok(xlsx(App::import_errors_xlsx(&errors)?, "loi-nhap.xlsx"))
}
