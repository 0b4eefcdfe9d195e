//! Recording an initiative's use and where it spreads.

use super::*;

pub(super) async fn use_for(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "sáng kiến")?;
    let result = s.app.use_initiative(&ctx, &tenant, id, f.get("used_for")).await;
    after_by_id(&s, &ctx, &tenant, id, result.map(|_| "su-dung"), f).await
}

pub(super) async fn replicate(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "sáng kiến")?;
    let cmd = thidua_app::initiatives::ReplicationCommand::from_form(&f.0);
    let result = s.app.record_replication(&ctx, &tenant, id, &cmd).await;
    after_by_id(&s, &ctx, &tenant, id, result.map(|_| "nhan-rong"), f).await
}

// ------------------------------------------------------------------ lists

#[derive(Template, WebTemplate)]
#[template(path = "admin/replications.html")]
pub(super) struct ReplicationsPage {
    nav: Nav,
    tenant: String,
    rows: Vec<ReplicationRow>,
}

pub(super) async fn replications(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
) -> Result<ReplicationsPage, PageError> {
    let rows = s.app.all_replications(&ctx, &tenant).await?;
    Ok(ReplicationsPage {
        nav: Nav::of(&ctx),
        tenant,
        rows,
    })
}
