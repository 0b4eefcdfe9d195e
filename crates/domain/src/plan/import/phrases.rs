//! Readers of the small phrases a plan states its facts in: deadlines ("trước ngày 15/11 hằng
//! năm"), quotas ("không quá 02 tập thể, 04 cá nhân"), rankings ("xếp từ thứ 01 đến 05"),
//! award forms by name, occasions, and who does something (the subject of a sentence).
//! All matching is on folded text (no diacritics, lower case) so spelling variants agree.

use super::text::{Folded, find_word, has_words};
use crate::awards::{AwardForm, Occasion};
use crate::plan::{DueBound, Indicator, Quota, Ranking};
use crate::text::fold;

/// A due date found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DueDate {
    pub day: u32,
    pub month: u32,
    pub year: Option<i32>,
    pub yearly: bool,
    /// "trước ngày" ends the day before; "đến hết ngày", "chậm nhất", a quarter end with it.
    pub bound: DueBound,
    pub sure: bool,
    pub note: Option<String>,
    /// Byte offset in the original text where the phrase starts.
    pub at: usize,
}

fn tokens(s: &str) -> Vec<&str> {
    s.split(' ').filter(|t| !t.is_empty()).collect()
}

/// At most `n` bytes from the start of `s`, cut on a character boundary: phrase readers look a
/// few words ahead, never at the whole rest of a long paragraph.
pub(crate) fn head(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut cut = n;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    &s[..cut]
}

/// Phrases read per paragraph at most; a garbage paragraph full of them stays linear.
const MAX_HITS: usize = 64;

fn num(t: &str) -> Option<u32> {
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

fn year(t: &str) -> Option<i32> {
    let n = num(t)?;
    (t.len() == 4 && (1990..=2100).contains(&n)).then_some(n as i32)
}

pub(crate) fn days_in_month(month: u32, year: Option<i32>) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
            Some(_) => 28,
            None => 29,
        },
        _ => 0,
    }
}

fn roman_quarter(t: &str) -> Option<u32> {
    match t {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

const DATE_TRIGGERS: [&str; 9] = [
    "truoc ngay",
    "den het ngay",
    "cham nhat la ngay",
    "cham nhat vao ngay",
    "cham nhat ngay",
    "han chot ngay",
    "han cuoi ngay",
    "han chot la ngay",
    "trong ngay",
];

/// Every due date in `text`: "trước ngày 15/11 hằng năm" (yearly), "trước ngày 20/8/2025"
/// (once), "trong quý III năm 2025" (end of the quarter, unsure), "đến hết ngày 31/12".
pub(crate) fn due_dates(text: &str) -> Vec<DueDate> {
    let f = Folded::new(text);
    let hay = f.text.as_str();
    let yearly_in_text = has_words(hay, "hang nam") || has_words(hay, "moi nam");
    let mut out: Vec<DueDate> = Vec::new();
    let mut seen_at: Vec<usize> = Vec::new();
    for trigger in DATE_TRIGGERS {
        let mut from = 0;
        while let Some(i) = find_word(hay, trigger, from) {
            from = i + trigger.len();
            if seen_at.iter().any(|&s| s <= i && i < s + 20) {
                continue;
            }
            if out.len() >= MAX_HITS {
                break;
            }
            let toks = tokens(head(&hay[from..], 120));
            let Some(day) = toks.first().and_then(|t| num(t)) else {
                continue;
            };
            let mut k = 1;
            if toks.get(k) == Some(&"thang") {
                k += 1;
            }
            let Some(month) = toks.get(k).and_then(|t| num(t)) else {
                continue;
            };
            k += 1;
            let mut y = None;
            if toks.get(k) == Some(&"nam") && toks.get(k + 1).and_then(|t| year(t)).is_some() {
                y = toks.get(k + 1).and_then(|t| year(t));
                k += 2;
            } else if let Some(v) = toks.get(k).and_then(|t| year(t)) {
                y = Some(v);
                k += 1;
            }
            if !(1..=12).contains(&month) || day == 0 || day > days_in_month(month, y) {
                continue;
            }
            let yearly_here = toks
                .get(k..(k + 3).min(toks.len()))
                .is_some_and(|w| w.join(" ").contains("hang nam"));
            let (yearly, sure, note) = match y {
                Some(_) => (false, true, None),
                None if yearly_here || yearly_in_text => (true, true, None),
                None => (
                    true,
                    false,
                    Some(format!(
                        "Hạn ngày {day}/{month} không ghi năm cũng không ghi «hằng năm»: tạm hiểu là hằng năm"
                    )),
                ),
            };
            seen_at.push(i);
            out.push(DueDate {
                day,
                month,
                year: y,
                yearly,
                bound: if trigger == "truoc ngay" {
                    DueBound::Before
                } else {
                    DueBound::Through
                },
                sure,
                note,
                at: f.span(text, i, i + 1).0,
            });
        }
    }
    // "trong quý III năm 2025", "trước quý IV hằng năm": the last day of the quarter.
    let mut from = 0;
    while let Some(i) = find_word(hay, "quy", from) {
        from = i + 3;
        if out.len() >= MAX_HITS {
            break;
        }
        let toks = tokens(head(&hay[from..], 60));
        let Some(q) = toks.first().and_then(|t| roman_quarter(t)) else {
            continue;
        };
        let (mut y, mut yearly) = (None, false);
        if toks.get(1) == Some(&"nam") {
            y = toks.get(2).and_then(|t| year(t));
        } else if let Some(v) = toks.get(1).and_then(|t| year(t)) {
            y = Some(v);
        } else if toks.get(1..3).is_some_and(|w| w.join(" ") == "hang nam") {
            yearly = true;
        }
        if y.is_none() && !yearly {
            continue;
        }
        let prefix = &hay[..i];
        let due_word = ["trong", "truoc", "het", "hoan thanh", "cuoi"]
            .iter()
            .any(|w| prefix.trim_end().ends_with(w));
        if !due_word {
            continue;
        }
        let month = q * 3;
        let day = days_in_month(month, y);
        let label = ["I", "II", "III", "IV"][(q - 1) as usize];
        let when = match y {
            Some(y) => format!("quý {label} năm {y}"),
            None => format!("quý {label} hằng năm"),
        };
        out.push(DueDate {
            day,
            month,
            year: y,
            yearly,
            bound: DueBound::Through,
            sure: false,
            note: Some(format!(
                "Hạn «{when}» được hiểu là ngày cuối quý: {day}/{month}{}",
                y.map(|y| format!("/{y}")).unwrap_or_default()
            )),
            at: f.span(text, i, i + 1).0,
        });
    }
    out.sort_by_key(|d| d.at);
    out
}

/// "không quá 02 tập thể, 04 cá nhân" → collective 2, individual 4. Returns the quota and the
/// folded offset just after the phrase.
pub(crate) fn quota_in(folded: &str) -> Option<(Quota, usize)> {
    for trigger in ["khong qua", "toi da", "khong vuot qua"] {
        let mut from = 0;
        while let Some(i) = find_word(folded, trigger, from) {
            from = i + trigger.len();
            let mut q = Quota {
                collective: None,
                individual: None,
            };
            let rest = head(&folded[from..], 200);
            let toks = tokens(rest);
            let mut k = 0;
            let mut consumed_words = 0;
            while k < toks.len() {
                if toks[k] == "va" || toks[k] == "moi" {
                    k += 1;
                    continue;
                }
                let Some(n) = num(toks[k]) else { break };
                let what = toks
                    .get(k + 1..(k + 3).min(toks.len()))
                    .map(|w| w.join(" "))
                    .unwrap_or_default();
                if what.starts_with("tap the") {
                    q.collective = Some(n);
                } else if what.starts_with("ca nhan") {
                    q.individual = Some(n);
                } else {
                    break;
                }
                k += 3;
                consumed_words = k;
            }
            if q.collective.is_some() || q.individual.is_some() {
                let end = from + word_offset(rest, consumed_words);
                return Some((q, end));
            }
        }
    }
    None
}

/// Byte offset after the first `n` space-separated words of `s`.
fn word_offset(s: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if c == ' ' {
            if in_word {
                count += 1;
                if count == n {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    s.len()
}

/// "xếp từ thứ 01 đến 05 … điểm trung bình 5 năm (2025-2030) về chỉ số … DTI".
pub(crate) fn ranking_in(text: &str, period: Option<(i32, i32)>) -> Option<Ranking> {
    let f = fold(text);
    let toks = tokens(&f);
    let mut top = None;
    for k in 0..toks.len() {
        // "xep tu thu 01 den 05", "xep thu 01 den thu 05", "tu thu 1 den thu 10".
        if toks[k] == "thu" && toks.get(k + 1).and_then(|t| num(t)).is_some() {
            let mut j = k + 2;
            if toks.get(j) == Some(&"den") {
                j += 1;
                if toks.get(j) == Some(&"thu") {
                    j += 1;
                }
                if let Some(n) = toks.get(j).and_then(|t| num(t)) {
                    top = Some(n);
                    break;
                }
            }
        }
        if toks[k] == "top"
            && let Some(n) = toks.get(k + 1).and_then(|t| num(t))
        {
            top = Some(n);
            break;
        }
    }
    let top = top?;
    if !(1..=1000).contains(&top) {
        return None;
    }
    let years: Vec<i32> = toks.iter().filter_map(|t| year(t)).collect();
    let (from_year, to_year) = match years.as_slice() {
        [a, b, ..] if a <= b => (*a, *b),
        _ => period?,
    };
    let indicator = if has_words(&f, "dbi") {
        Indicator::Dbi
    } else if has_words(&f, "dti") {
        Indicator::Dti
    } else if has_words(&f, "doanh nghiep") {
        Indicator::Dbi
    } else if has_words(&f, "ky nang so") {
        Indicator::DigitalSkills
    } else {
        Indicator::Dti
    };
    Some(Ranking {
        indicator,
        top,
        from_year,
        to_year,
    })
}

/// Occasions a heading speaks of ("Khen thưởng hằng năm và khen thưởng sơ kết").
pub(crate) fn occasions_in(folded: &str) -> Vec<Occasion> {
    let mut v = Vec::new();
    if has_words(folded, "hang nam") || has_words(folded, "moi nam") {
        v.push(Occasion::Annual);
    }
    if has_words(folded, "so ket") {
        v.push(Occasion::SoKet);
    }
    if has_words(folded, "tong ket") {
        v.push(Occasion::TongKet);
    }
    if has_words(folded, "dot xuat") {
        v.push(Occasion::DotXuat);
    }
    v
}

/// An award form named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormHit {
    pub form: AwardForm,
    /// As written: "Bằng khen của Chủ tịch UBND Thành phố".
    pub name: String,
    /// Folded byte range.
    pub start: usize,
    pub end: usize,
    /// The head of agency who issues a Giấy khen ("Hiệu trưởng các trường"), as written.
    pub issuer: Option<String>,
}

/// Words that open the name of a head of agency or organisation after "Giấy khen của".
const HEADS: [&str; 10] = [
    "thu truong",
    "hieu truong",
    "giam doc",
    "truong phong",
    "truong ban",
    "chanh van phong",
    "chu nhiem",
    "bi thu",
    "chu tich hoi",
    "chu tich uy ban mat tran",
];

/// "Giấy khen của Thủ trưởng cơ quan, đơn vị …": the head who issues it, as written, when it is
/// not the commune's chairman. `after` is the original text right after "Giấy khen".
fn head_of_agency(after: &str) -> Option<String> {
    let rest = after.trim_start();
    let lower = rest.to_lowercase();
    let rest = if lower.starts_with("của ") {
        &rest["của ".len()..]
    } else {
        return None;
    };
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ';' | '.' | ':' | '(' | '\n' | '"' | '”' | '“')
                || [" cho ", " đối với ", " tặng ", " khen thưởng", " về "]
                    .iter()
                    .any(|w| rest[i..].to_lowercase().starts_with(w))
        })
        .map_or(rest.len(), |(i, _)| i);
    let issuer = rest[..end].trim().trim_end_matches([',', ' ']);
    let folded = fold(issuer);
    (HEADS.iter().any(|h| folded.starts_with(h)) && issuer.chars().count() <= 80).then(|| issuer.to_owned())
}

/// Words that may follow a form's name to say who gives it.
const ISSUER_WORDS: [&str; 22] = [
    "cua", "chu", "tich", "ubnd", "uy", "ban", "nhan", "dan", "tinh", "thanh", "pho", "xa", "phuong", "thu", "tuong",
    "chinh", "phu", "dac", "khu", "thi", "dua", "ct",
];

/// Award forms of the catalogue named in `text`, diacritics-aware ("Cờ thi đua UBND Thành phố",
/// "Giấy khen của Chủ tịch UBND xã", "Huân chương Lao động").
pub(crate) fn forms_in(text: &str) -> Vec<FormHit> {
    let f = Folded::new(text);
    let hay = f.text.as_str();
    let starts: [(&str, &str); 8] = [
        ("huan chuong lao dong", "huân"),
        ("co thi dua", "cờ"),
        ("bang khen", "bằng"),
        ("giay khen", "giấy"),
        ("chien si thi dua co so", "chiến"),
        ("tap the lao dong xuat sac", "tập"),
        ("tap the lao dong tien tien", "tập"),
        ("lao dong tien tien", "lao"),
    ];
    let mut hits: Vec<FormHit> = Vec::new();
    for (key, first_word) in starts {
        let mut from = 0;
        while let Some(i) = find_word(hay, key, from) {
            from = i + key.len();
            if hits.len() >= MAX_HITS {
                break;
            }
            // "có thi đua" folds like "cờ thi đua": check the written word.
            let (a, _) = f.span(text, i, i + 1);
            let written: String = text[a..]
                .chars()
                .take(first_word.chars().count())
                .collect::<String>()
                .to_lowercase();
            if crate::text::nfc(&written) != first_word {
                continue;
            }
            if key == "lao dong tien tien" && hay[..i].ends_with("tap the ") {
                continue;
            }
            if hits.iter().any(|h| h.start <= i && i < h.end) {
                continue;
            }
            // Extend over the issuer ("của Chủ tịch UBND tỉnh").
            let mut end = i + key.len();
            let mut issuer = String::new();
            let mut last_good = end;
            let mut cursor = end;
            for w in hay[end..].split(' ').skip(1).take(8) {
                if !ISSUER_WORDS.contains(&w) {
                    break;
                }
                cursor += 1 + w.len();
                issuer.push(' ');
                issuer.push_str(w);
                if w != "cua" {
                    last_good = cursor;
                }
            }
            end = last_good;
            let mut issuer = issuer.trim().to_owned();
            // "Chủ tịch UBND Thành phố tặng Bằng khen cho …": the giver is named before the form.
            if issuer.is_empty() {
                let mut from = i.saturating_sub(80);
                while !hay.is_char_boundary(from) {
                    from += 1;
                }
                let before = &hay[from..i];
                let before = before.get(before.find(' ').unwrap_or(0)..).unwrap_or("");
                issuer = before.to_owned();
            }
            let form = match key {
                "huan chuong lao dong" => Some(AwardForm::HuanChuongLaoDong),
                "co thi dua" => {
                    if issuer.contains("chinh phu") {
                        Some(AwardForm::CoThiDuaChinhPhu)
                    } else if issuer.contains("tinh") || issuer.contains("thanh pho") {
                        Some(AwardForm::CoThiDuaTinh)
                    } else {
                        None
                    }
                }
                "bang khen" => {
                    if issuer.contains("thu tuong") || issuer.contains("chinh phu") {
                        Some(AwardForm::BangKhenThuTuong)
                    } else if issuer.contains("tinh") || issuer.contains("thanh pho") {
                        Some(AwardForm::BangKhenChuTichTinh)
                    } else {
                        None
                    }
                }
                "giay khen" => Some(AwardForm::GiayKhenChuTichXa),
                "chien si thi dua co so" => Some(AwardForm::ChienSiThiDuaCoSo),
                "tap the lao dong xuat sac" => Some(AwardForm::TapTheLaoDongXuatSac),
                "tap the lao dong tien tien" => Some(AwardForm::TapTheLaoDongTienTien),
                "lao dong tien tien" => Some(AwardForm::LaoDongTienTien),
                _ => None,
            };
            let Some(mut form) = form else { continue };
            let (a, mut b) = f.span(text, i, end);
            let mut head = None;
            if key == "giay khen" {
                let (_, after_key) = f.span(text, i, i + key.len());
                if let Some(h) = head_of_agency(&text[after_key..]) {
                    form = AwardForm::GiayKhenThuTruong;
                    let at = text[after_key..].find(&h).map_or(b, |k| after_key + k + h.len());
                    b = b.max(at);
                    head = Some(h);
                }
            }
            hits.push(FormHit {
                form,
                name: text[a..b].trim().to_owned(),
                start: i,
                end,
                issuer: head,
            });
        }
    }
    hits.sort_by_key(|h| h.start);
    hits
}

/// Verbs that end the subject of a sentence ("Phòng Văn hóa – Xã hội chủ trì …").
const VERBS: [&str; 58] = [
    "phoi hop",
    "to chuc",
    "chu tri",
    "quan tam",
    "thuong xuyen",
    "co trach nhiem",
    "tham muu",
    "kiem tra",
    "dinh ky",
    "trien khai",
    "xay dung",
    "phan cong",
    "van dong",
    "can cu",
    "bao cao",
    "huong dan",
    "day manh",
    "chu dong",
    "gui",
    "tong hop",
    "tham dinh",
    "lap",
    "trinh",
    "xet",
    "khen thuong",
    "quyet dinh",
    "de nghi",
    "ban hanh",
    "thuc hien",
    "tuyen truyen",
    "theo doi",
    "nghien cuu",
    "tiep tuc",
    "dam bao",
    "bao dam",
    "bo tri",
    "cung cap",
    "tich cuc",
    "phat dong",
    "hoan thanh",
    "dang ky",
    "tham gia",
    "long ghep",
    "giam sat",
    "don doc",
    "danh gia",
    "phat hien",
    "lua chon",
    "ra soat",
    "cap nhat",
    "boi duong",
    "nhan rong",
    "huong ung",
    "ung dung",
    "nang cao",
    "chi dao",
    "quan ly",
    "phan anh",
];

/// First words of a subject that names an office, an organisation or people.
const OFFICE_HEADS: [&str; 30] = [
    "phong", "hoi", "uy", "ubnd", "ban", "trung", "van", "cong", "cac", "co", "don", "doanh", "truong", "thu", "chu",
    "so", "mat", "doan", "tram", "quan", "nguoi", "can", "thon", "ap", "to", "ubmttq", "dang", "hdnd", "nhung", "lien",
];

/// Adverbials a sentence may start with before its subject.
const LEAD_INS: [&str; 8] = [
    "dinh ky",
    "hang nam",
    "hang quy",
    "hang thang",
    "truoc ngay",
    "moi nam",
    "sau khi",
    "ket thuc",
];

/// The subject of a sentence when it names an office: "Hội đồng Thi đua - Khen thưởng phường
/// phân công …" → "Hội đồng Thi đua - Khen thưởng phường"; with the byte offset where it ends.
pub(crate) fn subject(text: &str) -> Option<(String, usize)> {
    // A subject is in the first words; never fold a whole long paragraph for it.
    let text = head(text, 400);
    let f = fold(text);
    // Skip "Định kỳ trước ngày …, " and "Hằng năm, ".
    if LEAD_INS.iter().any(|l| f.starts_with(l)) {
        if let Some(c) = text.find(", ")
            && c < 120
        {
            let (s, e) = subject(&text[c + 2..])?;
            return Some((s, e + c + 2));
        }
        return None;
    }
    // "Trung tâm Dịch vụ tổng hợp: phối hợp …": a label before a colon.
    if let Some(c) = text.find(':') {
        let head = &text[..c];
        if head.chars().count() < 90 && head.split_whitespace().count() <= 14 {
            let hf = fold(head);
            if OFFICE_HEADS.contains(&hf.split(' ').next().unwrap_or("")) && !hf.starts_with("can cu") {
                return Some((head.trim().to_owned(), c));
            }
        }
    }
    let words: Vec<(usize, &str)> = word_spans(text);
    let folded: Vec<String> = words.iter().map(|(_, w)| fold(w)).collect();
    let first = folded.first()?.split(' ').next().unwrap_or("");
    if !OFFICE_HEADS.contains(&first) {
        return None;
    }
    // "Chủ trì triển khai …" starts with a verb: no subject.
    let opening: Vec<&str> = folded
        .iter()
        .filter(|w| !w.is_empty())
        .take(3)
        .map(String::as_str)
        .collect();
    let opening = opening.join(" ");
    if VERBS
        .iter()
        .any(|v| opening == *v || opening.starts_with(&format!("{v} ")))
    {
        return None;
    }
    let mut end_word = None;
    for k in 1..words.len().min(18) {
        let w = words[k].1;
        if w.starts_with('(') {
            end_word = Some(k);
            break;
        }
        if folded[k].is_empty() {
            continue;
        }
        let rest: Vec<&str> = folded[k..]
            .iter()
            .filter(|w| !w.is_empty())
            .take(3)
            .map(String::as_str)
            .collect();
        let rest = rest.join(" ");
        let is_verb = VERBS.iter().any(|v| rest == *v || rest.starts_with(&format!("{v} ")));
        // "Hội đồng Thi đua - Khen thưởng": "khen thưởng" after "thi đua" is part of a name.
        let prev = folded[..k].iter().rev().find(|w| !w.is_empty()).map(String::as_str);
        let after_thi_dua = prev.is_some_and(|p| p == "dua" || p.ends_with(" dua"));
        if is_verb && !(rest.starts_with("khen thuong") && after_thi_dua) {
            end_word = Some(k);
            break;
        }
        if w.ends_with(':') || w.ends_with(';') {
            end_word = Some(k + 1);
            break;
        }
    }
    let k = end_word?;
    if k == 0 {
        return None;
    }
    let end = words[k - 1].0 + words[k - 1].1.len();
    let s = text[..end].trim_end_matches([',', ':', ';', ' ']).trim();
    if s.is_empty() {
        return None;
    }
    Some((s.to_owned(), end))
}

fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                v.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        v.push((s, &text[s..]));
    }
    v
}

/// Upper-cases the first letter: "phòng Văn hóa" → "Phòng Văn hóa".
pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The office a sentence sends something to: "… về Phòng Văn hóa – Xã hội để tổng hợp" →
/// "Phòng Văn hóa – Xã hội".
pub(crate) fn recipient(text: &str) -> Option<String> {
    let text = head(text, 2000);
    let f = Folded::new(text);
    for key in ["ve", "gui", "cho", "len"] {
        let mut from = 0;
        while let Some(i) = find_word(&f.text, key, from) {
            from = i + key.len();
            let after = &f.text[from..].trim_start();
            let head = after.split(' ').next().unwrap_or("");
            if !OFFICE_HEADS.contains(&head) || head == "cac" || head == "co" {
                continue;
            }
            let (a, _) = f.span(text, from + 1, from + 2);
            let rest = &text[a..];
            let stop = rest.find(['(', ',', '.', ';', ':']).unwrap_or(rest.len());
            let mut cand = &rest[..stop];
            for w in [" để ", " trước ", " tổng hợp", " theo ", " định kỳ", " hằng ", " hàng "] {
                if let Some(p) = cand.find(w) {
                    cand = &cand[..p];
                }
            }
            let cand = cand.trim();
            if !cand.is_empty() && cand.split_whitespace().count() <= 12 {
                return Some(capitalize(cand));
            }
        }
    }
    None
}

/// The first text in quotation marks (“…” or "…").
pub(crate) fn first_quoted(text: &str) -> Option<String> {
    for (open, close) in [('“', '”'), ('"', '"'), ('«', '»')] {
        if let Some(a) = text.find(open) {
            let rest = &text[a + open.len_utf8()..];
            if let Some(b) = rest.find(close) {
                let q = rest[..b].trim();
                if !q.is_empty() {
                    return Some(q.to_owned());
                }
            }
        }
    }
    None
}

/// "(sau đây viết tắt là Nghị quyết số 57)" → "Nghị quyết số 57".
pub(crate) fn abbreviation(text: &str) -> Option<String> {
    let f = Folded::new(text);
    for key in ["viet tat la", "goi tat la"] {
        if let Some(i) = find_word(&f.text, key, 0) {
            let (a, _) = f.span(text, i + key.len() + 1, i + key.len() + 2);
            let rest = &text[a..];
            let end = rest.find(')').unwrap_or(rest.len());
            let v = rest[..end].trim().trim_end_matches(['.', ';', ',']).trim();
            if !v.is_empty() && v.chars().count() < 120 {
                return Some(v.to_owned());
            }
        }
    }
    None
}

/// Short names defined in `text`: ("Phong trào", "Phong trào thi đua …", unsure) from "… (sau
/// đây gọi tắt là Phong trào)", and ("DTI", "Chỉ số chuyển đổi số", sure) from "Chỉ số chuyển
/// đổi số (DTI)" where the initials spell the short name.
pub(crate) fn defined_abbreviations(text: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|i| from + i) {
        let Some(close) = text[open..].find(')').map(|i| open + i) else {
            break;
        };
        from = close + 1;
        if out.len() >= 20 {
            break;
        }
        let inside = text[open + 1..close].trim();
        let before = text[..open].trim_end();
        if inside.is_empty() || inside.chars().count() > 100 || before.is_empty() {
            continue;
        }
        let folded = fold(inside);
        let named = ["goi tat la", "viet tat la", "goi tat", "viet tat"]
            .iter()
            .find_map(|k| folded.find(k).map(|i| (i, k.len())));
        if let Some((i, n)) = named {
            let f = Folded::new(inside);
            let at = f
                .text
                .find(&folded[i..i + n])
                .map(|j| f.span(inside, j, j + n).1)
                .unwrap_or(inside.len());
            let short = inside[at..]
                .trim()
                .trim_start_matches([':', ' '])
                .trim_matches(['"', '“', '”', '.', ';', ',', ' ']);
            let clause_start = before.rfind([',', ';', ':', '.']).map_or(0, |k| k + 1);
            let full = before[clause_start..].trim();
            if !short.is_empty() && !full.is_empty() && short.chars().count() <= 60 {
                out.push((short.to_owned(), full.to_owned(), false));
            }
            continue;
        }
        // An acronym: letters only, mostly capitals, spelled by the initials of the words before.
        let letters: String = inside.chars().filter(|c| !matches!(c, '-' | '–' | '&')).collect();
        if !(2..=10).contains(&letters.chars().count())
            || !letters.chars().all(char::is_alphabetic)
            || letters.chars().filter(|c| c.is_uppercase()).count() * 2 < letters.chars().count()
        {
            continue;
        }
        let want: Vec<char> = fold(&letters).chars().collect();
        let words: Vec<&str> = before.split_whitespace().collect();
        let mut got: Vec<char> = Vec::new();
        for k in (0..words.len()).rev().take(14) {
            let Some(c) = fold(words[k]).chars().find(|c| c.is_alphanumeric()) else {
                continue;
            };
            got.insert(0, c);
            if got.len() == want.len() {
                if got == want {
                    let full = words[k..].join(" ").trim_matches(['"', '“', '”', ',']).to_owned();
                    out.push((inside.to_owned(), full, true));
                }
                break;
            }
        }
    }
    out
}

/// All four-digit years (1990–2100) in folded text, in order.
pub(crate) fn years_in(folded: &str) -> Vec<i32> {
    folded.split(' ').filter_map(year).collect()
}

/// "từ năm 2025 đến năm 2030", "từ 2025-2027", "(2025 - 2030)", "giai đoạn 2025-2030": the first
/// pair of years in a from–to phrase.
pub(crate) fn year_range(folded: &str) -> Option<(i32, i32)> {
    let toks = tokens(folded);
    for k in 0..toks.len() {
        let Some(a) = year(toks[k]) else { continue };
        let mut j = k + 1;
        if toks.get(j) == Some(&"den") {
            j += 1;
        }
        if toks.get(j) == Some(&"nam") {
            j += 1;
        }
        if let Some(b) = toks.get(j).and_then(|t| year(t))
            && a <= b
        {
            return Some((a, b));
        }
    }
    None
}
