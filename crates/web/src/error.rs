//! What a user sees when something goes wrong: a Vietnamese page for people, a problem
//! object (RFC 9457) for API clients. Internal details go to the log, never to the user.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error page.
#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    pub nav: crate::nav::Nav,
    pub status: u16,
    pub title: &'static str,
    pub detail: String,
}

/// What a page that needs the commune's plan says while there is none.
#[derive(Template, WebTemplate)]
#[template(path = "no_plan.html")]
struct NoPlanPage {
    nav: crate::nav::Nav,
    tenant: String,
}

#[derive(Debug)]
pub enum PageError {
    NotFound(String),
    /// Refused by the role check (already in the audit trail).
    Forbidden,
    /// A form without the session's token, or sent from another site.
    Csrf,
    /// Bad input, with a Vietnamese message naming the field.
    BadRequest(String),
    /// The commune has no plan yet: the page says what to do next.
    NoPlan(String),
    Internal(String),
}

impl From<thidua_app::AppError> for PageError {
    fn from(e: thidua_app::AppError) -> Self {
        use thidua_app::AppError;
        match e {
            AppError::Forbidden => Self::Forbidden,
            AppError::NotFound(m) => Self::NotFound(m),
            AppError::NoPlan { tenant } => Self::NoPlan(tenant),
            AppError::Invalid(m) => Self::BadRequest(m),
            AppError::Fields(f) => Self::BadRequest(AppError::Fields(f).to_string()),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, detail) = match self {
            Self::NoPlan(tenant) => {
                return NoPlanPage {
                    nav: crate::nav::Nav::anonymous(),
                    tenant,
                }
                .into_response();
            }
            Self::NotFound(detail) => (StatusCode::NOT_FOUND, "Không tìm thấy trang", detail),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "Không có quyền truy cập",
                "Tài khoản của bạn không có quyền xem hoặc thực hiện việc này. Nếu cần, hãy liên hệ cán bộ quản lý tài khoản của xã.".to_owned(),
            ),
            Self::Csrf => (
                StatusCode::FORBIDDEN,
                "Phiên làm việc không hợp lệ",
                "Biểu mẫu đã hết hạn hoặc được gửi từ trang khác. Hãy tải lại trang rồi thử lại.".to_owned(),
            ),
            Self::BadRequest(detail) => (StatusCode::BAD_REQUEST, "Thông tin chưa hợp lệ", detail),
            Self::Internal(cause) => {
                tracing::error!(%cause, "lỗi khi tạo trang");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Hệ thống đang gặp sự cố",
                    "Yêu cầu chưa thực hiện được. Vui lòng thử lại sau ít phút.".to_owned(),
                )
            }
        };
        let page = ErrorPage {
            nav: crate::nav::Nav::anonymous(),
            status: status.as_u16(),
            title,
            detail,
        };
        (status, page).into_response()
    }
}

/// A problem object: `{type, title, status, detail}` with `application/problem+json`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Short Vietnamese summary.
    pub title: &'static str,
    pub status: u16,
    /// What went wrong and how to fix it, in Vietnamese.
    pub detail: String,
}

impl Problem {
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self {
            kind: "about:blank",
            title: "Không tìm thấy",
            status: 404,
            detail: detail.into(),
        }
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self {
            kind: "about:blank",
            title: "Chưa đăng nhập",
            status: 401,
            detail: detail.into(),
        }
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self {
            kind: "about:blank",
            title: "Không có quyền",
            status: 403,
            detail: detail.into(),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self {
            kind: "about:blank",
            title: "Yêu cầu không hợp lệ",
            status: 400,
            detail: detail.into(),
        }
    }
}

impl From<thidua_app::AppError> for Problem {
    fn from(e: thidua_app::AppError) -> Self {
        use thidua_app::AppError;
        match e {
            AppError::Forbidden => return Self::forbidden("Tài khoản không có quyền với tài nguyên này."),
            AppError::NotFound(m) => return Self::not_found(m),
            e @ AppError::NoPlan { .. } => return Self::not_found(e.to_string()),
            AppError::Invalid(m) => return Self::bad_request(m),
            AppError::Fields(f) => return Self::bad_request(AppError::Fields(f).to_string()),
            _ => {}
        }
        tracing::error!(cause = %e, "lỗi khi trả lời API");
        Self {
            kind: "about:blank",
            title: "Lỗi hệ thống",
            status: 500,
            detail: "Yêu cầu chưa thực hiện được. Vui lòng thử lại sau ít phút.".to_owned(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, Json(self)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        res
    }
}

/// Any unknown address: a problem object under `/api/`, a page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        Problem::not_found(format!("Không có địa chỉ API `{}`.", uri.path())).into_response()
    } else {
        PageError::NotFound("Địa chỉ này không có trên hệ thống. Hãy tìm xã, phường hoặc quay về trang chủ.".to_owned())
            .into_response()
    }
}

/// Answers the body-size limit (413) and the request timeout (408), which the server's layers
/// give before any handler runs, in Vietnamese like every other refusal.
pub async fn limits_in_vietnamese(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    let (status, title, detail) = match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "Tệp quá lớn",
            "Tệp hoặc nội dung gửi lên quá lớn (tối đa 10 MB). Hãy gửi tệp nhỏ hơn, ví dụ lưu lại văn bản không kèm ảnh quét.",
        ),
        StatusCode::REQUEST_TIMEOUT => (
            StatusCode::REQUEST_TIMEOUT,
            "Quá thời gian chờ",
            "Yêu cầu xử lý quá lâu nên đã dừng; chưa có gì thay đổi. Hãy thử lại sau ít phút.",
        ),
        _ => return response,
    };
    if api {
        return Problem {
            kind: "about:blank",
            title,
            status: status.as_u16(),
            detail: detail.to_owned(),
        }
        .into_response();
    }
    let page = ErrorPage {
        nav: crate::nav::Nav::anonymous(),
        status: status.as_u16(),
        title,
        detail: detail.to_owned(),
    };
    (status, page).into_response()
}
