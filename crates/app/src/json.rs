//! JSON sent to the API: every mistake is told in Vietnamese and names the field; the parser's
//! own English words go to the log only.

use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::{AppError, Result};

/// Reads `bytes` as `T`. `expected(field)` says in Vietnamese what the field (a dotted path such
/// as `indicators.sang_kien`) must hold, or "" when there is nothing useful to say.
pub(crate) fn read<T: DeserializeOwned>(bytes: &[u8], expected: impl Fn(&str) -> &'static str) -> Result<T> {
    // serde would read a struct from an array too; the API takes objects only.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(AppError::Invalid(NOT_AN_OBJECT.to_owned()));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        refused(e.inner(), if path == "." { "" } else { &path }, &expected)
    })?;
    de.end().map_err(|e| refused(&e, "", &expected))?;
    Ok(value)
}

const NOT_AN_OBJECT: &str = "Nội dung gửi lên phải là một đối tượng JSON ({…}).";

fn refused(e: &serde_json::Error, path: &str, expected: &impl Fn(&str) -> &'static str) -> AppError {
    tracing::info!(error = %e, path, "API request body refused");
    let message = e.to_string();
    // The path already ends with an unknown field's name; a missing one is inside the path.
    let named = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(|name| {
                if path.is_empty() || path == name || path.ends_with(&format!(".{name}")) {
                    if path.is_empty() {
                        name.to_owned()
                    } else {
                        path.to_owned()
                    }
                } else {
                    format!("{path}.{name}")
                }
            })
    };
    let text = match e.classify() {
        Category::Syntax => format!(
            "Nội dung gửi lên không phải JSON hợp lệ (lỗi ở dòng {}, cột {}).",
            e.line(),
            e.column()
        ),
        Category::Eof => format!(
            "Nội dung gửi lên bị cắt ngang, JSON chưa kết thúc (dòng {}, cột {}).",
            e.line(),
            e.column()
        ),
        Category::Io => "Không đọc được nội dung gửi lên.".to_owned(),
        Category::Data => {
            if let Some(field) = named("unknown field `") {
                format!("Trường «{field}» không có trong nội dung này; hãy bỏ trường đó.")
            } else if let Some(field) = named("missing field `") {
                format!("Thiếu trường «{field}».")
            } else if path.is_empty() {
                NOT_AN_OBJECT.to_owned()
            } else {
                match expected(path) {
                    "" => format!("Trường «{path}»: giá trị không đúng kiểu."),
                    what => format!("Trường «{path}»: giá trị không đúng, phải là {what}."),
                }
            }
        }
    };
    AppError::Invalid(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Report {
        #[serde(default)]
        indicators: std::collections::BTreeMap<String, u64>,
        #[serde(default)]
        assessment: String,
    }

    fn message(json: &str) -> String {
        let expected = |field: &str| {
            if field.starts_with("indicators") {
                "một số nguyên không âm"
            } else {
                ""
            }
        };
        match read::<Report>(json.as_bytes(), expected) {
            Err(AppError::Invalid(m)) => m,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn every_mistake_is_told_in_vietnamese_naming_the_field() {
        assert_eq!(
            message(r#"{"indicators": {"sang_kien": "hai"}}"#),
            "Trường «indicators.sang_kien»: giá trị không đúng, phải là một số nguyên không âm."
        );
        assert_eq!(
            message(r#"{"assesment": "x"}"#),
            "Trường «assesment» không có trong nội dung này; hãy bỏ trường đó."
        );
        assert_eq!(
            message(r#"{"assessment": 5}"#),
            "Trường «assessment»: giá trị không đúng kiểu."
        );
        assert_eq!(
            message("{\"assessment\": \"x\",}"),
            "Nội dung gửi lên không phải JSON hợp lệ (lỗi ở dòng 1, cột 20)."
        );
        assert_eq!(
            message(r#"{"assessment": "x""#),
            "Nội dung gửi lên bị cắt ngang, JSON chưa kết thúc (dòng 1, cột 18)."
        );
        assert_eq!(message("[1]"), "Nội dung gửi lên phải là một đối tượng JSON ({…}).");
        assert_eq!(message("5"), "Nội dung gửi lên phải là một đối tượng JSON ({…}).");
        assert_eq!(
            message(r#"{"assessment": "x"} thêm"#),
            "Nội dung gửi lên không phải JSON hợp lệ (lỗi ở dòng 1, cột 21)."
        );
    }
}
