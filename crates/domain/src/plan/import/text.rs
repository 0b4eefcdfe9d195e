//! Pasted text and PDF text layers to paragraphs: lines broken mid-sentence are joined back,
//! list marks and headings start paragraphs of their own. Also the small text tools the reader
//! shares: list marks, folding with a map back to the original text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Block;
use crate::text::nfc;

/// The kind of a paragraph's list mark; two marks of the same kind are siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkKind {
    /// I. II. III.
    Roman,
    /// 1. / 1.1. / 2.2.1. by depth.
    Num(u8),
    /// 1)
    NumParen,
    /// a) b) đ)
    Letter,
    /// - – —
    Dash,
    Plus,
    Star,
    /// • · and other bullets.
    Bullet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mark {
    pub kind: MarkKind,
    /// The label without punctuation: "II", "1.2", "a", "-".
    pub label: String,
}

const ROMANS: [&str; 15] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
];

/// Splits a typed list mark off the start of a paragraph: ("II. MỤC TIÊU") → (Roman "II", "MỤC TIÊU").
pub(crate) fn split_mark(text: &str) -> Option<(Mark, &str)> {
    let t = text.trim_start();
    let first = t.chars().next()?;
    // Bullets.
    let bullet = match first {
        '-' | '–' | '—' => Some(MarkKind::Dash),
        '+' => Some(MarkKind::Plus),
        '*' => Some(MarkKind::Star),
        '•' | '·' | '●' | '○' | '▪' | '■' | '\u{f0b7}' | '\u{f0a7}' | '\u{f0d8}' => Some(MarkKind::Bullet),
        _ => None,
    };
    if let Some(kind) = bullet {
        let rest = &t[first.len_utf8()..];
        // "-Tờ trình" (no space) is still a mark when a capital follows.
        let next = rest.chars().next()?;
        let ok = next.is_whitespace() || (next.is_alphabetic() && next.is_uppercase());
        let rest = rest.trim_start();
        if ok && !rest.is_empty() {
            return Some((
                Mark {
                    kind,
                    label: first.to_string(),
                },
                rest,
            ));
        }
        return None;
    }
    // Roman numerals: "IV. " (uppercase only).
    if first.is_ascii_uppercase() {
        let end = t.find(|c: char| !matches!(c, 'I' | 'V' | 'X')).unwrap_or(t.len());
        if end > 0 && ROMANS.contains(&&t[..end]) {
            let after = &t[end..];
            if let Some(rest) = after.strip_prefix('.').or_else(|| after.strip_prefix(" -"))
                && (rest.starts_with(char::is_whitespace) || rest.starts_with(|c: char| c.is_uppercase()))
            {
                let rest = rest.trim_start();
                if !rest.is_empty() {
                    return Some((
                        Mark {
                            kind: MarkKind::Roman,
                            label: t[..end].to_owned(),
                        },
                        rest,
                    ));
                }
            }
        }
        return None;
    }
    // Numbers: "1. ", "1.1. ", "1.1 ", "2.2.1. ", "1) ".
    if first.is_ascii_digit() {
        let bytes = t.as_bytes();
        let mut i = 0;
        let mut parts = 0u8;
        let mut trailing_dot = false;
        loop {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i == start || i - start > 2 {
                return None;
            }
            parts += 1;
            if i < bytes.len() && bytes[i] == b'.' {
                i += 1;
                trailing_dot = true;
                if i < bytes.len() && bytes[i].is_ascii_digit() {
                    trailing_dot = false;
                    continue;
                }
            }
            break;
        }
        if i < bytes.len() && bytes[i] == b')' && parts == 1 && !trailing_dot {
            let rest = t[i + 1..].trim_start();
            if !rest.is_empty() && t[i + 1..].starts_with(char::is_whitespace) {
                return Some((
                    Mark {
                        kind: MarkKind::NumParen,
                        label: t[..i].to_owned(),
                    },
                    rest,
                ));
            }
            return None;
        }
        if !(trailing_dot || parts >= 2) {
            return None;
        }
        let after = &t[i..];
        if !after.starts_with(char::is_whitespace) && !after.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        let rest = after.trim_start();
        // "2025. Tiến hành" is a year ending a sentence, not a mark: marks start with a letter.
        if rest.is_empty() || !rest.starts_with(|c: char| c.is_alphabetic() || c == '“' || c == '"' || c == '(') {
            return None;
        }
        let label = t[..i].trim_end_matches('.').to_owned();
        return Some((
            Mark {
                kind: MarkKind::Num(parts),
                label,
            },
            rest,
        ));
    }
    // Letters: "a) ", "đ) ", "a/ ".
    if first.is_lowercase() {
        let mut chars = t.char_indices();
        chars.next();
        if let Some((i, c)) = chars.next()
            && (c == ')' || c == '/')
            && is_list_letter(first)
        {
            let after = &t[i + 1..];
            if after.starts_with(char::is_whitespace) || after.starts_with(|c: char| c.is_uppercase()) {
                let rest = after.trim_start();
                if !rest.is_empty() {
                    return Some((
                        Mark {
                            kind: MarkKind::Letter,
                            label: first.to_string(),
                        },
                        rest,
                    ));
                }
            }
        }
    }
    None
}

fn is_list_letter(c: char) -> bool {
    c.is_ascii_lowercase() || c == 'đ'
}

/// Parses a mark Word drew (`Block::list_mark`), which has no text after it.
pub(crate) fn parse_list_mark(mark: &str) -> Option<Mark> {
    let probe = format!("{} X", mark.trim());
    split_mark(&probe).map(|(m, _)| m)
}

/// True when every cased letter is uppercase and there are at least three letters.
pub(crate) fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 3
}

/// Collapses whitespace runs to one space and trims.
pub(crate) fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Folded text (see [`crate::text::fold`]) with, for each folded byte, where its character
/// starts in the original, so a phrase found in the folded text can be cut from the original.
pub(crate) struct Folded {
    pub text: String,
    origin: Vec<usize>,
    source_len: usize,
}

impl Folded {
    pub fn new(s: &str) -> Self {
        let mut text = String::with_capacity(s.len());
        let mut origin = Vec::with_capacity(s.len());
        let mut pending_space = false;
        let mut space_origin = 0;
        for (i, ch) in s.char_indices() {
            for c in ch.nfd() {
                if is_combining_mark(c) {
                    continue;
                }
                let c = match c {
                    'đ' | 'Đ' => 'd',
                    c => c,
                };
                if c.is_alphanumeric() {
                    if pending_space && !text.is_empty() {
                        text.push(' ');
                        origin.push(space_origin);
                    }
                    pending_space = false;
                    for l in c.to_lowercase() {
                        let before = text.len();
                        text.push(l);
                        origin.extend(std::iter::repeat_n(i, text.len() - before));
                    }
                } else if !pending_space {
                    pending_space = true;
                    space_origin = i;
                }
            }
        }
        Folded {
            text,
            origin,
            source_len: s.len(),
        }
    }

    /// The original byte range of the folded byte range `a..b`.
    pub fn span(&self, src: &str, a: usize, b: usize) -> (usize, usize) {
        if a >= b || b > self.origin.len() {
            return (0, 0);
        }
        let start = self.origin[a];
        let last = self.origin[b - 1];
        let end = src[last..]
            .chars()
            .next()
            .map_or(self.source_len, |c| last + c.len_utf8());
        (start, end)
    }
}

/// Finds `needle` (already folded) in folded `hay` on word boundaries; returns byte offsets.
pub(crate) fn find_word(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let mut start = from;
    while start <= hay.len() {
        let i = start + hay.get(start..)?.find(needle)?;
        let before_ok = i == 0 || hay.as_bytes()[i - 1] == b' ';
        let end = i + needle.len();
        let after_ok = end == hay.len() || hay.as_bytes()[end] == b' ';
        if before_ok && after_ok {
            return Some(i);
        }
        start = i + 1;
        while start < hay.len() && !hay.is_char_boundary(start) {
            start += 1;
        }
    }
    None
}

/// True when folded `hay` contains the folded `needle` as whole words.
pub(crate) fn has_words(hay: &str, needle: &str) -> bool {
    find_word(hay, needle, 0).is_some()
}

// ---------------------------------------------------------------- line joining

struct Line {
    text: String,
    /// A markdown heading ("## …") or a line wholly in bold ("**…**").
    heading: bool,
}

/// Removes the markdown a copy from a converted PDF carries: "## ", "**", "*…*".
fn strip_markdown(raw: &str) -> Line {
    let mut t = raw.trim();
    let mut heading = false;
    if t.starts_with('#') {
        let rest = t.trim_start_matches('#');
        if rest.starts_with(char::is_whitespace) || rest.is_empty() {
            t = rest.trim_start();
            heading = true;
        }
    }
    let bold_line = t.len() > 4 && t.starts_with("**") && t.trim_end().ends_with("**");
    let mut out = String::with_capacity(t.len());
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '*' {
            // "**" is bold; a lone "*" glued to a word is italics; "* " at the start is a bullet.
            if i + 1 < chars.len() && chars[i + 1] == '*' {
                i += 2;
                continue;
            }
            let at_start = out.trim().is_empty();
            let next_space = chars.get(i + 1).is_none_or(|c| c.is_whitespace());
            if !(at_start && next_space) {
                i += 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    Line {
        text: squash(&out),
        heading: heading || bold_line,
    }
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '”', '’', '»', ')', '*']);
    t.ends_with(['.', ';', ':', '!', '?', '…'])
}

fn starts_lower(t: &str) -> bool {
    t.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        && t.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '(')
}

fn starts_upper(t: &str) -> bool {
    t.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase)
}

const PARAGRAPH_OPENERS: [&str; 12] = [
    "Căn cứ ",
    "Thực hiện ",
    "Nơi nhận",
    "TM.",
    "KT.",
    "TL.",
    "TUQ.",
    "Q. ",
    "Trên đây là",
    "Số:",
    "Số ",
    "CỘNG HÒA",
];

fn opens_paragraph(t: &str) -> bool {
    PARAGRAPH_OPENERS.iter().any(|p| t.starts_with(p))
        || (t.starts_with("Số") && t.contains("/KH"))
        || split_mark(t).is_some()
}

/// An opening quotation mark or parenthesis not yet closed, opened near the end.
fn still_open(p_all: &str) -> bool {
    let tail: Vec<char> = p_all.chars().rev().take(300).collect();
    let mut quotes = 0i32;
    let mut parens = 0i32;
    for c in tail {
        match c {
            '”' => quotes -= 1,
            '“' => quotes += 1,
            ')' => parens -= 1,
            '(' => parens += 1,
            _ => {}
        }
        if quotes > 0 || parens > 0 {
            return true;
        }
    }
    false
}

/// Lines that open a paragraph even inside an unclosed parenthesis.
fn opens_paragraph_strongly(t: &str) -> bool {
    stands_alone(t)
        || PARAGRAPH_OPENERS.iter().any(|p| t.starts_with(p))
        || split_mark(t).is_some_and(|(m, _)| matches!(m.kind, MarkKind::Roman | MarkKind::Num(_) | MarkKind::Letter))
}

/// A line that always stands alone: signature and header lines.
fn stands_alone(t: &str) -> bool {
    ["TM.", "KT.", "TL.", "TUQ.", "Q. ", "Số:", "Nơi nhận:"]
        .iter()
        .any(|p| t.starts_with(p))
        || t.starts_with("Độc lập")
        || is_place_date(t)
}

/// "Long Mỹ, ngày 12 tháng 3 năm 2026".
pub(crate) fn is_place_date(t: &str) -> bool {
    t.len() < 120 && t.contains(", ngày") && t.contains("năm")
}

/// Joins the lines of pasted text or a PDF text layer into paragraphs (see the module doc).
pub fn blocks_from_text(text: &str) -> Vec<Block> {
    let text = nfc(&text.replace('\r', "\n").replace('\u{feff}', ""));
    let raw: Vec<&str> = text.split('\n').collect();
    // PDF copies put a blank line after every line: then blank lines mean nothing.
    let non_blank = raw.iter().filter(|l| !l.trim().is_empty()).count();
    let followed_by_blank = raw
        .windows(2)
        .filter(|w| !w[0].trim().is_empty() && w[1].trim().is_empty())
        .count();
    let blank_lines_matter = non_blank > 0 && (followed_by_blank * 10) < non_blank * 6;

    let mut lines: Vec<Option<Line>> = Vec::with_capacity(raw.len());
    for l in &raw {
        if l.trim().is_empty() {
            if blank_lines_matter {
                lines.push(None);
            }
            continue;
        }
        let line = strip_markdown(l);
        if line.text.is_empty() {
            continue;
        }
        lines.push(Some(line));
    }

    // The width of a full line: lines shorter than most are ends of paragraphs or headings.
    let mut lens: Vec<usize> = lines
        .iter()
        .flatten()
        .map(|l| l.text.chars().count())
        .filter(|&n| n >= 20)
        .collect();
    lens.sort_unstable();
    let width = if lens.is_empty() {
        80
    } else {
        lens[lens.len() * 3 / 4].max(40)
    };

    let mut blocks: Vec<Block> = Vec::new();
    // The paragraph being built: its text, whether it is a heading, its last line and how many
    // lines it has (kept so each line costs the same however long the paragraph grows).
    struct Cur {
        text: String,
        heading: bool,
        last: String,
        lines: usize,
    }
    let flush = |cur: &mut Option<Cur>, blocks: &mut Vec<Block>| {
        if let Some(c) = cur.take() {
            let t = squash(&c.text);
            if !t.is_empty() {
                blocks.push(Block {
                    text: t,
                    bold: c.heading,
                    ..Block::default()
                });
            }
        }
    };
    let mut cur: Option<Cur> = None;
    let mut prev_heading = false;
    for line in lines {
        let Some(line) = line else {
            flush(&mut cur, &mut blocks);
            continue;
        };
        let n = line.text;
        let joined = match &cur {
            None => false,
            Some(c) => !(prev_heading || line.heading || breaks_between(&c.text, &c.last, c.lines, &n, width)),
        };
        if joined {
            let c = cur.as_mut().expect("joined implies a current paragraph");
            // "57-" + "NQ/TW": a word cut at its hyphen joins without a space.
            let glue =
                c.text.ends_with('-') && !c.text.ends_with(" -") && n.starts_with(|ch: char| ch.is_alphanumeric());
            if !glue {
                c.text.push(' ');
            }
            c.text.push_str(&n);
            c.last = n;
            c.lines += 1;
        } else {
            flush(&mut cur, &mut blocks);
            cur = Some(Cur {
                text: n.clone(),
                heading: line.heading,
                last: n,
                lines: 1,
            });
        }
        prev_heading = line.heading;
    }
    flush(&mut cur, &mut blocks);
    blocks
}

/// Whether line `n` starts a new paragraph after the paragraph `p_all` whose last line is `p`.
fn breaks_between(p_all: &str, p: &str, p_lines: usize, n: &str, width: usize) -> bool {
    let p_len = p.chars().count();
    if stands_alone(p_all) || stands_alone(n) {
        return true;
    }
    // Inside an open quotation or parenthesis the sentence goes on: "(Ban Thi đua" + "- Khen
    // thưởng tỉnh)" is one phrase, not a list item.
    if still_open(p_all) && !opens_paragraph_strongly(n) {
        return false;
    }
    let p_caps = is_all_caps(p);
    let n_caps = is_all_caps(n);
    // A Roman-numbered heading in capitals wraps onto a second line in capitals.
    if p_caps && n_caps {
        let roman = split_mark(p_all).is_some_and(|(m, _)| m.kind == MarkKind::Roman);
        return !roman || ends_sentence(p);
    }
    if p_caps != n_caps && (p_caps || n_caps) && !starts_lower(n) {
        return true;
    }
    if split_mark(n).is_some() {
        return true;
    }
    if opens_paragraph(n) {
        // "Căn cứ" inside a sentence is lower-case; capitalised it opens a paragraph.
        return true;
    }
    if starts_lower(n) {
        return false;
    }
    // "57-" + "NQ/TW": a word cut at its hyphen.
    if p.ends_with('-') && p.chars().rev().nth(1).is_some_and(char::is_alphanumeric) {
        return false;
    }
    // A full line ending in ";" was wrapped, not ended: the next clause goes on in capitals
    // ("…theo quy định); Đề nghị Chủ tịch UBND tỉnh …").
    if p.ends_with(';') && split_mark(p_all).is_none() && p_len * 100 >= width * 85 {
        return false;
    }
    if ends_sentence(p) {
        return true;
    }
    let heading_like = split_mark(p_all).is_some() && p_lines == 1;
    let short = p_len * 100 < width * 60;
    let fairly_short = p_len * 100 < width * 85;
    starts_upper(n) && (short || (heading_like && fairly_short))
}
