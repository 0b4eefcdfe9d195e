//! Reading the document's structure: header, title, legal bases and preamble, the numbered
//! parts (classified by what their headings say, not by their position), the closing, Nơi nhận
//! and the signature.

use std::collections::HashMap;

use super::authority::lookup_commune;
use super::phrases::{
    abbreviation, capitalize, defined_abbreviations, due_dates, first_quoted, forms_in, occasions_in, quota_in,
    ranking_in, recipient, subject, year_range, years_in,
};
use super::text::{
    Folded, Mark, MarkKind, find_word, has_words, is_all_caps, is_place_date, parse_list_mark, split_mark, squash,
};
use super::{Block, Extraction, Found, NotAPlan, Unread};
use crate::awards::{AwardForm, AwardLevel, Occasion};
use crate::directory::CommuneKind;
use crate::plan::*;
use crate::text::{fold, nfc};

mod frame;

pub use frame::read_plan;

/// Sources longer than this are cut in `Found::source`.
const SOURCE_MAX: usize = 600;

struct Para {
    block: usize,
    text: String,
    mark: Option<Mark>,
    /// The text without its mark.
    body: String,
    folded: String,
}

struct Node {
    p: usize,
    kind: Option<MarkKind>,
    children: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    Purposes,
    Requirements,
    Goals,
    Participants,
    Content,
    Solutions,
    Time,
    Criteria,
    Awards,
    Dossier,
    Procedure,
    Funding,
    Inspection,
    Duties,
}

/// What a heading is about, by its words: "ĐỐI TƯỢNG, NỘI DUNG, GIẢI PHÁP" names three topics.
fn topics(heading: &str) -> Vec<Topic> {
    let f = heading;
    let mut v: Vec<(usize, Topic)> = Vec::new();
    fn add_to(v: &mut Vec<(usize, Topic)>, f: &str, key: &str, t: Topic) {
        if let Some(i) = find_word(f, key, 0)
            && !v.iter().any(|(_, x)| *x == t)
        {
            v.push((i, t));
        }
    }
    macro_rules! add {
        ($key:expr, $t:expr) => {
            add_to(&mut v, f, $key, $t)
        };
    }
    add!("muc dich", Topic::Purposes);
    add!("yeu cau", Topic::Requirements);
    add!("muc tieu", Topic::Goals);
    if !has_words(f, "doi tuong khac") {
        add!("doi tuong", Topic::Participants);
        add!("pham vi", Topic::Participants);
    }
    add!("noi dung", Topic::Content);
    add!("giai phap", Topic::Solutions);
    add!("thoi gian", Topic::Time);
    add!("tien do", Topic::Time);
    if f.starts_with("giai doan") {
        add!("giai doan", Topic::Time);
    }
    add!("tieu chi", Topic::Criteria);
    add!("ho so", Topic::Dossier);
    add!("trinh tu", Topic::Procedure);
    add!("quy trinh", Topic::Procedure);
    add!("thu tuc", Topic::Procedure);
    add!("kinh phi", Topic::Funding);
    add!("to chuc thuc hien", Topic::Duties);
    add!("trach nhiem thuc hien", Topic::Duties);
    add!("phan cong", Topic::Duties);
    add!("nhiem vu cua", Topic::Duties);
    let paperwork = v
        .iter()
        .any(|(_, t)| matches!(t, Topic::Dossier | Topic::Procedure | Topic::Funding));
    add!("hinh thuc", Topic::Awards);
    add!("tieu chuan", Topic::Awards);
    if !paperwork {
        add!("khen thuong", Topic::Awards);
    }
    if v.is_empty() {
        add!("kiem tra", Topic::Inspection);
        add!("giam sat", Topic::Inspection);
    }
    // "Dossier and procedure" headings: "thủ tục hồ sơ" is one topic, the dossier.
    if has_words(f, "thu tuc ho so") {
        v.retain(|(_, t)| *t != Topic::Procedure);
    }
    v.sort_by_key(|(i, _)| *i);
    v.into_iter().map(|(_, t)| t).collect()
}

struct AwardDraft {
    form: AwardForm,
    name: String,
    occasions: Vec<Occasion>,
    quota: Option<Quota>,
    source: Option<String>,
    note: Option<String>,
    /// The head of agency of a head's Giấy khen.
    issuer: Option<String>,
    p: usize,
    /// Named with no occasion around it (a bare list of forms).
    bare: bool,
}

struct Reader<'a> {
    blocks: &'a [Block],
    paras: Vec<Para>,
    used: Vec<bool>,
    nodes: Vec<Node>,
    fields: Vec<Found>,
    plan: Plan,
    awards: Vec<AwardDraft>,
    /// Para index → index of the duty it belongs to.
    duty_of: HashMap<usize, usize>,
    period_found: bool,
    /// Criteria groups by folded name, and the ids taken.
    group_names: HashMap<String, String>,
    group_ids: std::collections::HashSet<String>,
    /// For each commendation text, the paragraph of each of its paragraphs.
    commendation_paras: Vec<Vec<usize>>,
}

fn trim_end_punct(s: &str) -> &str {
    s.trim().trim_end_matches([';', ',', '.', ':']).trim_end()
}

/// Letters in the order Vietnamese lists use them (no f, j, w, z).
const LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
];

/// A short name from an item's first clause: "Thi đua phát triển hạ tầng cho …" → "Phát triển
/// hạ tầng cho phát triển khoa học".
fn short_title(body: &str) -> String {
    let mut t = body.trim();
    for p in ["Thi đua ", "thi đua "] {
        if let Some(r) = t.strip_prefix(p) {
            t = r;
        }
    }
    let end = t.find([',', '.', ';', ':', '(']).unwrap_or(t.len());
    let words: Vec<&str> = t[..end].split_whitespace().take(8).collect();
    capitalize(&words.join(" "))
}

/// Lowercase ASCII snake id from a group's name, with the usual abbreviations.
pub(crate) fn group_id(name: &str) -> String {
    let f = fold(name);
    let f = f.strip_prefix("doi voi ").unwrap_or(&f).to_owned();
    let mut parts: Vec<String> = Vec::new();
    let mut rest = f.as_str();
    let abbreviations = [
        ("uy ban mat tran to quoc viet nam", "mttq"),
        ("uy ban mat tran to quoc", "mttq"),
        ("mat tran to quoc viet nam", "mttq"),
        ("mat tran to quoc", "mttq"),
        ("uy ban nhan dan", "ubnd"),
        ("cac to chuc chinh tri xa hoi", "doan_the"),
        ("to chuc chinh tri xa hoi", "doan_the"),
        ("cac doan the", "doan_the"),
        ("doan the", "doan_the"),
    ];
    'outer: while !rest.is_empty() {
        for (long, short) in abbreviations {
            if let Some(r) = rest.strip_prefix(long) {
                if !parts.iter().any(|p| p == short) {
                    parts.push(short.to_owned());
                }
                rest = r.trim_start();
                continue 'outer;
            }
        }
        let (w, r) = rest.split_once(' ').unwrap_or((rest, ""));
        if !matches!(w, "cac" | "nhung" | "va" | "cua" | "thuoc" | "tren" | "dia" | "ban") {
            parts.push(w.to_owned());
        }
        rest = r;
        if parts.len() >= 4 {
            break;
        }
    }
    parts.truncate(if parts.first().is_some_and(|p| p == "mttq") {
        2
    } else {
        3
    });
    let id: String = parts
        .join("_")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if id.is_empty() { "nhom".to_owned() } else { id }
}

fn group_kind(name: &str) -> ParticipantKind {
    let f = fold(name);
    if has_words(&f, "tap the") {
        return ParticipantKind::Collective;
    }
    let people = [
        "ca nhan",
        "can bo",
        "cong chuc",
        "vien chuc",
        "nguoi lao dong",
        "doi tuong khac",
        "hoc sinh",
        "dang vien",
        "hoi vien",
        "doan vien",
        "nguoi dan",
    ];
    if people.iter().any(|k| has_words(&f, k)) {
        ParticipantKind::Individual
    } else {
        ParticipantKind::Collective
    }
}

fn level_of(f: &str) -> Option<AwardLevel> {
    if has_words(f, "cap xa") || has_words(f, "cap phuong") || has_words(f, "cap co so") {
        Some(AwardLevel::Commune)
    } else if has_words(f, "cap tinh") || has_words(f, "cap thanh pho") || has_words(f, "tinh tro len") {
        Some(AwardLevel::Province)
    } else if has_words(f, "nha nuoc") {
        Some(AwardLevel::State)
    } else if has_words(f, "chinh phu") {
        Some(AwardLevel::Government)
    } else {
        None
    }
}

fn dossier_document(f: &str) -> Option<DossierDocument> {
    if f.starts_with("to trinh") {
        Some(DossierDocument::ToTrinh)
    } else if f.starts_with("bien ban") {
        Some(DossierDocument::BienBanHopXet)
    } else if f.starts_with("bao cao thanh tich") || f.starts_with("bao cao tom tat thanh tich") {
        Some(DossierDocument::BaoCaoThanhTich)
    } else if has_words(f, "sang kien") || f.starts_with("giay chung nhan") || f.starts_with("xac nhan") {
        Some(DossierDocument::ChungNhanSangKien)
    } else {
        None
    }
}

impl<'a> Reader<'a> {
    fn new(blocks: &'a [Block]) -> Self {
        let mut paras = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            let text = squash(&nfc(&b.text));
            if text.is_empty() && b.list_mark.is_none() {
                continue;
            }
            let (mark, body) = match b.list_mark.as_deref().and_then(parse_list_mark) {
                Some(m) => (Some(m), text.clone()),
                None => match split_mark(&text) {
                    Some((m, rest)) => (Some(m), rest.to_owned()),
                    None => (None, text.clone()),
                },
            };
            if body.is_empty() {
                continue;
            }
            let folded = fold(&body);
            paras.push(Para {
                block: i,
                text,
                mark,
                body,
                folded,
            });
        }
        let n = paras.len();
        Reader {
            blocks,
            paras,
            used: vec![false; n],
            nodes: Vec::new(),
            fields: Vec::new(),
            plan: Plan::empty(),
            awards: Vec::new(),
            duty_of: HashMap::new(),
            period_found: false,
            group_names: HashMap::new(),
            group_ids: std::collections::HashSet::new(),
            commendation_paras: Vec::new(),
        }
    }

    fn found(
        &mut self,
        field: impl Into<String>,
        value: impl Into<String>,
        p: usize,
        sure: bool,
        note: Option<String>,
    ) {
        self.used[p] = true;
        let para = &self.paras[p];
        // Cut before copying: a huge paragraph must not be copied once per field.
        let cut = |t: &str| -> String {
            let h = super::phrases::head(t, SOURCE_MAX);
            if h.len() < t.len() {
                format!("{h}…")
            } else {
                h.to_owned()
            }
        };
        let source = cut(&para.text);
        let value: String = value.into();
        let value = cut(&value);
        self.fields.push(Found {
            field: field.into(),
            value,
            source,
            block: para.block,
            sure,
            note,
        });
    }

    fn body(&self, p: usize) -> &str {
        &self.paras[p].body
    }

    fn folded(&self, p: usize) -> &str {
        &self.paras[p].folded
    }

    fn node_para(&self, n: usize) -> usize {
        self.nodes[n].p
    }

    /// Paragraphs under a node, depth first, without the node itself.
    fn descendants(&self, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = self.nodes[n].children.iter().rev().copied().collect();
        while let Some(c) = stack.pop() {
            out.push(self.nodes[c].p);
            stack.extend(self.nodes[c].children.iter().rev());
        }
        out
    }

    /// A heading rather than an item: short and not a sentence, or with items under it.
    fn heading_like(&self, n: usize) -> bool {
        let p = self.node_para(n);
        let body = self.body(p);
        let len = body.chars().count();
        let kids = !self.nodes[n].children.is_empty();
        (kids && len < 200) || (len < 120 && !body.trim_end().ends_with(['.', ';']))
    }

    /// The heading part of a paragraph, folded: the text before a colon.
    fn heading_folded(&self, p: usize) -> String {
        let body = self.body(p);
        let head = match body.find(':') {
            Some(c) => &body[..c],
            None => body,
        };
        let head: String = head.chars().take(200).collect();
        fold(&head)
    }

    /// Text after the heading's colon, when the heading carries its own content.
    fn inline_rest(&self, p: usize) -> Option<String> {
        let body = self.body(p);
        let c = body.find(':')?;
        let rest = body[c + 1..].trim();
        (rest.chars().count() > 15).then(|| rest.to_owned())
    }

    // ------------------------------------------------------------ the tree

    fn build_tree(&mut self, range: std::ops::Range<usize>) -> Vec<usize> {
        let mut roots = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        for p in range {
            let kind = self.paras[p].mark.as_ref().map(|m| m.kind);
            let id = self.nodes.len();
            self.nodes.push(Node {
                p,
                kind,
                children: Vec::new(),
            });
            match kind {
                None => match stack.last() {
                    Some(&top) => self.nodes[top].children.push(id),
                    None => roots.push(id),
                },
                Some(k) => {
                    if k == MarkKind::Roman {
                        stack.clear();
                    } else if let Some(pos) = stack.iter().rposition(|&s| self.nodes[s].kind == Some(k)) {
                        stack.truncate(pos);
                    }
                    match stack.last() {
                        Some(&top) => self.nodes[top].children.push(id),
                        None => roots.push(id),
                    }
                    stack.push(id);
                }
            }
        }
        roots
    }

    fn process(&mut self, n: usize) {
        let p = self.node_para(n);
        let ts = topics(&self.heading_folded(p));
        let is_heading = self.heading_like(n);
        if !is_heading || ts.is_empty() {
            // An unknown part: its sub-headings may still say what they are.
            let kids = self.nodes[n].children.clone();
            let any = kids
                .iter()
                .any(|&k| self.heading_like(k) && !topics(&self.heading_folded(self.node_para(k))).is_empty());
            if any {
                self.used[p] = true;
                for k in kids {
                    self.process(k);
                }
            }
            return;
        }
        let kids = self.nodes[n].children.clone();
        let other_topic = kids.iter().any(|&k| {
            if !self.heading_like(k) {
                return false;
            }
            let kt = topics(&self.heading_folded(self.node_para(k)));
            // Inspection is a solution or a duty as often as a part of its own.
            !kt.is_empty() && kt != [Topic::Inspection] && !(ts.len() == 1 && kt.len() == 1 && kt[0] == ts[0])
        });
        self.used[p] = true;
        if ts.len() == 1 && !other_topic {
            self.leaf(ts[0], n);
            return;
        }
        let classified: Vec<bool> = kids
            .iter()
            .map(|&k| self.heading_like(k) && !topics(&self.heading_folded(self.node_para(k))).is_empty())
            .collect();
        if !classified.iter().any(|&c| c) {
            // "I. MỤC ĐÍCH, YÊU CẦU" with items straight under it: the first topic takes them.
            self.leaf(ts[0], n);
            return;
        }
        for (k, c) in kids.into_iter().zip(classified) {
            if c {
                self.process(k);
            }
        }
    }

    fn leaf(&mut self, topic: Topic, n: usize) {
        let part = match topic {
            Topic::Purposes | Topic::Requirements | Topic::Goals => PlanPart::Purposes,
            Topic::Participants => PlanPart::Participants,
            Topic::Content => PlanPart::Content,
            Topic::Solutions => PlanPart::Solutions,
            Topic::Time => PlanPart::Phases,
            Topic::Criteria => PlanPart::Criteria,
            Topic::Awards | Topic::Dossier | Topic::Procedure | Topic::Funding => PlanPart::Commendation,
            Topic::Inspection => PlanPart::Inspection,
            Topic::Duties => PlanPart::Duties,
        };
        if !self.plan.part_order.contains(&part) {
            self.plan.part_order.push(part);
        }
        match topic {
            Topic::Purposes | Topic::Requirements | Topic::Goals => self.paragraph_list(topic, n),
            Topic::Participants => self.participants(n),
            Topic::Content => self.content(n),
            Topic::Solutions => self.solutions(n),
            Topic::Time => self.time(n),
            Topic::Criteria => self.criteria(n),
            Topic::Awards => self.awards(n, Vec::new()),
            Topic::Dossier => self.dossier(n),
            Topic::Procedure => self.procedure(n),
            Topic::Funding => self.funding(n),
            Topic::Inspection => self.inspection_part(n),
            Topic::Duties => self.duties(n),
        }
    }

    // ------------------------------------------------------------ sections

    fn paragraph_list(&mut self, topic: Topic, n: usize) {
        let p0 = self.node_para(n);
        let mut items: Vec<(usize, String)> = Vec::new();
        if let Some(rest) = self.inline_rest(p0) {
            items.push((p0, rest));
        }
        for p in self.descendants(n) {
            items.push((p, self.body(p).to_owned()));
        }
        for (p, text) in items {
            let (list, name) = match topic {
                Topic::Purposes => (&mut self.plan.purposes, "purposes"),
                Topic::Requirements => (&mut self.plan.requirements, "requirements"),
                _ => (&mut self.plan.goals, "goals"),
            };
            let field = format!("{name}[{}]", list.len());
            list.push(text.clone());
            self.found(field, text, p, true, None);
        }
    }

    fn participants(&mut self, n: usize) {
        let p0 = self.node_para(n);
        let mut paras = vec![p0];
        paras.extend(self.descendants(n));
        for p in paras {
            let f = self.folded(p).to_owned();
            let body = self.body(p).to_owned();
            let Some(c) = body.find(':') else { continue };
            let rest = body[c + 1..].trim().to_owned();
            if rest.is_empty() {
                continue;
            }
            if f.starts_with("tap the") {
                self.plan.participants.collectives = rest.clone();
                self.found("participants.collectives", rest, p, true, None);
            } else if f.starts_with("ca nhan") {
                self.plan.participants.individuals = rest.clone();
                self.found("participants.individuals", rest, p, true, None);
            }
        }
    }

    fn content(&mut self, n: usize) {
        let p0 = self.node_para(n);
        let kids = self.nodes[n].children.clone();
        let mut intro: Vec<(usize, String)> = Vec::new();
        if let Some(rest) = self.inline_rest(p0) {
            intro.push((p0, rest));
        }
        let mut seq = 0;
        for k in kids {
            let p = self.node_para(k);
            let Some(mark) = self.paras[p].mark.clone() else {
                if self.plan.content_areas.is_empty() {
                    intro.push((p, self.body(p).to_owned()));
                } else if let Some(last) = self.plan.content_areas.last_mut() {
                    last.text.push_str("\n\n");
                    last.text.push_str(&self.paras[p].body);
                    self.used[p] = true;
                }
                continue;
            };
            let code = match mark.kind {
                MarkKind::Letter | MarkKind::Num(_) | MarkKind::NumParen => mark.label.clone(),
                _ => LETTERS
                    .get(seq)
                    .map_or_else(|| (seq + 1).to_string(), |l| (*l).to_owned()),
            };
            let sure = matches!(mark.kind, MarkKind::Letter | MarkKind::Num(_) | MarkKind::NumParen);
            seq += 1;
            let mut text = self.body(p).to_owned();
            for d in self.descendants(k) {
                text.push_str("\n\n");
                text.push_str(self.body(d));
                self.used[d] = true;
            }
            let title = short_title(self.body(p));
            let i = self.plan.content_areas.len();
            self.plan.content_areas.push(ContentArea {
                code: code.clone(),
                title,
                text: text.clone(),
            });
            let note =
                (!sure).then(|| format!("Kế hoạch dùng gạch đầu dòng; nội dung được đánh mã «{code}» theo thứ tự"));
            self.found(format!("content_areas[{i}]"), text, p, sure, note);
        }
        if !intro.is_empty() {
            let text = intro.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" ");
            let p = intro[0].0;
            for (q, _) in &intro {
                self.used[*q] = true;
            }
            self.plan.content_intro = Some(text.clone());
            self.found("content_intro", text, p, true, None);
        }
    }

    fn solutions(&mut self, n: usize) {
        let kids = self.nodes[n].children.clone();
        for k in kids {
            let p = self.node_para(k);
            let marked = self.paras[p].mark.is_some();
            let desc = self.descendants(k);
            let section = if marked && self.heading_like(k) && !desc.is_empty() {
                Section {
                    title: Some(trim_end_punct(self.body(p)).to_owned()),
                    paragraphs: desc.iter().map(|&d| self.body(d).to_owned()).collect(),
                }
            } else if marked {
                let mut paragraphs = vec![self.body(p).to_owned()];
                paragraphs.extend(desc.iter().map(|&d| self.body(d).to_owned()));
                Section {
                    title: Some(short_title(self.body(p))),
                    paragraphs,
                }
            } else {
                Section {
                    title: None,
                    paragraphs: vec![self.body(p).to_owned()],
                }
            };
            for d in &desc {
                self.used[*d] = true;
            }
            let i = self.plan.solutions.len();
            let value = section.paragraphs.join(" ");
            self.plan.solutions.push(section);
            self.found(format!("solutions[{i}]"), value, p, true, None);
            // A solution that commits to inspection also fills the inspection.
            let mut all = vec![p];
            all.extend(desc);
            for q in all {
                self.inspection_from(q, None, false);
            }
        }
    }

    /// Reads "Hằng năm, X … kiểm tra, giám sát …" into the inspection, unless one is known.
    fn inspection_from(&mut self, p: usize, office: Option<&str>, weak: bool) {
        if self.plan.inspection.is_some() {
            return;
        }
        let f = self.folded(p).to_owned();
        if !(has_words(&f, "kiem tra") && (has_words(&f, "giam sat") || has_words(&f, "theo doi"))) {
            return;
        }
        let body = self.body(p).to_owned();
        let by = subject(&body)
            .map(|(s, _)| capitalize(&s))
            .or_else(|| office.map(str::to_owned));
        let Some(by) = by else { return };
        let yearly = has_words(&f, "hang nam") || has_words(&f, "moi nam");
        self.plan.inspection = Some(Inspection {
            by: by.clone(),
            yearly,
            text: body,
        });
        self.found("inspection", by, p, !weak, None);
    }

    fn inspection_part(&mut self, n: usize) {
        let p0 = self.node_para(n);
        let desc = self.descendants(n);
        let text = desc
            .iter()
            .map(|&d| self.body(d).to_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let f = fold(&text);
        let by = desc
            .iter()
            .find_map(|&d| subject(self.body(d)).map(|(s, _)| capitalize(&s)))
            .unwrap_or_default();
        self.plan.inspection = Some(Inspection {
            by: by.clone(),
            yearly: has_words(&f, "hang nam"),
            text,
        });
        for d in desc {
            self.used[d] = true;
        }
        self.found("inspection", by, p0, true, None);
    }

    fn time(&mut self, n: usize) {
        let p0 = self.node_para(n);
        let mut all = vec![p0];
        all.extend(self.descendants(n));
        for &p in &all {
            let f = self.folded(p).to_owned();
            if f.starts_with("giai doan") {
                continue;
            }
            if !self.period_found
                && (has_words(&f, "tu nam") || has_words(&f, "tu"))
                && let Some((a, b)) = year_range(&f)
            {
                self.plan.period = Period {
                    start_year: a,
                    end_year: b,
                };
                self.period_found = true;
                self.found("period", format!("{a}–{b}"), p, true, None);
            }
        }
        // Phases: "Giai đoạn 1 (2025-2027): …".
        let node_of: HashMap<usize, usize> = self
            .subtree_nodes(n)
            .into_iter()
            .map(|k| (self.nodes[k].p, k))
            .collect();
        for &p in &all {
            let f = self.folded(p).to_owned();
            let Some(rest) = f.strip_prefix("giai doan ") else {
                continue;
            };
            let Some(number) = rest.split(' ').next().and_then(|t| t.parse::<u32>().ok()) else {
                continue;
            };
            let body = self.body(p).to_owned();
            let head_end = body
                .find(')')
                .map_or_else(|| body.find(':').unwrap_or(body.len()), |i| i + 1);
            let Some((start, end)) = year_range(&fold(&body[..head_end])) else {
                continue;
            };
            let mut description = body[head_end..]
                .trim()
                .trim_start_matches([':', '-', '–'])
                .trim()
                .to_owned();
            if let Some(&k) = node_of.get(&p) {
                for d in self.descendants(k) {
                    if !description.is_empty() {
                        description.push(' ');
                    }
                    description.push_str(self.body(d));
                    self.used[d] = true;
                }
            }
            let df = fold(&description);
            let (review, key) = if has_words(&df, "tong ket") {
                (Review::TongKet, "tong ket")
            } else if has_words(&df, "so ket") {
                (Review::SoKet, "so ket")
            } else {
                (Review::SoKet, "")
            };
            let mut sure = !key.is_empty();
            let review_year = if key.is_empty() {
                end
            } else {
                let at = find_word(&df, key, 0).unwrap_or(0);
                years_in(&df[at..]).first().copied().unwrap_or(end)
            };
            if !(start..=end).contains(&review_year) {
                sure = false;
            }
            let i = self.plan.phases.len();
            self.plan.phases.push(Phase {
                number,
                start_year: start,
                end_year: end,
                review,
                review_year,
                description: description.clone(),
            });
            let note = (!sure).then(|| "Không rõ sơ kết hay tổng kết, hoặc năm sơ kết nằm ngoài giai đoạn".to_owned());
            self.found(
                format!("phases[{i}]"),
                format!("Giai đoạn {number} ({start}–{end})"),
                p,
                sure,
                note,
            );
        }
        // Only the last phase closes with the final review.
        let last = self.plan.phases.len();
        for (i, ph) in self.plan.phases.iter_mut().enumerate() {
            if i + 1 == last && ph.review == Review::SoKet && !has_words(&fold(&ph.description), "so ket") {
                ph.review = Review::TongKet;
            }
        }
    }

    fn subtree_nodes(&self, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![n];
        while let Some(k) = stack.pop() {
            out.push(k);
            stack.extend(self.nodes[k].children.iter().copied());
        }
        out
    }

    fn add_group(&mut self, name: &str, p: usize) -> String {
        let name = trim_end_punct(name).to_owned();
        let key = fold(&name);
        if let Some(id) = self.group_names.get(&key) {
            return id.clone();
        }
        let mut id = group_id(&name);
        let base = id.clone();
        let mut k = 2;
        while self.group_ids.contains(&id) {
            id = format!("{base}_{k}");
            k += 1;
        }
        self.group_names.insert(key, id.clone());
        self.group_ids.insert(id.clone());
        let kind = group_kind(&name);
        let i = self.plan.criteria_groups.len();
        self.plan.criteria_groups.push(CriteriaGroup {
            id: id.clone(),
            kind,
            name: name.clone(),
        });
        self.found(format!("criteria_groups[{i}]"), name, p, true, None);
        id
    }

    fn add_criterion(&mut self, group: &str, text: &str, p: usize) {
        let mut text = text.trim().to_owned();
        let mut applies_when = None;
        // "(Tiêu chí này áp dụng khi …)." at the end is a condition, not the criterion.
        if let Some(open) = text.rfind('(') {
            let inner = text[open + 1..].trim_end_matches(['.', ' ']).trim_end_matches(')');
            if has_words(&fold(inner), "ap dung") {
                applies_when = Some(inner.trim().trim_end_matches('.').to_owned());
                text = text[..open].trim_end().to_owned();
            }
        }
        let period = self
            .period_found
            .then_some((self.plan.period.start_year, self.plan.period.end_year));
        let ranking = ranking_in(&text, period);
        let i = self.plan.criteria.len();
        self.plan.criteria.push(Criterion {
            group: group.to_owned(),
            text: text.clone(),
            ranking: ranking.clone(),
            applies_when,
        });
        self.found(format!("criteria[{i}]"), text, p, true, None);
        if let Some(r) = ranking {
            self.found(
                format!("criteria[{i}].ranking"),
                format!("{} top {} ({}–{})", r.indicator.label(), r.top, r.from_year, r.to_year),
                p,
                true,
                None,
            );
        }
    }

    fn is_group_heading(&self, k: usize) -> bool {
        let p = self.node_para(k);
        let f = self.folded(p);
        (f.starts_with("doi voi") || f.starts_with("doi tuong"))
            && self.heading_like(k)
            && self.inline_rest(p).is_none()
    }

    /// "Đối tượng khác: có nhiều đóng góp …" → ("Đối tượng khác", "có nhiều đóng góp …").
    fn inline_group(&self, p: usize) -> Option<(String, String)> {
        let f = self.folded(p);
        if !(f.starts_with("doi voi") || f.starts_with("doi tuong")) {
            return None;
        }
        let body = self.body(p);
        let c = body.find(':')?;
        if body[..c].chars().count() > 100 {
            return None;
        }
        Some((body[..c].trim().to_owned(), body[c + 1..].trim().to_owned()))
    }

    fn criteria(&mut self, n: usize) {
        let mut current: Option<String> = None;
        self.criteria_walk(n, &mut current);
    }

    fn criteria_walk(&mut self, n: usize, current: &mut Option<String>) {
        let kids = self.nodes[n].children.clone();
        for k in kids {
            let p = self.node_para(k);
            if self.is_group_heading(k) {
                let id = self.add_group(self.body(p).to_owned().as_str(), p);
                *current = Some(id);
                let mut inner = current.clone();
                self.criteria_items(k, &mut inner);
            } else if let Some((name, text)) = self.inline_group(p) {
                let id = self.add_group(&name, p);
                *current = Some(id.clone());
                if !text.is_empty() {
                    self.add_criterion(&id, &text, p);
                }
                let mut inner = current.clone();
                self.criteria_items(k, &mut inner);
            } else if self.heading_like(k) && !self.nodes[k].children.is_empty() {
                self.used[p] = true;
                self.criteria_walk(k, current);
            } else {
                let id = match current {
                    Some(id) => id.clone(),
                    None => {
                        let id = self.add_group("Tiêu chí chung", p);
                        *current = Some(id.clone());
                        id
                    }
                };
                let body = self.body(p).to_owned();
                self.add_criterion(&id, &body, p);
                let mut inner = current.clone();
                self.criteria_items(k, &mut inner);
            }
        }
    }

    /// Every paragraph under a group is one criterion; "Đối tượng khác: …" opens a group.
    fn criteria_items(&mut self, n: usize, current: &mut Option<String>) {
        let order: Vec<usize> = {
            let mut out = Vec::new();
            let mut stack: Vec<usize> = self.nodes[n].children.iter().rev().copied().collect();
            while let Some(c) = stack.pop() {
                out.push(c);
                stack.extend(self.nodes[c].children.iter().rev());
            }
            out
        };
        for k in order {
            let p = self.node_para(k);
            if let Some((name, text)) = self.inline_group(p) {
                let id = self.add_group(&name, p);
                *current = Some(id.clone());
                if !text.is_empty() {
                    self.add_criterion(&id, &text, p);
                }
                continue;
            }
            if self.is_group_heading(k) {
                let id = self.add_group(self.body(p).to_owned().as_str(), p);
                *current = Some(id);
                continue;
            }
            let id = current.clone().unwrap_or_else(|| "chung".to_owned());
            let body = self.body(p).to_owned();
            self.add_criterion(&id, &body, p);
        }
    }

    fn awards(&mut self, n: usize, ctx: Vec<Occasion>) {
        let p = self.node_para(n);
        let heading = self.body(p).to_owned();
        let hf = self.heading_folded(p);
        let occ = occasions_in(&hf);
        let kids = self.nodes[n].children.clone();
        let is_heading = self.heading_like(n);
        let standard = hf.starts_with("tieu chuan khen thuong") || hf.starts_with("tieu chuan");
        if is_heading && (!occ.is_empty() || standard) {
            let sub_occ = kids
                .iter()
                .any(|&k| self.heading_like(k) && !occasions_in(&self.heading_folded(self.node_para(k))).is_empty());
            if occ.is_empty() && sub_occ {
                self.used[p] = true;
                for k in kids {
                    self.awards(k, ctx.clone());
                }
                return;
            }
            let occasions = if occ.is_empty() {
                vec![Occasion::Annual, Occasion::SoKet, Occasion::TongKet]
            } else {
                occ.clone()
            };
            let mut paragraphs = Vec::new();
            let mut sources = Vec::new();
            if let Some(rest) = self.inline_rest(p) {
                paragraphs.push(rest);
                sources.push(p);
            }
            for &k in &kids {
                sources.push(self.node_para(k));
                let mut t = self.body(self.node_para(k)).to_owned();
                for d in self.descendants(k) {
                    t.push('\n');
                    t.push_str(&self.paras[d].text);
                }
                paragraphs.push(t);
            }
            let i = self.plan.commendation.len();
            self.commendation_paras.push(sources);
            self.plan.commendation.push(CommendationText {
                occasions: occasions.clone(),
                heading: trim_end_punct(&heading).to_owned(),
                paragraphs,
            });
            self.found(
                format!("commendation[{i}]"),
                trim_end_punct(&heading).to_owned(),
                p,
                true,
                None,
            );
            let ctx = if occ.is_empty() { ctx } else { occ };
            self.forms_under(n, &ctx);
            return;
        }
        if is_heading && !kids.is_empty() {
            self.used[p] = true;
            self.forms_at(p, &ctx, None);
            for k in kids {
                self.awards(k, ctx.clone());
            }
            return;
        }
        self.forms_under(n, &ctx);
    }

    fn forms_under(&mut self, n: usize, ctx: &[Occasion]) {
        let p0 = self.node_para(n);
        self.forms_at(p0, ctx, None);
        let parent_text = self.body(p0).to_owned();
        for k in self.subtree_nodes(n).into_iter().skip(1) {
            let p = self.node_para(k);
            self.forms_at(p, ctx, Some(&parent_text));
            self.used[p] = true;
        }
    }

    /// Records the forms a paragraph names, with its quota ("không quá 02 tập thể …").
    fn forms_at(&mut self, p: usize, ctx: &[Occasion], parent: Option<&str>) {
        let body = self.body(p).to_owned();
        let hits = forms_in(&body);
        if hits.is_empty() {
            return;
        }
        let f = Folded::new(&body);
        let quota = quota_in(&f.text);
        let source = source_in(&body).or_else(|| parent.and_then(source_in));
        let mut seen: Vec<AwardForm> = Vec::new();
        for h in hits {
            if seen.contains(&h.form) {
                continue;
            }
            seen.push(h.form);
            // The quota belongs to the form it names ("… đối với Bằng khen UBND tỉnh"), or to the
            // only form in the sentence.
            let q = quota.as_ref().and_then(|(q, end)| {
                let after = &f.text[*end..];
                let named = forms_in(after);
                let mine = match named.first() {
                    Some(x) => x.form == h.form,
                    None => true,
                };
                mine.then(|| q.clone())
            });
            let note = q.as_ref().map(|_| {
                let i = body.find('(').unwrap_or(0);
                capitalize(
                    body[i..]
                        .trim_start_matches('(')
                        .trim_end_matches(['.', ')', ';'])
                        .trim(),
                )
            });
            if let Some(d) = self
                .awards
                .iter_mut()
                .find(|d| d.form == h.form && d.occasions == ctx && (d.quota.is_none() || q.is_none()))
            {
                if d.quota.is_none() {
                    d.quota = q;
                    if note.is_some() {
                        d.note = note;
                    }
                }
                continue;
            }
            if self.awards.len() >= 64 {
                break;
            }
            self.awards.push(AwardDraft {
                form: h.form,
                name: trim_end_punct(&h.name).to_owned(),
                occasions: ctx.to_vec(),
                quota: q,
                source: source.clone(),
                note,
                issuer: h.issuer.clone(),
                p,
                bare: ctx.is_empty(),
            });
        }
        self.used[p] = true;
    }

    fn dossier(&mut self, n: usize) {
        let mut level: Option<AwardLevel> = None;
        let mut all = vec![self.node_para(n)];
        all.extend(self.descendants(n));
        for (idx, p) in all.into_iter().enumerate() {
            let f = self.folded(p).to_owned();
            let body = self.body(p).to_owned();
            if idx > 0 || self.inline_rest(p).is_some() {
                self.used[p] = true;
            }
            if f.starts_with("doi voi") || (f.starts_with("ho so") && level_of(&f).is_some()) {
                let head = body.find(':').map_or(body.as_str(), |c| &body[..c]);
                level = level_of(&fold(head)).or(level);
                let Some(lv) = level else { continue };
                let rest = body
                    .find(':')
                    .map(|c| body[c + 1..].trim().to_owned())
                    .unwrap_or_default();
                if rest.is_empty() {
                    self.dossier_entry(lv, p);
                    continue;
                }
                let rf = fold(&rest);
                let i = self.dossier_entry(lv, p);
                if has_words(&rf, "theo quy dinh") || has_words(&rf, "theo huong dan") {
                    let r = trim_end_punct(&rest).to_owned();
                    self.plan.dossiers[i].reference = Some(r.clone());
                    self.found(format!("dossiers[{i}].reference"), r, p, true, None);
                } else if let Some(c) = copies_in(&rf) {
                    self.plan.dossiers[i].copies = Some(c);
                    self.found(format!("dossiers[{i}].copies"), c.to_string(), p, true, None);
                }
                continue;
            }
            if let Some(doc) = dossier_document(&f) {
                let lv = level.unwrap_or(AwardLevel::Commune);
                let i = self.dossier_entry(lv, p);
                let j = self.plan.dossiers[i].items.len();
                self.plan.dossiers[i].items.push(DossierItem {
                    document: doc,
                    text: body.clone(),
                });
                self.found(format!("dossiers[{i}].items[{j}]"), body, p, level.is_some(), None);
            } else if let Some(c) = copies_in(&f) {
                let lv = level.unwrap_or(AwardLevel::Commune);
                let i = self.dossier_entry(lv, p);
                self.plan.dossiers[i].copies = Some(c);
                self.found(format!("dossiers[{i}].copies"), c.to_string(), p, level.is_some(), None);
            }
        }
    }

    fn dossier_entry(&mut self, level: AwardLevel, p: usize) -> usize {
        if let Some(i) = self.plan.dossiers.iter().position(|d| d.level == level) {
            return i;
        }
        self.plan.dossiers.push(Dossier {
            level,
            items: Vec::new(),
            copies: None,
            reference: None,
        });
        let i = self.plan.dossiers.len() - 1;
        self.found(format!("dossiers[{i}]"), level.label(), p, true, None);
        i
    }

    fn procedure(&mut self, n: usize) {
        let mut all = vec![self.node_para(n)];
        all.extend(self.descendants(n));
        let mut level: Option<AwardLevel> = None;
        for (idx, p) in all.into_iter().enumerate() {
            let f = self.folded(p).to_owned();
            let body = self.body(p).to_owned();
            let (head, rest) = match body.find(':') {
                Some(c) => (&body[..c], body[c + 1..].trim()),
                None => ("", body.as_str()),
            };
            if let Some(lv) = level_of(&fold(head)) {
                level = Some(lv);
            } else if idx == 0 {
                continue;
            }
            if rest.is_empty() {
                continue;
            }
            let lv = level.or_else(|| level_of(&f)).unwrap_or(AwardLevel::Commune);
            let i = match self.plan.procedures.iter().position(|x| x.level == lv) {
                Some(i) => i,
                None => {
                    self.plan.procedures.push(Procedure {
                        level: lv,
                        steps: Vec::new(),
                        reference: None,
                    });
                    self.plan.procedures.len() - 1
                }
            };
            let rf = fold(rest);
            let steps = parse_steps(rest);
            if (has_words(&rf, "theo quy dinh tai") || has_words(&rf, "theo huong dan")) && steps.len() <= 1 {
                let r = trim_end_punct(rest).to_owned();
                self.plan.procedures[i].reference = Some(r.clone());
                self.found(format!("procedures[{i}].reference"), r, p, true, None);
            } else {
                for s in steps {
                    let j = self.plan.procedures[i].steps.len();
                    let v = format!("{}: {}", s.actor, s.action);
                    self.plan.procedures[i].steps.push(s);
                    self.found(format!("procedures[{i}].steps[{j}]"), v, p, false, None);
                }
            }
            self.used[p] = true;
        }
    }

    fn funding(&mut self, n: usize) {
        let p0 = self.node_para(n);
        let mut parts = Vec::new();
        if let Some(r) = self.inline_rest(p0) {
            parts.push((p0, r));
        }
        for d in self.descendants(n) {
            parts.push((d, self.body(d).to_owned()));
        }
        if parts.is_empty() {
            return;
        }
        let text = parts.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" ");
        for (d, _) in &parts {
            self.used[*d] = true;
        }
        self.plan.funding = Some(text.clone());
        self.found("funding", text, parts[0].0, true, None);
    }

    fn duties(&mut self, n: usize) {
        let kids = self.nodes[n].children.clone();
        for k in kids {
            let p = self.node_para(k);
            let body = self.body(p).to_owned();
            let requested = self.folded(p).starts_with("de nghi ");
            let core = if requested {
                body.splitn(3, ' ').nth(2).unwrap_or("").trim().to_owned()
            } else {
                body.clone()
            };
            let desc = self.descendants(k);
            let marked = self.paras[p].mark.is_some();
            let heading = marked && self.heading_like(k) && (!desc.is_empty() || !body.trim_end().ends_with('.'));
            let mut tasks: Vec<String> = Vec::new();
            let mut standing = false;
            let mut sure = true;
            let office;
            if heading {
                let (head, rest) = match core.find(':') {
                    Some(c) => (core[..c].to_owned(), core[c + 1..].trim().to_owned()),
                    None => (core.clone(), String::new()),
                };
                let (o, st) = strip_standing(&head);
                office = o;
                standing = st;
                if rest.chars().count() > 15 {
                    tasks.push(rest);
                }
            } else {
                match subject(&core) {
                    Some((s, end)) => {
                        let (o, st) = strip_standing(&s);
                        office = o;
                        standing = st;
                        let after = core[end..].trim_start();
                        if let Some(r) = after.strip_prefix(':') {
                            tasks.push(r.trim().to_owned());
                        } else {
                            tasks.push(body.clone());
                        }
                    }
                    None => {
                        if !marked {
                            continue;
                        }
                        office = short_title(&core);
                        sure = false;
                        tasks.push(body.clone());
                    }
                }
            }
            for d in &desc {
                tasks.push(self.body(*d).to_owned());
                self.used[*d] = true;
            }
            let office = capitalize(trim_end_punct(&office));
            let i = self.plan.duties.len();
            self.duty_of.insert(p, i);
            for d in &desc {
                self.duty_of.insert(*d, i);
            }
            let code = self.paras[p]
                .mark
                .as_ref()
                .map(|m| m.label.clone())
                .filter(|l| l.chars().all(char::is_alphanumeric) && !l.is_empty());
            self.plan.duties.push(Duty {
                code,
                office: office.clone(),
                standing_body: standing,
                requested,
                tasks,
            });
            let note = (!sure).then(|| "Không rõ cơ quan nào được giao nhiệm vụ này".to_owned());
            self.found(format!("duties[{i}]"), office, p, sure, note);
            // A duty that commits to checking the movement is the inspection if nothing else is.
            let office_name = self.plan.duties[i].office.clone();
            let mut all = vec![p];
            all.extend(desc);
            for q in all {
                self.inspection_from(q, Some(&office_name), true);
            }
        }
    }
}

/// "Phòng Văn hóa – Xã hội (Cơ quan thường trực Phong trào)" → ("Phòng Văn hóa – Xã hội", true).
fn strip_standing(s: &str) -> (String, bool) {
    let s = s.trim();
    if let Some(open) = s.find('(') {
        let inner = &s[open..];
        if has_words(&fold(inner), "thuong truc") {
            return (s[..open].trim().to_owned(), true);
        }
    }
    (s.to_owned(), false)
}

/// "01 bộ" → 1.
fn copies_in(folded: &str) -> Option<u32> {
    let toks: Vec<&str> = folded.split(' ').collect();
    toks.windows(2).find_map(|w| {
        (w[1] == "bo" && w[0].len() <= 2)
            .then(|| w[0].parse::<u32>().ok())
            .flatten()
            .filter(|&n| n > 0 && n < 20)
    })
}

/// "theo kế hoạch 49/KH-UBND ngày 14/8/2025 của UBND tỉnh An Giang" → the document cited.
fn source_in(text: &str) -> Option<String> {
    let f = Folded::new(text);
    for key in ["theo ke hoach", "theo quyet dinh", "theo huong dan", "theo cong van"] {
        if let Some(i) = find_word(&f.text, key, 0) {
            let (a, _) = f.span(text, i + 4, i + 5);
            let rest = &text[a..];
            let end = rest.find(['(', ';']).unwrap_or(rest.len());
            let s = trim_end_punct(&rest[..end]);
            if !s.is_empty() && s.chars().count() < 200 {
                return Some(capitalize(s));
            }
        }
    }
    None
}

/// Who does what in a nomination procedure: "các cơ quan, đơn vị gửi hồ sơ … về Phòng Văn hóa –
/// Xã hội: (Công chức phụ trách … tổng hợp …; Công chức … thẩm định …, tham mưu Tờ trình trình
/// Chủ tịch UBND xã khen thưởng …)".
fn parse_steps(text: &str) -> Vec<ProcedureStep> {
    let t = text.replace(": (", "; ").replace(":(", "; ").replace(['(', ')'], "");
    let mut steps: Vec<ProcedureStep> = Vec::new();
    for clause in t.split("; ") {
        let clause = trim_end_punct(clause);
        if clause.is_empty() {
            continue;
        }
        match subject(clause) {
            Some((actor, end)) => {
                let action = clause[end..].trim().trim_start_matches([',', ':']).trim();
                // "… tham mưu Tờ trình trình Chủ tịch UBND xã khen thưởng …": a hand-off.
                let mut pushed = false;
                // Overlapping search: "Tờ trình trình Chủ tịch" has two.
                let at: Vec<usize> = (0..action.len())
                    .filter(|&i| action.is_char_boundary(i) && action[i..].starts_with(" trình "))
                    .collect();
                for i in at {
                    let after = &action[i + " trình ".len()..];
                    let Some((next_actor, e)) = subject(after) else {
                        continue;
                    };
                    if ["Chủ tịch", "UBND", "Ủy ban", "Hội đồng"]
                        .iter()
                        .any(|h| next_actor.starts_with(h))
                    {
                        steps.push(ProcedureStep {
                            actor: capitalize(&actor),
                            action: format!("{} trình {}", &action[..i], next_actor),
                        });
                        steps.push(ProcedureStep {
                            actor: next_actor.clone(),
                            action: after[e..].trim().to_owned(),
                        });
                        pushed = true;
                        break;
                    }
                }
                if !pushed {
                    steps.push(ProcedureStep {
                        actor: capitalize(&actor),
                        action: action.to_owned(),
                    });
                }
            }
            None => {
                if let Some(last) = steps.last_mut() {
                    last.action.push_str("; ");
                    last.action.push_str(clause);
                }
            }
        }
    }
    steps
}
