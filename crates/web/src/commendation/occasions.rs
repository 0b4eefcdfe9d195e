//! The standing office's commendation home, its occasions, and the late steps.

use super::*;
use crate::session::SignedForm;

#[derive(Template, WebTemplate)]
#[template(path = "commendation/home.html")]
pub(super) struct HomePage {
    nav: Nav,
    tenant: String,
    v: CommendationHome,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

impl HomePage {
    fn val(&self, name: &str) -> String {
        typed_value(&self.typed, name)
    }
    fn invalid(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e.field == name)
    }
}

pub(super) async fn home_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let v = s.app.commendation_home(ctx, tenant).await?;
    let status = status_of(&errors);
    Ok((
        status,
        HomePage {
            nav: Nav::of(ctx),
            tenant: tenant.to_owned(),
            v,
            message,
            errors,
            typed,
        },
    )
        .into_response())
}

pub(super) async fn home(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    home_page(&s, &ctx, &tenant, note(&q.ok), Vec::new(), Vec::new()).await
}

pub(super) async fn open_occasion(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let cmd = thidua_app::commendation::OpenOccasionCommand::from_form(&f.0);
    match s.app.open_occasion(&ctx, &tenant, &cmd).await {
        Ok(id) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/khen-thuong/{id}?ok=dot")).into_response()),
        Err(e) => home_page(&s, &ctx, &tenant, None, field_errors(e)?, f.0).await,
    }
}

pub(super) async fn settings(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let cmd = thidua_app::commendation::SettingsCommand::from_form(&f.0);
    match s.app.set_commendation_settings(&ctx, &tenant, &cmd).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/khen-thuong?ok=cai-dat")).into_response()),
        Err(e) => home_page(&s, &ctx, &tenant, None, field_errors(e)?, f.0).await,
    }
}

// ------------------------------------------------------------------ one occasion

#[derive(Template, WebTemplate)]
#[template(path = "commendation/occasion.html")]
pub(super) struct OccasionPage {
    nav: Nav,
    v: OccasionView,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    /// The nomination the errors are about.
    about: i64,
    typed: Vec<(String, String)>,
}

impl OccasionPage {
    fn val(&self, name: &str) -> String {
        typed_value(&self.typed, name)
    }
    fn invalid(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e.field == name)
    }
    fn signer_default(&self) -> String {
        self.v.plan.plan.signature.name.clone()
    }
    /// The caller's own vote on a nomination: "yes", "no" or "".
    fn mine(&self, id: &i64) -> String {
        self.tally(id).vote_of(self.v.user_id).to_owned()
    }
    fn tally(&self, id: &i64) -> thidua_app::commendation::Tally {
        self.v
            .tallies
            .get(id)
            .cloned()
            .unwrap_or_else(|| thidua_app::commendation::Tally {
                members: self.v.council_size,
                ..Default::default()
            })
    }
}

/// What the occasion's page says after an action: a note, or the errors about one nomination
/// (`about`, 0 for the page) with what was typed.
#[derive(Default)]
pub(super) struct Feedback {
    pub(super) message: Option<&'static str>,
    pub(super) errors: Vec<FieldError>,
    pub(super) about: i64,
    pub(super) typed: Vec<(String, String)>,
}

impl Feedback {
    /// The page again after a refusal: the errors about nomination `about` (0: the page as a
    /// whole), with what was typed kept in the form.
    pub(super) fn refused(e: AppError, about: i64, typed: Vec<(String, String)>) -> Result<Self, PageError> {
        Ok(Self {
            message: None,
            errors: field_errors(e)?,
            about,
            typed,
        })
    }
}

pub(super) async fn occasion_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    id: i64,
    fb: Feedback,
) -> Result<Response, PageError> {
    let v = s.app.occasion_view(ctx, tenant, id).await?;
    let status = status_of(&fb.errors);
    Ok((
        status,
        OccasionPage {
            nav: Nav::of(ctx),
            v,
            message: fb.message,
            errors: fb.errors,
            about: fb.about,
            typed: fb.typed,
        },
    )
        .into_response())
}

pub(super) async fn occasion(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let id = number(&id, "đợt khen thưởng")?;
    let fb = Feedback {
        message: note(&q.ok),
        ..Feedback::default()
    };
    occasion_page(&s, &ctx, &tenant, id, fb).await
}

pub(super) async fn set_open(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "đợt khen thưởng")?;
    let open = f.get("open") == "1";
    match s.app.set_occasion_open(&ctx, &tenant, id, open).await {
        Ok(()) => {
            let ok = if open { "mo" } else { "dong" };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/khen-thuong/{id}?ok={ok}")).into_response())
        }
        Err(e) => occasion_page(&s, &ctx, &tenant, id, Feedback::refused(e, 0, Vec::new())?).await,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/late.html")]
pub(super) struct LatePage {
    nav: Nav,
    tenant: String,
    today: String,
    steps: Vec<thidua_app::commendation::LateStep>,
}

/// Appraisal steps due today or late, across the commune's occasions.
pub(super) async fn late(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
) -> Result<LatePage, PageError> {
    let today = thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc());
    let steps = s.app.late_steps(&ctx, &tenant, today).await?;
    Ok(LatePage {
        nav: Nav::of(&ctx),
        tenant,
        today: thidua_domain::calendar::dmy(today),
        steps,
    })
}

// ------------------------------------------------------------------ decisions
