//! Vietnamese text: normalisation, diacritic folding for search, and sorting.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Unicode NFC, the one form we store.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Lowercase, no diacritics, đ→d, runs of non-alphanumerics collapsed to one space.
/// "Xã Quảng Trạch" → "xa quang trach". Used for search and duplicate checks.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The Vietnamese alphabet order of a base letter, with the vowel marks ă â ê ô ơ ư and đ
/// as letters of their own (a < ă < â < b … d < đ …), as dictionaries sort.
fn letter_rank(base: char, mark: Option<char>) -> u32 {
    const ORDER: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";
    let letter = match (base, mark) {
        ('a', Some('\u{306}')) => 'ă',
        ('a', Some('\u{302}')) => 'â',
        ('e', Some('\u{302}')) => 'ê',
        ('o', Some('\u{302}')) => 'ô',
        ('o', Some('\u{31b}')) => 'ơ',
        ('u', Some('\u{31b}')) => 'ư',
        (b, _) => b,
    };
    match ORDER.chars().position(|c| c == letter) {
        Some(i) => 1000 + i as u32,
        None if letter.is_ascii_digit() => 100 + letter as u32,
        None => 2000 + letter as u32,
    }
}

/// Tone rank: none < huyền < hỏi < ngã < sắc < nặng (the order of Vietnamese dictionaries).
fn tone_rank(mark: char) -> Option<u32> {
    match mark {
        '\u{300}' => Some(1),
        '\u{309}' => Some(2),
        '\u{303}' => Some(3),
        '\u{301}' => Some(4),
        '\u{323}' => Some(5),
        _ => None,
    }
}

/// A sort key for one word or phrase: letters first (with ă, â, đ … in their places), then
/// tones as the tie-breaker, then case.
pub fn sort_key(s: &str) -> (Vec<u32>, Vec<u32>, Vec<bool>) {
    let mut letters = Vec::new();
    let mut tones = Vec::new();
    let mut upper = Vec::new();
    let lower = s.to_lowercase();
    for (word_chars, orig) in lower.split(' ').zip(s.split(' ')) {
        let decomposed: Vec<char> = word_chars.nfd().collect();
        let mut i = 0;
        while i < decomposed.len() {
            let base = decomposed[i];
            let mut shape = None;
            let mut tone = 0;
            i += 1;
            while i < decomposed.len() && is_combining_mark(decomposed[i]) {
                let m = decomposed[i];
                match tone_rank(m) {
                    Some(t) => tone = t,
                    None => shape = Some(m),
                }
                i += 1;
            }
            let base = if base == 'đ' { 'đ' } else { base };
            letters.push(letter_rank(base, shape));
            tones.push(tone);
        }
        letters.push(0); // word boundary sorts before any letter
        upper.extend(orig.chars().map(char::is_uppercase));
    }
    (letters, tones, upper)
}

/// Compares two strings the Vietnamese way.
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// Compares people's names the way Vietnamese paperwork lists them: by given name (the last
/// word), then by the full name.
pub fn compare_person_names(a: &str, b: &str) -> Ordering {
    let given = |s: &str| s.split_whitespace().last().unwrap_or("").to_owned();
    compare(&given(a), &given(b)).then_with(|| compare(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_marks_and_d_bar() {
        assert_eq!(fold("Xã Quảng Trạch"), "xa quang trach");
        assert_eq!(fold("ĐẶC KHU Côn Đảo"), "dac khu con dao");
        assert_eq!(fold("  Phường   Hoàn-Kiếm, "), "phuong hoan kiem");
        // Decomposed input folds the same as composed input.
        assert_eq!(fold("Ho\u{302}\u{300}ng Va\u{302}n"), "hong van");
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(nfc("Ho\u{302}\u{300}ng"), "Hồng");
    }

    #[test]
    fn vietnamese_order_puts_marked_letters_in_place() {
        let mut names = vec!["Đông", "Ân", "Bình", "An", "Ăn", "Dũng", "Ơn", "Ô", "Zê"];
        names.sort_by(|a, b| compare(a, b));
        assert_eq!(names, vec!["An", "Ăn", "Ân", "Bình", "Dũng", "Đông", "Ô", "Ơn", "Zê"]);
    }

    #[test]
    fn tones_break_ties_in_dictionary_order() {
        let mut w = vec!["má", "mà", "ma", "mạ", "mã", "mả"];
        w.sort_by(|a, b| compare(a, b));
        assert_eq!(w, vec!["ma", "mà", "mả", "mã", "má", "mạ"]);
    }

    #[test]
    fn people_sort_by_given_name() {
        let mut p = vec!["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Bình", "Phạm Đức"];
        p.sort_by(|a, b| compare_person_names(a, b));
        assert_eq!(p, vec!["Trần Thị An", "Lê Văn Bình", "Nguyễn Văn Bình", "Phạm Đức"]);
    }
}
