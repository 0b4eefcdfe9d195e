//! Initiatives in the browser: a unit's list and form (with the look-alikes shown before it
//! is sent), the commune's list with search, filters, export and outcomes in bulk, the
//! reviewer's scorecard, replication, and the one use for a commendation.

mod appraisal;
mod drafting;
mod lists;
mod replication;

use drafting::after_by_id;
use lists::{ListForm, list_page};

use crate::AppState;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::participants::xlsx;
use crate::reports::{NoteQuery, Pairs, field_errors, number, status_of};
use crate::routes::{Access, Routes};
use crate::session::{SignedForm, SignedIn, check_csrf};
use crate::uploads::{download, read_upload};
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

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/quan-tri/{tenant}/sang-kien",
            Access::Tenant(Action::ViewTenant),
            lists::list,
        )
        .get(
            "/quan-tri/{tenant}/sang-kien/xuat",
            Access::Tenant(Action::ViewTenant),
            lists::export,
        )
        .get(
            "/quan-tri/{tenant}/sang-kien/nhan-rong",
            Access::Tenant(Action::ViewTenant),
            replication::replications,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/cai-dat",
            Access::Tenant(Action::DecideInitiatives),
            appraisal::settings,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/{initiative}/cham-diem",
            Access::Tenant(Action::AppraiseInitiatives),
            appraisal::score,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/ket-qua",
            Access::Tenant(Action::DecideInitiatives),
            appraisal::decide_many,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/{initiative}/ket-qua",
            Access::Tenant(Action::DecideInitiatives),
            appraisal::decide_one,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/{initiative}/su-dung",
            Access::Tenant(Action::DecideInitiatives),
            replication::use_for,
        )
        .post(
            "/quan-tri/{tenant}/sang-kien/{initiative}/nhan-rong",
            Access::Tenant(Action::DecideInitiatives),
            replication::replicate,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien",
            Access::Tenant(Action::ViewUnit),
            drafting::unit_list,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/moi",
            Access::UnitWriter,
            drafting::new_form,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/moi",
            Access::UnitWriter,
            drafting::create,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{initiative}",
            Access::Tenant(Action::ViewUnit),
            drafting::show,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{initiative}",
            Access::UnitWriter,
            drafting::save,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{initiative}/tep",
            Access::UnitWriter,
            drafting::attach,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{initiative}/tep/{file}",
            Access::Tenant(Action::ViewUnit),
            drafting::file,
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
