//! The province's side of commendation: the packages its communes sent up, each with the
//! commune's Tờ trình and every nominee's dossier, and the form that records the province's
//! outcome.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thidua_app::commendation::Paper;
use thidua_app::commendation::{PackageView, ReceivedPackage};
use thidua_app::{AppError, Ctx};
use thidua_domain::access::Action;
use thidua_domain::commendation::nomination::Stage;
use thidua_domain::reporting::FieldError;

use crate::AppState;
use crate::commendation::document_format;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::reports::{NoteQuery, field_errors, number, status_of};
use crate::routes::{Access, Routes};
use crate::session::{SignedForm, SignedIn};
use crate::uploads::download;

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/quan-tri/{tenant}/ho-so-trinh",
            Access::Tenant(Action::DecideForwarded),
            list,
        )
        .get(
            "/quan-tri/{tenant}/ho-so-trinh/{package}",
            Access::Tenant(Action::DecideForwarded),
            show,
        )
        .post(
            "/quan-tri/{tenant}/ho-so-trinh/{package}",
            Access::Tenant(Action::DecideForwarded),
            decide,
        )
        .get(
            "/quan-tri/{tenant}/ho-so-trinh/{package}/to-trinh/{format}",
            Access::Tenant(Action::DecideForwarded),
            proposal,
        )
        .get(
            "/quan-tri/{tenant}/ho-so-trinh/{package}/bien-ban-hoi-dong/{format}",
            Access::Tenant(Action::DecideForwarded),
            council_minutes,
        )
        .get(
            "/quan-tri/{tenant}/ho-so-trinh/{package}/{proposed}/{paper}/{format}",
            Access::Tenant(Action::DecideForwarded),
            paper,
        )
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/received.html")]
struct ListPage {
    nav: Nav,
    tenant: String,
    packages: Vec<ReceivedPackage>,
}

async fn list(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
) -> Result<ListPage, PageError> {
    let packages = s.app.received_packages(&ctx, &tenant).await?;
    Ok(ListPage {
        nav: Nav::of(&ctx),
        tenant,
        packages,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/package.html")]
struct PackagePage {
    nav: Nav,
    v: PackageView,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

impl PackagePage {
    fn val(&self, name: &str) -> String {
        self.typed
            .iter()
            .find(|(k, _)| k == name)
            .map_or_else(String::new, |(_, v)| v.clone())
    }
    /// What was typed for one nomination's row (the form repeats `id`, `ket_qua`, `ly_do`).
    fn row_val(&self, id: &i64, name: &str) -> String {
        let ids: Vec<&String> = self.typed.iter().filter(|(k, _)| k == "id").map(|(_, v)| v).collect();
        let values: Vec<&String> = self.typed.iter().filter(|(k, _)| k == name).map(|(_, v)| v).collect();
        ids.iter()
            .position(|v| **v == id.to_string())
            .and_then(|i| values.get(i))
            .map_or_else(String::new, |v| (*v).clone())
    }
    fn invalid(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e.field == name)
    }
    fn invalid_row(&self, name: &str, id: &i64) -> bool {
        self.invalid(&format!("{name}-{id}"))
    }
}

async fn package_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    id: i64,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let v = s.app.package_view(ctx, tenant, id).await?;
    let status = status_of(&errors);
    Ok((
        status,
        PackagePage {
            nav: Nav::of(ctx),
            v,
            message,
            errors,
            typed,
        },
    )
        .into_response())
}

async fn show(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let id = number(&id, "hồ sơ trình")?;
    let message =
        (q.ok == "ket-qua").then_some("Đã ghi kết quả; xã đã nhận được kết quả và sổ vàng của xã đã được cập nhật.");
    package_page(&s, &ctx, &tenant, id, message, Vec::new(), Vec::new()).await
}

async fn decide(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "hồ sơ trình")?;
    let outcome = thidua_app::commendation::ProvinceOutcomeCommand::from_form(&f.0);
    let done = match outcome {
        Ok(cmd) => s.app.record_province_outcome(&ctx, &tenant, id, &cmd).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/ho-so-trinh/{id}?ok=ket-qua")).into_response()),
        Err(e) => package_page(&s, &ctx, &tenant, id, None, field_errors(e)?, f.0).await,
    }
}

async fn proposal(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "hồ sơ trình")?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.package_proposal(&ctx, &tenant, id, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}

/// The commune council's minutes on the package, read by the province or by the commune.
pub(crate) async fn council_minutes(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "hồ sơ trình")?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.package_council_minutes(&ctx, &tenant, id, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}

async fn paper(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id, proposed, paper, format)): Path<(String, String, String, String, String)>,
) -> Result<Response, PageError> {
    let ids = (number(&id, "hồ sơ trình")?, number(&proposed, "đề nghị")?);
    let paper = Paper::parse(&paper).ok_or_else(|| AppError::NotFound("Không có văn bản này trong hồ sơ.".into()))?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.package_paper(&ctx, &tenant, ids, paper, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}
