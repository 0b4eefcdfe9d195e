//! How alike two initiatives are, for the duplicate check (issue #5).
//!
//! Both texts are folded (no diacritics, no case, no punctuation), common abbreviations and
//! fixed phrases of the paperwork are brought to one form ("CĐS" = "chuyển đổi số", "không
//! dùng tiền mặt" = "thanh toán điện tử"), filler words are dropped ("mô hình", "giải pháp",
//! "trên địa bàn xã"…), and what is left is compared as a bag of words: word order does not
//! matter, rare words weigh more than common ones (inverse document frequency over the
//! initiatives already stored), and the title counts double. The measured precision and recall
//! of this function on the labelled set in `eval/initiative-duplicates/` are in its test.

use std::collections::HashMap;

use crate::text::fold;

/// Phrases (folded) brought to one token before comparing: abbreviations and their long forms,
/// and the everyday synonyms of the movement's paperwork. Longest phrases first.
const PHRASES: &[(&str, &str)] = &[
    ("thanh toan khong dung tien mat", "ttkdtm"),
    ("thanh toan khong tien mat", "ttkdtm"),
    ("khong dung tien mat", "ttkdtm"),
    ("thanh toan dien tu", "ttkdtm"),
    ("thanh toan truc tuyen", "ttkdtm"),
    ("thanh toan qua ngan hang", "ttkdtm"),
    ("chuyen khoan", "ttkdtm"),
    ("uy ban nhan dan", "ubnd"),
    ("chuyen doi so", "cds"),
    ("dich vu cong truc tuyen", "dvctt"),
    ("dich vu cong", "dvc"),
    ("thu tuc hanh chinh", "tthc"),
    ("thuong mai dien tu", "tmdt"),
    ("cong nghe thong tin", "cntt"),
    ("hop tac xa", "htx"),
    ("trung hoc co so", "thcs"),
    ("trung hoc pho thong", "thpt"),
    ("mat tran to quoc", "mttq"),
    ("bao hiem xa hoi", "bhxh"),
    ("bao hiem y te", "bhyt"),
    ("tri tue nhan tao", "ai"),
    ("dinh danh dien tu muc 2", "vneid"),
    ("dinh danh dien tu", "vneid"),
    ("to cong nghe so cong dong", "tcnscd"),
    ("cong nghe so cong dong", "tcnscd"),
    ("binh dan hoc vu so", "bdhvs"),
    ("ky nang so", "kns"),
    ("nguoi cao tuoi", "nguoigia"),
    ("nguoi gia", "nguoigia"),
    ("nguoi lon tuoi", "nguoigia"),
    ("dien thoai thong minh", "smartphone"),
    ("ma qr", "qr"),
    ("qr code", "qr"),
    ("ma vach hai chieu", "qr"),
    ("so hoa", "sohoa"),
    ("dien tu hoa", "sohoa"),
    ("truc tuyen", "online"),
    ("qua mang", "online"),
    ("mang xa hoi", "mxh"),
    ("loa truyen thanh", "loa"),
    ("dai truyen thanh", "loa"),
    ("camera giam sat", "camera"),
    ("camera an ninh", "camera"),
    ("ho so", "hoso"),
    ("nguoi dan", "dan"),
    ("cong dan", "dan"),
    ("nhan dan", "dan"),
];

/// Words and phrases (folded) that every initiative uses and that say nothing about which one
/// it is. They are removed after the phrases above are joined.
const FILLER: &[&str] = &[
    "mo hinh",
    "giai phap",
    "sang kien",
    "de tai",
    "ve viec",
    "tren dia ban",
    "dia ban",
    "thuc hien",
    "trien khai",
    "xay dung",
    "ap dung",
    "ung dung",
    "nang cao",
    "hieu qua",
    "cong tac",
    "tang cuong",
    "day manh",
    "nham",
    "cua",
    "va",
    "cac",
    "nhung",
    "trong",
    "tai",
    "de",
    "voi",
    "mot",
    "la",
    "duoc",
    "viec",
    "ve",
    "theo",
    "tu",
    "den",
    "o",
    "tren",
    "bang",
    "qua",
    "khi",
    "co",
    "khong",
    "nay",
    "do",
    "da",
    "se",
    "dang",
    "thi",
    "ma",
    "hon",
    "nhieu",
    "moi",
    "tat ca",
    "toan",
    "xa",
    "phuong",
];

/// A text ready to compare: its content words, the title's and the body's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    pub title: Vec<String>,
    pub body: Vec<String>,
}

/// Content words of `text`: folded, phrases joined, fillers dropped, in order.
pub fn content_words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut joined: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    'outer: while i < words.len() {
        for (phrase, token) in PHRASES {
            let n = phrase.split(' ').count();
            if i + n <= words.len() && words[i..i + n].iter().copied().eq(phrase.split(' ')) {
                joined.push((*token).to_owned());
                i += n;
                continue 'outer;
            }
        }
        joined.push(words[i].to_owned());
        i += 1;
    }
    let mut out = Vec::with_capacity(joined.len());
    let mut i = 0;
    'words: while i < joined.len() {
        for filler in FILLER {
            let n = filler.split(' ').count();
            if i + n <= joined.len() && joined[i..i + n].iter().map(String::as_str).eq(filler.split(' ')) {
                i += n;
                continue 'words;
            }
        }
        out.push(joined[i].clone());
        i += 1;
    }
    out
}

pub fn fingerprint(title: &str, body: &str) -> Fingerprint {
    Fingerprint {
        title: content_words(title),
        body: content_words(body),
    }
}

/// How many of the stored initiatives use each word: rare words tell initiatives apart.
#[derive(Debug, Clone, Default)]
pub struct DocumentFrequency {
    pub documents: u64,
    pub counts: HashMap<String, u64>,
}

impl DocumentFrequency {
    /// Counts `fingerprints` as the stored initiatives.
    pub fn of<'a>(fingerprints: impl IntoIterator<Item = &'a Fingerprint>) -> Self {
        let mut df = Self::default();
        for fp in fingerprints {
            df.add(fp);
        }
        df
    }

    pub fn add(&mut self, fp: &Fingerprint) {
        self.documents += 1;
        for word in fp.distinct_words() {
            *self.counts.entry(word.to_owned()).or_default() += 1;
        }
    }

    /// Weight of a word: `ln(1 + N / (df + 1))`, and 1 for all words while there are too few
    /// initiatives for frequencies to mean anything.
    pub fn weight(&self, word: &str) -> f64 {
        if self.documents < MIN_DOCUMENTS_FOR_WEIGHTS {
            return 1.0;
        }
        let df = self.counts.get(word).copied().unwrap_or(0) as f64;
        (1.0 + self.documents as f64 / (df + 1.0)).ln()
    }
}

/// Below this many stored initiatives, every word weighs the same.
pub const MIN_DOCUMENTS_FOR_WEIGHTS: u64 = 30;

impl Fingerprint {
    /// Each word once, title words first: the terms the store indexes for finding candidates.
    pub fn distinct_words(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for w in self.title.iter().chain(&self.body) {
            if !seen.contains(&w.as_str()) {
                seen.push(w);
            }
        }
        seen
    }

    fn vector(&self, df: &DocumentFrequency) -> HashMap<&str, f64> {
        let mut v: HashMap<&str, f64> = HashMap::new();
        for (words, factor) in [(&self.title, TITLE_FACTOR), (&self.body, 1.0)] {
            for w in words {
                *v.entry(w.as_str()).or_default() += factor;
            }
        }
        for (w, x) in &mut v {
            // Repeating a word adds less and less (1 + ln tf).
            *x = (1.0 + x.ln()) * df.weight(w);
        }
        v
    }
}

/// A title word counts this many times a body word.
const TITLE_FACTOR: f64 = 2.0;

/// Cosine similarity of the weighted word bags, from 0 (nothing in common) to 1 (the same
/// words in any order).
pub fn similarity(a: &Fingerprint, b: &Fingerprint, df: &DocumentFrequency) -> f64 {
    let (va, vb) = (a.vector(df), b.vector(df));
    let dot: f64 = va.iter().filter_map(|(w, x)| vb.get(w).map(|y| x * y)).sum();
    let norm = |v: &HashMap<&str, f64>| v.values().map(|x| x * x).sum::<f64>().sqrt();
    let denominator = norm(&va) * norm(&vb);
    if denominator == 0.0 {
        0.0
    } else {
        (dot / denominator).clamp(0.0, 1.0)
    }
}

/// The default threshold above which an initiative is shown as a possible duplicate; each
/// tenant may change it. Chosen on the labelled set (see the test `duplicate_eval`).
pub const DEFAULT_THRESHOLD: f64 = 0.5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_order_abbreviations_and_fillers_do_not_matter() {
        let a = content_words("Mô hình Ứng dụng mã QR trong thu phí chợ trên địa bàn xã");
        let b = content_words("thu phi cho bang ma qr");
        let mut sa = a.clone();
        let mut sb = b.clone();
        sa.sort();
        sb.sort();
        assert_eq!(sa, sb, "{a:?} {b:?}");
        assert_eq!(content_words("CĐS cấp xã"), content_words("Chuyển đổi số cấp xã"));
        assert_eq!(content_words("UBND xã"), content_words("Ủy ban nhân dân xã"));
    }

    #[test]
    fn the_same_text_scores_one_and_unrelated_texts_near_zero() {
        let df = DocumentFrequency::default();
        let a = fingerprint("Số hóa hồ sơ hộ tịch", "Quét và nhập liệu sổ hộ tịch từ năm 1990.");
        assert!((similarity(&a, &a, &df) - 1.0).abs() < 1e-9);
        let b = fingerprint("Ngân hàng bò giống", "Hội Nông dân trao bò giống cho nông dân nghèo.");
        assert!(similarity(&a, &b, &df) < 0.1);
        assert_eq!(similarity(&a, &Fingerprint::default(), &df), 0.0);
    }
}
