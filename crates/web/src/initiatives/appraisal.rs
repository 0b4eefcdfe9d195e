//! The council's scorecards and the standing office's decision and settings.

use super::*;

pub(super) async fn score(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "sáng kiến")?;
    let cmd = thidua_app::initiatives::ScoreCommand::from_form(&f.0);
    let result = s.app.score_initiative(&ctx, &tenant, id, &cmd).await;
    let ok = if f.0.iter().any(|(k, _)| k == "declare") {
        "xung-dot"
    } else {
        "cham"
    };
    after_by_id(&s, &ctx, &tenant, id, result.map(|_| ok), f).await
}

pub(super) async fn decide_one(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "sáng kiến")?;
    let cmd = thidua_app::initiatives::DecideCommand::from_form(&f.0);
    let result = s.app.decide_initiatives(&ctx, &tenant, &[id], &cmd).await;
    after_by_id(&s, &ctx, &tenant, id, result.map(|_| "ket-qua"), f).await
}

pub(super) async fn decide_many(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let ids: Vec<i64> =
        f.0.iter()
            .filter(|(k, _)| k == "id")
            .filter_map(|(_, v)| v.parse().ok())
            .collect();
    let cmd = thidua_app::initiatives::DecideCommand::from_form(&f.0);
    match s.app.decide_initiatives(&ctx, &tenant, &ids, &cmd).await {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/sang-kien?ok=ket-qua")).into_response()),
        Err(e) => list_page(&s, &ctx, &tenant, ListForm::default(), None, field_errors(e)?).await,
    }
}

pub(super) async fn settings(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let cmd = thidua_app::initiatives::InitiativeSettingsCommand::from_form(&f.0);
    match s.app.set_initiative_settings(&ctx, &tenant, &cmd).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/sang-kien?ok=cai-dat")).into_response()),
        Err(e) => list_page(&s, &ctx, &tenant, ListForm::default(), None, field_errors(e)?).await,
    }
}
