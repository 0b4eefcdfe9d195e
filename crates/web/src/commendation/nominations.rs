//! A unit's nominations and their dossier papers.

use super::*;
use crate::session::SignedForm;

pub(super) async fn unit_proposal(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, occasion, format)): Path<(String, String, String, String)>,
) -> Result<Response, PageError> {
    let unit = number(&unit, "đơn vị")?;
    let occasion = number(&occasion, "đợt khen thưởng")?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.unit_proposal(&ctx, &tenant, unit, occasion, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}

pub(super) async fn nomination_paper(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, occasion, id, paper, format)): Path<(String, String, String, String, String, String)>,
) -> Result<Response, PageError> {
    let ids = (
        number(&unit, "đơn vị")?,
        number(&occasion, "đợt khen thưởng")?,
        number(&id, "đề nghị")?,
    );
    let paper = Paper::parse(&paper).ok_or_else(|| AppError::NotFound("Không có văn bản này trong hồ sơ.".into()))?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.nomination_paper(&ctx, &tenant, ids, paper, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/unit.html")]
pub(super) struct UnitPage {
    nav: Nav,
    tenant: String,
    v: thidua_app::commendation::UnitCommendation,
}

pub(super) async fn unit_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit)): Path<(String, String)>,
) -> Result<UnitPage, PageError> {
    let unit = number(&unit, "đơn vị")?;
    let v = s.app.unit_commendation(&ctx, &tenant, unit).await?;
    Ok(UnitPage {
        nav: Nav::of(&ctx),
        tenant,
        v,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/nomination.html")]
pub(super) struct NominationPage {
    nav: Nav,
    v: NominationView,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

impl NominationPage {
    fn base(&self) -> String {
        format!(
            "/quan-tri/{}/don-vi/{}/khen-thuong/{}",
            self.v.tenant, self.v.unit.id, self.v.occasion.id
        )
    }
    fn action(&self) -> String {
        match &self.v.row {
            Some(r) => format!("{}/{}", self.base(), r.id),
            None => format!("{}/moi", self.base()),
        }
    }
    fn val(&self, name: &str) -> String {
        if !self.typed.is_empty() {
            return typed_value(&self.typed, name);
        }
        let b = &self.v.body;
        let r = self.v.row.as_ref();
        match name {
            "form" => r.map_or_else(String::new, |r| r.form.code().to_owned()),
            "recipient" => r.map_or(RecipientKind::Individual, |r| r.recipient).code().to_owned(),
            "person" => r.map_or_else(String::new, |r| r.person_id.to_string()),
            "collective" => r.map_or_else(String::new, |r| r.subject_unit_id.to_string()),
            "household" => r
                .filter(|r| r.recipient == RecipientKind::Household)
                .map_or_else(String::new, |r| r.nominee_name.clone()),
            "female" => r.map_or_else(String::new, |r| if r.female { "1".into() } else { String::new() }),
            "detail" => r.map_or_else(String::new, |r| r.nominee_detail.clone()),
            "achievements" => b.achievements.clone(),
            "report" => {
                if b.report.is_empty() {
                    self.v.report_draft.clone()
                } else {
                    b.report.clone()
                }
            }
            "meeting_date" => b.meeting.date.clone(),
            "meeting_chair" => b.meeting.chair.clone(),
            "meeting_members" => nonzero(b.meeting.members),
            "meeting_present" => nonzero(b.meeting.present),
            "meeting_for" => nonzero(b.meeting.votes_for),
            "meeting_against" => nonzero(b.meeting.votes_against),
            _ => String::new(),
        }
    }
    /// The authors of an initiative, as its form lists them.
    fn authors(&self, body: &str) -> String {
        let form: thidua_domain::initiative::InitiativeForm = serde_json::from_str(body).unwrap_or_default();
        let names: Vec<&str> = form.authors.iter().map(|a| a.name.as_str()).collect();
        if names.is_empty() {
            "chưa ghi".into()
        } else {
            names.join(", ")
        }
    }

    fn cited(&self, id: &i64) -> bool {
        if self.typed.is_empty() {
            self.v.body.initiatives.contains(id)
        } else {
            self.typed
                .iter()
                .any(|(k, v)| k == "initiative" && *v == id.to_string())
        }
    }
    fn invalid(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e.field == name)
    }
    fn stage_label(&self) -> &'static str {
        self.v.stage.label()
    }
}

fn nonzero(n: u32) -> String {
    if n == 0 { String::new() } else { n.to_string() }
}

fn nomination_page(
    ctx: &Ctx,
    v: NominationView,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
) -> Response {
    let status = status_of(&errors);
    (
        status,
        NominationPage {
            nav: Nav::of(ctx),
            v,
            message,
            errors,
            typed,
        },
    )
        .into_response()
}

pub(super) async fn new_form(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, occasion)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (unit, occasion) = (number(&unit, "đơn vị")?, number(&occasion, "đợt khen thưởng")?);
    let v = s.app.new_nomination(&ctx, &tenant, unit, occasion).await?;
    Ok(nomination_page(&ctx, v, None, Vec::new(), Vec::new()))
}

pub(super) async fn show(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, occasion, id)): Path<(String, String, String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let (unit, occasion, id) = (
        number(&unit, "đơn vị")?,
        number(&occasion, "đợt khen thưởng")?,
        number(&id, "đề nghị")?,
    );
    let v = s.app.nomination_view(&ctx, &tenant, unit, occasion, id).await?;
    Ok(nomination_page(&ctx, v, note(&q.ok), Vec::new(), Vec::new()))
}

pub(super) async fn create(
    State(s): State<AppState>,
    Path((tenant, unit, occasion)): Path<(String, String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let (unit, occasion) = (number(&unit, "đơn vị")?, number(&occasion, "đợt khen thưởng")?);
    write(&s, &ctx, &tenant, unit, occasion, 0, f).await
}

pub(super) async fn save(
    State(s): State<AppState>,
    Path((tenant, unit, occasion, id)): Path<(String, String, String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let (unit, occasion, id) = (
        number(&unit, "đơn vị")?,
        number(&occasion, "đợt khen thưởng")?,
        number(&id, "đề nghị")?,
    );
    if f.get("action") == "rut" {
        return match s.app.withdraw_nomination(&ctx, &tenant, unit, id).await {
            Ok(()) => Ok(Redirect::to(&format!(
                "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{id}?ok=rut"
            ))
            .into_response()),
            Err(e) => {
                let errors = field_errors(e)?;
                let v = s.app.nomination_view(&ctx, &tenant, unit, occasion, id).await?;
                Ok(nomination_page(&ctx, v, None, errors, Vec::new()))
            }
        };
    }
    write(&s, &ctx, &tenant, unit, occasion, id, f).await
}

pub(super) async fn write(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    unit: i64,
    occasion: i64,
    id: i64,
    f: Pairs,
) -> Result<Response, PageError> {
    let cmd = thidua_app::commendation::NominationCommand::from_form(&f.0);
    let submit = cmd.submit;
    let typed: Vec<(String, String)> = f.0.iter().filter(|(k, _)| k != "csrf").cloned().collect();
    match s.app.save_nomination(ctx, tenant, unit, occasion, id, &cmd).await {
        Ok(Saved { id, refused: None }) => {
            let ok = if submit { "gui" } else { "nhap" };
            Ok(Redirect::to(&format!(
                "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{id}?ok={ok}"
            ))
            .into_response())
        }
        // Kept as a draft, not sent: the page of that draft with the reason.
        Ok(Saved { id, refused: Some(e) }) => {
            let errors = field_errors(e)?;
            let v = s.app.nomination_view(ctx, tenant, unit, occasion, id).await?;
            Ok(nomination_page(ctx, v, None, errors, typed))
        }
        Err(e) => {
            let errors = field_errors(e)?;
            let v = if id == 0 {
                s.app.new_nomination(ctx, tenant, unit, occasion).await?
            } else {
                s.app.nomination_view(ctx, tenant, unit, occasion, id).await?
            };
            Ok(nomination_page(ctx, v, None, errors, typed))
        }
    }
}

pub(super) async fn attach(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, occasion, id)): Path<(String, String, String, String)>,
    form: Multipart,
) -> Result<Response, PageError> {
    let (unit, occasion, id) = (
        number(&unit, "đơn vị")?,
        number(&occasion, "đợt khen thưởng")?,
        number(&id, "đề nghị")?,
    );
    let upload = read_upload(form).await?;
    check_csrf(&ctx, &upload.csrf)?;
    let (name, data) = &upload.file;
    match s.app.add_nomination_file(&ctx, &tenant, unit, id, name, data).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{id}?ok=tep"
        ))
        .into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            let v = s.app.nomination_view(&ctx, &tenant, unit, occasion, id).await?;
            Ok(nomination_page(&ctx, v, None, errors, Vec::new()))
        }
    }
}

pub(super) async fn file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, _occasion, id, file)): Path<(String, String, String, String, String)>,
) -> Result<Response, PageError> {
    let (unit, id, file) = (number(&unit, "đơn vị")?, number(&id, "đề nghị")?, number(&file, "tệp")?);
    let (name, content_type, data) = s.app.nomination_file(&ctx, &tenant, unit, id, file).await?;
    Ok(download(&name, content_type, data))
}

// ------------------------------------------------------------------ reward tables
