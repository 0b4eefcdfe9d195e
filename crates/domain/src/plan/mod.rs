//! Plans as data: the typed model, reading a plan file with errors that name the line and the
//! field, and the rules a plan must satisfy.

mod changes;
pub mod import;
mod locate;
mod model;
mod validate;

pub use changes::{PlanChange, Touches, changes};
pub use model::*;
pub use validate::validate;

use std::fmt;

/// One problem in a plan file, in Vietnamese, placed at a line and a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanIssue {
    pub file: String,
    /// 1-based; 0 when the problem is not tied to a place in the file.
    pub line: usize,
    pub column: usize,
    /// Dotted path of the field: `phases[1].review_year`.
    pub field: String,
    /// What is wrong, in Vietnamese.
    pub message: String,
    /// The parser's own English wording, where it had one.
    pub detail: Option<String>,
}

impl fmt::Display for PlanIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.field.is_empty() {
            write!(f, ": trường `{}`", self.field)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(detail) = &self.detail {
            write!(f, " ({detail})")?;
        }
        Ok(())
    }
}

/// A plan that parsed and passed validation, with any warnings worth showing.
#[derive(Debug, Clone)]
pub struct CheckedPlan {
    pub plan: Plan,
    pub warnings: Vec<PlanIssue>,
}

/// Reads a plan file's bytes: UTF-8, normalised to NFC, TOML matching [`Plan`] exactly, then
/// the rules in [`validate`]. `file` names the file in messages.
pub fn parse_plan(file: &str, bytes: &[u8]) -> Result<CheckedPlan, Vec<PlanIssue>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(vec![PlanIssue {
                file: file.to_owned(),
                line,
                column: 1,
                field: String::new(),
                message: "tệp không phải văn bản UTF-8; hãy lưu lại với bảng mã UTF-8".to_owned(),
                detail: Some(e.to_string()),
            }]);
        }
    };
    let text = crate::text::nfc(text.strip_prefix('\u{feff}').unwrap_or(text));
    let tree = toml::de::DeTable::parse(&text).map_err(|e| vec![locate::toml_error(file, &text, None, &e)])?;
    let mut plan: Plan =
        toml::from_str(&text).map_err(|e| vec![locate::toml_error(file, &text, Some(tree.get_ref()), &e)])?;
    let found = validate(&plan);
    let place = |(path, message): (String, String)| locate::at_path(file, &text, tree.get_ref(), path, message);
    let (errors, warnings): (Vec<_>, Vec<_>) = found.into_iter().partition(|f| !f.warning);
    if !errors.is_empty() {
        return Err(errors.into_iter().map(|f| place((f.path, f.message))).collect());
    }
    for award in &mut plan.awards {
        award.level = Some(award.form.level());
    }
    Ok(CheckedPlan {
        plan,
        warnings: warnings.into_iter().map(|f| place((f.path, f.message))).collect(),
    })
}

#[cfg(test)]
mod tests;
