//! A multipart form that sends one file (or asks to remove one), and a file sent back for
//! download with its Vietnamese name intact.

use axum::extract::Multipart;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::PageError;

/// What the form sent: the CSRF token, a file, or the id of a file to remove.
#[derive(Debug, Default)]
pub struct Upload {
    pub csrf: String,
    pub remove: String,
    /// The name the browser gave and the bytes; empty when no file was chosen.
    pub file: (String, Vec<u8>),
}

pub async fn read_upload(mut form: Multipart) -> Result<Upload, PageError> {
    let bad = |_| PageError::BadRequest("Tệp gửi lên bị lỗi hoặc quá lớn (tối đa 10 MB).".into());
    let mut upload = Upload::default();
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "csrf" => upload.csrf = field.text().await.map_err(bad)?,
            "remove" => upload.remove = field.text().await.map_err(bad)?,
            "file" => {
                let name = field.file_name().unwrap_or("").to_owned();
                upload.file = (name, field.bytes().await.map_err(bad)?.to_vec());
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// The file as a download: an ASCII fallback name for old clients, the real one in UTF-8.
pub fn download(name: &str, content_type: String, data: Vec<u8>) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::session::urlencode(name)
    );
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        data,
    )
        .into_response()
}
