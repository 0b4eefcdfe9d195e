//! What a revision of a plan changed, said the way an officer would: "Thời hạn đơn vị báo cáo
//! kết quả: 15/11 hằng năm → 05/11 hằng năm". Shown beside every amendment, and before one is
//! published, to name the running work it touches.

use serde::Serialize;

use super::{Award, Deadline, DeadlineKind, Plan};

/// One change between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanChange {
    /// The part of the plan, as the plan's headings call it.
    pub section: &'static str,
    pub text: String,
    /// The kind of running work it may touch.
    pub touches: Touches,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Touches {
    /// Nothing that runs: the wording of a section.
    Text,
    /// Reporting or registration deadlines of the periods.
    Deadlines,
    /// Commendation forms or quotas of occasions.
    Awards,
}

fn quota(a: &Award) -> String {
    match &a.quota {
        None => "không giới hạn".to_owned(),
        Some(q) => {
            let part = |n: Option<u32>, who: &str| n.map(|n| format!("{n:02} {who}"));
            [part(q.collective, "tập thể"), part(q.individual, "cá nhân")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// The changes from `old` to `new`, deadlines and awards first.
pub fn changes(old: &Plan, new: &Plan) -> Vec<PlanChange> {
    let mut out = Vec::new();
    let mut push = |section, text: String, touches| out.push(PlanChange { section, text, touches });

    for kind in [
        DeadlineKind::UnitPlan,
        DeadlineKind::Registration,
        DeadlineKind::UnitReport,
        DeadlineKind::ReportToProvince,
        DeadlineKind::Nomination,
    ] {
        let of = |p: &Plan| -> Vec<String> {
            p.deadlines
                .iter()
                .filter(|d| d.kind == kind)
                .map(Deadline::when)
                .collect()
        };
        let (before, after) = (of(old), of(new));
        if before != after {
            let list = |v: &[String]| {
                if v.is_empty() {
                    "không có".to_owned()
                } else {
                    v.join("; ")
                }
            };
            push(
                "Thời hạn",
                format!("{}: {} → {}", kind.label(), list(&before), list(&after)),
                Touches::Deadlines,
            );
        }
    }

    for a in &new.awards {
        match old.awards.iter().find(|o| o.form == a.form) {
            None => push("Khen thưởng", format!("Thêm hình thức {}", a.name), Touches::Awards),
            Some(o) => {
                if o.quota != a.quota {
                    push(
                        "Khen thưởng",
                        format!("Chỉ tiêu {}: {} → {}", a.name, quota(o), quota(a)),
                        Touches::Awards,
                    );
                }
                if o.occasions != a.occasions {
                    let list = |aw: &Award| aw.occasions.iter().map(|x| x.label()).collect::<Vec<_>>().join(", ");
                    push(
                        "Khen thưởng",
                        format!("Đợt khen {}: {} → {}", a.name, list(o), list(a)),
                        Touches::Awards,
                    );
                }
            }
        }
    }
    for o in &old.awards {
        if !new.awards.iter().any(|a| a.form == o.form) {
            push("Khen thưởng", format!("Bỏ hình thức {}", o.name), Touches::Awards);
        }
    }

    if old.phases != new.phases {
        let list = |p: &Plan| {
            p.phases
                .iter()
                .map(|ph| {
                    format!(
                        "giai đoạn {} ({}–{}, {} {})",
                        ph.number,
                        ph.start_year,
                        ph.end_year,
                        ph.review.label().to_lowercase(),
                        ph.review_year
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        push(
            "Giai đoạn",
            format!("{} → {}", list(old), list(new)),
            Touches::Deadlines,
        );
    }

    let mut text = |section: &'static str, changed: bool| {
        if changed {
            push(section, format!("Sửa nội dung «{section}»"), Touches::Text);
        }
    };
    text("Số, ký hiệu, ngày, trích yếu", old.document != new.document);
    text("Cơ quan ban hành", old.authority != new.authority);
    text("Căn cứ", old.legal_bases != new.legal_bases);
    text("Mục đích", old.purposes != new.purposes);
    text("Yêu cầu", old.requirements != new.requirements);
    text("Mục tiêu", old.goals != new.goals);
    text("Đối tượng thi đua", old.participants != new.participants);
    text(
        "Nội dung thi đua",
        old.content_areas != new.content_areas || old.content_intro != new.content_intro,
    );
    text("Giải pháp", old.solutions != new.solutions);
    text(
        "Tiêu chí thi đua",
        old.criteria != new.criteria || old.criteria_groups != new.criteria_groups,
    );
    text("Khen thưởng theo đợt", old.commendation != new.commendation);
    text("Hồ sơ đề nghị khen thưởng", old.dossiers != new.dossiers);
    text("Quy trình xét khen thưởng", old.procedures != new.procedures);
    text("Kinh phí", old.funding != new.funding);
    text("Kiểm tra, giám sát", old.inspection != new.inspection);
    text("Tổ chức thực hiện", old.duties != new.duties);
    text("Phần kết", old.closing != new.closing);
    text("Nơi nhận", old.recipients != new.recipients);
    text("Chữ ký", old.signature != new.signature);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Plan {
        crate::plan::parse_plan("x", include_bytes!("../../../../plans/19363-vinh-linh.toml"))
            .unwrap()
            .plan
    }

    #[test]
    fn a_moved_deadline_and_a_new_quota_are_named_with_before_and_after() {
        let old = seed();
        let mut new = old.clone();
        assert!(changes(&old, &new).is_empty());
        let d = new
            .deadlines
            .iter_mut()
            .find(|d| d.kind == DeadlineKind::ReportToProvince)
            .unwrap();
        d.day = 5;
        new.awards[0].quota = Some(crate::plan::Quota {
            collective: Some(1),
            individual: Some(3),
        });
        new.recipients.push("Ban Thường vụ Đảng ủy xã".into());
        let found = changes(&old, &new);
        assert_eq!(
            found[0].text,
            "Báo cáo lên tỉnh: trước ngày 15/11 hằng năm → trước ngày 05/11 hằng năm"
        );
        assert_eq!(found[0].touches, Touches::Deadlines);
        assert!(
            found
                .iter()
                .any(|c| c.touches == Touches::Awards && c.text.ends_with("→ 01 tập thể, 03 cá nhân")),
            "{found:#?}"
        );
        assert_eq!(found.last().unwrap().text, "Sửa nội dung «Nơi nhận»");
    }
}
