//! A unit's registration (đăng ký thi đua).

use super::*;

#[derive(Template, WebTemplate)]
#[template(path = "admin/registration.html")]
pub(super) struct RegistrationPage {
    nav: Nav,
    v: RegistrationView,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
}

impl RegistrationPage {
    fn target(&self, code: &str) -> String {
        self.v.body.targets.get(code).cloned().unwrap_or_default()
    }

    fn aimed(&self, code: &str) -> bool {
        self.v.body.aims.iter().any(|a| a == code)
    }

    fn area_field(&self, code: &str) -> String {
        area_field(code)
    }

    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }
}

pub(super) async fn registration(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let v = s
        .app
        .registration(&ctx, &tenant, number(&unit, "đơn vị")?, year(&y)?)
        .await?;
    Ok(RegistrationPage {
        nav: Nav::of(&ctx),
        v,
        message: note(&q.ok),
        errors: Vec::new(),
    }
    .into_response())
}

pub(super) async fn registration_save(
    State(s): State<AppState>,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let (unit, year) = (number(&unit, "đơn vị")?, year(&y)?);
    let cmd = thidua_app::reporting::RegistrationCommand::from_form(&f.0);
    match s.app.register(&ctx, &tenant, unit, year, &cmd).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/dang-ky/{year}?ok=dang-ky")).into_response())
        }
        Err(e) => {
            let errors = field_errors(e)?;
            let v = s.app.registration(&ctx, &tenant, unit, year).await?;
            Ok((
                StatusCode::BAD_REQUEST,
                RegistrationPage {
                    nav: Nav::of(&ctx),
                    v,
                    message: None,
                    errors,
                },
            )
                .into_response())
        }
    }
}

// ---------------------------------------------------------------- roll-up
