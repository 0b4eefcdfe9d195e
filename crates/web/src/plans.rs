//! The commune's own plan in the browser: bring it in from the document it issued or type it,
//! review what was read beside the sentences it came from, correct it in the editor, preview the
//! plan page and its DOCX, publish; later correct or amend it. Each published revision stays
//! readable at its own address.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use thidua_app::plan_editing::{Change, PlanDraftView, PlanHome, Publication};
use thidua_domain::access::Action;
use thidua_domain::reporting::FieldError;
use time::OffsetDateTime;

use crate::AppState;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::plan_form::{self, Notes};
use crate::plan_view::{Banner, PlanView};
use crate::reports::{NoteQuery, field_errors, number, status_of};
use crate::routes::{Access, Routes};
use crate::session::{SignedForm, SignedIn, check_csrf};

pub fn routes() -> Routes {
    Routes::new()
        .get("/quan-tri/{tenant}/ke-hoach", Access::Tenant(Action::ViewTenant), home)
        .post(
            "/quan-tri/{tenant}/ke-hoach/nhap",
            Access::Tenant(Action::ManagePlan),
            import,
        )
        .post(
            "/quan-tri/{tenant}/ke-hoach/moi",
            Access::Tenant(Action::ManagePlan),
            start,
        )
        .get(
            "/quan-tri/{tenant}/ke-hoach/nhap/{plan_draft}",
            Access::Tenant(Action::ManagePlan),
            draft,
        )
        .post(
            "/quan-tri/{tenant}/ke-hoach/nhap/{plan_draft}",
            Access::Tenant(Action::ManagePlan),
            save,
        )
        .post(
            "/quan-tri/{tenant}/ke-hoach/nhap/{plan_draft}/cong-bo",
            Access::Tenant(Action::ManagePlan),
            publish,
        )
        .post(
            "/quan-tri/{tenant}/ke-hoach/nhap/{plan_draft}/bo",
            Access::Tenant(Action::ManagePlan),
            discard,
        )
        .get(
            "/quan-tri/{tenant}/ke-hoach/nhap/{plan_draft}/xem-truoc",
            Access::Tenant(Action::ManagePlan),
            preview,
        )
        .get(
            "/quan-tri/{tenant}/ke-hoach/nhap/{plan_draft}/van-ban.docx",
            Access::Tenant(Action::ManagePlan),
            preview_docx,
        )
        .get("/ke-hoach/{id}/lan/{revision}", Access::Public, revision)
}

fn note(code: &str) -> Option<&'static str> {
    match code {
        "luu" => Some("Đã lưu bản nháp. Kế hoạch chưa được công bố."),
        "them" => Some("Đã thêm một dòng; điền rồi bấm «Lưu bản nháp»."),
        "xoa" => Some("Đã xóa dòng."),
        "doc" => Some("Đã đọc văn bản. Hãy xem từng phần, nhất là những chỗ «chưa chắc», sửa rồi công bố."),
        "moi" => Some("Đã mở bản nháp."),
        "bo" => Some("Đã bỏ bản nháp."),
        "cong-bo" => Some("Đã công bố kế hoạch. Các đơn vị thấy thời hạn và nội dung mới ngay."),
        _ => None,
    }
}

// ------------------------------------------------------------------ the plan's home

#[derive(Template, WebTemplate)]
#[template(path = "plans/home.html")]
struct HomePage {
    nav: Nav,
    tenant: String,
    h: PlanHome,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
}

impl HomePage {
    fn change_label(&self, code: &str) -> &'static str {
        Change::parse(code).map_or("", Change::label)
    }
}

async fn home(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    nav: Nav,
    Path(tenant): Path<String>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let h = s.app.plan_home(&ctx, &tenant).await?;
    Ok(HomePage {
        nav,
        tenant,
        h,
        message: note(&q.ok),
        errors: Vec::new(),
    }
    .into_response())
}

/// The upload form: a file, or pasted text.
async fn import(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    nav: Nav,
    Path(tenant): Path<String>,
    mut form: Multipart,
) -> Result<Response, PageError> {
    let bad = |_| PageError::BadRequest("Tệp gửi lên bị lỗi hoặc quá lớn (tối đa 10 MB).".into());
    let (mut csrf, mut file, mut text) = (String::new(), (String::new(), Vec::new()), String::new());
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(bad)?,
            "text" => text = field.text().await.map_err(bad)?,
            "file" => {
                file = (
                    field.file_name().unwrap_or("").to_owned(),
                    field.bytes().await.map_err(bad)?.to_vec(),
                )
            }
            _ => {}
        }
    }
    check_csrf(&ctx, &csrf)?;
    let (name, bytes) = if file.1.is_empty() {
        ("văn bản dán vào".to_owned(), text.into_bytes())
    } else {
        file
    };
    match s.app.import_plan(&ctx, &tenant, &name, bytes).await {
        Ok(id) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/ke-hoach/nhap/{id}?ok=doc")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            let h = s.app.plan_home(&ctx, &tenant).await?;
            let status = status_of(&errors);
            Ok((
                status,
                HomePage {
                    nav,
                    tenant,
                    h,
                    message: None,
                    errors,
                },
            )
                .into_response())
        }
    }
}

async fn start(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let change = Change::parse(f.get("change")).ok_or_else(|| PageError::BadRequest("Chọn việc cần làm.".into()))?;
    let plan = if change == Change::Issue {
        0
    } else {
        number(f.get("plan"), "kế hoạch")?
    };
    let id = s.app.start_plan_draft(&ctx, &tenant, plan, change).await?;
    Ok(Redirect::to(&format!("/quan-tri/{tenant}/ke-hoach/nhap/{id}?ok=moi")).into_response())
}

// ------------------------------------------------------------------ a draft

#[derive(Template, WebTemplate)]
#[template(path = "plans/draft.html")]
struct DraftPage {
    nav: Nav,
    v: PlanDraftView,
    editor: String,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
}

impl DraftPage {
    fn label(&self, path: &str) -> String {
        plan_form::label(path)
    }

    fn anchor(&self, path: &str) -> String {
        let mut id = String::from("f-");
        for c in path.chars() {
            id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
        }
        id
    }
}

/// The page of a draft: the editor drawn from `plan` (what was posted, when it could not be
/// saved), with the draft's checks and what the import read.
fn draft_page(
    nav: Nav,
    v: PlanDraftView,
    plan: Option<serde_json::Value>,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
) -> Response {
    let json = plan.unwrap_or_else(|| serde_json::to_value(&v.plan).unwrap_or_default());
    let mut issues: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for i in &v.issues {
        issues
            .entry(i.field.clone())
            .or_default()
            .push((i.message.clone(), i.warning));
    }
    for e in &errors {
        issues
            .entry(e.field.clone())
            .or_default()
            .push((e.message.clone(), false));
    }
    let found: HashMap<&str, &thidua_domain::plan::import::Found> = v
        .notes
        .as_ref()
        .map(|n| n.fields.iter().map(|f| (f.field.as_str(), f)).collect())
        .unwrap_or_default();
    let editor = plan_form::render(&json, &Notes { issues, found });
    let status = status_of(&errors);
    (
        status,
        DraftPage {
            nav,
            v,
            editor,
            message,
            errors,
        },
    )
        .into_response()
}

async fn draft(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    nav: Nav,
    Path((tenant, id)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let id = number(&id, "bản nháp")?;
    let v = s.app.plan_draft(&ctx, &tenant, id).await?;
    Ok(draft_page(nav, v, None, note(&q.ok), Vec::new()))
}

async fn save(
    State(s): State<AppState>,
    nav: Nav,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "bản nháp")?;
    let before = s.app.plan_draft(&ctx, &tenant, id).await?;
    let mut plan = plan_form::read(&f.0);
    // What the form does not show travels from the stored draft.
    plan["format"] = serde_json::json!(before.plan.format);
    plan["revision"] = serde_json::json!(before.plan.revision);
    // The posted indices are the page's: remove first, then drop emptied paragraphs, then add.
    if !f.get("xoa").is_empty() {
        plan_form::remove_row(&mut plan, f.get("xoa"));
    }
    plan_form::drop_empty_paragraphs(&mut plan);
    let ok = if !f.get("them").is_empty() {
        plan_form::add_row(&mut plan, f.get("them"));
        "them"
    } else if !f.get("xoa").is_empty() {
        "xoa"
    } else {
        "luu"
    };
    match s.app.save_plan_draft(&ctx, &tenant, id, plan.clone()).await {
        Ok(_) => {
            let section = f.get("phan");
            let safe = !section.is_empty() && section.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            let anchor = if safe { format!("#{section}") } else { String::new() };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/ke-hoach/nhap/{id}?ok={ok}{anchor}")).into_response())
        }
        Err(e) => {
            let errors = field_errors(e)?;
            Ok(draft_page(nav, before, Some(plan), None, errors))
        }
    }
}

async fn publish(
    State(s): State<AppState>,
    nav: Nav,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "bản nháp")?;
    let p = Publication {
        note: f.get("note").to_owned(),
        doc_symbol: f.get("doc_symbol").to_owned(),
        doc_date: f.get("doc_date").to_owned(),
    };
    match s.app.publish_plan_draft(&ctx, &tenant, id, &p).await {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/ke-hoach?ok=cong-bo")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            let v = s.app.plan_draft(&ctx, &tenant, id).await?;
            Ok(draft_page(nav, v, None, None, errors))
        }
    }
}

async fn discard(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, _f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "bản nháp")?;
    s.app.discard_plan_draft(&ctx, &tenant, id).await?;
    Ok(Redirect::to(&format!("/quan-tri/{tenant}/ke-hoach?ok=bo")).into_response())
}

// ------------------------------------------------------------------ preview and revisions

#[derive(Template, WebTemplate)]
#[template(path = "plan.html")]
struct PlanPage {
    nav: Nav,
    v: PlanView,
}

fn today() -> time::Date {
    thidua_domain::calendar::today_in_vietnam(OffsetDateTime::now_utc())
}

/// A plan that is not (or no longer) the current one, drawn as the public plan page draws one.
fn page_of(nav: Nav, summary: thidua_app::PlanSummary, plan: thidua_domain::plan::Plan, banner: Banner) -> PlanPage {
    let mut v = PlanView::new(thidua_app::StoredPlan { summary, plan }, today());
    v.banner = Some(banner);
    PlanPage { nav, v }
}

fn draft_summary(v: &PlanDraftView) -> thidua_app::PlanSummary {
    let commune = thidua_domain::directory::national().commune(&v.tenant);
    let province = commune.and_then(|c| thidua_domain::directory::national().province(&c.province_code));
    thidua_app::PlanSummary {
        id: v.current.as_ref().map_or(0, |c| c.summary.id),
        tenant_code: v.tenant.clone(),
        commune_name: commune.map_or_else(String::new, |c| c.name.clone()),
        province_code: commune.map_or_else(String::new, |c| c.province_code.clone()),
        province_name: province.map_or_else(String::new, |p| p.name.clone()),
        start_year: i64::from(v.plan.period.start_year),
        end_year: i64::from(v.plan.period.end_year),
        title: v.plan.document.title.clone(),
        revision: i64::from(v.plan.revision),
        updated_at: v.row.updated_at,
    }
}

async fn preview(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    nav: Nav,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "bản nháp")?;
    let v = s.app.plan_draft(&ctx, &tenant, id).await?;
    let summary = draft_summary(&v);
    let banner = Banner {
        text: "Bản xem trước của bản nháp: chưa công bố, chưa ai khác thấy.".into(),
        link: Some((
            format!("/quan-tri/{tenant}/ke-hoach/nhap/{id}"),
            "Quay lại bản nháp".into(),
        )),
    };
    Ok(page_of(nav, summary, v.plan, banner).into_response())
}

async fn preview_docx(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "bản nháp")?;
    let v = s.app.plan_draft(&ctx, &tenant, id).await?;
    let doc = thidua_app::plan_document::plan_document(&v.plan);
    let bytes = thidua_documents::official(&doc, thidua_documents::Format::Docx)
        .map_err(|e| PageError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"ke-hoach-ban-nhap-{id}.docx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn revision(
    State(s): State<AppState>,
    nav: Nav,
    Path((id, revision)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let missing = || PageError::NotFound(format!("Không có lần ban hành “{revision}” của kế hoạch “{id}”."));
    let (Ok(id), Ok(rev)) = (id.parse::<i64>(), revision.parse::<i64>()) else {
        return Err(missing());
    };
    let (summary, plan, row) = s.app.plan_revision(id, rev).await?.ok_or_else(missing)?;
    let current = summary.revision;
    let what = match row.change.as_str() {
        "amendment" => format!(
            "điều chỉnh, bổ sung theo văn bản số {} ngày {}",
            row.doc_symbol,
            thidua_domain::calendar::parse_iso_date(&row.doc_date)
                .map_or_else(|| row.doc_date.clone(), thidua_domain::calendar::dmy)
        ),
        "correction" => "sửa lỗi đánh máy".to_owned(),
        _ => "ban hành lần đầu".to_owned(),
    };
    let banner = if rev == current {
        Banner {
            text: format!("Lần ban hành {rev} ({what}), là bản đang áp dụng."),
            link: None,
        }
    } else {
        Banner {
            text: format!("Lần ban hành {rev} ({what}); không còn áp dụng."),
            link: Some((
                format!("/ke-hoach/{id}"),
                format!("Xem bản đang áp dụng (lần {current})"),
            )),
        }
    };
    let mut page = page_of(nav, summary, plan, banner);
    page.v.changes = s.app.revision_changes(id, rev).await?;
    Ok(page.into_response())
}
