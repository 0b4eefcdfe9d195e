//! A unit's report page: the form, attachments, and the standing office's review.

use super::*;

#[derive(Template, WebTemplate)]
#[template(path = "admin/report.html")]
pub(super) struct ReportPage {
    nav: Nav,
    v: UnitReportView,
    indicators: &'static [IndicatorDef],
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    /// What was typed, when the form comes back with errors.
    typed: Vec<(String, String)>,
}

impl ReportPage {
    fn val(&self, field: &str) -> String {
        if !self.typed.is_empty() {
            return self
                .typed
                .iter()
                .find(|(k, _)| k == field)
                .map_or_else(String::new, |(_, v)| v.clone());
        }
        let d = &self.v.draft;
        if field == "assessment" {
            return d.assessment.clone();
        }
        if let Some(code) = field.strip_prefix("area_") {
            return d.sections.get(code).cloned().unwrap_or_default();
        }
        if let Some(code) = field.strip_prefix("ind_") {
            return d.indicators.get(code).map(ToString::to_string).unwrap_or_default();
        }
        String::new()
    }

    fn invalid(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    fn area_field(&self, code: &str) -> String {
        area_field(code)
    }

    fn ind_field(&self, code: &str) -> String {
        indicator_field(code)
    }

    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }

    fn body(&self, json: &str) -> ReportBody {
        serde_json::from_str(json).unwrap_or_default()
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

    fn indicator_label(&self, code: &str) -> String {
        thidua_domain::reporting::indicator(code).map_or_else(|| code.to_owned(), |d| d.label.to_owned())
    }

    fn days_left(&self) -> String {
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        match (self.v.period.unit_due - today).whole_days() {
            d if d > 0 => format!("còn {d} ngày"),
            0 => "hạn là hôm nay (đến 23 giờ 59)".to_owned(),
            d => format!("đã quá hạn {} ngày — vẫn gửi được, báo cáo sẽ ghi là nộp trễ", -d),
        }
    }
}

/// What a page says after an action: a note, or the errors and what was typed.
#[derive(Default)]
pub(super) struct Feedback {
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

pub(super) async fn report_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    unit: i64,
    year: i32,
    Feedback { message, errors, typed }: Feedback,
) -> Result<Response, PageError> {
    let v = s.app.unit_report(ctx, tenant, unit, year).await?;
    let status = status_of(&errors);
    let page = ReportPage {
        nav: Nav::of(ctx),
        v,
        indicators: &INDICATORS,
        message,
        errors,
        typed,
    };
    Ok((status, page).into_response())
}

pub(super) async fn report(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let unit = number(&unit, "đơn vị")?;
    let feedback = Feedback {
        message: note(&q.ok),
        ..Feedback::default()
    };
    report_page(&s, &ctx, &tenant, unit, year(&y)?, feedback).await
}

pub(super) async fn report_save(
    State(s): State<AppState>,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let (unit, year) = (number(&unit, "đơn vị")?, year(&y)?);
    let submit = f.get("action") == "gui";
    let form = thidua_domain::reporting::ReportForm::from_form(&f.0);
    let result = match s.app.read_report_form(&tenant, year, &form).await {
        Ok(body) => s
            .app
            .save_unit_report(&ctx, &tenant, unit, year, &body, submit)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            let ok = if submit { "gui" } else { "nhap" };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}?ok={ok}")).into_response())
        }
        Err(e) => {
            let errors = field_errors(e)?;
            let feedback = Feedback {
                errors,
                typed: f.0,
                ..Feedback::default()
            };
            report_page(&s, &ctx, &tenant, unit, year, feedback).await
        }
    }
}

/// A file for the draft (multipart: `csrf`, then `file`), or `remove` = id of a draft file.
pub(super) async fn attachment_add(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    form: Multipart,
) -> Result<Response, PageError> {
    let (unit, year) = (number(&unit, "đơn vị")?, year(&y)?);
    let upload = read_upload(form).await?;
    check_csrf(&ctx, &upload.csrf)?;
    let (result, ok) = if !upload.remove.is_empty() {
        let id = number(&upload.remove, "tệp")?;
        (s.app.remove_report_attachment(&ctx, &tenant, unit, id).await, "xoa-tep")
    } else {
        let (name, data) = &upload.file;
        let r = s.app.add_report_attachment(&ctx, &tenant, unit, year, name, data).await;
        (r.map(|_| ()), "tep")
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}?ok={ok}")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            let feedback = Feedback {
                errors,
                ..Feedback::default()
            };
            report_page(&s, &ctx, &tenant, unit, year, feedback).await
        }
    }
}

pub(super) async fn attachment_get(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, file)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (unit, file) = (number(&unit, "đơn vị")?, number(&file, "tệp")?);
    let (name, content_type, data) = s.app.report_attachment(&ctx, &tenant, unit, file).await?;
    Ok(download(&name, content_type, data))
}

pub(super) async fn review(
    State(s): State<AppState>,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let (unit, year) = (number(&unit, "đơn vị")?, year(&y)?);
    let accept = f.get("decision") == "accept";
    let version = f.get("version").parse().unwrap_or(0);
    match s
        .app
        .review_report(
            &ctx,
            &tenant,
            unit,
            year,
            &Verdict {
                version,
                accept,
                reason: f.get("reason").to_owned(),
            },
        )
        .await
    {
        Ok(()) => {
            let ok = if accept { "tiep-nhan" } else { "tra-lai" };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}?ok={ok}")).into_response())
        }
        Err(e) => {
            let errors = field_errors(e)?;
            let feedback = Feedback {
                errors,
                ..Feedback::default()
            };
            report_page(&s, &ctx, &tenant, unit, year, feedback).await
        }
    }
}

// ---------------------------------------------------------------- the period
