//! The frame of the document around its numbered parts: the header (authority, Số, place and
//! date), the title, legal bases and preamble, the closing, Nơi nhận and the signature, and the
//! passes that need the whole document (authority lookup, deadlines, awards, standing body).

use super::*;

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
                        if (1..=12).contains(&m)
                            && d >= 1
                            && d <= super::super::phrases::days_in_month(m, Some(y as i32)) =>
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
        self.abbreviations(first_part, tail);
        // Kept only where the plan departs from the usual order, not where it merely skips parts.
        let usual = |p: &PlanPart| PlanPart::USUAL.iter().position(|u| u == p);
        if self.plan.part_order.windows(2).all(|w| usual(&w[0]) < usual(&w[1])) {
            self.plan.part_order.clear();
        }
    }

    /// Short names the body defines: "(sau đây gọi tắt là Phong trào)", "(DTI)".
    fn abbreviations(&mut self, first_part: usize, tail: usize) {
        for p in first_part..tail.min(self.paras.len()) {
            let body = self.paras[p].body.clone();
            for (short, full, sure) in defined_abbreviations(&body) {
                if self.plan.abbreviations.len() >= 40 || self.plan.abbreviations.iter().any(|a| a.short == short) {
                    continue;
                }
                let i = self.plan.abbreviations.len();
                let value = format!("{short}: {full}");
                self.plan.abbreviations.push(Abbreviation { short, full });
                let note = (!sure).then(|| "Không chắc cụm từ được viết tắt bắt đầu từ đâu".to_owned());
                self.found(format!("abbreviations[{i}]"), value, p, sure, note);
            }
        }
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
            // The directory's name is the plan's; the document's own spelling is kept beside it.
            let official = format!("Ủy ban nhân dân {} {}", c.kind.label(), c.short_name());
            if official != name {
                self.plan.authority.name = official;
                self.plan.authority.name_as_issued = Some(name.clone());
            }
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
            for (c, sources) in self.plan.commendation.iter().zip(&self.commendation_paras) {
                for (para, &p) in c.paragraphs.iter().zip(sources) {
                    if let Some(name) = chairman_award(para) {
                        occasions.extend(c.occasions.iter().copied());
                        if first.is_none() {
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
                    issuer: None,
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
                issuer: d.issuer.clone(),
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
        // "X (cơ quan thường trực …)" anywhere in the document (the few paragraphs that say it).
        let naming: Vec<&str> = self
            .paras
            .iter()
            .filter(|p| has_words(&p.folded, "co quan thuong truc"))
            .take(20)
            .map(|p| p.folded.as_str())
            .collect();
        for i in 0..self.plan.duties.len() {
            let key = format!("{} co quan thuong truc", fold(&self.plan.duties[i].office));
            if naming.iter().any(|f| f.contains(&key)) {
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
                let deadline = Deadline {
                    kind,
                    day: due.day,
                    month: due.month,
                    bound: due.bound,
                    yearly: due.yearly,
                    year: due.year,
                    from,
                    to,
                    text: sentence.trim().to_owned(),
                };
                let value = format!("{}: {}", kind.label(), deadline.when());
                self.plan.deadlines.push(deadline);
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
