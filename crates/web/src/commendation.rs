//! Commendation in the browser: the commune's occasions and their quotas, a unit's nomination
//! with its dossier and the eligibility explained, the appraisal steps and the council, the
//! chairman's decision and its DOCX, the award registry, and the platform's reward tables.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thidua_app::commendation::{CommendationHome, NominationView, OccasionView, Saved, occasion_kind};
use thidua_app::dossier::Paper;
use thidua_app::{AppError, Ctx};
use thidua_domain::access::Action;
use thidua_domain::awards::{AwardForm, Occasion};
use thidua_domain::commendation::eligibility::{AwardKind, Rating};
use thidua_domain::commendation::money::{LegalTable, LegalValue, RecipientKind, coefficient_label, vnd};
use thidua_domain::reporting::FieldError;

use crate::AppState;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::reports::{NoteQuery, Pairs, field_errors, file_size, number, status_of};
use crate::routes::{Access, Routes};
use crate::session::{SignedIn, check_csrf};
use crate::uploads::{download, read_upload};

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/quan-tri/{tenant}/khen-thuong",
            Access::Tenant(Action::ViewTenant),
            home,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/dot",
            Access::Tenant(Action::ManageOccasions),
            open_occasion,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/cai-dat",
            Access::Tenant(Action::ManageOccasions),
            settings,
        )
        .get(
            "/quan-tri/{tenant}/khen-thuong/qua-han",
            Access::Tenant(Action::ViewTenant),
            late,
        )
        .get(
            "/quan-tri/{tenant}/khen-thuong/{occasion}",
            Access::Tenant(Action::ViewTenant),
            occasion,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/thanh-tich",
            Access::Tenant(Action::AppraiseAchievements),
            appraise,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/ho-so",
            Access::Tenant(Action::AppraiseDossiers),
            appraise,
        )
        // Before the council's step, so that the access test votes while the council sits.
        .post(
            "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/bieu-quyet",
            Access::Tenant(Action::VoteCouncil),
            vote,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/hoi-dong",
            Access::Tenant(Action::RecordCouncil),
            appraise,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/{occasion}/quyet-dinh",
            Access::Tenant(Action::SignDecisions),
            sign,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/{occasion}/trinh",
            Access::Tenant(Action::SignDecisions),
            forward,
        )
        .get(
            "/quan-tri/{tenant}/to-trinh/{package}/bien-ban-hoi-dong/{format}",
            Access::Tenant(Action::ViewTenant),
            crate::province::council_minutes,
        )
        .get(
            "/quan-tri/{tenant}/to-trinh/{package}/{format}",
            Access::Tenant(Action::ViewTenant),
            package_file,
        )
        .get(
            "/quan-tri/{tenant}/quyet-dinh/{decision}",
            Access::Tenant(Action::ViewTenant),
            decision,
        )
        .get(
            "/quan-tri/{tenant}/quyet-dinh/{decision}/giay-khen",
            Access::Tenant(Action::ViewTenant),
            certificates,
        )
        .get(
            "/quan-tri/{tenant}/quyet-dinh/{decision}/danh-sach-chi",
            Access::Tenant(Action::ViewTenant),
            payment_list,
        )
        .get(
            "/quan-tri/{tenant}/quyet-dinh/{decision}/{format}",
            Access::Tenant(Action::ViewTenant),
            decision_file,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/to-trinh/{format}",
            Access::Tenant(Action::ViewUnit),
            unit_proposal,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}/{paper}/{format}",
            Access::Tenant(Action::ViewUnit),
            nomination_paper,
        )
        .get("/ke-hoach/{id}/van-ban/{format}", Access::Public, plan_file)
        .get("/xac-minh", Access::Public, verify_form)
        .get("/xac-minh/{code}", Access::Public, verify)
        .get(
            "/quan-tri/{tenant}/so-vang",
            Access::Tenant(Action::ViewTenant),
            registry,
        )
        .post(
            "/quan-tri/{tenant}/so-vang",
            Access::Tenant(Action::AppraiseDossiers),
            record_history,
        )
        .post(
            "/quan-tri/{tenant}/so-vang/{award}/huy-bo",
            Access::Tenant(Action::SignDecisions),
            annul,
        )
        .post(
            "/quan-tri/{tenant}/so-vang/nhap",
            Access::Tenant(Action::AppraiseDossiers),
            import_history,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong",
            Access::Tenant(Action::ViewUnit),
            unit_page,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/moi",
            Access::UnitWriter,
            new_form,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/moi",
            Access::UnitWriter,
            create,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}",
            Access::Tenant(Action::ViewUnit),
            show,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}",
            Access::UnitWriter,
            save,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}/tep",
            Access::UnitWriter,
            attach,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}/tep/{file}",
            Access::Tenant(Action::ViewUnit),
            file,
        )
        .get("/quan-tri/he-thong/muc-thuong", Access::Platform, legal)
        .post("/quan-tri/he-thong/muc-thuong", Access::Platform, legal_add)
        .get("/quan-tri/he-thong/quy-tac-xet", Access::Platform, rules)
        .post("/quan-tri/he-thong/quy-tac-xet", Access::Platform, rules_publish)
        // Last, so that closing the occasion is the last thing the access test does to it.
        .post(
            "/quan-tri/{tenant}/khen-thuong/{occasion}/trang-thai",
            Access::Tenant(Action::ManageOccasions),
            set_open,
        )
}

fn note(code: &str) -> Option<&'static str> {
    match code {
        "dot" => Some("Đã mở đợt khen thưởng, với chỉ tiêu theo kế hoạch."),
        "cai-dat" => Some("Đã lưu cài đặt thẩm định."),
        "dong" => Some("Đã đóng đợt: không nhận đề nghị mới."),
        "mo" => Some("Đã mở lại đợt."),
        "tham-dinh" => Some("Đã ghi kết quả thẩm định."),
        "tra-lai" => Some("Đã trả lại đề nghị cho đơn vị, kèm lý do."),
        "nhap" => Some("Đã lưu bản nháp đề nghị."),
        "gui" => Some("Đã gửi đề nghị khen thưởng để thẩm định."),
        "rut" => Some("Đã rút đề nghị; chỉ tiêu được trả lại."),
        "tep" => Some("Đã đính kèm tệp."),
        "so-vang" => Some("Đã ghi vào hồ sơ khen thưởng."),
        "muc-thuong" => Some("Đã thêm giá trị; giá trị áp dụng từ ngày đã chọn."),
        "quy-tac" => Some("Đã ban hành bộ quy tắc mới; các đợt khen thưởng từ ngày hiệu lực được xét theo bộ này."),
        "ky" => Some(
            "Đã ký quyết định; sổ vàng đã được cập nhật. Quyết định chờ văn thư vào sổ để có số, ngày ban hành và in Giấy khen.",
        ),
        "bieu-quyet" => Some("Đã ghi phiếu biểu quyết của bạn; bạn có thể đổi ý cho đến khi Hội đồng chốt kết quả."),
        "trinh" => Some("Đã ký tờ trình: khi văn thư vào sổ (cho số, ngày), hồ sơ được chuyển đến tỉnh."),
        "huy-bo" => {
            Some("Đã ghi việc hủy bỏ khen thưởng: sổ vàng, trang xác minh và việc xét khen từ nay tính theo đó.")
        }
        "vao-so" => Some("Đã vào sổ văn bản đi: quyết định đã có số và ngày ban hành."),
        _ => None,
    }
}

fn form_name(code: &str) -> &'static str {
    AwardForm::ALL
        .into_iter()
        .find(|f| f.code() == code)
        .map_or("", AwardForm::name)
}

fn recipient_label(code: &str) -> &'static str {
    RecipientKind::parse(code).map_or("", RecipientKind::label)
}

fn occasion_label(code: &str) -> &'static str {
    occasion_kind(code).map_or("", Occasion::label)
}

/// "20/12/2026" from "2026-12-20".
pub(crate) fn dmy(iso: &str) -> String {
    thidua_domain::calendar::parse_iso_date(iso).map_or_else(|| iso.to_owned(), thidua_domain::calendar::dmy)
}

fn typed_value(typed: &[(String, String)], name: &str) -> String {
    typed
        .iter()
        .find(|(k, _)| k == name)
        .map_or_else(String::new, |(_, v)| v.clone())
}

// ------------------------------------------------------------------ the commune's page

#[derive(Template, WebTemplate)]
#[template(path = "commendation/home.html")]
struct HomePage {
    nav: Nav,
    tenant: String,
    v: CommendationHome,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

impl HomePage {
    fn occasion_label(&self, code: &str) -> &'static str {
        occasion_label(code)
    }
    fn form_name(&self, code: &str) -> &'static str {
        form_name(code)
    }
    fn recipient_label(&self, code: &str) -> &'static str {
        recipient_label(code)
    }
    fn val(&self, name: &str) -> String {
        typed_value(&self.typed, name)
    }
    fn invalid(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e.field == name)
    }
}

async fn home_page(
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

async fn home(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    home_page(&s, &ctx, &tenant, note(&q.ok), Vec::new(), Vec::new()).await
}

async fn open_occasion(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    match s.app.open_occasion(&ctx, &tenant, &f.0).await {
        Ok(id) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/khen-thuong/{id}?ok=dot")).into_response()),
        Err(e) => home_page(&s, &ctx, &tenant, None, field_errors(e)?, f.0).await,
    }
}

async fn settings(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    match s.app.set_commendation_settings(&ctx, &tenant, &f.0).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/khen-thuong?ok=cai-dat")).into_response()),
        Err(e) => home_page(&s, &ctx, &tenant, None, field_errors(e)?, f.0).await,
    }
}

// ------------------------------------------------------------------ one occasion

#[derive(Template, WebTemplate)]
#[template(path = "commendation/occasion.html")]
struct OccasionPage {
    nav: Nav,
    v: OccasionView,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    /// The nomination the errors are about.
    about: i64,
    typed: Vec<(String, String)>,
}

impl OccasionPage {
    fn form_name(&self, code: &str) -> &'static str {
        form_name(code)
    }
    fn recipient_label(&self, code: &str) -> &'static str {
        recipient_label(code)
    }
    fn money(&self, amount: &i64) -> String {
        vnd(*amount)
    }
    fn dmy(&self, iso: &str) -> String {
        dmy(iso)
    }
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
    fn tally(&self, id: &i64) -> thidua_app::council::Tally {
        self.v
            .tallies
            .get(id)
            .cloned()
            .unwrap_or_else(|| thidua_app::council::Tally {
                members: self.v.council_size,
                ..Default::default()
            })
    }
}

/// What the occasion's page says after an action: a note, or the errors about one nomination
/// (`about`, 0 for the page) with what was typed.
#[derive(Default)]
struct Feedback {
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    about: i64,
    typed: Vec<(String, String)>,
}

async fn occasion_page(s: &AppState, ctx: &Ctx, tenant: &str, id: i64, fb: Feedback) -> Result<Response, PageError> {
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

async fn occasion(
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

async fn set_open(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let id = number(&id, "đợt khen thưởng")?;
    let open = f.get("open") == "1";
    match s.app.set_occasion_open(&ctx, &tenant, id, open).await {
        Ok(()) => {
            let ok = if open { "mo" } else { "dong" };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/khen-thuong/{id}?ok={ok}")).into_response())
        }
        Err(e) => {
            let fb = Feedback {
                errors: field_errors(e)?,
                ..Feedback::default()
            };
            occasion_page(&s, &ctx, &tenant, id, fb).await
        }
    }
}

/// One appraisal step; the step is the last segment of the path.
async fn appraise(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    axum::extract::OriginalUri(uri): axum::extract::OriginalUri,
    Path((tenant, id)): Path<(String, String)>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let id = number(&id, "đề nghị")?;
    let step = uri.path().rsplit('/').next().unwrap_or("").to_owned();
    let mut pairs = f.0.clone();
    pairs.push(("step".into(), step));
    let occasion = s.app.nomination_occasion(&ctx, &tenant, id).await?;
    let returned = f.get("verdict") == "tra-lai";
    match s.app.appraise_nomination(&ctx, &tenant, id, &pairs).await {
        Ok(()) => {
            let ok = if returned { "tra-lai" } else { "tham-dinh" };
            Ok(Redirect::to(&format!(
                "/quan-tri/{tenant}/khen-thuong/{occasion}?ok={ok}#de-nghi-{id}"
            ))
            .into_response())
        }
        Err(e) => {
            let fb = Feedback {
                message: None,
                errors: field_errors(e)?,
                about: id,
                typed: f.0,
            };
            occasion_page(&s, &ctx, &tenant, occasion, fb).await
        }
    }
}

async fn sign(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let id = number(&id, "đợt khen thưởng")?;
    match s.app.sign_decision(&ctx, &tenant, id, &f.0).await {
        Ok(decision) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/quyet-dinh/{decision}?ok=ky")).into_response()),
        Err(e) => {
            let fb = Feedback {
                errors: field_errors(e)?,
                typed: f.0,
                ..Feedback::default()
            };
            occasion_page(&s, &ctx, &tenant, id, fb).await
        }
    }
}

/// A council member's vote on one nomination.
async fn vote(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let id = number(&id, "đề nghị")?;
    let occasion = s.app.nomination_occasion(&ctx, &tenant, id).await?;
    match s.app.cast_vote(&ctx, &tenant, id, f.get("vote")).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/quan-tri/{tenant}/khen-thuong/{occasion}?ok=bieu-quyet#de-nghi-{id}"
        ))
        .into_response()),
        Err(e) => {
            let fb = Feedback {
                errors: field_errors(e)?,
                about: id,
                ..Feedback::default()
            };
            occasion_page(&s, &ctx, &tenant, occasion, fb).await
        }
    }
}

/// The chairman's Tờ trình taking a province-level form's approved nominations up.
async fn forward(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let id = number(&id, "đợt khen thưởng")?;
    match s.app.forward_nominations(&ctx, &tenant, id, &f.0).await {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/khen-thuong/{id}?ok=trinh#to-trinh")).into_response()),
        Err(e) => {
            let fb = Feedback {
                errors: field_errors(e)?,
                typed: f.0,
                ..Feedback::default()
            };
            occasion_page(&s, &ctx, &tenant, id, fb).await
        }
    }
}

async fn package_file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "tờ trình")?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.package_proposal(&ctx, &tenant, id, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/late.html")]
struct LatePage {
    nav: Nav,
    tenant: String,
    today: String,
    steps: Vec<thidua_app::council::LateStep>,
}

impl LatePage {
    fn form_name(&self, code: &str) -> &'static str {
        form_name(code)
    }
    fn dmy(&self, iso: &str) -> String {
        dmy(iso)
    }
}

/// Appraisal steps due today or late, across the commune's occasions.
async fn late(
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

#[derive(Template, WebTemplate)]
#[template(path = "commendation/decision.html")]
struct DecisionPage {
    nav: Nav,
    tenant: String,
    row: thidua_app::commendation::DecisionRowView,
    message: Option<&'static str>,
}

async fn decision(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<DecisionPage, PageError> {
    let id = number(&id, "quyết định")?;
    let row = s.app.decision_view(&ctx, &tenant, id).await?;
    Ok(DecisionPage {
        nav: Nav::of(&ctx),
        tenant,
        row,
        message: note(&q.ok),
    })
}

/// The accountant's copy: who is paid how much, as XLSX.
async fn payment_list(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "quyết định")?;
    let (name, bytes) = s.app.payment_list(&ctx, &tenant, id).await?;
    Ok(download(
        &name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
        bytes,
    ))
}

async fn decision_file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "quyết định")?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.decision_file(&ctx, &tenant, id, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}

pub(crate) fn document_format(s: &str) -> Result<thidua_documents::Format, AppError> {
    thidua_documents::Format::parse(s)
        .ok_or_else(|| AppError::NotFound("Chỉ tải được văn bản dạng .docx hoặc .pdf.".into()))
}

async fn unit_proposal(
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

async fn nomination_paper(
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

async fn plan_file(
    State(s): State<AppState>,
    Path((id, format)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "kế hoạch")?;
    let format = document_format(&format)?;
    let (name, bytes) = s.app.plan_file(id, format).await?;
    Ok(download(&name, format.content_type().to_owned(), bytes))
}

async fn certificates(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = number(&id, "quyết định")?;
    let (name, bytes) = s.app.certificates(&ctx, &tenant, id).await?;
    Ok(download(&name, "application/pdf".to_owned(), bytes))
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/verify.html")]
struct VerifyPage {
    nav: Nav,
    code: String,
    award: Option<thidua_app::VerifiedAward>,
    form_name: String,
    decision_date: String,
}

#[derive(serde::Deserialize)]
struct VerifyQuery {
    #[serde(default)]
    ma: String,
}

async fn verify_form(State(s): State<AppState>, nav: Nav, Query(q): Query<VerifyQuery>) -> Result<Response, PageError> {
    if !q.ma.trim().is_empty() {
        let code: String = q.ma.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        return Ok(Redirect::to(&format!("/xac-minh/{}", code.to_uppercase())).into_response());
    }
    verify_page(&s, nav, String::new()).await
}

async fn verify(State(s): State<AppState>, nav: Nav, Path(code): Path<String>) -> Result<Response, PageError> {
    verify_page(&s, nav, code).await
}

async fn verify_page(s: &AppState, nav: Nav, code: String) -> Result<Response, PageError> {
    let award = if code.is_empty() {
        None
    } else {
        s.app.verify_certificate(&code).await?
    };
    let form_name = award
        .as_ref()
        .and_then(|a| AwardForm::parse(&a.form).map(|f| f.name_for(&a.tenant_code)))
        .unwrap_or_default();
    let status = if !code.is_empty() && award.is_none() {
        axum::http::StatusCode::NOT_FOUND
    } else {
        axum::http::StatusCode::OK
    };
    let decision_date = award
        .as_ref()
        .and_then(|a| thidua_domain::calendar::parse_iso_date(&a.decision_date))
        .map(thidua_domain::calendar::dmy)
        .unwrap_or_default();
    let page = VerifyPage {
        nav,
        code,
        award,
        form_name,
        decision_date,
    };
    Ok((status, page).into_response())
}

// ------------------------------------------------------------------ registry

#[derive(Template, WebTemplate)]
#[template(path = "commendation/registry.html")]
struct RegistryPage {
    nav: Nav,
    tenant: String,
    v: thidua_app::commendation::Registry,
    message: Option<String>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
    forms: Vec<(&'static str, &'static str)>,
    ratings: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
}

impl RegistryPage {
    fn form_name(&self, code: &str) -> &'static str {
        form_name(code)
    }
    fn reasons(&self) -> Vec<(&'static str, &'static str)> {
        thidua_domain::commendation::annulment::AnnulReason::ALL
            .iter()
            .map(|r| (r.code(), r.label()))
            .collect()
    }
    /// The annulment form of this award is the one the errors are about.
    fn annulling(&self, id: &i64) -> bool {
        self.val("annul_award") == id.to_string()
    }
    fn recipient_label(&self, code: &str) -> &'static str {
        recipient_label(code)
    }
    fn kind_label(&self, code: &str) -> &'static str {
        AwardKind::parse(code).map_or("", AwardKind::label)
    }
    fn money(&self, amount: &i64) -> String {
        if *amount == 0 { "–".into() } else { vnd(*amount) }
    }
    fn val(&self, name: &str) -> String {
        typed_value(&self.typed, name)
    }
    fn invalid(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e.field == name)
    }
}

async fn registry_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    message: Option<String>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let v = s.app.registry(ctx, tenant).await?;
    let status = status_of(&errors);
    Ok((
        status,
        RegistryPage {
            nav: Nav::of(ctx),
            tenant: tenant.to_owned(),
            v,
            message,
            errors,
            typed,
            forms: AwardForm::ALL.iter().map(|f| (f.code(), f.name())).collect(),
            ratings: Rating::ALL.iter().map(|r| (r.code(), r.label())).collect(),
            kinds: AwardKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        },
    )
        .into_response())
}

#[derive(serde::Deserialize, Default)]
struct RegistryQuery {
    #[serde(default)]
    ok: String,
    /// After an import: rows-added-updated-unchanged.
    #[serde(default)]
    nhap: String,
}

async fn registry(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<RegistryQuery>,
) -> Result<Response, PageError> {
    let counts: Vec<u32> = q.nhap.split('-').filter_map(|n| n.parse().ok()).collect();
    let message = match counts[..] {
        [rows, added, updated, unchanged] => Some(format!(
            "Đã nhập sổ vàng: {rows} dòng — {added} mới, {updated} cập nhật, {unchanged} đã có từ trước."
        )),
        _ => note(&q.ok).map(str::to_owned),
    };
    registry_page(&s, &ctx, &tenant, message, Vec::new(), Vec::new()).await
}

/// The award history from the sổ vàng template: applied whole, or every wrong cell named.
async fn import_history(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    form: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let upload = crate::uploads::read_upload(form).await?;
    check_csrf(&ctx, &upload.csrf)?;
    if upload.file.1.is_empty() {
        let errors = vec![FieldError {
            field: "history-file".into(),
            message: "Chọn tệp Excel sổ vàng (theo tệp mẫu) để nhập.".into(),
        }];
        return registry_page(&s, &ctx, &tenant, None, errors, Vec::new()).await;
    }
    match s.app.import_award_history(&ctx, &tenant, &upload.file.1).await? {
        thidua_app::participants::ImportOutcome::Applied { rows, applied } => Ok(Redirect::to(&format!(
            "/quan-tri/{tenant}/so-vang?nhap={rows}-{}-{}-{}",
            applied.added, applied.updated, applied.unchanged
        ))
        .into_response()),
        thidua_app::participants::ImportOutcome::Rejected(rows) => {
            let errors = rows
                .into_iter()
                .map(|e| FieldError {
                    field: "history-file".into(),
                    message: match (e.row, e.column.is_empty()) {
                        (0, _) => format!("Tệp: {}", e.reason),
                        (row, true) => format!("Dòng {row}: {}", e.reason),
                        (row, false) => format!("Dòng {row}, cột {}: {}", e.column, e.reason),
                    },
                })
                .collect();
            registry_page(&s, &ctx, &tenant, None, errors, Vec::new()).await
        }
    }
}

async fn record_history(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    match s.app.record_history(&ctx, &tenant, &f.0).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/so-vang?ok=so-vang")).into_response()),
        Err(e) => registry_page(&s, &ctx, &tenant, None, field_errors(e)?, f.0).await,
    }
}

/// The chairman's annulment of one award: the annulling decision, its date and ground, and
/// the money to recover.
async fn annul(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, award)): Path<(String, String)>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let award = number(&award, "khen thưởng")?;
    let done = match thidua_app::annulment::AnnulCommand::parse(
        award,
        f.get("annul_on"),
        f.get("annul_decision"),
        f.get("annul_reason"),
        f.get("annul_note"),
        f.get("recover"),
    ) {
        Ok(cmd) => s.app.annul_award(&ctx, &tenant, &cmd).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/so-vang?ok=huy-bo#khen-{award}")).into_response()),
        Err(e) => {
            let mut typed = f.0;
            typed.push(("annul_award".into(), award.to_string()));
            registry_page(&s, &ctx, &tenant, None, field_errors(e)?, typed).await
        }
    }
}

// ------------------------------------------------------------------ a unit's nomination

#[derive(Template, WebTemplate)]
#[template(path = "commendation/unit.html")]
struct UnitPage {
    nav: Nav,
    tenant: String,
    v: thidua_app::commendation::UnitCommendation,
}

impl UnitPage {
    fn form_name(&self, code: &str) -> &'static str {
        form_name(code)
    }
    fn stage_label(&self, code: &str) -> &'static str {
        thidua_domain::commendation::nomination::Stage::parse(code)
            .map_or("", thidua_domain::commendation::nomination::Stage::label)
    }
}

async fn unit_page(
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
struct NominationPage {
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
    fn form_name(&self, code: &str) -> &'static str {
        form_name(code)
    }
    fn recipient_label(&self, code: &str) -> &'static str {
        recipient_label(code)
    }
    fn size(&self, bytes: &i64) -> String {
        file_size(*bytes)
    }
    fn val(&self, name: &str) -> String {
        if !self.typed.is_empty() {
            return typed_value(&self.typed, name);
        }
        let b = &self.v.body;
        let r = self.v.row.as_ref();
        match name {
            "form" => r.map_or_else(String::new, |r| r.form.clone()),
            "recipient" => r.map_or_else(|| "individual".to_owned(), |r| r.recipient.clone()),
            "person" => r.map_or_else(String::new, |r| r.person_id.to_string()),
            "collective" => r.map_or_else(String::new, |r| r.subject_unit_id.to_string()),
            "household" => r
                .filter(|r| r.recipient == "household")
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

async fn new_form(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, occasion)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (unit, occasion) = (number(&unit, "đơn vị")?, number(&occasion, "đợt khen thưởng")?);
    let v = s.app.new_nomination(&ctx, &tenant, unit, occasion).await?;
    Ok(nomination_page(&ctx, v, None, Vec::new(), Vec::new()))
}

async fn show(
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

async fn create(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, occasion)): Path<(String, String, String)>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let (unit, occasion) = (number(&unit, "đơn vị")?, number(&occasion, "đợt khen thưởng")?);
    write(&s, &ctx, &tenant, unit, occasion, 0, f).await
}

async fn save(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, occasion, id)): Path<(String, String, String, String)>,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
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

async fn write(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    unit: i64,
    occasion: i64,
    id: i64,
    f: Pairs,
) -> Result<Response, PageError> {
    let submit = f.get("action") == "gui";
    let typed: Vec<(String, String)> = f.0.iter().filter(|(k, _)| k != "csrf").cloned().collect();
    match s
        .app
        .save_nomination(ctx, tenant, unit, occasion, id, &f.0, submit)
        .await
    {
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

async fn attach(
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

async fn file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, _occasion, id, file)): Path<(String, String, String, String, String)>,
) -> Result<Response, PageError> {
    let (unit, id, file) = (number(&unit, "đơn vị")?, number(&id, "đề nghị")?, number(&file, "tệp")?);
    let (name, content_type, data) = s.app.nomination_file(&ctx, &tenant, unit, id, file).await?;
    Ok(download(&name, content_type, data))
}

// ------------------------------------------------------------------ reward tables

#[derive(Template, WebTemplate)]
#[template(path = "commendation/legal.html")]
struct LegalPage {
    nav: Nav,
    values: Vec<LegalValue>,
    /// The operator's warning when the base salary has stood for over a year.
    review: Option<String>,
    tables: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

impl LegalPage {
    fn table_label(&self, t: &LegalTable) -> &'static str {
        t.label()
    }
    fn shown(&self, v: &LegalValue) -> String {
        match v.table {
            LegalTable::BaseSalary => format!("{} đồng", vnd(v.value)),
            LegalTable::Rounding => format!("{} đồng ({})", vnd(v.value), v.key),
            _ => coefficient_label(v.value),
        }
    }
    fn key_label(&self, v: &LegalValue) -> String {
        match v.table {
            LegalTable::Coefficient => form_name(&v.key).to_owned(),
            LegalTable::Multiplier => recipient_label(&v.key).to_owned(),
            _ => v.key.clone(),
        }
    }
    fn dmy(&self, iso: &str) -> String {
        dmy(iso)
    }
    fn val(&self, name: &str) -> String {
        typed_value(&self.typed, name)
    }
}

async fn legal_page(
    s: &AppState,
    ctx: &Ctx,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let tables = s.app.legal_tables_for(ctx).await?;
    let today = thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc());
    let review = tables.base_salary_review(today);
    let status = status_of(&errors);
    Ok((
        status,
        LegalPage {
            nav: Nav::of(ctx),
            review,
            values: tables.values,
            tables: LegalTable::ALL.iter().map(|t| (t.code(), t.label())).collect(),
            message,
            errors,
            typed,
        },
    )
        .into_response())
}

async fn legal(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    legal_page(&s, &ctx, note(&q.ok), Vec::new(), Vec::new()).await
}

async fn legal_add(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let value = LegalValue {
        table: LegalTable::parse(f.get("table")).unwrap_or(LegalTable::BaseSalary),
        key: f.get("key").trim().to_owned(),
        value: f.get("value").trim().replace('.', "").parse().unwrap_or(0),
        effective_from: f.get("effective_from").to_owned(),
        source: f.get("source").trim().to_owned(),
        confidence: f.get("confidence").to_owned(),
    };
    let result = match LegalTable::parse(f.get("table")) {
        None => Err(AppError::Invalid("Bảng: chọn một bảng.".into())),
        Some(_) => s.app.add_legal_value(&ctx, &value).await,
    };
    match result {
        Ok(()) => Ok(Redirect::to("/quan-tri/he-thong/muc-thuong?ok=muc-thuong").into_response()),
        Err(e) => legal_page(&s, &ctx, None, field_errors(e)?, f.0).await,
    }
}

// ------------------------------------------------------------------ eligibility rule sets

#[derive(Template, WebTemplate)]
#[template(path = "commendation/rules.html")]
struct RulesPage {
    nav: Nav,
    sets: Vec<(i64, String, String)>,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: String,
}

impl RulesPage {
    fn dmy(&self, iso: &str) -> String {
        dmy(iso)
    }
    fn rule_count(&self, body: &str) -> usize {
        thidua_domain::commendation::eligibility::RuleSet::parse(body).map_or(0, |r| r.rules.len())
    }
    /// The text the form starts from: what was typed, else the newest set.
    fn draft(&self) -> String {
        if self.typed.is_empty() {
            self.sets.first().map_or_else(String::new, |s| s.2.clone())
        } else {
            self.typed.clone()
        }
    }
}

async fn rules_page(
    s: &AppState,
    ctx: &Ctx,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: String,
) -> Result<Response, PageError> {
    let sets = s.app.rule_sets_for(ctx).await?;
    let status = status_of(&errors);
    Ok((
        status,
        RulesPage {
            nav: Nav::of(ctx),
            sets,
            message,
            errors,
            typed,
        },
    )
        .into_response())
}

async fn rules(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    rules_page(&s, &ctx, note(&q.ok), Vec::new(), String::new()).await
}

async fn rules_publish(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Form(f): Form<Pairs>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, f.get("csrf"))?;
    let text = f.get("body").to_owned();
    match s.app.publish_rule_set(&ctx, &text).await {
        Ok(_) => Ok(Redirect::to("/quan-tri/he-thong/quy-tac-xet?ok=quy-tac").into_response()),
        Err(e) => rules_page(&s, &ctx, None, field_errors(e)?, text).await,
    }
}
