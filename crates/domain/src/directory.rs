//! The national directory of administrative units after the July 2025 reform:
//! 34 provinces (2-digit codes) and 3,321 communes, wards and special zones (5-digit codes).

use std::fmt;

use serde::Serialize;

use crate::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommuneKind {
    Xa,
    Phuong,
    DacKhu,
}

impl CommuneKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Xa => "xã",
            Self::Phuong => "phường",
            Self::DacKhu => "đặc khu",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "xã" => Some(Self::Xa),
            "phường" => Some(Self::Phuong),
            "đặc khu" => Some(Self::DacKhu),
            _ => None,
        }
    }
}

impl fmt::Display for CommuneKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Province {
    /// Two digits, e.g. "01".
    pub code: String,
    /// "Thành phố Hà Nội", "Quảng Trị".
    pub name: String,
    /// "tỉnh" or "thành phố trung ương".
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// Five digits, e.g. "10210".
    pub code: String,
    /// "Xã Hồng Vân".
    pub name: String,
    pub kind: CommuneKind,
    pub province_code: String,
}

impl Commune {
    /// The name without its kind: "Xã Hồng Vân" → "Hồng Vân".
    pub fn short_name(&self) -> &str {
        let prefix_len = self.kind.label().chars().count();
        let mut chars = self.name.char_indices();
        match chars.nth(prefix_len) {
            Some((i, ' ')) => &self.name[i + 1..],
            _ => &self.name,
        }
    }

    /// The text searched: commune name, folded.
    pub fn search_text(&self) -> String {
        fold(&self.name)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub provinces: Vec<Province>,
    pub communes: Vec<Commune>,
}

impl Directory {
    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.communes.iter().find(|c| c.code == code)
    }

    pub fn province(&self, code: &str) -> Option<&Province> {
        self.provinces.iter().find(|p| p.code == code)
    }
}

/// The official list shipped with the program (`directory/vn-admin-units-2025.csv`).
pub const NATIONAL_CSV: &str = include_str!("../../../directory/vn-admin-units-2025.csv");

/// The national directory, parsed once.
pub fn national() -> &'static Directory {
    static DIRECTORY: std::sync::OnceLock<Directory> = std::sync::OnceLock::new();
    DIRECTORY.get_or_init(|| parse_csv(NATIONAL_CSV).expect("the shipped directory is valid"))
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("Danh mục đơn vị hành chính, dòng {line}: {reason}")]
pub struct DirectoryError {
    pub line: usize,
    pub reason: String,
}

/// Reads `province_code,province_name,province_type,ward_code,ward_name,ward_type` rows.
/// Codes are zero-padded to their official width.
pub fn parse_csv(csv: &str) -> Result<Directory, DirectoryError> {
    let mut dir = Directory::default();
    for (i, line) in csv.lines().enumerate().skip(1) {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let err = |reason: &str| DirectoryError {
            line: line_no,
            reason: reason.to_owned(),
        };
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        let [p_code, p_name, p_kind, c_code, c_name, c_kind] = cols[..] else {
            return Err(err("cần đúng 6 cột"));
        };
        let p_code = pad(p_code, 2).ok_or_else(|| err("mã tỉnh không hợp lệ"))?;
        let c_code = pad(c_code, 5).ok_or_else(|| err("mã xã không hợp lệ"))?;
        let kind = CommuneKind::parse(c_kind).ok_or_else(|| err("loại đơn vị cấp xã lạ"))?;
        if dir.provinces.last().is_none_or(|p| p.code != p_code) {
            if dir.provinces.iter().any(|p| p.code == p_code) {
                return Err(err("các xã của một tỉnh phải liền nhau"));
            }
            dir.provinces.push(Province {
                code: p_code.clone(),
                name: crate::text::nfc(p_name),
                kind: p_kind.to_owned(),
            });
        }
        dir.communes.push(Commune {
            code: c_code,
            name: crate::text::nfc(c_name),
            kind,
            province_code: p_code,
        });
    }
    Ok(dir)
}

fn pad(code: &str, width: usize) -> Option<String> {
    if code.is_empty() || code.len() > width || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{code:0>width$}"))
}

/// True for a well-formed 5-digit commune code.
pub fn is_commune_code(code: &str) -> bool {
    code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "province_code,province_name,province_type,ward_code,ward_name,ward_type\n\
        1,Thành phố Hà Nội,thành phố trung ương,10210,Xã Hồng Vân,xã\n\
        1,Thành phố Hà Nội,thành phố trung ương,70,Phường Hoàn Kiếm,phường\n\
        44,Quảng Trị,tỉnh,19363,Xã Vĩnh Linh,xã\n";

    #[test]
    fn codes_are_padded() {
        let d = parse_csv(SAMPLE).unwrap();
        assert_eq!(d.provinces.len(), 2);
        assert_eq!(d.provinces[0].code, "01");
        assert_eq!(d.communes[1].code, "00070");
        assert_eq!(d.communes[1].short_name(), "Hoàn Kiếm");
        assert_eq!(d.communes[0].search_text(), "xa hong van");
    }

    #[test]
    fn the_national_list_has_34_provinces_and_3321_communes() {
        let d = national();
        assert_eq!(d.provinces.len(), 34);
        assert_eq!(d.communes.len(), 3321);
        assert_eq!(d.communes.iter().filter(|c| c.kind == CommuneKind::DacKhu).count(), 13);
        assert_eq!(d.communes.iter().filter(|c| c.kind == CommuneKind::Phuong).count(), 687);
        assert_eq!(d.commune("10210").unwrap().name, "Xã Hồng Vân");
        assert_eq!(d.province("91").unwrap().name, "An Giang");
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let bad = format!("{SAMPLE}44,Quảng Trị,tỉnh,x19,Xã Lạ,xã\n");
        let e = parse_csv(&bad).unwrap_err();
        assert_eq!(e.line, 5);
        assert!(e.to_string().contains("dòng 5"));
    }
}
