//! Reading a plan out of the document the commune issued (DOCX, PDF with a text layer, or
//! pasted text): the file readers in `thidua-documents` turn the file into [`Block`]s, one per
//! paragraph; [`read_plan`] reads the document's structure (I./II./1./a)/-/+ headings, "Căn cứ"
//! and "Thực hiện" lines, "Nơi nhận:", the signature) into the whole [`Plan`] model, and says
//! for every field the sentence it came from and whether it is sure.
//!
//! This is a general reader of Vietnamese administrative documents, not one fitted to the four
//! seed plans: other communes write the same sections in other orders and words.
//!
//! - [`blocks_from_text`]: pasted text or a PDF text layer (lines broken mid-sentence) to
//!   paragraphs.
//! - [`read_plan`]: paragraphs to the whole plan, each field with its source and certainty.
//! - [`agreement`]: how far a read plan agrees with the right answer, per field group.
//! - [`lookup_commune`]: a commune name to the national directory, flagging near misses.
//!
//! `eval/plan-import/` holds the seed plans; `cargo test -p thidua-domain plan::import --
//! --nocapture` prints the agreement table.

use serde::{Deserialize, Serialize};

use super::Plan;

/// One paragraph of the issued document, as the file reader found it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Block {
    /// The paragraph's text: NFC, trimmed, runs of whitespace collapsed to one space. A mark
    /// typed by hand ("- ", "a) ", "1. ") stays in the text.
    pub text: String,
    /// Every run of the paragraph is bold (headings usually are).
    pub bold: bool,
    pub italic: bool,
    pub centered: bool,
    /// The mark Word's list numbering draws before the paragraph ("-", "+", "•", "a)", "1.")
    /// and which is therefore not in `text`; None without list numbering.
    pub list_mark: Option<String>,
    /// (row, column) from 0 when the paragraph is in a table: the header table (authority and
    /// quốc hiệu) and the closing table (Nơi nhận and the signature).
    pub cell: Option<(u16, u16)>,
}

/// A field the reader filled, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    /// Dotted path of the field in the plan: `document.number`, `deadlines[2]`,
    /// `awards[0].quota`.
    pub field: String,
    /// The value as a person reads it.
    pub value: String,
    /// The sentence or paragraph it was read from.
    pub source: String,
    /// Index of that paragraph in the blocks.
    pub block: usize,
    /// False when the reader guessed: the officer must look at it before publishing.
    pub sure: bool,
    /// Why it is unsure, in Vietnamese ("Tên xã «Quảng Trách» không khớp danh mục: gần nhất là
    /// «Quảng Trạch» (mã 19xxx)").
    pub note: Option<String>,
}

/// A paragraph the reader did not place anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    pub block: usize,
    pub text: String,
}

/// What the reader made of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extraction {
    /// The plan as read; fields the document does not give are empty. It still goes through
    /// the editor and `validate` before it can be published.
    pub plan: Plan,
    pub fields: Vec<Found>,
    pub not_understood: Vec<Unread>,
}

/// The document is not a plan at all (no "KẾ HOẠCH", no numbered parts …): a Vietnamese
/// sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotAPlan(pub String);

/// How many of one kind of field agree with the right answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// The field group as a person calls it ("Thời hạn", "Giai đoạn", "Hình thức và chỉ tiêu"…).
    pub field: &'static str,
    pub matched: usize,
    pub total: usize,
}

mod agreement;
mod authority;
mod phrases;
mod sections;
mod text;

pub use agreement::agreement;
pub use authority::{CommuneLookup, lookup_commune};
pub use sections::read_plan;
pub use text::blocks_from_text;

#[cfg(test)]
mod tests;
