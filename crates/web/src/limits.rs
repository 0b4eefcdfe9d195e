//! One length limit every form field and every JSON string goes through, before any handler
//! reads it (issue #16): a value over its limit is refused with a Vietnamese message naming
//! the field, and nothing changes. Short fields (names, titles, codes, addresses) get a short
//! limit; free text (reports, descriptions, plan paragraphs) a long one.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ErrorPage, Problem};

/// Characters in a free-text field: the longest document a person types here (an achievement
/// report) with room to spare.
pub const LONG_TEXT: usize = 50_000;
/// Characters in a name, title, code, address or other one-line field.
pub const SHORT_TEXT: usize = 500;

/// Field names (the last part of a dotted path, indices dropped) that are one line.
const SHORT_FIELDS: [&str; 16] = [
    "name",
    "full_name",
    "username",
    "display_name",
    "title",
    "email",
    "phone",
    "position",
    "code",
    "symbol",
    "place",
    "short_name",
    "kind",
    "office",
    "doc_symbol",
    "q",
];

fn limit_for(field: &str) -> usize {
    let last = field.rsplit('.').next().unwrap_or(field);
    let last = last.split('[').next().unwrap_or(last);
    if SHORT_FIELDS.contains(&last) {
        SHORT_TEXT
    } else {
        LONG_TEXT
    }
}

/// The first value over its limit: (field, characters, limit).
fn first_too_long<'a>(fields: impl Iterator<Item = (String, &'a str)>) -> Option<(String, usize, usize)> {
    fields
        // Cheap bound first: a value of fewer bytes than the limit cannot have more characters.
        .filter(|(name, value)| value.len() > limit_for(name))
        .map(|(name, value)| {
            let chars = value.chars().count();
            (name, chars)
        })
        .find(|(name, chars)| *chars > limit_for(name))
        .map(|(name, chars)| {
            let limit = limit_for(&name);
            (name, chars, limit)
        })
}

fn json_strings<'a>(value: &'a serde_json::Value, path: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        serde_json::Value::String(s) => out.push((path, s)),
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                json_strings(v, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                json_strings(v, p, out);
            }
        }
        _ => {}
    }
}

/// Refuses a form or JSON body with a value over its field's limit.
pub async fn field_lengths(req: Request, next: Next) -> Response {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let form = content_type.starts_with("application/x-www-form-urlencoded");
    let json = content_type.starts_with("application/json");
    if !form && !json {
        return next.run(req).await;
    }
    let api = req.uri().path().starts_with("/api/");
    let (parts, body) = req.into_parts();
    // The body is already bounded by the router's size limit.
    let bytes: Bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let too_long = if form {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
        first_too_long(pairs.iter().map(|(k, v)| (k.clone(), v.as_str())))
    } else {
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(value) => {
                let mut strings = Vec::new();
                json_strings(&value, String::new(), &mut strings);
                first_too_long(strings.into_iter())
            }
            // Not JSON: the handler says so in its own words.
            Err(_) => None,
        }
    };
    if let Some((field, chars, limit)) = too_long {
        let detail = format!(
            "Trường «{field}» dài {chars} ký tự, quá mức {limit} ký tự. Hãy rút gọn rồi gửi lại; chưa có gì được lưu."
        );
        if api {
            return Problem::bad_request(detail).into_response();
        }
        let page = ErrorPage {
            nav: crate::nav::Nav::anonymous(),
            status: 400,
            title: "Nội dung quá dài",
            detail,
        };
        return (StatusCode::BAD_REQUEST, page).into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_and_texts_are_long() {
        assert_eq!(limit_for("name"), SHORT_TEXT);
        assert_eq!(limit_for("authority.name"), SHORT_TEXT);
        assert_eq!(limit_for("awards[2].name"), SHORT_TEXT);
        assert_eq!(limit_for("content_areas[0].text"), LONG_TEXT);
        assert_eq!(limit_for("report"), LONG_TEXT);
        let long_name = "Thôn ".repeat(200);
        let found = first_too_long([("name".to_owned(), long_name.as_str())].into_iter());
        assert_eq!(found, Some(("name".to_owned(), 1000, SHORT_TEXT)));
        let report = "ý".repeat(LONG_TEXT);
        assert_eq!(
            first_too_long([("report".to_owned(), report.as_str())].into_iter()),
            None
        );
    }
}
