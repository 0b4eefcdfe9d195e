//! Initiatives in the browser: a unit's list and form (with the look-alikes shown before it
//! is sent), the commune's list with search, filters, export and outcomes in bulk, the
//! reviewer's scorecard, replication, and the one use for a commendation.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use thidua_app::initiatives::{InitiativeList, InitiativeView, Intent, ListQuery};
use thidua_app::{AppError, Ctx, InitiativeRow, ReplicationRow, UnitRow};
use thidua_domain::access::Action;
use thidua_domain::initiative::{CRITERIA, InitiativeKind, InitiativeStatus, author_field};
use thidua_domain::reporting::FieldError;

use crate::AppState;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::participants::xlsx;
use crate::reports::{NoteQuery, Pairs, field_errors, number, status_of};
use crate::routes::{Access, Routes};
use crate::session::{SignedForm, SignedIn, check_csrf};
use crate::uploads::{download, read_upload};

pub fn routes() -> Routes {
    Routes::new()
        .get("/quan-tri/{tenant}/sang-kien", Access::Tenant(Action::ViewTenant), list)
        .get(
            "/quan-tri/{tenant}/sang-kien/xuat",
            Access::Tenant(Action::ViewTenant),
            export,
        )
        .get(
            "/quan-tri/{tenant}/sang-kien/nhan-rong",
            Access::Tenant(Action::ViewTenant),
            replications,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/cai-dat",
            Access::Tenant(Action::DecideInitiatives),
            settings,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/{initiative}/cham-diem",
            Access::Tenant(Action::AppraiseInitiatives),
            score,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/ket-qua",
            Access::Tenant(Action::DecideInitiatives),
            decide_many,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/{initiative}/ket-qua",
            Access::Tenant(Action::DecideInitiatives),
            decide_one,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/{initiative}/su-dung",
            Access::Tenant(Action::DecideInitiatives),
            use_for,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/{initiative}/nhan-rong",
            Access::Tenant(Action::DecideInitiatives),
            replicate,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien",
            Access::Tenant(Action::ViewUnit),
            unit_list,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/moi",
            Access::UnitWriter,
            new_form,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/moi",
            Access::UnitWriter,
            create,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{initiative}",
            Access::Tenant(Action::ViewUnit),
            show,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{initiative}",
            Access::UnitWriter,
            save,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{initiative}/tep",
            Access::UnitWriter,
            attach,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{initiative}/tep/{file}",
            Access::Tenant(Action::ViewUnit),
            file,
        )
}

fn note(code: &str) -> Option<&'static str> {
    match code {
        "nhap" => Some("Đã lưu bản nháp. Sáng kiến chưa được gửi thẩm định."),
        "kiem-tra" => Some("Đã lưu bản nháp và kiểm tra trùng lặp: xem danh sách sáng kiến tương tự bên dưới."),
        "gui" => Some("Đã gửi sáng kiến để thẩm định."),
        "rut" => Some("Đã rút sáng kiến."),
        "cham" => Some("Đã lưu phiếu chấm điểm của bạn."),
        "xung-dot" => Some("Đã ghi nhận bạn tự khai xung đột lợi ích; bạn không chấm sáng kiến này."),
        "ket-qua" => Some("Đã ghi kết quả thẩm định."),
        "su-dung" => Some("Đã ghi sáng kiến làm căn cứ khen thưởng."),
        "nhan-rong" => Some("Đã ghi tiến độ nhân rộng."),
        "cai-dat" => Some("Đã lưu trọng số và ngưỡng kiểm tra trùng lặp."),
        "tep" => Some("Đã đính kèm tệp."),
        "xoa-tep" => Some("Đã gỡ tệp."),
        _ => None,
    }
}

fn kind_label(code: &str) -> &'static str {
    InitiativeKind::parse(code).map_or("", InitiativeKind::label)
}

fn status_label(code: &str) -> &'static str {
    InitiativeStatus::parse(code).map_or("", InitiativeStatus::label)
}

/// "72,5" — a score out of 100 stored × 100, or a dash before any.
fn score_label(x100: i64) -> String {
    if x100 < 0 {
        "–".to_owned()
    } else {
        format!("{:.1}", x100 as f64 / 100.0).replace('.', ",")
    }
}

// ------------------------------------------------------------------ one initiative

#[derive(Template, WebTemplate)]
#[template(path = "admin/initiative.html")]
struct InitiativePage {
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

struct Feedback {
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

fn page(nav: Nav, v: InitiativeView, fb: Feedback) -> Response {
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

async fn new_form(
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

async fn show(
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

async fn create(
    State(s): State<AppState>,
    Path((tenant, unit)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let unit = number(&unit, "đơn vị")?;
    write(&s, &ctx, &tenant, unit, 0, f).await
}

async fn save(
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

async fn write(s: &AppState, ctx: &Ctx, tenant: &str, unit: i64, id: i64, f: Pairs) -> Result<Response, PageError> {
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
async fn attach(
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

async fn file(
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
async fn after(
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
async fn after_by_id(
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

async fn score(
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

async fn decide_one(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "sáng kiến")?;
    let cmd = thidua_app::initiatives::DecideCommand::from_form(&f.0);
    let result = s.app.decide_initiatives(&ctx, &tenant, &[id], &cmd).await;
    after_by_id(&s, &ctx, &tenant, id, result.map(|_| "ket-qua"), f).await
}

async fn use_for(
    State(s): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let id = number(&id, "sáng kiến")?;
    let result = s.app.use_initiative(&ctx, &tenant, id, f.get("used_for")).await;
    after_by_id(&s, &ctx, &tenant, id, result.map(|_| "su-dung"), f).await
}

async fn replicate(
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
#[template(path = "admin/initiatives.html")]
struct ListPage {
    nav: Nav,
    tenant: String,
    l: InitiativeList,
    q: ListForm,
    statuses: Vec<(&'static str, &'static str)>,
    criteria: &'static [(&'static str, &'static str)],
    message: Option<&'static str>,
    errors: Vec<FieldError>,
}

impl ListPage {
    fn kind_label(&self, code: &str) -> &'static str {
        kind_label(code)
    }

    fn status_label(&self, code: &str) -> &'static str {
        status_label(code)
    }

    fn score(&self, x100: &i64) -> String {
        score_label(*x100)
    }

    fn weight(&self, i: &usize) -> u8 {
        self.l.settings.weights.0[*i]
    }

    fn threshold(&self) -> i64 {
        (self.l.settings.threshold * 100.0).round() as i64
    }

    fn export_link(&self) -> String {
        let pairs = [
            ("q", &self.q.q),
            ("trang-thai", &self.q.status),
            ("don-vi", &self.q.unit),
            ("noi-dung", &self.q.area),
            ("nam", &self.q.year),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", urlencoding(v)))
            .collect();
        format!("/quan-tri/{}/sang-kien/xuat?{}", self.tenant, query.join("&"))
    }
}

/// Percent-encodes a query value.
fn urlencoding(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Deserialize, Default, Clone)]
struct ListForm {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "trang-thai")]
    status: String,
    #[serde(default, rename = "don-vi")]
    unit: String,
    #[serde(default, rename = "noi-dung")]
    area: String,
    #[serde(default, rename = "nam")]
    year: String,
    #[serde(default)]
    ok: String,
}

impl ListForm {
    fn query(&self) -> ListQuery {
        ListQuery {
            q: crate::pages::clean_query(&self.q),
            status: self.status.clone(),
            unit: self.unit.clone(),
            area: self.area.clone(),
            year: self.year.clone(),
        }
    }
}

async fn list_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    q: ListForm,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
) -> Result<Response, PageError> {
    let l = s.app.initiative_list(ctx, tenant, &q.query()).await?;
    let status = status_of(&errors);
    let page = ListPage {
        nav: Nav::of(ctx),
        tenant: tenant.to_owned(),
        l,
        q,
        statuses: InitiativeStatus::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        criteria: &CRITERIA,
        message,
        errors,
    };
    Ok((status, page).into_response())
}

async fn list(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<ListForm>,
) -> Result<Response, PageError> {
    let message = note(&q.ok);
    list_page(&s, &ctx, &tenant, q, message, Vec::new()).await
}

async fn export(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<ListForm>,
) -> Result<Response, PageError> {
    let bytes = s.app.export_initiatives(&ctx, &tenant, &q.query()).await?;
    Ok(xlsx(bytes, &format!("sang-kien-{tenant}.xlsx")))
}

async fn decide_many(
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

async fn settings(
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

#[derive(Template, WebTemplate)]
#[template(path = "admin/unit_initiatives.html")]
struct UnitListPage {
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

async fn unit_list(
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

#[derive(Template, WebTemplate)]
#[template(path = "admin/replications.html")]
struct ReplicationsPage {
    nav: Nav,
    tenant: String,
    rows: Vec<ReplicationRow>,
}

async fn replications(
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
