//! Commendation in the browser: the commune's occasions and their quotas, a unit's nomination
//! with its dossier and the eligibility explained, the appraisal steps and the council, the
//! chairman's decision and its DOCX, the award registry, and the platform's reward tables.

mod council;
mod decisions;
mod nominations;
mod occasions;
pub(crate) mod province;
mod registry;
mod sending;

use occasions::{Feedback, occasion_page};

use crate::AppState;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::reports::{NoteQuery, Pairs, field_errors, number, status_of};
use crate::routes::{Access, Routes};
use crate::session::{SignedIn, check_csrf};
use crate::uploads::{download, read_upload};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thidua_app::commendation::Paper;
use thidua_app::commendation::{CommendationHome, NominationView, OccasionView, Saved};
use thidua_app::{AppError, Ctx};
use thidua_domain::access::Action;
use thidua_domain::awards::AwardForm;
use thidua_domain::commendation::eligibility::{AwardKind, Rating};
use thidua_domain::commendation::money::{LegalTable, LegalValue, RecipientKind, coefficient_label, vnd};
use thidua_domain::commendation::nomination::Stage;
use thidua_domain::reporting::FieldError;

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/quan-tri/{tenant}/khen-thuong",
            Access::Tenant(Action::ViewTenant),
            occasions::home,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/dot",
            Access::Tenant(Action::ManageOccasions),
            occasions::open_occasion,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/cai-dat",
            Access::Tenant(Action::ManageOccasions),
            occasions::settings,
        )
        .get(
            "/quan-tri/{tenant}/khen-thuong/qua-han",
            Access::Tenant(Action::ViewTenant),
            occasions::late,
        )
        .get(
            "/quan-tri/{tenant}/khen-thuong/{occasion}",
            Access::Tenant(Action::ViewTenant),
            occasions::occasion,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/thanh-tich",
            Access::Tenant(Action::AppraiseAchievements),
            council::appraise,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/ho-so",
            Access::Tenant(Action::AppraiseDossiers),
            council::appraise,
        )
        // Before the council's step, so that the access test votes while the council sits.
        .post(
            "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/bieu-quyet",
            Access::Tenant(Action::VoteCouncil),
            council::vote,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/hoi-dong",
            Access::Tenant(Action::RecordCouncil),
            council::appraise,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/{occasion}/quyet-dinh",
            Access::Tenant(Action::SignDecisions),
            decisions::sign,
        )
        .post(
            "/quan-tri/{tenant}/khen-thuong/{occasion}/trinh",
            Access::Tenant(Action::SignDecisions),
            sending::forward,
        )
        .get(
            "/quan-tri/{tenant}/to-trinh/{package}/bien-ban-hoi-dong/{format}",
            Access::Tenant(Action::ViewTenant),
            province::council_minutes,
        )
        .get(
            "/quan-tri/{tenant}/to-trinh/{package}/{format}",
            Access::Tenant(Action::ViewTenant),
            sending::package_file,
        )
        .get(
            "/quan-tri/{tenant}/quyet-dinh/{decision}",
            Access::Tenant(Action::ViewTenant),
            decisions::decision,
        )
        .get(
            "/quan-tri/{tenant}/quyet-dinh/{decision}/giay-khen",
            Access::Tenant(Action::ViewTenant),
            decisions::certificates,
        )
        .get(
            "/quan-tri/{tenant}/quyet-dinh/{decision}/danh-sach-chi",
            Access::Tenant(Action::ViewTenant),
            decisions::payment_list,
        )
        .get(
            "/quan-tri/{tenant}/quyet-dinh/{decision}/{format}",
            Access::Tenant(Action::ViewTenant),
            decisions::decision_file,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/to-trinh/{format}",
            Access::Tenant(Action::ViewUnit),
            nominations::unit_proposal,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}/{paper}/{format}",
            Access::Tenant(Action::ViewUnit),
            nominations::nomination_paper,
        )
        .get("/ke-hoach/{id}/van-ban/{format}", Access::Public, plan_file)
        .get("/xac-minh", Access::Public, decisions::verify_form)
        .get("/xac-minh/{code}", Access::Public, decisions::verify)
        .get(
            "/quan-tri/{tenant}/so-vang",
            Access::Tenant(Action::ViewTenant),
            registry::registry,
        )
        .post(
            "/quan-tri/{tenant}/so-vang",
            Access::Tenant(Action::AppraiseDossiers),
            registry::record_history,
        )
        .post(
            "/quan-tri/{tenant}/so-vang/{award}/huy-bo",
            Access::Tenant(Action::SignDecisions),
            registry::annul,
        )
        .post(
            "/quan-tri/{tenant}/so-vang/nhap",
            Access::Tenant(Action::AppraiseDossiers),
            registry::import_history,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong",
            Access::Tenant(Action::ViewUnit),
            nominations::unit_page,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/moi",
            Access::UnitWriter,
            nominations::new_form,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/moi",
            Access::UnitWriter,
            nominations::create,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}",
            Access::Tenant(Action::ViewUnit),
            nominations::show,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}",
            Access::UnitWriter,
            nominations::save,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}/tep",
            Access::UnitWriter,
            nominations::attach,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}/tep/{file}",
            Access::Tenant(Action::ViewUnit),
            nominations::file,
        )
        .get("/quan-tri/he-thong/muc-thuong", Access::Platform, registry::legal)
        .post("/quan-tri/he-thong/muc-thuong", Access::Platform, registry::legal_add)
        .get("/quan-tri/he-thong/quy-tac-xet", Access::Platform, registry::rules)
        .post(
            "/quan-tri/he-thong/quy-tac-xet",
            Access::Platform,
            registry::rules_publish,
        )
        // Last, so that closing the occasion is the last thing the access test does to it.
        .post(
            "/quan-tri/{tenant}/khen-thuong/{occasion}/trang-thai",
            Access::Tenant(Action::ManageOccasions),
            occasions::set_open,
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

fn typed_value(typed: &[(String, String)], name: &str) -> String {
    typed
        .iter()
        .find(|(k, _)| k == name)
        .map_or_else(String::new, |(_, v)| v.clone())
}

// ------------------------------------------------------------------ the commune's page

pub(crate) fn document_format(s: &str) -> Result<thidua_documents::Format, AppError> {
    thidua_documents::Format::parse(s)
        .ok_or_else(|| AppError::NotFound("Chỉ tải được văn bản dạng .docx hoặc .pdf.".into()))
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
