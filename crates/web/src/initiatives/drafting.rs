//! A unit's initiative page: the form, files, sending, and the unit's list.

use super::*;

#[derive(Template, WebTemplate)]
#[template(path = "admin/initiative.html")]
pub(super) struct InitiativePage {
    nav: Nav,
    v: InitiativeView,
    kinds: Vec<(&'static str, &'static str)>,
    criteria: &'static [(&'static str, &'static str)],
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
    /// Author rows the form shows.
    author_rows: Vec<usize>,
}

impl InitiativePage {
    fn val(&self, field: impl AsRef<str>) -> String {
        let field = field.as_ref();
        if !self.typed.is_empty() {
            return self
                .typed
                .iter()
                .find(|(k, _)| k == field)
                .map_or_else(String::new, |(_, v)| v.clone());
        }
        let f = &self.v.form;
        match field {
            "kind" => f.kind.clone(),
            "title" => f.title.clone(),
            "area" => f.area.clone(),
            "problem" => f.problem.clone(),
            "novelty" => f.novelty.clone(),
            "application" => f.application.clone(),
            "benefits" => f.benefits.clone(),
            "scope" => f.scope.clone(),
            "summary" => f.summary.clone(),
            "difference" => f.difference.clone(),
            other => {
                let mut parts = other.splitn(3, '_').skip(1);
                let (Some(i), Some(part)) = (parts.next().and_then(|i| i.parse::<usize>().ok()), parts.next()) else {
                    return String::new();
                };
                match (f.authors.get(i.wrapping_sub(1)), part) {
                    (Some(a), "name") => a.name.clone(),
                    (Some(a), "unit") => a.unit.clone(),
                    (Some(a), "share") => a.share.to_string(),
                    (None, "unit") if i == 1 && f.authors.is_empty() => self.v.unit.name.clone(),
                    _ => String::new(),
                }
            }
        }
    }

    fn invalid(&self, field: impl AsRef<str>) -> bool {
        self.errors.iter().any(|e| e.field == field.as_ref())
    }

    fn author(&self, i: &usize, part: &str) -> String {
        author_field(*i, part)
    }

    fn area_title(&self, code: &str) -> String {
        self.v
            .plan
            .plan
            .content_areas
            .iter()
            .find(|a| a.code == code)
            .map_or_else(|| code.to_owned(), |a| format!("{}) {}", a.code, a.title))
    }

    fn kind_label(&self, code: &str) -> &'static str {
        kind_label(code)
    }

    fn score(&self, x100: &i64) -> String {
        score_label(*x100)
    }

    fn number(&self, x: &f64) -> String {
        format!("{x:.1}").replace('.', ",")
    }

    fn my_score(&self, i: &usize) -> String {
        self.v
            .mine
            .as_ref()
            .filter(|m| m.conflict.is_empty())
            .map_or_else(String::new, |m| m.scores[*i].to_string())
    }

    fn row(&self) -> Option<&InitiativeRow> {
        self.v.row.as_ref()
    }

    fn base(&self) -> String {
        format!("/quan-tri/{}/don-vi/{}/sang-kien", self.v.tenant, self.v.unit.id)
    }
}

pub(super) struct Feedback {
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

pub(super) fn page(nav: Nav, v: InitiativeView, fb: Feedback) -> Response {
    let status = status_of(&fb.errors);
    let authors = if fb.typed.is_empty() {
        v.form.authors.len()
    } else {
        (1..=thidua_domain::initiative::MAX_AUTHORS)
            .filter(|i| {
                fb.typed
                    .iter()
                    .any(|(k, val)| k == &author_field(*i, "name") && !val.is_empty())
            })
            .max()
            .unwrap_or(0)
    };
    let author_rows = (1..=(authors + 2).clamp(3, thidua_domain::initiative::MAX_AUTHORS)).collect();
    let page = InitiativePage {
        nav,
        v,
        kinds: InitiativeKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        criteria: &CRITERIA,
        message: fb.message,
        errors: fb.errors,
        typed: fb.typed,
        author_rows,
    };
    (status, page).into_response()
}

pub(super) async fn new_form(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let unit = number(&unit, "đơn vị")?;
    let v = s.app.new_initiative(&ctx, &tenant, unit).await?;
    Ok(page(
        Nav::of(&ctx),
        v,
        Feedback {
            message: None,
            errors: Vec::new(),
            typed: Vec::new(),
        },
    ))
}

pub(super) async fn show(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, id)): Path<(String, String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let (unit, id) = (number(&unit, "đơn vị")?, number(&id, "sáng kiến")?);
    let v = s.app.initiative(&ctx, &tenant, unit, id).await?;
    Ok(page(
        Nav::of(&ctx),
        v,
        Feedback {
            message: note(&q.ok),
            errors: Vec::new(),
            typed: Vec::new(),
        },
    ))
}

pub(super) async fn create(
    State(s): State<AppState>,
    Path((tenant, unit)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let unit = number(&unit, "đơn vị")?;
    write(&s, &ctx, &tenant, unit, 0, f).await
}

pub(super) async fn save(
    State(s): State<AppState>,
    Path((tenant, unit, id)): Path<(String, String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let (unit, id) = (number(&unit, "đơn vị")?, number(&id, "sáng kiến")?);
    if f.get("action") == "rut" {
        let result = s.app.withdraw_initiative(&ctx, &tenant, unit, id).await;
        return after(&s, &ctx, &tenant, unit, id, result.map(|_| "rut"), f).await;
    }
    write(&s, &ctx, &tenant, unit, id, f).await
}

pub(super) async fn write(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    unit: i64,
    id: i64,
    f: Pairs,
) -> Result<Response, PageError> {
    let intent = match f.get("action") {
        "gui" => Intent::Submit,
        "kiem-tra" => Intent::Check,
        _ => Intent::Draft,
    };
    let draft = thidua_domain::initiative::InitiativeDraft::from_form(&f.0);
    match s.app.save_initiative(ctx, tenant, unit, id, &draft, intent).await {
        Ok((id, sent)) => {
            let ok = match (sent, intent) {
                (true, _) => "gui",
                (false, Intent::Check) => "kiem-tra",
                _ => "nhap",
            };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{id}?ok={ok}")).into_response())
        }
        Err(e) => {
            let errors = field_errors(e)?;
            // The page shows what was typed, with the look-alikes of the typed text.
            let mut v = if id == 0 {
                s.app.new_initiative(ctx, tenant, unit).await?
            } else {
                s.app.initiative(ctx, tenant, unit, id).await?
            };
            if let Ok(form) = thidua_domain::initiative::read_initiative_form(&v.plan.plan, &draft, false) {
                v.similar = s
                    .app
                    .similar_initiatives(tenant, id, &form, v.settings.threshold)
                    .await?;
            }
            Ok(page(
                Nav::of(ctx),
                v,
                Feedback {
                    message: None,
                    errors,
                    typed: f.0,
                },
            ))
        }
    }
}

/// A document for the initiative (multipart: `csrf`, `file`), or `remove` = id of one to take
/// off a draft.
pub(super) async fn attach(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, id)): Path<(String, String, String)>,
    form: Multipart,
) -> Result<Response, PageError> {
    let (unit, id) = (number(&unit, "đơn vị")?, number(&id, "sáng kiến")?);
    let upload = read_upload(form).await?;
    check_csrf(&ctx, &upload.csrf)?;
    let result = if upload.remove.is_empty() {
        let (name, data) = &upload.file;
        s.app
            .add_initiative_file(&ctx, &tenant, unit, id, name, data)
            .await
            .map(|_| "tep")
    } else {
        let file = number(&upload.remove, "tệp")?;
        s.app
            .remove_initiative_file(&ctx, &tenant, unit, id, file)
            .await
            .map(|()| "xoa-tep")
    };
    after(&s, &ctx, &tenant, unit, id, result, Pairs::default()).await
}

pub(super) async fn file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, id, file)): Path<(String, String, String, String)>,
) -> Result<Response, PageError> {
    let (unit, id, file) = (
        number(&unit, "đơn vị")?,
        number(&id, "sáng kiến")?,
        number(&file, "tệp")?,
    );
    let (name, content_type, data) = s.app.initiative_file(&ctx, &tenant, unit, id, file).await?;
    Ok(download(&name, content_type, data))
}

/// After an action on one initiative: back to its page with a note, or the page with the error.
pub(super) async fn after(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    unit: i64,
    id: i64,
    result: thidua_app::Result<&'static str>,
    f: Pairs,
) -> Result<Response, PageError> {
    match result {
        Ok(ok) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{id}?ok={ok}")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            let v = s.app.initiative(ctx, tenant, unit, id).await?;
            let typed = f.0.into_iter().filter(|(k, _)| k != "csrf").collect();
            Ok(page(
                Nav::of(ctx),
                v,
                Feedback {
                    message: None,
                    errors,
                    typed,
                },
            ))
        }
    }
}

/// After an action reached by the initiative alone: its page, found through its unit. A
/// refusal ends here, so it is recorded once.
pub(super) async fn after_by_id(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    id: i64,
    result: thidua_app::Result<&'static str>,
    f: Pairs,
) -> Result<Response, PageError> {
    let result = match result {
        Err(e @ (AppError::Forbidden | AppError::NotFound(_))) => return Err(e.into()),
        other => other,
    };
    let unit = s.app.initiative_unit(ctx, tenant, id).await?;
    after(s, ctx, tenant, unit, id, result, f).await
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/unit_initiatives.html")]
pub(super) struct UnitListPage {
    nav: Nav,
    tenant: String,
    unit: UnitRow,
    rows: Vec<InitiativeRow>,
    can_write: bool,
}

impl UnitListPage {
    fn kind_label(&self, code: &str) -> &'static str {
        kind_label(code)
    }

    fn status_label(&self, code: &str) -> &'static str {
        status_label(code)
    }
}

pub(super) async fn unit_list(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit)): Path<(String, String)>,
) -> Result<UnitListPage, PageError> {
    let unit = number(&unit, "đơn vị")?;
    let (unit, rows, can_write) = s.app.unit_initiatives(&ctx, &tenant, unit).await?;
    Ok(UnitListPage {
        nav: Nav::of(&ctx),
        tenant,
        unit,
        rows,
        can_write,
    })
}
