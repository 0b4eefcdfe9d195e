//! A plan arranged the way people read it: when things happen, what is due next, which
//! awards with which quotas, the criteria per group, who does what — then the full text.

use thidua_app::StoredPlan;
use thidua_domain::calendar::{self, dmy};
use thidua_domain::plan::{Award, Deadline, Plan};
use time::Date;

pub struct TimelinePhase {
    pub label: String,
    pub years: String,
    pub review: String,
    /// SVG geometry, in viewBox units (the axis is 0–1000 wide).
    pub x: i32,
    pub width: i32,
    pub marker_x: i32,
    /// Phases alternate between two rows so that overlapping years stay readable.
    pub y: i32,
}

pub struct TimelineYear {
    pub year: i32,
    pub x: i32,
}

pub struct DeadlineRow {
    pub when: String,
    pub kind: &'static str,
    pub from: String,
    pub to: String,
    pub text: String,
}

pub struct UpcomingRow {
    pub date: String,
    pub kind: &'static str,
    pub from: String,
    pub to: String,
    /// "còn 12 ngày", "hôm nay".
    pub remaining: String,
    pub urgent: bool,
}

pub struct AwardRow {
    pub name: String,
    pub official: &'static str,
    pub level: &'static str,
    pub decided_by: String,
    pub occasions: String,
    pub collective_quota: String,
    pub individual_quota: String,
    pub note: String,
}

pub struct CriteriaBlock {
    pub name: String,
    pub kind: &'static str,
    pub items: Vec<CriterionItem>,
}

pub struct CriterionItem {
    pub text: String,
    pub ranking: Option<String>,
    pub applies_when: Option<String>,
}

pub struct PlanView {
    pub id: i64,
    pub revision: i64,
    pub commune_code: String,
    pub commune_name: String,
    pub province_code: String,
    pub province_name: String,
    pub issuer_upper: String,
    pub number_line: String,
    pub date_line: String,
    pub period: String,
    pub timeline: Vec<TimelinePhase>,
    pub timeline_years: Vec<TimelineYear>,
    pub deadlines: Vec<DeadlineRow>,
    pub upcoming: Vec<UpcomingRow>,
    pub awards: Vec<AwardRow>,
    pub criteria: Vec<CriteriaBlock>,
    pub signature_lines: Vec<String>,
    pub plan: Plan,
    /// A note above the plan when it is not the plan in force (a preview, an earlier revision).
    pub banner: Option<Banner>,
    /// The issue and each amendment, for the public list; corrections of typing errors are not
    /// amendments and are left out.
    pub amendments: Vec<thidua_app::PlanRevisionRow>,
    /// On a revision's own page: what it changed from the one before.
    pub changes: Vec<thidua_domain::plan::PlanChange>,
}

pub struct Banner {
    pub text: String,
    /// (address, words of the link)
    pub link: Option<(String, String)>,
}

/// How many coming due dates the plan page lists.
const UPCOMING: usize = 6;

impl PlanView {
    pub fn new(stored: StoredPlan, today: Date) -> Self {
        let s = stored.summary;
        let plan = stored.plan;
        let d = &plan.document;
        let number_line = match d.number {
            Some(n) => format!("Số: {n}/{}", d.symbol),
            None => format!("Số:      /{}", d.symbol),
        };
        let date_line = match d.date.as_deref().and_then(calendar::parse_iso_date) {
            Some(date) => format!("{}, {}", d.place, calendar::long_date(date)),
            None => match d.year {
                Some(y) => format!("{}, ngày      tháng      năm {y}", d.place),
                None => d.place.clone(),
            },
        };
        let signature_lines = [
            plan.signature.authority.clone(),
            plan.signature.on_behalf.clone(),
            Some(plan.signature.position.clone()),
        ]
        .into_iter()
        .flatten()
        .collect();
        Self {
            id: s.id,
            revision: s.revision,
            issuer_upper: plan.authority.header_line(),
            commune_code: s.tenant_code,
            commune_name: s.commune_name,
            province_code: s.province_code,
            province_name: s.province_name,
            number_line,
            date_line,
            period: format!("{}–{}", plan.period.start_year, plan.period.end_year),
            timeline_years: timeline_years(&plan),
            timeline: timeline(&plan),
            deadlines: plan.deadlines.iter().map(deadline_row).collect(),
            upcoming: upcoming(&plan, today, |_| true),
            awards: plan.awards.iter().map(award_row).collect(),
            criteria: criteria(&plan),
            signature_lines,
            plan,
            banner: None,
            amendments: Vec::new(),
            changes: Vec::new(),
        }
    }

    /// Keeps the revisions a reader sees as the plan's history: the issue and the amendments.
    pub fn with_revisions(mut self, revisions: Vec<thidua_app::PlanRevisionRow>) -> Self {
        self.amendments = revisions.into_iter().filter(|r| r.change != "correction").collect();
        self
    }

    pub fn amendment_count(&self) -> usize {
        self.amendments.iter().filter(|r| r.change == "amendment").count()
    }

    /// "15/KH-UBND ngày 03/12/2026" for an amendment; "" otherwise.
    pub fn amendment_paper(&self, r: &thidua_app::PlanRevisionRow) -> String {
        if r.change != "amendment" || r.doc_symbol.is_empty() {
            return String::new();
        }
        let date = calendar::parse_iso_date(&r.doc_date).map_or_else(|| r.doc_date.clone(), dmy);
        format!("số {} ngày {date}", r.doc_symbol)
    }

    pub fn content_area_count(&self) -> usize {
        self.plan.content_areas.len()
    }

    pub fn next_due(&self) -> String {
        self.upcoming
            .first()
            .map_or_else(|| "Không còn thời hạn nào".to_owned(), |u| u.date.clone())
    }
}

/// Where a year starts on the 0–1000 axis, with a year-wide slot for each year of the period.
fn year_x(plan: &Plan, year: i32) -> i32 {
    let span = (plan.period.end_year - plan.period.start_year + 1).max(1);
    (year - plan.period.start_year) * 1000 / span
}

fn year_width(plan: &Plan) -> i32 {
    1000 / (plan.period.end_year - plan.period.start_year + 1).max(1)
}

fn timeline_years(plan: &Plan) -> Vec<TimelineYear> {
    (plan.period.start_year..=plan.period.end_year)
        .map(|year| TimelineYear {
            year,
            x: year_x(plan, year) + year_width(plan) / 2,
        })
        .collect()
}

fn timeline(plan: &Plan) -> Vec<TimelinePhase> {
    let w = year_width(plan);
    plan.phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = year_x(plan, p.start_year);
            TimelinePhase {
                label: format!("Giai đoạn {}", p.number),
                years: format!("{}–{}", p.start_year, p.end_year),
                review: format!("{} năm {}", p.review.label(), p.review_year),
                x,
                width: year_x(plan, p.end_year) + w - x,
                marker_x: year_x(plan, p.review_year) + w - 8,
                y: if i % 2 == 0 { 18 } else { 52 },
            }
        })
        .collect()
}

fn deadline_row(d: &Deadline) -> DeadlineRow {
    DeadlineRow {
        when: d.when(),
        kind: d.kind.label(),
        from: d.from.clone(),
        to: d.to.clone(),
        text: d.text.clone(),
    }
}

/// The coming due dates of a plan's deadlines that `keep` selects.
pub fn upcoming(plan: &Plan, today: Date, keep: impl Fn(&Deadline) -> bool) -> Vec<UpcomingRow> {
    calendar::upcoming(&plan.deadlines, plan.period, today)
        .into_iter()
        .filter(|o| keep(o.deadline))
        .take(UPCOMING)
        .map(|o| {
            let days = (o.due - today).whole_days();
            UpcomingRow {
                date: dmy(o.due),
                kind: o.deadline.kind.label(),
                from: o.deadline.from.clone(),
                to: o.deadline.to.clone(),
                remaining: if days == 0 {
                    "hôm nay".to_owned()
                } else {
                    format!("còn {days} ngày")
                },
                urgent: days <= 14,
            }
        })
        .collect()
}

fn quota_text(n: Option<u32>, has_quota: bool, allowed: bool) -> String {
    match (n, has_quota, allowed) {
        (_, _, false) => "—".to_owned(),
        (Some(n), _, _) => format!("tối đa {n}"),
        (None, true, _) => "—".to_owned(),
        (None, false, _) => "không quy định".to_owned(),
    }
}

fn award_row(a: &Award) -> AwardRow {
    let who = a.form.recipients();
    let q = a.quota.as_ref();
    AwardRow {
        name: a.name.clone(),
        official: a.form.name(),
        level: a.level.unwrap_or_else(|| a.form.level()).label(),
        decided_by: a.issuer.clone().unwrap_or_else(|| a.form.decided_by().to_owned()),
        occasions: a.occasions.iter().map(|o| o.label()).collect::<Vec<_>>().join(", "),
        collective_quota: quota_text(q.and_then(|q| q.collective), q.is_some(), who.collective),
        individual_quota: quota_text(q.and_then(|q| q.individual), q.is_some(), who.individual),
        note: [a.source.as_deref(), a.note.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn criteria(plan: &Plan) -> Vec<CriteriaBlock> {
    plan.criteria_groups
        .iter()
        .map(|g| CriteriaBlock {
            name: g.name.clone(),
            kind: g.kind.label(),
            items: plan
                .criteria
                .iter()
                .filter(|c| c.group == g.id)
                .map(|c| CriterionItem {
                    text: c.text.clone(),
                    ranking: c.ranking.as_ref().map(|r| {
                        format!(
                            "Xếp hạng từ 1 đến {} theo điểm trung bình {}–{} về {}",
                            r.top,
                            r.from_year,
                            r.to_year,
                            r.indicator.label()
                        )
                    }),
                    applies_when: c.applies_when.clone(),
                })
                .collect(),
        })
        .collect()
}
