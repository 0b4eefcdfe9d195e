//! The chairman's signature, the decision and its papers, certificates, and their public verification.

use super::*;
use crate::session::SignedForm;

pub(super) async fn sign(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "đợt khen thưởng")?;
    let cmd = thidua_app::commendation::SignCommand::from_form(&f.0);
    match s.app.sign_decision(&ctx, &tenant, id, &cmd).await {
        Ok(decision) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/quyet-dinh/{decision}?ok=ky")).into_response()),
        Err(e) => occasion_page(&s, &ctx, &tenant, id, Feedback::refused(e, 0, f.0)?).await,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/decision.html")]
pub(super) struct DecisionPage {
    nav: Nav,
    tenant: String,
    row: thidua_app::commendation::DecisionRowView,
    message: Option<&'static str>,
}

pub(super) async fn decision(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<DecisionPage, PageError> {
    let id = number(&id, "quyết định")?;
    let row = s.app.decision_view(&ctx, &tenant, id).await?;
    Ok(DecisionPage {
        nav: Nav::of(&ctx),
        tenant,
        row,
        message: note(&q.ok),
    })
}

/// The accountant's copy: who is paid how much, as XLSX.
pub(super) async fn payment_list(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "quyết định")?;
    let (name, bytes) = s.app.payment_list(&ctx, &tenant, id).await?;
    Ok(download(
        &name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
        bytes,
    ))
}

pub(super) async fn decision_file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "quyết định")?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.decision_file(&ctx, &tenant, id, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}

pub(super) async fn certificates(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "quyết định")?;
    let (name, bytes) = s.app.certificates(&ctx, &tenant, id).await?;
    Ok(download(&name, "application/pdf".to_owned(), bytes))
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/verify.html")]
pub(super) struct VerifyPage {
    nav: Nav,
    code: String,
    award: Option<thidua_app::VerifiedAward>,
    form_name: String,
    decision_date: String,
}

#[derive(serde::Deserialize)]
pub(super) struct VerifyQuery {
    #[serde(default)]
    ma: String,
}

pub(super) async fn verify_form(
    State(s): State<AppState>,
    nav: Nav,
    Query(q): Query<VerifyQuery>,
) -> Result<Response, PageError> {
    if !q.ma.trim().is_empty() {
        let code: String = q.ma.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        return Ok(Redirect::to(&format!("/xac-minh/{}", code.to_uppercase())).into_response());
    }
    verify_page(&s, nav, String::new()).await
}

pub(super) async fn verify(
    State(s): State<AppState>,
    nav: Nav,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    verify_page(&s, nav, code).await
}

pub(super) async fn verify_page(s: &AppState, nav: Nav, code: String) -> Result<Response, PageError> {
    let award = if code.is_empty() {
        None
    } else {
        s.app.verify_certificate(&code).await?
    };
    let form_name = award
        .as_ref()
        .and_then(|a| AwardForm::parse(&a.form).map(|f| f.name_for(&a.tenant_code)))
        .unwrap_or_default();
    let status = if !code.is_empty() && award.is_none() {
        axum::http::StatusCode::NOT_FOUND
    } else {
        axum::http::StatusCode::OK
    };
    let decision_date = award
        .as_ref()
        .and_then(|a| thidua_domain::calendar::parse_iso_date(&a.decision_date))
        .map(thidua_domain::calendar::dmy)
        .unwrap_or_default();
    let page = VerifyPage {
        nav,
        code,
        award,
        form_name,
        decision_date,
    };
    Ok((status, page).into_response())
}

// ------------------------------------------------------------------ registry
