//! The commune's summary to the province, as the standing office edits and sends it.

use super::*;

#[derive(Template, WebTemplate)]
#[template(path = "admin/rollup.html")]
pub(super) struct RollupPage {
    nav: Nav,
    v: RollupView,
    indicators: &'static [IndicatorDef],
    message: Option<&'static str>,
    errors: Vec<FieldError>,
}

impl RollupPage {
    fn total(&self, code: &str) -> String {
        grouped(self.v.assembled.totals.get(code).copied().unwrap_or(0))
    }

    fn section(&self, code: &str) -> String {
        self.v.current().sections.get(code).cloned().unwrap_or_default()
    }

    fn area_field(&self, code: &str) -> String {
        area_field(code)
    }

    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }
}

pub(super) async fn rollup_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    year: i32,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
) -> Result<Response, PageError> {
    let v = s.app.rollup(ctx, tenant, year).await?;
    let status = status_of(&errors);
    Ok((
        status,
        RollupPage {
            nav: Nav::of(ctx),
            v,
            indicators: &INDICATORS,
            message,
            errors,
        },
    )
        .into_response())
}

pub(super) async fn rollup(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, y)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    rollup_page(&s, &ctx, &tenant, year(&y)?, note(&q.ok), Vec::new()).await
}

pub(super) async fn rollup_save(
    State(s): State<AppState>,
    Path((tenant, y)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let send = f.get("action") == "gui";
    let cmd = thidua_app::reporting::RollupCommand::from_form(&f.0, send);
    match s.app.save_rollup(&ctx, &tenant, year, &cmd).await {
        Ok(()) => {
            let ok = if send { "gui-tinh" } else { "tong-hop" };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/tong-hop/{year}?ok={ok}")).into_response())
        }
        Err(e) => rollup_page(&s, &ctx, &tenant, year, None, field_errors(e)?).await,
    }
}

// ---------------------------------------------------------------- the province
