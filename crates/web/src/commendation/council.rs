//! The two-step appraisal and the council's vote.

use thidua_app::commendation::{AppraisalCommand, AppraisalOutcome, AppraisalStep};

use super::*;
use crate::session::SignedForm;

/// One appraisal step; the step is the last segment of the path.
pub(super) async fn appraise(
    State(s): State<AppState>,
    axum::extract::OriginalUri(uri): axum::extract::OriginalUri,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "đề nghị")?;
    let step = AppraisalStep::from_slug(uri.path().rsplit('/').next().unwrap_or(""))
        .ok_or_else(|| AppError::NotFound("Không có bước thẩm định này.".into()))?;
    let cmd = AppraisalCommand::from_form(step, &f.0);
    let occasion = s.app.nomination_occasion(&ctx, &tenant, id).await?;
    let returned = matches!(cmd.outcome, AppraisalOutcome::Return { .. });
    match s.app.appraise_nomination(&ctx, &tenant, id, &cmd).await {
        Ok(()) => {
            let ok = if returned { "tra-lai" } else { "tham-dinh" };
            Ok(Redirect::to(&format!(
                "/quan-tri/{tenant}/khen-thuong/{occasion}?ok={ok}#de-nghi-{id}"
            ))
            .into_response())
        }
        Err(e) => occasion_page(&s, &ctx, &tenant, occasion, Feedback::refused(e, id, f.0)?).await,
    }
}

/// A council member's vote on one nomination.
pub(super) async fn vote(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "đề nghị")?;
    let occasion = s.app.nomination_occasion(&ctx, &tenant, id).await?;
    match s.app.cast_vote(&ctx, &tenant, id, f.get("vote")).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/quan-tri/{tenant}/khen-thuong/{occasion}?ok=bieu-quyet#de-nghi-{id}"
        ))
        .into_response()),
        Err(e) => occasion_page(&s, &ctx, &tenant, occasion, Feedback::refused(e, id, Vec::new())?).await,
    }
}
