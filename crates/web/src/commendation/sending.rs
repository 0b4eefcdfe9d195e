//! The commune sends its approved nominations to the province.

use super::*;
use crate::session::SignedForm;

/// The chairman's Tờ trình taking a province-level form's approved nominations up.
pub(super) async fn forward(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "đợt khen thưởng")?;
    let cmd = thidua_app::commendation::SignCommand::from_form(&f.0);
    match s.app.forward_nominations(&ctx, &tenant, id, &cmd).await {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/khen-thuong/{id}?ok=trinh#to-trinh")).into_response()),
        Err(e) => occasion_page(&s, &ctx, &tenant, id, Feedback::refused(e, 0, f.0)?).await,
    }
}

pub(super) async fn package_file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "tờ trình")?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.package_proposal(&ctx, &tenant, id, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}
