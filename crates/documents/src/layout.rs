//! What both writers of an official document share: the lengths NĐ 30 ties to the text itself.
//! The rule under the issuer's name and under the subject is 1/3 to 1/2 of the line it
//! underlines; the rule under the tiêu ngữ is as long as the tiêu ngữ. Lengths are measured on
//! the Liberation Serif glyphs the PDF embeds (metric-compatible with Times New Roman, which
//! the DOCX names), and handed to both writers, so the two formats cannot drift.

use serde::Serialize;

use crate::docx::OfficialDoc;

/// The tiêu ngữ, as printed under the quốc hiệu.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Width of the issuer's column of the header, in points (68.8 mm; the DOCX's 3,900 twips).
pub const ISSUER_COLUMN_PT: f64 = 195.0;

/// Width of the text between the margins, in points (A4 less 30 mm and 15 mm).
pub const TEXT_WIDTH_PT: f64 = (210.0 - 45.0) / 25.4 * 72.0;

/// The share of its line a short rule takes: inside NĐ 30's 1/3 to 1/2.
pub const SHORT_RULE_SHARE: f64 = 0.4;

/// The header and subject rules of one document, in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rules {
    /// Under the issuer's name (the bold line of the left column).
    pub issuer: f64,
    /// Under the tiêu ngữ: its own length.
    pub motto: f64,
    /// Under the subject (trích yếu).
    pub subject: f64,
}

/// How wide `text` sets in Liberation Serif at `size` points, in points; a line longer than
/// its column is counted as the column (it wraps).
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let font = crate::pdf::FONTS[usize::from(bold)];
    let Ok(face) = ttf_parser::Face::parse(font, 0) else {
        return 0.0;
    };
    let per_unit = size / f64::from(face.units_per_em());
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(0.5 * size, |a| f64::from(a) * per_unit)
        })
        .sum()
}

pub fn rules(d: &OfficialDoc) -> Rules {
    let issuer = text_width(&d.issuer, 13.0, true).min(ISSUER_COLUMN_PT);
    let subject = text_width(&d.subject, 14.0, true).min(TEXT_WIDTH_PT);
    Rules {
        issuer: (issuer * SHORT_RULE_SHARE).round(),
        motto: text_width(MOTTO, 13.0, true).round(),
        subject: (subject * SHORT_RULE_SHARE).round(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_the_lines_they_underline() {
        // The tiêu ngữ at 13 pt bold is about 170 pt wide in Times New Roman metrics.
        let motto = text_width(MOTTO, 13.0, true);
        assert!((150.0..190.0).contains(&motto), "{motto}");
        // A longer issuer gets a longer rule, in proportion.
        let short = text_width("XÃ PHÚ TÂN", 13.0, true);
        let long = text_width("PHƯỜNG LONG MỸ", 13.0, true);
        assert!(long > short && short > 50.0, "{short} {long}");
        let mut d = crate::samples::decision(4);
        d.issuer = "XÃ PHÚ TÂN".into();
        let r = rules(&d);
        assert!((r.issuer / short - SHORT_RULE_SHARE).abs() < 0.02, "{r:?}");
        assert_eq!(r.motto, motto.round());
        // A subject over two lines is underlined as a full line would be.
        assert!(
            r.subject <= (TEXT_WIDTH_PT * 0.5).round() && r.subject >= (TEXT_WIDTH_PT / 3.0).floor(),
            "{r:?}"
        );
    }
}
