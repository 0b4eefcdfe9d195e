//! Places a plan problem in the file: byte offsets to lines, field paths to spans and back,
//! and the TOML/serde messages in Vietnamese.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::PlanIssue;

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

enum Seg {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Vec<Seg> {
    let mut segs = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            segs.push(Seg::Key(rest[..open].to_owned()));
            rest = &rest[open..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let close = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(i) = stripped[..close].parse() {
                    segs.push(Seg::Index(i));
                }
                rest = stripped.get(close + 1..).unwrap_or("");
            }
        } else {
            segs.push(Seg::Key(rest.to_owned()));
        }
    }
    segs
}

/// The span of the deepest existing node on `path` (a missing field points at its table).
fn span_of(root: &DeTable<'_>, path: &str) -> Option<Range<usize>> {
    let mut table = root;
    let mut value: Option<&Spanned<DeValue<'_>>> = None;
    for seg in parse_path(path) {
        let next = match (&seg, value.map(|v| v.get_ref())) {
            (Seg::Key(k), None) => table.get(k.as_str()),
            (Seg::Key(k), Some(DeValue::Table(t))) => t.get(k.as_str()),
            (Seg::Index(i), Some(DeValue::Array(a))) => a.get(*i),
            _ => None,
        };
        match next {
            Some(v) => value = Some(v),
            None => break,
        }
        if let Some(DeValue::Table(t)) = value.map(|v| v.get_ref()) {
            table = t;
        }
    }
    value.map(|v| v.span())
}

/// The path of the deepest node whose span holds `offset`: the field a parser error is about.
/// Children are searched even outside their parent's span, because the span of an array of
/// tables (`[[awards]]`) covers only its first header.
fn path_at(root: &DeTable<'_>, offset: usize) -> String {
    fn in_table(t: &DeTable<'_>, offset: usize, path: &mut String) -> bool {
        for (k, v) in t.iter() {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k.get_ref());
            if in_value(v.get_ref(), offset, path) || v.span().contains(&offset) || k.span().contains(&offset) {
                return true;
            }
            path.truncate(len);
        }
        false
    }
    fn in_value(value: &DeValue<'_>, offset: usize, path: &mut String) -> bool {
        match value {
            DeValue::Table(t) => in_table(t, offset, path),
            DeValue::Array(a) => a.iter().enumerate().any(|(i, v)| {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let hit = in_value(v.get_ref(), offset, path) || v.span().contains(&offset);
                if !hit {
                    path.truncate(len);
                }
                hit
            }),
            _ => false,
        }
    }
    let mut path = String::new();
    in_table(root, offset, &mut path);
    path
}

pub(super) fn at_path(file: &str, text: &str, root: &DeTable<'_>, path: String, message: String) -> PlanIssue {
    let (line, column) = span_of(root, &path).map_or((0, 0), |s| line_col(text, s.start));
    PlanIssue {
        file: file.to_owned(),
        line,
        column,
        field: path,
        message,
        detail: None,
    }
}

/// Between the first pair of backticks: serde names fields and values that way.
fn quoted(msg: &str) -> Option<&str> {
    let start = msg.find('`')? + 1;
    let len = msg[start..].find('`')?;
    Some(&msg[start..start + len])
}

/// The backticked names after "expected one of".
fn expected_list(msg: &str) -> String {
    msg.split_once("expected")
        .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect::<Vec<_>>().join(", "))
        .unwrap_or_default()
}

fn vietnamese(msg: &str) -> (String, Option<String>) {
    let first = msg.lines().next().unwrap_or(msg).trim();
    if first.starts_with("unknown field") {
        let name = quoted(first).unwrap_or("?");
        let expected = expected_list(first);
        let hint = if expected.is_empty() {
            String::new()
        } else {
            format!("; các khóa hợp lệ ở đây: {expected}")
        };
        return (
            format!("khóa lạ `{name}` không có trong mẫu kế hoạch{hint}"),
            Some(name.to_owned()),
        );
    }
    if first.starts_with("missing field") {
        let name = quoted(first).unwrap_or("?");
        return (format!("thiếu trường bắt buộc `{name}`"), Some(name.to_owned()));
    }
    if first.starts_with("unknown variant") {
        let name = quoted(first).unwrap_or("?");
        return (
            format!(
                "giá trị `{name}` không hợp lệ; chọn một trong: {}",
                expected_list(first)
            ),
            None,
        );
    }
    if first.starts_with("invalid type") {
        let want = first.split_once("expected ").map_or("", |(_, w)| w);
        let want = match want {
            w if w.contains("u32") || w.contains("i32") || w.contains("integer") => "một số nguyên",
            w if w.contains("string") => "một chuỗi văn bản trong dấu ngoặc kép",
            w if w.contains("sequence") => "một danh sách [ … ]",
            w if w.contains("bool") => "true hoặc false",
            w if w.starts_with("struct") || w.contains("map") => "một bảng (table)",
            _ => "kiểu khác",
        };
        return (format!("sai kiểu dữ liệu: cần {want}"), None);
    }
    if first.starts_with("invalid value") || first.contains("out of range") {
        return ("giá trị nằm ngoài phạm vi cho phép".to_owned(), None);
    }
    if first.contains("duplicate key") {
        return ("khóa bị lặp lại".to_owned(), None);
    }
    ("lỗi cú pháp TOML".to_owned(), None)
}

/// A TOML syntax or serde error, in Vietnamese, with the line and the field it concerns.
pub(super) fn toml_error(file: &str, text: &str, tree: Option<&DeTable<'_>>, e: &toml::de::Error) -> PlanIssue {
    let (message, named_field) = vietnamese(e.message());
    let offset = e.span().map_or(0, |s| s.start);
    let (line, column) = if e.span().is_some() {
        line_col(text, offset)
    } else {
        (0, 0)
    };
    let mut field = tree.map(|t| path_at(t, offset)).unwrap_or_default();
    if let Some(name) = named_field {
        field = if field.is_empty() {
            name
        } else if field.ends_with(&name) {
            field
        } else {
            format!("{field}.{name}")
        };
    }
    if field.is_empty() {
        // A syntax error: the key on the offending line, if it has one.
        let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        field = line_text
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['[', ']'])
            .to_owned();
        if !line_text.contains('=') && !line_text.trim_start().starts_with('[') {
            field.clear();
        }
    }
    PlanIssue {
        file: file.to_owned(),
        line,
        column,
        field,
        message,
        // The English original, without serde's list of expected names (already in `message`).
        detail: Some(
            e.message()
                .lines()
                .next()
                .unwrap_or("")
                .split(", expected")
                .next()
                .unwrap_or("")
                .trim()
                .to_owned(),
        ),
    }
}
