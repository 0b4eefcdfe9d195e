//! The plan as the commune issued it: its header with the name as written, the bases, the
//! numbered parts in the plan's own order, the duties with their own numbers, the recipients
//! and the signature. DOCX to edit, PDF to print.

use thidua_documents::Format;
use thidua_documents::docx::{Block, OfficialDoc, SignatureBlock};
use thidua_domain::calendar::parse_iso_date;
use thidua_domain::plan::{LegalBasisKind, Plan, PlanPart};

use crate::papers::long_date;
use crate::papers::{blank_date, render};
use crate::{App, AppError, Result};

/// The plan as one official paper.
pub fn plan_document(plan: &Plan) -> OfficialDoc {
    let number = match plan.document.number {
        Some(n) => format!("Số: {n}/{}", plan.document.symbol),
        None => format!("Số:       /{}", plan.document.symbol),
    };
    let date = match (
        plan.document.date.as_deref().and_then(parse_iso_date),
        plan.document.year,
    ) {
        (Some(d), _) => long_date(d),
        (None, Some(y)) => blank_date(y),
        (None, None) => blank_date(plan.period.start_year),
    };
    OfficialDoc {
        issuer_parent: "ỦY BAN NHÂN DÂN".into(),
        issuer: plan.authority.header_line(),
        number,
        place_date: format!("{}, {date}", plan.document.place),
        kind: "KẾ HOẠCH".into(),
        subject: plan.document.title.clone(),
        authority_line: None,
        addressee: None,
        bases: plan
            .legal_bases
            .iter()
            .map(|b| {
                let verb = match b.kind {
                    LegalBasisKind::CanCu => "Căn cứ",
                    LegalBasisKind::ThucHien => "Thực hiện",
                };
                format!("{verb} {};", b.text)
            })
            .collect(),
        body: body(plan),
        recipients: recipient_lines(&plan.recipients),
        signature: SignatureBlock {
            authority: plan.signature.authority.clone(),
            on_behalf: plan.signature.on_behalf.clone(),
            position: plan.signature.position.clone(),
            name: plan.signature.name.clone(),
        },
        left_signature: None,
        annex: None,
    }
}

/// Nơi nhận as NĐ 30 writes it: "- …;" on every line, the last ("Lưu: VT, …") ending in ".".
fn recipient_lines(recipients: &[String]) -> Vec<String> {
    let last = recipients.len().saturating_sub(1);
    recipients
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let r = r.trim().trim_end_matches([';', '.', ',']);
            format!("- {r}{}", if i == last { "." } else { ";" })
        })
        .collect()
}

fn roman(mut n: usize) -> String {
    let mut out = String::new();
    for (value, letters) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// The preamble, then each part that has something in it, numbered I., II., … in the plan's
/// order. "Đối tượng" and "Nội dung" share one part where they follow each other, as most
/// plans print them.
fn body(plan: &Plan) -> Vec<Block> {
    let mut out = vec![Block::Text(plan.preamble.clone())];
    let order = PlanPart::ordered(&plan.part_order);
    let has_participants =
        !plan.participants.collectives.trim().is_empty() || !plan.participants.individuals.trim().is_empty();
    let mut number = 0;
    let mut i = 0;
    while i < order.len() {
        let joined =
            order[i] == PlanPart::Participants && order.get(i + 1) == Some(&PlanPart::Content) && has_participants;
        if joined {
            number += 1;
            out.push(Block::Heading(format!(
                "{}. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA",
                roman(number)
            )));
            out.push(Block::Heading("1. Đối tượng thi đua".into()));
            out.extend(part(plan, PlanPart::Participants));
            out.push(Block::Heading("2. Nội dung thi đua".into()));
            out.extend(part(plan, PlanPart::Content));
            i += 2;
            continue;
        }
        let blocks = part(plan, order[i]);
        if !blocks.is_empty() {
            number += 1;
            out.push(Block::Heading(format!(
                "{}. {}",
                roman(number),
                order[i].label().to_uppercase()
            )));
            out.extend(blocks);
        }
        i += 1;
    }
    out.extend(plan.closing.iter().cloned().map(Block::Text));
    out
}

fn texts(paras: &[String]) -> impl Iterator<Item = Block> + '_ {
    paras.iter().cloned().map(Block::Text)
}

/// What one part says, without its numbered heading; empty where the plan says nothing.
fn part(plan: &Plan, which: PlanPart) -> Vec<Block> {
    let mut b = Vec::new();
    match which {
        PlanPart::Purposes => {
            let mut n = 0;
            for (title, paras) in [
                ("Mục đích", &plan.purposes),
                ("Yêu cầu", &plan.requirements),
                ("Mục tiêu thi đua", &plan.goals),
            ] {
                if !paras.is_empty() {
                    n += 1;
                    b.push(Block::Heading(format!("{n}. {title}")));
                    b.extend(texts(paras));
                }
            }
        }
        PlanPart::Participants => {
            for (label, text) in [
                ("Tập thể:", &plan.participants.collectives),
                ("Cá nhân:", &plan.participants.individuals),
            ] {
                if !text.trim().is_empty() {
                    b.push(Block::Article {
                        label: label.into(),
                        text: text.clone(),
                    });
                }
            }
        }
        PlanPart::Content => {
            b.extend(plan.content_intro.iter().cloned().map(Block::Text));
            b.extend(plan.content_areas.iter().map(|a| Block::Article {
                label: format!("{}) {}:", a.code, a.title),
                text: a.text.clone(),
            }));
        }
        PlanPart::Solutions => {
            for s in &plan.solutions {
                b.extend(s.title.iter().cloned().map(Block::Heading));
                b.extend(texts(&s.paragraphs));
            }
        }
        PlanPart::Phases => b.extend(plan.phases.iter().map(|p| Block::Text(p.description.clone()))),
        PlanPart::Criteria => {
            for g in &plan.criteria_groups {
                // Group names are written as the plan heads them ("Đối với các cơ quan, đơn vị").
                let heading = if thidua_domain::text::fold(&g.name).starts_with("doi voi") {
                    g.name.clone()
                } else {
                    format!("Đối với {}", g.name)
                };
                b.push(Block::Heading(heading));
                b.extend(
                    plan.criteria
                        .iter()
                        .filter(|c| c.group == g.id)
                        .map(|c| Block::Text(format!("- {}", c.text))),
                );
            }
        }
        PlanPart::Commendation => {
            if !plan.awards.is_empty() {
                b.push(Block::Heading("Hình thức khen thưởng".into()));
                b.extend(plan.awards.iter().map(|a| Block::Text(format!("- {}", a.name))));
            }
            for c in &plan.commendation {
                b.push(Block::Heading(c.heading.clone()));
                b.extend(texts(&c.paragraphs));
            }
            if !plan.dossiers.is_empty() {
                b.push(Block::Heading("Hồ sơ đề nghị khen thưởng".into()));
                for d in &plan.dossiers {
                    b.extend(d.items.iter().map(|i| Block::Text(format!("- {}", i.text))));
                }
            }
            if !plan.procedures.is_empty() {
                b.push(Block::Heading("Trình tự xét khen thưởng".into()));
                for p in &plan.procedures {
                    b.extend(p.steps.iter().map(|st| Block::Text(format!("- {}", st.action))));
                }
            }
            if let Some(f) = &plan.funding {
                b.push(Block::Article {
                    label: "Kinh phí và mức khen thưởng:".into(),
                    text: f.clone(),
                });
            }
        }
        PlanPart::Inspection => b.extend(plan.inspection.iter().map(|i| Block::Text(i.text.clone()))),
        PlanPart::Duties => {
            for (i, d) in plan.duties.iter().enumerate() {
                let office = if d.requested {
                    format!("Đề nghị {}", d.office)
                } else {
                    d.office.clone()
                };
                let label = d.code.clone().unwrap_or_else(|| (i + 1).to_string());
                let mark = if label.chars().all(|c| c.is_ascii_digit()) {
                    "."
                } else {
                    ")"
                };
                b.push(Block::Heading(format!("{label}{mark} {office}")));
                b.extend(texts(&d.tasks));
            }
            if !plan.deadlines.is_empty() {
                b.push(Block::Heading("Chế độ thông tin, báo cáo".into()));
                b.extend(plan.deadlines.iter().map(|d| Block::Text(format!("- {}", d.text))));
            }
        }
    }
    b
}

impl App {
    /// A plan as the commune issued it (public, as the plan page is).
    pub async fn plan_file(&self, id: i64, format: Format) -> Result<(String, Vec<u8>)> {
        let plan = self
            .plan(id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có kế hoạch này.".into()))?;
        let doc = plan_document(&plan.plan);
        Ok((format!("ke-hoach-{id}.{}", format.extension()), render(&doc, format)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Plan {
        thidua_domain::plan::parse_plan("x", include_bytes!("../../../plans/31471-long-my.toml"))
            .unwrap()
            .plan
    }

    fn headings(doc: &OfficialDoc) -> Vec<String> {
        doc.body
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h)
                    if h.split('.')
                        .next()
                        .is_some_and(|r| r.chars().all(|c| "IVX".contains(c))) =>
                {
                    Some(h.clone())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_parts_follow_the_plan_s_own_order_and_are_numbered_in_it() {
        let mut plan = seed();
        let usual = headings(&plan_document(&plan));
        assert_eq!(usual.first().map(String::as_str), Some("I. MỤC ĐÍCH, YÊU CẦU"));
        assert_eq!(
            usual.last().map(String::as_str),
            Some("VIII. TỔ CHỨC THỰC HIỆN"),
            "{usual:?}"
        );
        plan.part_order = vec![PlanPart::Purposes, PlanPart::Duties];
        let moved = headings(&plan_document(&plan));
        assert_eq!(moved[1], "II. TỔ CHỨC THỰC HIỆN", "{moved:?}");
        assert_eq!(moved.len(), usual.len());
    }

    #[test]
    fn the_header_keeps_the_name_as_issued_and_duties_keep_their_letters() {
        let mut plan = seed();
        plan.authority.name_as_issued = Some("Ủy ban nhân dân phường Long Mỹ cũ".into());
        plan.duties[0].code = Some("a".into());
        let doc = plan_document(&plan);
        assert_eq!(doc.issuer, "PHƯỜNG LONG MỸ CŨ");
        let first_duty = format!("a) {}", plan.duties[0].office);
        assert!(
            doc.body
                .iter()
                .any(|b| matches!(b, Block::Heading(h) if *h == first_duty))
        );
    }

    #[test]
    fn criteria_groups_are_not_headed_twice_and_recipients_end_as_nd30_asks() {
        let plan: Plan = thidua_domain::plan::parse_plan("x", include_bytes!("../../../plans/10210-hong-van.toml"))
            .unwrap()
            .plan;
        let doc = plan_document(&plan);
        let headings: Vec<&String> = doc
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(h),
                _ => None,
            })
            .collect();
        assert!(
            headings.iter().any(|h| *h == "Đối với các cơ quan, đơn vị"),
            "{headings:?}"
        );
        assert!(headings.iter().all(|h| !h.contains("Đối với Đối với")));
        let last = doc.recipients.last().unwrap();
        assert!(last.starts_with("- Lưu") && last.ends_with('.'), "{last}");
        assert!(
            doc.recipients[..doc.recipients.len() - 1]
                .iter()
                .all(|r| r.ends_with(';'))
        );
    }

    #[test]
    fn a_plan_without_participants_prints_no_empty_part() {
        let mut plan = seed();
        plan.participants.collectives.clear();
        plan.participants.individuals.clear();
        let parts = headings(&plan_document(&plan));
        assert!(parts.iter().all(|h| !h.contains("ĐỐI TƯỢNG")), "{parts:?}");
        assert!(parts.iter().any(|h| h.ends_with("NỘI DUNG THI ĐUA")), "{parts:?}");
    }
}
