//! How far a plan read from a document agrees with the right answer, field group by field group.

use super::Agreement;
use crate::plan::*;
use crate::text::fold;

/// Texts compare after folding: no diacritics, no case, punctuation and whitespace runs ignored.
fn t(s: &str) -> String {
    fold(s)
}

/// An office compares without a leading "các"/"những": "Các cơ quan, đơn vị" is "cơ quan, đơn vị".
fn office(s: &str) -> String {
    let f = fold(s);
    f.strip_prefix("cac ")
        .or_else(|| f.strip_prefix("nhung "))
        .unwrap_or(&f)
        .to_owned()
}

fn opt<T: std::fmt::Debug>(v: &Option<T>) -> String {
    match v {
        Some(x) => format!("{x:?}"),
        None => "-".to_owned(),
    }
}

/// Multiset agreement: each truth item matches at most one equal found item.
fn compare(field: &'static str, truth: Vec<String>, found: Vec<String>) -> Agreement {
    let mut pool = found.clone();
    let mut matched = 0;
    for item in &truth {
        if let Some(i) = pool.iter().position(|f| f == item) {
            pool.swap_remove(i);
            matched += 1;
        }
    }
    Agreement {
        field,
        matched,
        total: truth.len().max(found.len()),
    }
}

fn document_items(p: &Plan) -> Vec<String> {
    let d = &p.document;
    let year = d
        .year
        .or_else(|| d.date.as_deref().and_then(|s| s.get(..4)).and_then(|y| y.parse().ok()));
    vec![
        format!("number:{}", opt(&d.number)),
        format!("symbol:{}", t(&d.symbol)),
        format!("place:{}", t(&d.place)),
        format!("date:{}", opt(&d.date)),
        format!("year:{}", opt(&year)),
    ]
}

fn title_items(p: &Plan) -> Vec<String> {
    vec![
        format!("title:{}", t(&p.document.title)),
        format!("movement:{}", t(&p.movement)),
        format!("period:{}-{}", p.period.start_year, p.period.end_year),
        format!("preamble:{}", t(&p.preamble)),
    ]
}

fn non_empty(v: Vec<String>) -> Vec<String> {
    v.into_iter().filter(|s| !s.ends_with(':')).collect()
}

/// Field-by-field agreement of `found` with `truth`, grouped as a person names the parts of a
/// plan. Every item of a group is one fact (one legal basis with its kind, text and
/// abbreviation; one deadline's kind, day, month, yearly and year; …); lists are compared as
/// multisets, texts after [`fold`].
///
/// `total` is the larger of the number of items in the truth and in what was found, so an item
/// the reader invented counts against it just as one it missed: a reader cannot score by
/// guessing many items. Groups where neither side has anything have `total` 0.
pub fn agreement(found: &Plan, truth: &Plan) -> Vec<Agreement> {
    let mut out = Vec::new();
    out.push(compare(
        "Số, ký hiệu, nơi ban hành, ngày",
        document_items(truth),
        document_items(found),
    ));
    out.push(compare(
        "Cơ quan ban hành",
        vec![
            format!("code:{}", truth.authority.code),
            format!("name:{}", t(&truth.authority.name)),
        ],
        vec![
            format!("code:{}", found.authority.code),
            format!("name:{}", t(&found.authority.name)),
        ],
    ));
    out.push(compare(
        "Trích yếu, phong trào, thời gian",
        title_items(truth),
        title_items(found),
    ));
    let bases = |p: &Plan| -> Vec<String> {
        p.legal_bases
            .iter()
            .map(|b| {
                format!(
                    "{:?}|{}|{}",
                    b.kind,
                    t(&b.text),
                    b.abbreviation.as_deref().map(t).unwrap_or_default()
                )
            })
            .collect()
    };
    out.push(compare("Căn cứ", bases(truth), bases(found)));
    let aims = |p: &Plan| -> Vec<String> {
        let mut v: Vec<String> = p.purposes.iter().map(|s| format!("p|{}", t(s))).collect();
        v.extend(p.requirements.iter().map(|s| format!("r|{}", t(s))));
        v.extend(p.goals.iter().map(|s| format!("g|{}", t(s))));
        v
    };
    out.push(compare("Mục đích, yêu cầu, mục tiêu", aims(truth), aims(found)));
    let who = |p: &Plan| -> Vec<String> {
        non_empty(vec![
            format!("c:{}", t(&p.participants.collectives)),
            format!("i:{}", t(&p.participants.individuals)),
        ])
    };
    out.push(compare("Đối tượng", who(truth), who(found)));
    let content = |p: &Plan| -> Vec<String> {
        let mut v: Vec<String> = p
            .content_areas
            .iter()
            .map(|a| format!("{}|{}", a.code, t(&a.text)))
            .collect();
        if let Some(i) = &p.content_intro {
            v.push(format!("intro|{}", t(i)));
        }
        v
    };
    out.push(compare("Nội dung thi đua", content(truth), content(found)));
    let means = |p: &Plan| -> Vec<String> {
        let mut v: Vec<String> = p
            .solutions
            .iter()
            .flat_map(|s| s.paragraphs.iter().map(|x| format!("s|{}", t(x))))
            .collect();
        if let Some(i) = &p.inspection {
            v.push(format!("inspection|{}|{}", office(&i.by), i.yearly));
        }
        if let Some(f) = &p.funding {
            v.push(format!("funding|{}", t(f)));
        }
        v
    };
    out.push(compare("Giải pháp, kiểm tra, kinh phí", means(truth), means(found)));
    let phases = |p: &Plan| -> Vec<String> {
        p.phases
            .iter()
            .flat_map(|ph| {
                [
                    format!(
                        "{}|{}-{}|{:?}|{}",
                        ph.number, ph.start_year, ph.end_year, ph.review, ph.review_year
                    ),
                    format!("{}|{}", ph.number, t(&ph.description)),
                ]
            })
            .collect()
    };
    out.push(compare("Giai đoạn", phases(truth), phases(found)));
    let criteria = |p: &Plan| -> Vec<String> {
        let name_of = |id: &str| {
            p.criteria_groups
                .iter()
                .find(|g| g.id == id)
                .map(|g| t(&g.name))
                .unwrap_or_default()
        };
        let mut v: Vec<String> = p
            .criteria_groups
            .iter()
            .map(|g| format!("group|{}|{:?}", t(&g.name), g.kind))
            .collect();
        v.extend(p.criteria.iter().map(|c| {
            format!(
                "{}|{}|{}|{}",
                name_of(&c.group),
                t(&c.text),
                opt(&c.ranking),
                c.applies_when.as_deref().map(t).unwrap_or_default()
            )
        }));
        v
    };
    out.push(compare("Nhóm tiêu chí và tiêu chí", criteria(truth), criteria(found)));
    let commendation = |p: &Plan| -> Vec<String> {
        p.commendation
            .iter()
            .flat_map(|c| {
                let mut occ = c.occasions.clone();
                occ.sort();
                let mut v = vec![format!("{occ:?}|{}", t(&c.heading))];
                v.extend(c.paragraphs.iter().map(|x| format!("{occ:?}|p|{}", t(x))));
                v
            })
            .collect()
    };
    out.push(compare(
        "Khen thưởng theo đợt",
        commendation(truth),
        commendation(found),
    ));
    let awards = |p: &Plan| -> Vec<String> {
        p.awards
            .iter()
            .map(|a| {
                let mut occ = a.occasions.clone();
                occ.sort();
                format!("{}|{occ:?}|{}", a.form.code(), opt(&a.quota))
            })
            .collect()
    };
    out.push(compare(
        "Hình thức khen thưởng và chỉ tiêu",
        awards(truth),
        awards(found),
    ));
    let paperwork = |p: &Plan| -> Vec<String> {
        let mut v = Vec::new();
        for d in &p.dossiers {
            v.push(format!(
                "dossier|{:?}|{}|{}",
                d.level,
                opt(&d.copies),
                d.reference.as_deref().map(t).unwrap_or_default()
            ));
            v.extend(d.items.iter().map(|i| format!("item|{:?}|{:?}", d.level, i.document)));
        }
        for pr in &p.procedures {
            v.push(format!(
                "procedure|{:?}|{}",
                pr.level,
                pr.reference.as_deref().map(t).unwrap_or_default()
            ));
            v.extend(
                pr.steps
                    .iter()
                    .map(|s| format!("step|{:?}|{}", pr.level, office(&s.actor))),
            );
        }
        v
    };
    out.push(compare("Hồ sơ, quy trình", paperwork(truth), paperwork(found)));
    let deadlines = |p: &Plan| -> Vec<String> {
        p.deadlines
            .iter()
            .map(|d| {
                format!(
                    "{:?}|{}|{}|{:?}|{}|{}",
                    d.kind,
                    d.day,
                    d.month,
                    d.bound,
                    d.yearly,
                    opt(&d.year)
                )
            })
            .collect()
    };
    out.push(compare("Thời hạn", deadlines(truth), deadlines(found)));
    let duties = |p: &Plan| -> Vec<String> {
        p.duties
            .iter()
            .map(|d| {
                format!(
                    "{}|{}|{}|{}",
                    office(&d.office),
                    d.tasks.len(),
                    d.standing_body,
                    d.requested
                )
            })
            .collect()
    };
    out.push(compare("Nhiệm vụ các cơ quan", duties(truth), duties(found)));
    let closing = |p: &Plan| -> Vec<String> { p.closing.iter().map(|c| t(c)).collect() };
    out.push(compare("Đoạn kết", closing(truth), closing(found)));
    let recipients = |p: &Plan| -> Vec<String> { p.recipients.iter().map(|c| t(c)).collect() };
    out.push(compare("Nơi nhận", recipients(truth), recipients(found)));
    let signature = |p: &Plan| -> Vec<String> {
        let s = &p.signature;
        vec![
            format!("authority:{}", s.authority.as_deref().map(t).unwrap_or_default()),
            format!("on_behalf:{}", s.on_behalf.as_deref().map(t).unwrap_or_default()),
            format!("position:{}", t(&s.position)),
            format!("name:{}", t(&s.name)),
        ]
    };
    out.push(compare("Chữ ký", signature(truth), signature(found)));
    out
}
