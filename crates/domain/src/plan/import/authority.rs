//! Finding the issuing commune in the national directory from the name the plan writes,
//! diacritics-aware: an exact name is sure; a name that only matches without its marks
//! ("Quảng Trách" for "Quảng Trạch") or is a letter or two off is flagged for the officer.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::directory::{Commune, CommuneKind, national};
use crate::text::{fold, nfc};

/// What the directory says about a commune name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommuneLookup {
    pub commune: Option<&'static Commune>,
    pub sure: bool,
    /// Why it is unsure, in Vietnamese.
    pub note: Option<String>,
}

fn index() -> &'static HashMap<String, Vec<usize>> {
    static INDEX: OnceLock<HashMap<String, Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in national().communes.iter().enumerate() {
            m.entry(fold(c.short_name())).or_default().push(i);
        }
        m
    })
}

fn province_key(name: &str) -> String {
    let f = fold(name);
    f.strip_prefix("thanh pho ")
        .or_else(|| f.strip_prefix("tinh "))
        .unwrap_or(&f)
        .to_owned()
}

/// Picks among communes of the same name by the province the document mentions.
fn by_province(cands: Vec<&'static Commune>, context: &str) -> (Vec<&'static Commune>, bool) {
    if cands.len() <= 1 {
        return (cands, true);
    }
    let dir = national();
    let named: Vec<&'static Commune> = cands
        .iter()
        .copied()
        .filter(|c| {
            dir.province(&c.province_code)
                .is_some_and(|p| super::text::has_words(context, &province_key(&p.name)))
        })
        .collect();
    if named.len() == 1 {
        (named, true)
    } else {
        (cands, false)
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn label(kind: Option<CommuneKind>) -> &'static str {
    kind.map_or("xã", CommuneKind::label)
}

/// Looks a commune name up ("Hồng Vân", "HỒNG VÂN", "Hong Van", "Quảng Trách"). `kind` narrows
/// to xã/phường/đặc khu when the document says which; `context` is folded document text used to
/// choose among communes of the same name in different provinces.
pub fn lookup_commune(written: &str, kind: Option<CommuneKind>, context: &str) -> CommuneLookup {
    let dir = national();
    let written = nfc(written.trim());
    let key = fold(&written);
    if key.is_empty() {
        return CommuneLookup {
            commune: None,
            sure: false,
            note: Some("Không đọc được tên xã, phường của cơ quan ban hành".to_owned()),
        };
    }
    let of_kind = |c: &&Commune| kind.is_none_or(|k| c.kind == k);
    let cands: Vec<&'static Commune> = index()
        .get(&key)
        .map(|v| v.iter().map(|&i| &dir.communes[i]).filter(of_kind).collect())
        .unwrap_or_default();
    if !cands.is_empty() {
        let lower = written.to_lowercase();
        let exact: Vec<&'static Commune> = cands
            .iter()
            .copied()
            .filter(|c| c.short_name().to_lowercase() == lower)
            .collect();
        // Written without any marks ("Hong Van"): the marks were dropped, not misspelt.
        let unmarked = written.is_ascii();
        let pool = if exact.is_empty() { cands.clone() } else { exact.clone() };
        let (chosen, unique) = by_province(pool, context);
        let c = chosen[0];
        if !exact.is_empty() || unmarked {
            return CommuneLookup {
                commune: Some(c),
                sure: unique,
                note: (!unique).then(|| {
                    format!(
                        "Có {} đơn vị cùng tên «{}» trong danh mục; tạm chọn «{}» (mã {}), cần kiểm tra lại tỉnh",
                        chosen.len(),
                        c.short_name(),
                        c.name,
                        c.code
                    )
                }),
            };
        }
        return CommuneLookup {
            commune: Some(c),
            sure: false,
            note: Some(format!(
                "Tên {} «{}» không khớp danh mục: gần nhất là «{}» (mã {})",
                label(kind),
                written,
                c.name,
                c.code
            )),
        };
    }
    // A letter or two off: the nearest name, flagged.
    let mut best: Option<(usize, &'static Commune)> = None;
    for c in dir.communes.iter().filter(of_kind) {
        let f = fold(c.short_name());
        if f.len().abs_diff(key.len()) > 2 {
            continue;
        }
        let d = edit_distance(&f, &key);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    match best {
        Some((d, c)) if d <= 2 && d * 4 <= key.len() => CommuneLookup {
            commune: Some(c),
            sure: false,
            note: Some(format!(
                "Tên {} «{}» không khớp danh mục: gần nhất là «{}» (mã {})",
                label(kind),
                written,
                c.name,
                c.code
            )),
        },
        _ => CommuneLookup {
            commune: None,
            sure: false,
            note: Some(format!(
                "Không tìm thấy {} «{}» trong danh mục đơn vị hành chính",
                label(kind),
                written
            )),
        },
    }
}
