//! Reading the document's structure: header, title, legal bases and preamble, the numbered
//! parts (classified by what their headings say, not by their position), the closing, Nơi nhận
//! and the signature.

use std::collections::HashMap;

use super::authority::lookup_commune;
use super::phrases::{
    abbreviation, capitalize, due_dates, first_quoted, forms_in, occasions_in, quota_in, ranking_in, recipient,
    subject, year_range, years_in,
};
use super::text::{
    Folded, Mark, MarkKind, find_word, has_words, is_all_caps, is_place_date, parse_list_mark, split_mark, squash,
};
use super::{Block, Extraction, Found, NotAPlan, Unread};
use crate::awards::{AwardForm, AwardLevel, Occasion};
use crate::directory::CommuneKind;
use crate::plan::*;
use crate::text::{fold, nfc};

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
}

fn empty_plan() -> Plan {
    Plan {
        format: 1,
        revision: 1,
        revision_note: None,
        authority: Authority {
            code: String::new(),
            name: String::new(),
            short_name: "UBND".to_owned(),
        },
        document: Document {
            number: None,
            symbol: String::new(),
            place: String::new(),
            date: None,
            year: None,
            title: String::new(),
        },
        period: Period {
            start_year: 0,
            end_year: 0,
        },
        movement: String::new(),
        legal_bases: Vec::new(),
        preamble: String::new(),
        purposes: Vec::new(),
        requirements: Vec::new(),
        goals: Vec::new(),
        participants: Participants {
            collectives: String::new(),
            individuals: String::new(),
        },
        content_intro: None,
        content_areas: Vec::new(),
        solutions: Vec::new(),
        phases: Vec::new(),
        criteria_groups: Vec::new(),
        criteria: Vec::new(),
        commendation: Vec::new(),
        awards: Vec::new(),
        dossiers: Vec::new(),
        procedures: Vec::new(),
        funding: None,
        inspection: None,
        deadlines: Vec::new(),
        duties: Vec::new(),
        closing: Vec::new(),
        recipients: Vec::new(),
        signature: Signature {
            authority: None,
            on_behalf: None,
            position: String::new(),
            name: String::new(),
        },
    }
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
            plan: empty_plan(),
            awards: Vec::new(),
            duty_of: HashMap::new(),
            period_found: false,
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
        let mut source = para.text.clone();
        if source.len() > SOURCE_MAX {
            let mut cut = SOURCE_MAX;
            while !source.is_char_boundary(cut) {
                cut -= 1;
            }
            source.truncate(cut);
            source.push('…');
        }
        let mut value: String = value.into();
        if value.len() > SOURCE_MAX {
            let mut cut = SOURCE_MAX;
            while !value.is_char_boundary(cut) {
                cut -= 1;
            }
            value.truncate(cut);
            value.push('…');
        }
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
        let mut id = group_id(&name);
        if let Some(g) = self.plan.criteria_groups.iter().find(|g| fold(&g.name) == fold(&name)) {
            return g.id.clone();
        }
        let base = id.clone();
        let mut k = 2;
        while self.plan.criteria_groups.iter().any(|g| g.id == id) {
            id = format!("{base}_{k}");
            k += 1;
        }
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
            if let Some(rest) = self.inline_rest(p) {
                paragraphs.push(rest);
            }
            for &k in &kids {
                let mut t = self.body(self.node_para(k)).to_owned();
                for d in self.descendants(k) {
                    t.push('\n');
                    t.push_str(&self.paras[d].text);
                }
                paragraphs.push(t);
            }
            let i = self.plan.commendation.len();
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
            self.awards.push(AwardDraft {
                form: h.form,
                name: trim_end_punct(&h.name).to_owned(),
                occasions: ctx.to_vec(),
                quota: q,
                source: source.clone(),
                note,
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
            self.plan.duties.push(Duty {
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

/// Extracts "(xã|phường|đặc khu) Name" from a sentence: the kind and the name as written.
fn commune_mention(text: &str) -> Option<(CommuneKind, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let lw = w.to_lowercase();
        let (kind, skip) = match lw.as_str() {
            "xã" => (CommuneKind::Xa, 1),
            "phường" => (CommuneKind::Phuong, 1),
            "đặc" if words.get(i + 1).is_some_and(|n| n.to_lowercase() == "khu") => (CommuneKind::DacKhu, 2),
            _ => continue,
        };
        let mut name: Vec<&str> = Vec::new();
        for n in words.iter().skip(i + skip).take(4) {
            let clean = n.trim_end_matches([',', '.', ';', ':', ')', '”', '"']);
            if !clean.chars().next().is_some_and(char::is_uppercase) || clean.is_empty() {
                break;
            }
            name.push(clean);
            if clean.len() != n.len() {
                break;
            }
        }
        // "XÃ HỒNG VÂN" (capitals) stops at the end of the line; "xã Hồng Vân ban hành" at "ban".
        if !name.is_empty() {
            return Some((kind, name.join(" ")));
        }
    }
    None
}

fn is_legal_basis(f: &str, text: &str) -> bool {
    (text.starts_with("Căn cứ") || text.starts_with("Thực hiện"))
        && (f.starts_with("can cu") || f.starts_with("thuc hien"))
}

/// Splits "Căn cứ A ngày …; B số … ngày …" into one entry per document.
fn split_bases(text: &str) -> Vec<String> {
    let doc_types = [
        "Nghị quyết số",
        "Quyết định số",
        "Kế hoạch số",
        "Chương trình số",
        "Công văn số",
        "văn bản số",
        "Văn bản số",
        "Hướng dẫn số",
        "Chỉ thị số",
        "Nghị định số",
        "Thông tư số",
        "Luật ",
        "Kết luận số",
        "Thông báo số",
    ];
    let mut cuts = vec![0];
    let seps = text.match_indices("; ").chain(text.match_indices(", ")).map(|(i, _)| i);
    let mut seps: Vec<usize> = seps.collect();
    seps.sort_unstable();
    for i in seps {
        let after = text[i + 1..].trim_start();
        if !doc_types.iter().any(|d| after.starts_with(d)) {
            continue;
        }
        // Only a cited document with its date opens a new entry, not "Nghị quyết số 57, …".
        let window: String = after.chars().take(60).collect();
        let wf = fold(&window);
        let toks: Vec<&str> = wf.split(' ').collect();
        let has_date = toks.iter().take(9).any(|t| *t == "ngay");
        if has_date {
            cuts.push(i);
        }
    }
    cuts.push(text.len());
    cuts.windows(2)
        .map(|w| {
            let s = &text[w[0]..w[1]];
            trim_end_punct(s.trim_start_matches([';', ',']).trim()).to_owned()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads the plan; see [`super`].
pub fn read_plan(blocks: &[Block]) -> Result<Extraction, NotAPlan> {
    let mut r = Reader::new(blocks);
    let n = r.paras.len();
    if n < 8 {
        return Err(NotAPlan(format!(
            "Văn bản chỉ có {n} đoạn, quá ít để là một kế hoạch (cần có tiêu đề «KẾ HOẠCH», các phần I, II, … và phần «Nơi nhận»)."
        )));
    }
    let head_zone = n.min(80);
    let title_idx = (0..head_zone).find(|&i| {
        let t = &r.paras[i].text;
        t.starts_with("KẾ HOẠCH") && (t.len() == "KẾ HOẠCH".len() || t["KẾ HOẠCH".len()..].starts_with(' '))
    });
    let romans = r
        .paras
        .iter()
        .filter(|p| p.mark.as_ref().is_some_and(|m| m.kind == MarkKind::Roman))
        .count();
    if title_idx.is_none() && romans < 2 {
        return Err(NotAPlan(
            "Không thấy tiêu đề «KẾ HOẠCH» cũng không thấy các phần đánh số La Mã (I, II, III …): văn bản này không giống một kế hoạch."
                .to_owned(),
        ));
    }
    let start = title_idx.map_or(0, |t| t + 1);
    let first_part = (start..n)
        .find(|&i| r.paras[i].mark.as_ref().is_some_and(|m| m.kind == MarkKind::Roman))
        .or_else(|| (start..n).find(|&i| r.paras[i].mark.as_ref().is_some_and(|m| m.kind == MarkKind::Num(1))))
        .unwrap_or(start);
    let noi_nhan = (first_part..n)
        .rev()
        .find(|&i| r.paras[i].folded.starts_with("noi nhan"))
        .unwrap_or(n);
    // Signature lines with no "Nơi nhận:" before them.
    let tail_start = if noi_nhan < n {
        noi_nhan
    } else {
        let mut t = n;
        while t > first_part + 1 && t + 6 > n {
            let p = &r.paras[t - 1];
            let sig = is_all_caps(&p.text)
                || p.text.starts_with("TM.")
                || p.text.starts_with("KT.")
                || looks_like_name(&p.text);
            if !sig || p.mark.is_some() {
                break;
            }
            t -= 1;
        }
        t
    };

    // The closing: unmarked paragraphs at the end of the body from the first that sounds like one.
    let mut run_start = tail_start;
    while run_start > first_part + 1 && r.paras[run_start - 1].mark.is_none() {
        run_start -= 1;
    }
    let closing_start = (run_start..tail_start)
        .find(|&i| {
            let p = &r.paras[i];
            p.folded.starts_with("tren day la")
                || (has_words(&p.folded, "trong qua trinh")
                    && (has_words(&p.folded, "kho khan") || has_words(&p.folded, "vuong mac")))
                || p.text.ends_with("/.")
        })
        .unwrap_or(tail_start);

    r.read_header(title_idx);
    r.read_front(start, first_part, title_idx.is_some());
    let roots = r.build_tree(first_part..closing_start);
    for root in roots {
        r.process(root);
    }
    for i in closing_start..tail_start {
        let t = r.paras[i].text.clone();
        let k = r.plan.closing.len();
        r.plan.closing.push(t.clone());
        r.found(format!("closing[{k}]"), t, i, true, None);
    }
    r.read_tail(tail_start, noi_nhan < n);
    r.finish(first_part, tail_start);

    let not_understood = (0..r.paras.len())
        .filter(|&i| !r.used[i])
        .map(|i| Unread {
            block: r.paras[i].block,
            text: r.paras[i].text.clone(),
        })
        .collect();
    let _ = r.blocks;
    Ok(Extraction {
        plan: r.plan,
        fields: r.fields,
        not_understood,
    })
}

fn looks_like_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic))
        && !is_all_caps(t)
}

impl Reader<'_> {
    fn read_header(&mut self, title_idx: Option<usize>) {
        let Some(t) = title_idx else { return };
        self.used[t] = true;
        for i in 0..t {
            let text = self.paras[i].text.clone();
            if let Some(rest) = text.strip_prefix("Số:").or_else(|| text.strip_prefix("Số")) {
                if let Some(slash) = rest.find('/') {
                    let num = rest[..slash].trim();
                    let symbol = rest[slash + 1..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_end_matches(['.', ',']);
                    if !symbol.is_empty() {
                        self.plan.document.symbol = symbol.to_owned();
                        self.found("document.symbol", symbol, i, true, None);
                        if let Ok(v) = num.parse::<u32>() {
                            self.plan.document.number = Some(v);
                            self.found("document.number", v.to_string(), i, true, None);
                        }
                    }
                }
            } else if is_place_date(&text) {
                let place = text[..text.find(',').unwrap_or(0)].trim().to_owned();
                let f = fold(&text[text.find(',').unwrap_or(0)..]);
                let toks: Vec<&str> = f.split(' ').collect();
                let after = |key: &str| -> Option<u32> {
                    let k = toks.iter().position(|t| *t == key)?;
                    toks.get(k + 1)?.parse().ok()
                };
                let (d, m, y) = (after("ngay"), after("thang"), after("nam"));
                if !place.is_empty() {
                    self.plan.document.place = place.clone();
                    self.found("document.place", place, i, true, None);
                }
                match (d, m, y) {
                    (Some(d), Some(m), Some(y))
                        if (1..=12).contains(&m) && d >= 1 && d <= super::phrases::days_in_month(m, Some(y as i32)) =>
                    {
                        let date = format!("{y:04}-{m:02}-{d:02}");
                        self.plan.document.date = Some(date.clone());
                        self.found("document.date", date, i, true, None);
                    }
                    (_, _, Some(y)) if (1990..=2100).contains(&y) => {
                        self.plan.document.year = Some(y as i32);
                        self.found("document.year", y.to_string(), i, true, None);
                    }
                    _ => {}
                }
            } else if commune_mention(&text).is_some() {
                self.used[i] = true;
            } else if is_all_caps(&text) || text.starts_with("Độc lập") {
                // Quốc hiệu, tiêu ngữ, the authority's parent: part of the header.
                self.used[i] = true;
            }
        }
    }

    fn read_front(&mut self, start: usize, end: usize, has_title: bool) {
        // The title: the lines under "KẾ HOẠCH" up to the first "Căn cứ", preamble or part.
        let mut i = start;
        let mut title = Vec::new();
        if has_title {
            while i < end && title.len() < 5 {
                let p = &self.paras[i];
                if is_legal_basis(&p.folded, &p.text) || has_words(&p.folded, "ban hanh ke hoach") || p.mark.is_some() {
                    break;
                }
                title.push(i);
                i += 1;
            }
        }
        if !title.is_empty() {
            let t = title
                .iter()
                .map(|&k| self.paras[k].text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let t = squash(&t);
            self.plan.document.title = t.clone();
            for &k in &title[1..] {
                self.used[k] = true;
            }
            self.found("document.title", t, title[0], true, None);
        }
        let mut preamble: Option<(usize, String)> = None;
        for k in i..end {
            let text = self.paras[k].text.clone();
            let f = self.paras[k].folded.clone();
            if is_legal_basis(&f, &text) {
                let kind = if f.starts_with("can cu") {
                    LegalBasisKind::CanCu
                } else {
                    LegalBasisKind::ThucHien
                };
                let body = text
                    .strip_prefix("Căn cứ")
                    .or_else(|| text.strip_prefix("Thực hiện"))
                    .unwrap_or(&text)
                    .trim_start();
                let (basis, pre) = split_preamble(body);
                for b in split_bases(&basis) {
                    let abbr = abbreviation(&b);
                    let j = self.plan.legal_bases.len();
                    self.plan.legal_bases.push(LegalBasis {
                        kind,
                        text: b.clone(),
                        abbreviation: abbr,
                    });
                    self.found(format!("legal_bases[{j}]"), b, k, true, None);
                }
                if let Some(pre) = pre {
                    preamble = Some((k, pre));
                }
            } else if has_words(&f, "ban hanh")
                || text.trim_end().ends_with("như sau:")
                || text.trim_end().ends_with(':')
            {
                preamble = Some((k, text));
            }
        }
        if let Some((k, pre)) = preamble {
            self.plan.preamble = pre.clone();
            self.found("preamble", pre, k, true, None);
        }
    }

    fn read_tail(&mut self, tail: usize, has_noi_nhan: bool) {
        let n = self.paras.len();
        let mut i = tail;
        if has_noi_nhan && i < n {
            self.used[i] = true;
            // "Nơi nhận: - Như trên;" on one line.
            let first = self.paras[i].text.clone();
            let inline = first
                .split_once(':')
                .map(|(_, r)| r.trim().to_owned())
                .unwrap_or_default();
            let mut lines: Vec<(usize, String)> = Vec::new();
            for part in inline.split(" - ") {
                let part = part.trim().trim_start_matches(['-', '+', '•']).trim();
                if !part.is_empty() {
                    lines.push((i, part.to_owned()));
                }
            }
            i += 1;
            while i < n {
                let p = &self.paras[i];
                let bullet = p.mark.as_ref().is_some_and(|m| {
                    matches!(
                        m.kind,
                        MarkKind::Dash | MarkKind::Plus | MarkKind::Bullet | MarkKind::Star
                    )
                });
                if !bullet {
                    break;
                }
                lines.push((i, p.body.clone()));
                i += 1;
            }
            for (p, l) in lines {
                let keep_dot = fold(&l).starts_with("luu");
                let l = if keep_dot {
                    l.trim().trim_end_matches([';', ',']).to_owned()
                } else {
                    trim_end_punct(&l).to_owned()
                };
                let k = self.plan.recipients.len();
                self.plan.recipients.push(l.clone());
                self.found(format!("recipients[{k}]"), l, p, true, None);
            }
        }
        // The signature: TM. … / KT. … / position / name.
        let mut position_seen = false;
        for k in i..n {
            let text = self.paras[k].text.trim().to_owned();
            let upper = text.to_uppercase();
            if text.starts_with('(') {
                self.used[k] = true;
                continue;
            }
            if upper.starts_with("TM.") || upper.starts_with("TM ") {
                self.plan.signature.authority = Some(text.clone());
                self.found("signature.authority", text, k, true, None);
            } else if ["KT.", "TL.", "TUQ.", "Q. ", "Q."].iter().any(|p| upper.starts_with(p)) {
                self.plan.signature.on_behalf = Some(text.clone());
                self.found("signature.on_behalf", text, k, true, None);
            } else if is_all_caps(&text) && !position_seen {
                self.plan.signature.position = text.clone();
                position_seen = true;
                self.found("signature.position", text, k, true, None);
            } else if looks_like_name(&text) || (position_seen && text.split_whitespace().count() <= 6) {
                self.plan.signature.name = text.clone();
                self.found("signature.name", text, k, true, None);
            }
        }
    }

    /// What needs the whole document: authority, movement, period, year, awards, deadlines.
    fn finish(&mut self, first_part: usize, tail: usize) {
        let context: String = {
            let mut s = String::new();
            for p in self.paras.iter().take(first_part.max(1)) {
                s.push_str(&p.folded);
                s.push(' ');
            }
            s
        };
        self.authority(first_part, &context);
        // The movement: the quoted name in the title, else in the preamble.
        let movement = first_quoted(&self.plan.document.title).or_else(|| first_quoted(&self.plan.preamble));
        if let Some(m) = movement {
            self.plan.movement = m.clone();
            let p = self.title_para().unwrap_or(0);
            self.found("movement", m, p, true, None);
        }
        // Period: the time section, else the title's "giai đoạn 2025-2030", else the phases.
        if !self.period_found {
            let from_title = year_range(&fold(&self.plan.document.title));
            let from_phases = match (self.plan.phases.first(), self.plan.phases.last()) {
                (Some(a), Some(b)) => Some((a.start_year, b.end_year)),
                _ => None,
            };
            if let Some((a, b)) = from_title.or(from_phases) {
                self.plan.period = Period {
                    start_year: a,
                    end_year: b,
                };
                self.period_found = true;
                let p = self.title_para().unwrap_or(0);
                self.found(
                    "period",
                    format!("{a}–{b}"),
                    p,
                    false,
                    Some("Thời gian thực hiện suy ra từ tên kế hoạch hoặc các giai đoạn".to_owned()),
                );
            }
        }
        self.document_defaults(first_part);
        self.finish_awards();
        self.standing_body();
        self.deadlines(first_part, tail);
        self.participants_fallback();
    }

    fn title_para(&self) -> Option<usize> {
        (0..self.paras.len().min(80)).find(|&i| self.paras[i].text.starts_with("KẾ HOẠCH"))
    }

    fn authority(&mut self, first_part: usize, context: &str) {
        let title_idx = self.title_para();
        let mut cands: Vec<(usize, CommuneKind, String)> = Vec::new();
        for i in 0..first_part.min(self.paras.len()) {
            let text = &self.paras[i].text;
            let header = title_idx.is_some_and(|t| i < t);
            let preamble =
                has_words(&self.paras[i].folded, "ban hanh ke hoach") && !is_legal_basis(&self.paras[i].folded, text);
            let title = title_idx.is_some_and(|t| i > t) && !is_legal_basis(&self.paras[i].folded, text) && !preamble;
            if (header || preamble || title)
                && let Some((k, name)) = commune_mention(if preamble { preamble_subject(text) } else { text })
            {
                let rank = if header {
                    0
                } else if preamble {
                    1
                } else {
                    2
                };
                cands.push((rank * 100_000 + i, k, name));
            }
        }
        cands.sort_by_key(|c| c.0);
        let Some((key, kind, written)) = cands.first().cloned() else {
            return;
        };
        let p = key % 100_000;
        let look = lookup_commune(&written, Some(kind), context);
        let written_name = if is_all_caps(&written) {
            look.commune
                .map_or_else(|| written.clone(), |c| c.short_name().to_owned())
        } else {
            written.clone()
        };
        let name = format!("Ủy ban nhân dân {} {}", kind.label(), written_name);
        self.plan.authority.name = name.clone();
        if let Some(c) = look.commune {
            self.plan.authority.code = c.code.clone();
        }
        self.found(
            "authority.code",
            self.plan.authority.code.clone(),
            p,
            look.sure,
            look.note.clone(),
        );
        self.found("authority.name", name, p, look.sure, look.note);
    }

    fn document_defaults(&mut self, first_part: usize) {
        let p = self.title_para().unwrap_or(0);
        if self.plan.document.symbol.is_empty() {
            self.plan.document.symbol = "KH-UBND".to_owned();
            self.found(
                "document.symbol",
                "KH-UBND",
                p,
                false,
                Some("Văn bản không có dòng «Số: …/KH-UBND»; ghi ký hiệu thường dùng cho kế hoạch của UBND".to_owned()),
            );
        }
        if self.plan.document.place.is_empty() {
            let place = self
                .plan
                .authority
                .name
                .split_once(" xã ")
                .or_else(|| self.plan.authority.name.split_once(" phường "))
                .or_else(|| self.plan.authority.name.split_once(" đặc khu "))
                .map(|(_, n)| n.to_owned());
            if let Some(place) = place {
                self.plan.document.place = place.clone();
                self.found(
                    "document.place",
                    place,
                    p,
                    false,
                    Some("Văn bản không có dòng địa danh, ngày tháng; lấy tên xã ban hành".to_owned()),
                );
            }
        }
        if self.plan.document.date.is_none() && self.plan.document.year.is_none() {
            // Not before the newest document it cites; the movement's first year if just after.
            let mut latest = None;
            for q in 0..first_part.min(self.paras.len()) {
                for y in dated_years(&self.paras[q].folded) {
                    latest = latest.max(Some(y));
                }
            }
            let start = self.period_found.then_some(self.plan.period.start_year);
            let year = match (latest, start) {
                (Some(l), Some(s)) if s > l && s - l <= 1 => Some(s),
                (Some(l), _) => Some(l),
                (None, s) => s,
            };
            if let Some(y) = year {
                self.plan.document.year = Some(y);
                self.found(
                    "document.year",
                    y.to_string(),
                    p,
                    false,
                    Some(format!(
                        "Văn bản không ghi ngày ban hành; năm {y} suy ra từ các văn bản được căn cứ và thời gian thực hiện"
                    )),
                );
            }
        }
    }

    fn finish_awards(&mut self) {
        let named: Vec<Occasion> = {
            let mut v: Vec<Occasion> = self
                .plan
                .commendation
                .iter()
                .flat_map(|c| c.occasions.clone())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        // No form named at all: "đề nghị Chủ tịch Ủy ban nhân dân phường khen thưởng".
        if self.awards.is_empty() {
            let mut occasions: Vec<Occasion> = Vec::new();
            let mut first: Option<(usize, String)> = None;
            for c in &self.plan.commendation {
                for para in &c.paragraphs {
                    if let Some(name) = chairman_award(para) {
                        occasions.extend(c.occasions.iter().copied());
                        if first.is_none() {
                            let p = self
                                .paras
                                .iter()
                                .position(|x| x.text.contains(para.as_str()) || para.contains(&x.body))
                                .unwrap_or(0);
                            first = Some((p, name));
                        }
                    }
                }
            }
            occasions.sort();
            occasions.dedup();
            if let Some((p, name)) = first {
                self.awards.push(AwardDraft {
                    form: AwardForm::GiayKhenChuTichXa,
                    name,
                    occasions,
                    quota: None,
                    source: None,
                    note: None,
                    p,
                    bare: false,
                });
            }
        }
        // "thành tích đột xuất": the commune's own form is also given at any time.
        let dot_xuat = self
            .paras
            .iter()
            .any(|p| has_words(&p.folded, "dot xuat") && has_words(&p.folded, "khen thuong"));
        let drafts = std::mem::take(&mut self.awards);
        let mut dot_xuat_done = false;
        for mut d in drafts {
            let mut sure = true;
            let mut note_unsure = None;
            if d.bare {
                // A bare list of forms: the commune's own form on every occasion the plan names,
                // higher forms at the reviews, where the commune proposes them.
                d.occasions = if d.form.level() == AwardLevel::Commune {
                    named.clone()
                } else {
                    named
                        .iter()
                        .copied()
                        .filter(|o| matches!(o, Occasion::SoKet | Occasion::TongKet))
                        .collect()
                };
                if d.occasions.is_empty() {
                    d.occasions = vec![Occasion::TongKet];
                }
                sure = false;
                note_unsure =
                    Some("Kế hoạch liệt kê hình thức khen thưởng mà không gắn với đợt nào; đợt được suy ra".to_owned());
            }
            if dot_xuat
                && !dot_xuat_done
                && d.form == AwardForm::GiayKhenChuTichXa
                && !d.occasions.contains(&Occasion::DotXuat)
            {
                d.occasions.push(Occasion::DotXuat);
                dot_xuat_done = true;
                sure = false;
                note_unsure = Some("Kế hoạch nói đến khen thưởng thành tích đột xuất; thêm dịp đột xuất".to_owned());
            }
            d.occasions.sort();
            d.occasions.dedup();
            let i = self.plan.awards.len();
            let value = format!(
                "{} ({})",
                d.name,
                d.occasions.iter().map(|o| o.label()).collect::<Vec<_>>().join(", ")
            );
            self.plan.awards.push(Award {
                form: d.form,
                level: Some(d.form.level()),
                name: d.name.clone(),
                occasions: d.occasions.clone(),
                quota: d.quota.clone(),
                source: d.source.clone(),
                note: d.note.clone(),
            });
            self.found(format!("awards[{i}]"), value, d.p, sure, note_unsure);
            if let Some(q) = &d.quota {
                let v = format!(
                    "tập thể: {}, cá nhân: {}",
                    q.collective.map_or("—".to_owned(), |n| n.to_string()),
                    q.individual.map_or("—".to_owned(), |n| n.to_string())
                );
                self.found(format!("awards[{i}].quota"), v, d.p, true, None);
            }
        }
    }

    fn standing_body(&mut self) {
        if self.plan.duties.iter().any(|d| d.standing_body) {
            return;
        }
        // "X (cơ quan thường trực …)" anywhere in the document.
        for i in 0..self.plan.duties.len() {
            let key = format!("{} co quan thuong truc", fold(&self.plan.duties[i].office));
            if self.paras.iter().any(|p| p.folded.contains(&key)) {
                self.plan.duties[i].standing_body = true;
                return;
            }
        }
        // Otherwise the office that leads ("chủ trì") the movement.
        let lead = self.plan.duties.iter().position(|d| {
            !d.requested
                && d.tasks.first().is_some_and(|t| {
                    let f = fold(t);
                    let office = fold(&d.office);
                    let f = f.strip_prefix(office.as_str()).unwrap_or(&f).trim_start();
                    f.starts_with("chu tri")
                })
        });
        if let Some(i) = lead {
            self.plan.duties[i].standing_body = true;
            if let Some(fd) = self.fields.iter_mut().find(|f| f.field == format!("duties[{i}]")) {
                fd.sure = false;
                fd.note = Some("Cơ quan chủ trì được coi là cơ quan thường trực phong trào".to_owned());
            }
        }
    }

    fn deadlines(&mut self, first_part: usize, tail: usize) {
        let standing = self
            .plan
            .duties
            .iter()
            .find(|d| d.standing_body)
            .map(|d| d.office.clone());
        for p in first_part..tail.min(self.paras.len()) {
            let body = self.paras[p].body.clone();
            for due in due_dates(&body) {
                let sentence = sentence_at(&body, due.at);
                let sf = fold(sentence);
                let to = recipient(sentence).or_else(|| standing.clone()).unwrap_or_default();
                let tf = fold(&to);
                let provincial = tf.starts_with("so ")
                    || has_words(&tf, "tinh")
                    || has_words(&tf, "thanh pho")
                    || has_words(&tf, "ban thi dua")
                    || has_words(&sf, "bao cao ubnd tinh")
                    || has_words(&sf, "bao cao uy ban nhan dan tinh");
                let (kind, kind_sure) = if has_words(&sf, "ho so") || has_words(&sf, "de nghi khen thuong") {
                    (DeadlineKind::Nomination, true)
                } else if has_words(&sf, "dang ky") {
                    (DeadlineKind::Registration, true)
                } else if (has_words(&sf, "xay dung") || has_words(&sf, "ban hanh")) && has_words(&sf, "ke hoach") {
                    (DeadlineKind::UnitPlan, true)
                } else if has_words(&sf, "bao cao") {
                    (
                        if provincial {
                            DeadlineKind::ReportToProvince
                        } else {
                            DeadlineKind::UnitReport
                        },
                        true,
                    )
                } else {
                    (DeadlineKind::UnitReport, false)
                };
                let from = subject(sentence)
                    .map(|(s, _)| capitalize(&s))
                    .or_else(|| self.duty_of.get(&p).map(|&i| self.plan.duties[i].office.clone()))
                    .unwrap_or_else(|| "Các cơ quan, đơn vị".to_owned());
                if self
                    .plan
                    .deadlines
                    .iter()
                    .any(|d| d.kind == kind && d.day == due.day && d.month == due.month && d.year == due.year)
                {
                    continue;
                }
                let i = self.plan.deadlines.len();
                let value = match due.year {
                    Some(y) => format!("{}: {}/{}/{}", kind.label(), due.day, due.month, y),
                    None => format!("{}: {}/{} hằng năm", kind.label(), due.day, due.month),
                };
                self.plan.deadlines.push(Deadline {
                    kind,
                    day: due.day,
                    month: due.month,
                    yearly: due.yearly,
                    year: due.year,
                    from,
                    to,
                    text: sentence.trim().to_owned(),
                });
                let note = due.note.clone().or_else(|| {
                    (!kind_sure).then(|| "Không rõ loại thời hạn; tạm coi là báo cáo của đơn vị".to_owned())
                });
                self.found(format!("deadlines[{i}]"), value, p, due.sure && kind_sure, note);
            }
        }
    }

    /// A plan without "Đối tượng": who the goals or the content say takes part.
    fn participants_fallback(&mut self) {
        if !self.plan.participants.collectives.is_empty() || !self.plan.participants.individuals.is_empty() {
            return;
        }
        let mut sources: Vec<String> = self.plan.goals.clone();
        if let Some(i) = &self.plan.content_intro {
            sources.push(i.clone());
        }
        for s in sources {
            if let Some((c, ind)) = participants_in(&s) {
                let p = self
                    .paras
                    .iter()
                    .position(|x| x.body == s || s.starts_with(&x.body))
                    .unwrap_or(0);
                let note = Some("Kế hoạch không có mục «Đối tượng thi đua»; lấy từ câu nêu ai thi đua".to_owned());
                self.plan.participants.collectives = c.clone();
                self.plan.participants.individuals = ind.clone();
                self.found("participants.collectives", c, p, false, note.clone());
                self.found("participants.individuals", ind, p, false, note);
                return;
            }
        }
    }
}

/// "… phát động, các cơ quan, đơn vị, doanh nghiệp, cán bộ, đảng viên và Nhân dân thi đua …" →
/// ("các cơ quan, đơn vị, doanh nghiệp", "cán bộ, đảng viên và Nhân dân").
fn participants_in(text: &str) -> Option<(String, String)> {
    let f = Folded::new(text);
    let at = find_word(&f.text, "thi dua phan dau", 0).or_else(|| find_word(&f.text, "trien khai phong trao", 0))?;
    let (end, _) = f.span(text, at, at + 1);
    let before = &text[..end];
    // Walk back over the list of participants, comma by comma.
    let collective_words = [
        "cơ quan",
        "đơn vị",
        "doanh nghiệp",
        "tổ chức",
        "thôn",
        "ấp",
        "phòng",
        "ban",
        "địa phương",
        "trường",
    ];
    let person_words = [
        "cán bộ",
        "đảng viên",
        "nhân dân",
        "công chức",
        "viên chức",
        "người lao động",
        "hội viên",
        "đoàn viên",
        "người dân",
    ];
    let items: Vec<&str> = before.split(", ").collect();
    let mut start = items.len();
    while start > 0 {
        let it = items[start - 1].trim().to_lowercase();
        let it = it.trim_start_matches("các ").trim_start_matches("và ");
        let ok = collective_words
            .iter()
            .chain(person_words.iter())
            .any(|w| it.starts_with(w) || it.contains(&format!(" và {w}")));
        if !ok {
            break;
        }
        start -= 1;
    }
    let list = &items[start..];
    if list.is_empty() {
        return None;
    }
    let split = list.iter().position(|it| {
        let l = it.trim().to_lowercase();
        person_words.iter().any(|w| l.trim_start_matches("các ").starts_with(w))
    })?;
    let coll = list[..split].join(", ").trim().to_owned();
    let ind = list[split..].join(", ").trim().to_owned();
    (!coll.is_empty() && !ind.is_empty()).then_some((coll, ind))
}

/// Years of dates ("ngày 18/7/2025", "ngày 14 tháng 8 năm 2025") and of "năm 2025", not of
/// ranges such as "giai đoạn 2025-2030".
fn dated_years(folded: &str) -> Vec<i32> {
    let toks: Vec<&str> = folded.split(' ').collect();
    let is_num = |t: &str| !t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit());
    let mut out = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        let Some(y) = years_in(t).first().copied() else {
            continue;
        };
        let dmy = k >= 2 && is_num(toks[k - 1]) && is_num(toks[k - 2]);
        let nam =
            k >= 1 && toks[k - 1] == "nam" && !(k >= 2 && toks[k - 2] == "den") && !(k >= 2 && toks[k - 2] == "tu");
        if dmy || nam {
            out.push(y);
        }
    }
    out
}

/// The subject before "ban hành Kế hoạch" in a preamble.
fn preamble_subject(text: &str) -> &str {
    match text.find("ban hành") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// "Thực hiện Quyết định số 172 …”. UBND xã Vĩnh Linh ban hành Kế hoạch … như sau:" → the
/// legal basis and the preamble that follows it in the same paragraph.
fn split_preamble(body: &str) -> (String, Option<String>) {
    let mut from = 0;
    while let Some(i) = body[from..].find(". ").map(|i| i + from) {
        let after = &body[i + 2..];
        let af = fold(&after.chars().take(200).collect::<String>());
        if after.starts_with(|c: char| c.is_uppercase()) && has_words(&af, "ban hanh ke hoach") {
            return (body[..i + 1].to_owned(), Some(after.trim().to_owned()));
        }
        from = i + 2;
    }
    (body.to_owned(), None)
}

/// "đề nghị Chủ tịch Ủy ban nhân dân phường khen thưởng" → "Chủ tịch Ủy ban nhân dân phường
/// khen thưởng": the commune chairman's award when the plan names no form.
fn chairman_award(text: &str) -> Option<String> {
    let f = Folded::new(text);
    for key in [
        "chu tich uy ban nhan dan xa",
        "chu tich uy ban nhan dan phuong",
        "chu tich ubnd xa",
        "chu tich ubnd phuong",
    ] {
        let with = format!("{key} khen thuong");
        if let Some(i) = find_word(&f.text, &with, 0) {
            let (a, b) = f.span(text, i, i + with.len());
            return Some(text[a..b].to_owned());
        }
    }
    None
}

/// The sentence around byte offset `at`.
fn sentence_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let mut start = 0;
    for (i, _) in text[..at].match_indices(". ") {
        start = i + 2;
    }
    let end = text[at..].find(". ").map_or(text.len(), |i| at + i + 1);
    &text[start..end]
}
