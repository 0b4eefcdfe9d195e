//! Vietnamese typed with legacy 8-bit fonts — TCVN3 (ABC, ".VnTime") and VNI-Windows
//! ("VNI-Times") — that reached an xlsx as Windows-1252 characters ("NguyÔn V¨n Hïng",
//! "Nguyeãn Vaên Huøng"). We detect such text so imports can report it, and decode it so
//! the report can suggest the Unicode form. Nothing here stores or rewrites data.

/// Legacy 8-bit Vietnamese encodings we recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    Tcvn3,
    Vni,
}

impl LegacyEncoding {
    pub fn label(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 => "TCVN3 (ABC)",
            LegacyEncoding::Vni => "VNI-Windows",
        }
    }
}

/// Tones: the column index in [`VOWELS`].
const GRAVE: usize = 1;
const ACUTE: usize = 2;
const HOOK: usize = 3;
const TILDE: usize = 4;
const DOT: usize = 5;

/// Precomposed Vietnamese vowels. Row = base vowel (a ă â e ê i o ô ơ u ư y; lowercase rows
/// 0..12, uppercase rows 12..24); column = tone (none, grave, acute, hook, tilde, dot).
const VOWELS: [[char; 6]; 24] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
    ['A', 'À', 'Á', 'Ả', 'Ã', 'Ạ'],
    ['Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ'],
    ['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ'],
    ['E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ'],
    ['I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị'],
    ['O', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
    ['Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ'],
    ['Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ'],
    ['U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
    ['Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự'],
    ['Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'],
];

/// TCVN3 (TCVN 5712 VN3, ".VnTime"): the Windows-1252 character of each byte → Unicode.
/// VN3 has only the capitals Ă Â Ê Ô Ơ Ư Đ; other capitals were typed with the ".VnTimeH"
/// font, which reuses the lowercase codes (handled in `decode_tcvn3`).
#[rustfmt::skip]
const TCVN3: [(char, char); 74] = [
    ('¡', 'Ă'), ('¢', 'Â'), ('£', 'Ê'), ('¤', 'Ô'), ('¥', 'Ơ'), ('¦', 'Ư'), ('§', 'Đ'),
    ('¨', 'ă'), ('©', 'â'), ('ª', 'ê'), ('«', 'ô'), ('¬', 'ơ'), ('\u{AD}', 'ư'), ('®', 'đ'),
    ('µ', 'à'), ('¶', 'ả'), ('·', 'ã'), ('¸', 'á'), ('¹', 'ạ'),
    ('»', 'ằ'), ('¼', 'ẳ'), ('½', 'ẵ'), ('¾', 'ắ'), ('Æ', 'ặ'),
    ('Ç', 'ầ'), ('È', 'ẩ'), ('É', 'ẫ'), ('Ê', 'ấ'), ('Ë', 'ậ'),
    ('Ì', 'è'), ('Î', 'ẻ'), ('Ï', 'ẽ'), ('Ð', 'é'), ('Ñ', 'ẹ'),
    ('Ò', 'ề'), ('Ó', 'ể'), ('Ô', 'ễ'), ('Õ', 'ế'), ('Ö', 'ệ'),
    ('×', 'ì'), ('Ø', 'ỉ'), ('Ü', 'ĩ'), ('Ý', 'í'), ('Þ', 'ị'),
    ('ß', 'ò'), ('á', 'ỏ'), ('â', 'õ'), ('ã', 'ó'), ('ä', 'ọ'),
    ('å', 'ồ'), ('æ', 'ổ'), ('ç', 'ỗ'), ('è', 'ố'), ('é', 'ộ'),
    ('ê', 'ờ'), ('ë', 'ở'), ('ì', 'ỡ'), ('í', 'ớ'), ('î', 'ợ'),
    ('ï', 'ù'), ('ñ', 'ủ'), ('ò', 'ũ'), ('ó', 'ú'), ('ô', 'ụ'),
    ('õ', 'ừ'), ('ö', 'ử'), ('÷', 'ữ'), ('ø', 'ứ'), ('ù', 'ự'),
    ('ú', 'ỳ'), ('û', 'ỷ'), ('ü', 'ỹ'), ('ý', 'ý'), ('þ', 'ỵ'),
];

/// VNI-Windows characters that are a whole letter by themselves (legacy → Unicode).
/// Also "ô"/"ö" stand for ơ/ư, but they take marks, so `vni_base` handles them.
#[rustfmt::skip]
const VNI_SINGLE: [(char, char); 14] = [
    ('ñ', 'đ'), ('ì', 'ì'), ('í', 'í'), ('æ', 'ỉ'), ('ó', 'ĩ'), ('ò', 'ị'), ('î', 'ỵ'),
    ('Ñ', 'Đ'), ('Ì', 'Ì'), ('Í', 'Í'), ('Æ', 'Ỉ'), ('Ó', 'Ĩ'), ('Ò', 'Ị'), ('Î', 'Ỵ'),
];

/// VNI-Windows marks written after a base vowel: (lowercase form, uppercase form, shape,
/// tone); shape 0 = tone only, 1 = circumflex (â ê ô), 2 = breve (ă). E.g. "aø" = à,
/// "eã" = ễ, "AÁ" = Ấ, "aê" = ă, "ôø" = ờ.
#[rustfmt::skip]
const VNI_MARKS: [(char, char, u8, usize); 17] = [
    ('ø', 'Ø', 0, GRAVE), ('ù', 'Ù', 0, ACUTE), ('û', 'Û', 0, HOOK), ('õ', 'Õ', 0, TILDE),
    ('ï', 'Ï', 0, DOT),
    ('â', 'Â', 1, 0), ('à', 'À', 1, GRAVE), ('á', 'Á', 1, ACUTE), ('å', 'Å', 1, HOOK),
    ('ã', 'Ã', 1, TILDE), ('ä', 'Ä', 1, DOT),
    ('ê', 'Ê', 2, 0), ('è', 'È', 2, GRAVE), ('é', 'É', 2, ACUTE), ('ú', 'Ú', 2, HOOK),
    ('ü', 'Ü', 2, TILDE), ('ë', 'Ë', 2, DOT),
];

/// Windows-1252 characters for bytes 0x80–0x9F: allowed in candidate text.
const CP1252_SPECIALS: &[char] = &[
    '€', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 'Ž', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š',
    '›', 'œ', 'ž', 'Ÿ',
];

/// Syllable structure used to judge "is this a Vietnamese word?": onset + nucleus + coda.
const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu",
    "r", "s", "t", "th", "tr", "v", "x",
];
const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia",
    "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu",
    "yê", "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
];
/// "k" only for minority place names (Đắk Lắk).
const CODAS: &[&str] = &["", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t"];
/// Nuclei that may take a final consonant; those ending in a semivowel (ai, ao, êu …) may not.
const CLOSABLE: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa", "oă", "oe", "uâ", "uê", "uô", "uy",
    "ươ", "uyê",
];
/// Nuclei that need a final consonant (open forms are spelt ia, ua, ưa …).
const NEED_CODA: &[&str] = &["ă", "â", "iê", "yê", "oă", "uâ", "uô", "ươ", "uyê"];

/// A character of the legacy byte range 0xA1–0xFF (0xA0 is a plain no-break space).
fn is_high(c: char) -> bool {
    ('\u{A1}'..='\u{FF}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_high(c)
}

/// `text` cut into maximal runs of word characters and of other characters.
fn runs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let word = is_word_char(rest.chars().next()?);
        let end = rest.find(|c: char| is_word_char(c) != word).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(run)
    })
}

/// (row, tone) of a vowel in [`VOWELS`].
fn vowel_of(c: char) -> Option<(usize, usize)> {
    VOWELS
        .iter()
        .enumerate()
        .find_map(|(row, tones)| tones.iter().position(|&v| v == c).map(|t| (row, t)))
}

/// Whether `word` is a well-formed Vietnamese syllable (case: lower, UPPER or Title).
fn is_syllable(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let uppers = chars.iter().filter(|c| c.is_uppercase()).count();
    let title = uppers == 1 && chars.first().is_some_and(|c| c.is_uppercase());
    if chars.is_empty() || !(uppers == 0 || uppers == chars.len() || title) {
        return false;
    }
    let (mut skeleton, mut tone, mut tone_at, mut tones) = (String::new(), 0, 0, 0);
    for (at, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        if let Some((row, t)) = vowel_of(lower) {
            skeleton.push(VOWELS[row % 12][0]);
            if t > 0 {
                (tone, tone_at, tones) = (t, at, tones + 1);
            }
        } else if lower == 'đ' || lower.is_ascii_lowercase() {
            skeleton.push(lower);
        } else {
            return false;
        }
    }
    let is_vowel = |c: char| VOWELS[..12].iter().any(|row| row[0] == c);
    tones <= 1
        && ONSETS.iter().any(|onset| {
            let Some(rest) = skeleton.strip_prefix(onset) else {
                return false;
            };
            let nucleus: Vec<char> = rest.chars().take_while(|&c| is_vowel(c)).collect();
            let coda: String = rest.chars().skip(nucleus.len()).collect();
            let nucleus_text: String = nucleus.iter().collect();
            NUCLEI.contains(&nucleus_text.as_str())
                && CODAS.contains(&coda.as_str())
                && (coda.is_empty() || CLOSABLE.contains(&nucleus_text.as_str()))
                && (!coda.is_empty() || !NEED_CODA.contains(&nucleus_text.as_str()))
                // Syllables closed by c/ch/p/t only take the acute or dot-below tone.
                && (!matches!(coda.as_str(), "c" | "ch" | "p" | "t") || tone == ACUTE || tone == DOT)
                && (tone == 0
                    || tone_at.checked_sub(onset.chars().count()).is_some_and(|at| {
                        tone_spot_ok(&nucleus, !coda.is_empty(), at)
                    }))
        })
}

/// Where the tone sits in a nucleus: on the last vowel with a diacritic (ă â ê ô ơ ư), else
/// on the last vowel before a final consonant, else on the first (middle of three) vowel.
/// "oa", "oe", "uy" accept both the old ("hòa", "thủy") and the new ("hoà", "thuỷ") style.
fn tone_spot_ok(nucleus: &[char], closed: bool, at: usize) -> bool {
    let n = nucleus.len();
    let expected = match nucleus.iter().rposition(|c| "ăâêôơư".contains(*c)) {
        Some(i) => i,
        None if closed => n - 1,
        None if n == 3 => 1,
        None => 0,
    };
    at == expected || (n == 2 && !closed && matches!(nucleus, ['o', 'a'] | ['o', 'e'] | ['u', 'y']))
}

/// TCVN3 → Unicode, with the number of legacy-range characters TCVN3 does not use.
fn decode_tcvn3(text: &str) -> (String, usize) {
    let count = |s: &str, f: fn(&char) -> bool| s.chars().filter(f).count();
    let all_caps = count(text, char::is_ascii_lowercase) == 0 && count(text, char::is_ascii_uppercase) >= 2;
    let (mut out, mut unmapped) = (String::with_capacity(text.len() + 8), 0);
    for run in runs(text) {
        // ".VnTimeH" text: lowercase codes among capital ASCII letters are capitals too.
        let upper = count(run, char::is_ascii_uppercase);
        let caps = count(run, char::is_ascii_lowercase) == 0 && (upper >= 2 || all_caps);
        for c in run.chars() {
            match TCVN3.iter().find(|p| p.0 == c) {
                Some(&(_, u)) if caps => out.extend(u.to_uppercase()),
                Some(&(_, u)) => out.push(u),
                None => {
                    unmapped += usize::from(is_high(c));
                    out.push(c);
                }
            }
        }
    }
    (out, unmapped)
}

/// Row in [`VOWELS`] of a VNI base character (a e i o u y, and "ô"/"ö" = ơ/ư).
fn vni_base(c: char) -> Option<usize> {
    let row = match c {
        'a' | 'A' => 0,
        'e' | 'E' => 3,
        'i' | 'I' => 5,
        'o' | 'O' => 6,
        'u' | 'U' => 9,
        'y' | 'Y' => 11,
        'ô' | 'Ô' => 8,
        'ö' | 'Ö' => 10,
        _ => return None,
    };
    Some(if c.is_uppercase() { row + 12 } else { row })
}

/// VNI-Windows → Unicode, with the number of legacy-range characters left unexplained.
fn decode_vni(text: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut unmapped, mut i) = (String::with_capacity(text.len()), 0, 0);
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if let Some(base) = vni_base(c) {
            let mark = chars
                .get(i)
                .and_then(|&m| VNI_MARKS.iter().find(|k| k.0 == m || k.1 == m));
            let (case, plain) = (base / 12 * 12, base % 12);
            let row = mark.and_then(|&(_, _, shape, _)| match (shape, plain) {
                (0, _) => Some(plain),
                (1, 0) => Some(2),
                (1, 3) => Some(4),
                (1, 6) => Some(7),
                (2, 0) => Some(1),
                _ => None,
            });
            match (row, mark) {
                (Some(row), Some(&(_, _, _, tone))) => {
                    out.push(VOWELS[case + row][tone]);
                    i += 1;
                }
                _ => out.push(VOWELS[base][0]),
            }
        } else if let Some(&(_, u)) = VNI_SINGLE.iter().find(|p| p.0 == c) {
            out.push(u);
        } else {
            unmapped += usize::from(is_high(c));
            out.push(c);
        }
    }
    (out, unmapped)
}

fn decode_counting(text: &str, encoding: LegacyEncoding) -> (String, usize) {
    match encoding {
        LegacyEncoding::Tcvn3 => decode_tcvn3(text),
        LegacyEncoding::Vni => decode_vni(text),
    }
}

/// Some(encoding) when `text` looks like Vietnamese typed in a legacy font and read as Windows-1252.
///
/// Heuristic:
/// 1. Candidates hold only ASCII, Latin-1 and Windows-1252 punctuation, with at least one
///    character of 0xA1–0xFF; anything else (ơ, ư, ạ, combining marks …) is real Unicode.
/// 2. Words with non-ASCII letters must be invalid Vietnamese syllables as they stand
///    ("V¨n", "Huøng"), so Unicode text limited to Latin-1 ("Lê Tâm", "Hoàng") never matches.
/// 3. An encoding wins if its decoding fixes words: fewer invalid words than the original,
///    at most one invalid per four valid, one changed word of 2+ letters; fewest invalid wins.
pub fn detect_legacy(text: &str) -> Option<LegacyEncoding> {
    let unicode_only = |c: char| c as u32 >= 0x100 && !CP1252_SPECIALS.contains(&c);
    if text.chars().any(unicode_only) || !text.chars().any(is_high) {
        return None;
    }
    let words: Vec<&str> = runs(text)
        .filter(|w| !w.is_ascii() && w.chars().any(char::is_alphanumeric))
        .collect();
    let original_bad = words.iter().filter(|w| !is_syllable(w)).count();
    if original_bad == 0 {
        return None;
    }
    [LegacyEncoding::Tcvn3, LegacyEncoding::Vni]
        .into_iter()
        .filter_map(|encoding| {
            let (mut good, mut bad, mut strong) = (0, 0, 0);
            for word in &words {
                let (decoded, unmapped) = decode_counting(word, encoding);
                if unmapped == 0 && is_syllable(&decoded) {
                    good += 1;
                    strong += usize::from(decoded.chars().count() >= 2 && decoded != *word);
                } else {
                    bad += 1;
                }
            }
            let fixes = strong > 0 && bad * 4 <= good && bad < original_bad;
            fixes.then_some((bad, std::cmp::Reverse(good), encoding))
        })
        .min_by_key(|&(bad, good, _)| (bad, good))
        .map(|(_, _, encoding)| encoding)
}

/// The text converted to Unicode (NFC-composed precomposed characters) from the given legacy encoding.
pub fn decode_legacy(text: &str, encoding: LegacyEncoding) -> String {
    decode_counting(text, encoding).0
}

/// A Vietnamese warning for import reports, with the suggested Unicode text; None when
/// the text does not look like legacy-font Vietnamese.
pub fn legacy_warning(text: &str) -> Option<String> {
    let encoding = detect_legacy(text)?;
    Some(format!(
        "“{text}” có vẻ được gõ bằng bảng mã cũ {} chứ không phải Unicode. Đề xuất sửa thành: “{}”.",
        encoding.label(),
        decode_legacy(text, encoding)
    ))
}

#[cfg(test)]
mod tests {
    use super::LegacyEncoding::{Tcvn3, Vni};
    use super::*;

    /// Unicode → TCVN3; capitals missing from VN3 use the lowercase code (".VnTimeH" style).
    fn encode_tcvn3(s: &str) -> String {
        let code = |x: char| TCVN3.iter().find(|p| p.1 == x).map(|p| p.0);
        s.chars()
            .map(|c| code(c).or_else(|| c.to_lowercase().next().and_then(code)).unwrap_or(c))
            .collect()
    }

    /// Unicode → VNI-Windows: base letter followed by a mark character.
    fn encode_vni(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            if let Some(&(legacy, _)) = VNI_SINGLE.iter().find(|p| p.1 == c) {
                out.push(legacy);
                continue;
            }
            let Some((row, tone)) = vowel_of(c) else {
                out.push(c);
                continue;
            };
            let (upper, plain) = (row >= 12, row % 12);
            let base = ['a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'ô', 'u', 'ö', 'y'][plain];
            out.push(if upper {
                base.to_uppercase().next().unwrap()
            } else {
                base
            });
            let shape = match plain {
                2 | 4 | 7 => 1,
                1 => 2,
                _ => 0,
            };
            if let Some(m) = VNI_MARKS.iter().find(|m| m.2 == shape && m.3 == tone) {
                out.push(if upper { m.1 } else { m.0 });
            }
        }
        out
    }

    const LOWER_TEXT: &str = "bà bá bả bã bạ bằng bắc lẳng lẵng mặt cần cấp cẩn mẫu bậc \
        mè té bẻ vẽ mẹ về tết kể nguyễn việt gì chí tỉnh nghĩa thị hòa có nhỏ võ học \
        hồng phố tổ đỗ cộng người lớn nở ngỡ chợ hùng phú chủ vũ phụ từ đức sử hữu tự \
        kỳ lý thuỷ mỹ quỵ văn tân lê tô hơn ưng đoàn quỳnh khuya ngoằn ngoèo thuở giữa";

    #[test]
    fn labels() {
        assert_eq!(Tcvn3.label(), "TCVN3 (ABC)");
        assert_eq!(Vni.label(), "VNI-Windows");
    }

    #[test]
    fn tables_are_consistent() {
        let mut legacy: Vec<char> = TCVN3.iter().map(|p| p.0).collect();
        let mut unicode: Vec<char> = TCVN3.iter().map(|p| p.1).collect();
        legacy.sort_unstable();
        legacy.dedup();
        unicode.sort_unstable();
        unicode.dedup();
        assert_eq!(legacy.len(), 74);
        assert_eq!(unicode.len(), 74);
        assert!(TCVN3.iter().all(|p| is_high(p.0)));
        // The sample text covers all 67 lowercase letters (and, uppercased, all 67 capitals).
        for row in &VOWELS[..12] {
            for &c in row {
                assert!(c.is_ascii() || LOWER_TEXT.contains(c), "{c} missing");
            }
        }
        assert!(LOWER_TEXT.contains('đ'));
    }

    #[test]
    fn known_tcvn3_strings() {
        let d = |s| decode_legacy(s, Tcvn3);
        assert_eq!(d("NguyÔn V¨n Hïng"), "Nguyễn Văn Hùng");
        assert_eq!(
            d("Céng hoµ x· héi chñ nghÜa ViÖt Nam"),
            "Cộng hoà xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(d("§éc lËp - Tù do - H¹nh phóc"), "Độc lập - Tự do - Hạnh phúc");
        assert_eq!(d("Thµnh phè Hå ChÝ Minh"), "Thành phố Hồ Chí Minh");
        assert_eq!(d("B¶o Th¾ng, M\u{AD}êng Kh\u{AD}¬ng"), "Bảo Thắng, Mường Khương");
        assert_eq!(d("NGUYÔN V¡N HïNG"), "NGUYỄN VĂN HÙNG");
    }

    #[test]
    fn known_vni_strings() {
        let d = |s| decode_legacy(s, Vni);
        assert_eq!(d("Nguyeãn Vaên Huøng"), "Nguyễn Văn Hùng");
        assert_eq!(
            d("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"),
            "Cộng hòa xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(d("Ñoäc laäp - Töï do - Haïnh phuùc"), "Độc lập - Tự do - Hạnh phúc");
        assert_eq!(
            d("Tröôøng Tieåu hoïc, Ñaø Naüng, tænh Kyø"),
            "Trường Tiểu học, Đà Nẵng, tỉnh Kỳ"
        );
        assert_eq!(d("NGUYEÃN VAÊN ÑÖÙC, AÁP"), "NGUYỄN VĂN ĐỨC, ẤP");
        assert_eq!(d("Xin chaøo caùc baïn"), "Xin chào các bạn");
    }

    #[test]
    fn round_trip_every_letter() {
        for (i, row) in VOWELS.iter().enumerate() {
            for &c in row {
                let word = format!("{}{c}", if i < 12 { "b" } else { "TH" });
                assert_eq!(decode_legacy(&encode_tcvn3(&word), Tcvn3), word);
                assert_eq!(decode_legacy(&encode_vni(&word), Vni), word);
                let single = c.to_string();
                assert_eq!(decode_legacy(&encode_vni(&single), Vni), single);
            }
        }
        for c in ["đ", "Đ", "Ă", "Â", "Ê", "Ô", "Ơ", "Ư"] {
            assert_eq!(decode_legacy(&encode_tcvn3(c), Tcvn3), c);
            assert_eq!(decode_legacy(&encode_vni(c), Vni), c);
        }
    }

    #[test]
    fn round_trip_text() {
        let upper = LOWER_TEXT.to_uppercase();
        let title: String = LOWER_TEXT
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut cs = w.chars();
                let first = cs.next().unwrap().to_uppercase().collect::<String>();
                first + cs.as_str()
            })
            .collect::<Vec<_>>()
            .join(" ");
        for text in [LOWER_TEXT, upper.as_str()] {
            assert_eq!(decode_legacy(&encode_tcvn3(text), Tcvn3), text);
        }
        for text in [LOWER_TEXT, upper.as_str(), title.as_str()] {
            assert_eq!(decode_legacy(&encode_vni(text), Vni), text);
        }
    }

    const NAMES: [&str; 12] = [
        "Nguyễn Thị Hồng Nhung",
        "Trần Văn Đức",
        "Lê Thị Thuỷ",
        "Hội Liên hiệp Phụ nữ xã",
        "Trường Tiểu học Phú Tân A",
        "Ấp Phú Hữu",
        "Tổ dân phố số 3",
        "Hùng",
        "Lê",
        "Phạm Minh Tuấn, 12 đường Lê Lợi",
        "UBND XÃ PHÚ TÂN",
        "Chi hội Cựu chiến binh ấp 2",
    ];

    #[test]
    fn detects_tcvn3_names() {
        for name in NAMES {
            let legacy = encode_tcvn3(name);
            assert_eq!(detect_legacy(&legacy), Some(Tcvn3), "{name} → {legacy}");
            assert_eq!(decode_legacy(&legacy, Tcvn3).to_lowercase(), name.to_lowercase());
        }
        assert_eq!(detect_legacy("NguyÔn V¨n Hïng"), Some(Tcvn3));
        assert_eq!(detect_legacy("Hïng"), Some(Tcvn3));
        assert_eq!(detect_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), Some(Tcvn3));
        assert_eq!(detect_legacy("Hoµ B×nh"), Some(Tcvn3));
        assert_eq!(detect_legacy("§¾k L¾k"), Some(Tcvn3));
    }

    #[test]
    fn detects_vni_names() {
        for name in NAMES {
            let legacy = encode_vni(name);
            assert_eq!(detect_legacy(&legacy), Some(Vni), "{name} → {legacy}");
            assert_eq!(decode_legacy(&legacy, Vni), name);
        }
        assert_eq!(detect_legacy("Nguyeãn Vaên Huøng"), Some(Vni));
        assert_eq!(detect_legacy("Huøng"), Some(Vni));
        assert_eq!(detect_legacy("Nguyeãn Thò Hoàng Nhung"), Some(Vni));
        assert_eq!(detect_legacy("Haïnh"), Some(Vni));
        assert_eq!(detect_legacy("Khaùnh Hoøa"), Some(Vni));
    }

    #[test]
    fn no_false_positives() {
        let texts = "Café|Nguyễn Thị Ánh|Đoàn Thanh niên|Trường THCS Phú Tân|José Müller|Ánh|Thành|Lê|\
            Lê Tâm|Hoàng|Tây Ninh|Phú Tân|Cà Mau|Thé|0987 654 321|12.500.000|\
            nguyen.van.a@gmail.com|Crème brûlée|São Paulo|Peña Muñoz|Raphaël|Noël|naïve|Øresund|\
            Straße|Jürgen Köln|25°C|Minh · Tâm|Giá: 1.000 €|« Bonjour »|Hélène Dupré|Ångström|\
            María José|Nguyen Van A|Xã Phú Tân, huyện Châu Thành|Hà Nội|façade|Raúl|Anaïs";
        assert_eq!(detect_legacy(""), None);
        for text in texts.split('|') {
            assert_eq!(detect_legacy(text), None, "{text}");
        }
    }

    #[test]
    fn warning_is_vietnamese() {
        let w = legacy_warning("NguyÔn V¨n Hïng").unwrap();
        assert!(w.contains("TCVN3 (ABC)") && w.contains("“Nguyễn Văn Hùng”"), "{w}");
        assert!(w.contains("bảng mã cũ"));
        assert_eq!(legacy_warning("Nguyễn Văn Hùng"), None);
    }

    #[test]
    fn never_panics() {
        let all: Vec<char> = (0..=0x2FFu32).filter_map(char::from_u32).collect();
        for &c in &all {
            for s in [c.to_string(), format!("a{c}"), format!("{c}ø"), format!("Hu{c}ng")] {
                let _ = detect_legacy(&s);
                let _ = decode_legacy(&s, Tcvn3);
                let _ = decode_legacy(&s, Vni);
            }
        }
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let len = (seed >> 60) as usize + 1;
            let s: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    all[(seed >> 33) as usize % all.len()]
                })
                .collect();
            let _ = detect_legacy(&s);
            assert!(!decode_legacy(&s, Vni).is_empty());
            let _ = legacy_warning(&s);
        }
        assert_eq!(decode_legacy("aø", Vni), "à");
        assert_eq!(decode_legacy("ø", Vni), "ø");
        assert_eq!(decode_legacy("a", Vni), "a");
    }
}
