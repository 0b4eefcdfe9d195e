//! The typed model of a commune's emulation plan (Kế hoạch).
//!
//! The same structs are read from the TOML plan files in `plans/` (unknown keys are errors)
//! and written as the plan interchange JSON (`thidua plan show --json`, `/api/v1/plans/{id}`).
//! Field names are English; every value a person reads is the plan's own Vietnamese text.
//! See `docs/plan-format.md` for the file format with examples.

use serde::{Deserialize, Serialize};

use crate::awards::{AwardForm, AwardLevel, Occasion};

/// One plan document, exactly as the commune issued it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Version of this file format; currently 1.
    pub format: u32,
    /// Revision of the plan itself: 1 for the first issue, 2… for each "điều chỉnh, bổ sung".
    #[serde(default = "one")]
    pub revision: u32,
    /// What a revision changed ("Điều chỉnh thời hạn báo cáo…"); empty for revision 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_note: Option<String>,
    pub authority: Authority,
    pub document: Document,
    pub period: Period,
    /// The movement's name as the plan quotes it, without quotation marks.
    pub movement: String,
    /// "Căn cứ …" and "Thực hiện …" paragraphs, in the plan's order.
    #[serde(default)]
    pub legal_bases: Vec<LegalBasis>,
    /// The sentence that closes the preamble ("UBND xã … ban hành Kế hoạch … như sau:").
    pub preamble: String,
    /// I.1 Mục đích: one paragraph per item.
    #[serde(default)]
    pub purposes: Vec<String>,
    /// I.2 Yêu cầu: one paragraph per item.
    #[serde(default)]
    pub requirements: Vec<String>,
    /// Mục tiêu thi đua, where a plan states goals apart from its purposes.
    #[serde(default)]
    pub goals: Vec<String>,
    /// Participants (đối tượng thi đua) as the plan describes them.
    pub participants: Participants,
    /// The sentence introducing the content areas, if the plan has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_intro: Option<String>,
    /// Nội dung thi đua (a–g).
    pub content_areas: Vec<ContentArea>,
    /// Giải pháp thực hiện.
    #[serde(default)]
    pub solutions: Vec<Section>,
    pub phases: Vec<Phase>,
    /// Groups of participants that have their own criteria ("Đối với …").
    pub criteria_groups: Vec<CriteriaGroup>,
    /// Tiêu chí thi đua, each in one group.
    pub criteria: Vec<Criterion>,
    /// Paragraphs about commendation per occasion (hằng năm, sơ kết, tổng kết).
    #[serde(default)]
    pub commendation: Vec<CommendationText>,
    /// The commendation forms and titles the plan offers.
    pub awards: Vec<Award>,
    /// Dossiers the plan requires, per level of the award.
    #[serde(default)]
    pub dossiers: Vec<Dossier>,
    /// Steps of the nomination procedure, per level.
    #[serde(default)]
    pub procedures: Vec<Procedure>,
    /// Kinh phí và mức khen thưởng.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<String>,
    /// Yearly inspection and supervision the plan commits to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<Inspection>,
    pub deadlines: Vec<Deadline>,
    /// Tổ chức thực hiện: what each office or organisation does.
    pub duties: Vec<Duty>,
    /// Closing paragraphs ("Trên đây là Kế hoạch …", "Trong quá trình tổ chức thực hiện …").
    #[serde(default)]
    pub closing: Vec<String>,
    /// Nơi nhận, one line each, the last usually "Lưu: VT, …".
    pub recipients: Vec<String>,
    pub signature: Signature,
    /// Short names the plan defines in its text ("sau đây gọi tắt là Phong trào").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub abbreviations: Vec<Abbreviation>,
    /// The order of the plan's numbered parts as issued; empty means the usual order
    /// ([`PlanPart::USUAL`]). Parts left out follow in the usual order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub part_order: Vec<PlanPart>,
}

/// A short name the plan defines and the words it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviation {
    pub short: String,
    pub full: String,
}

/// A numbered part (I., II., …) of a plan, for keeping the plan's own order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanPart {
    /// Mục đích, yêu cầu (and mục tiêu).
    Purposes,
    /// Đối tượng thi đua.
    Participants,
    /// Nội dung thi đua.
    Content,
    /// Giải pháp thực hiện.
    Solutions,
    /// Thời gian thực hiện: the phases.
    Phases,
    /// Tiêu chí thi đua.
    Criteria,
    /// Khen thưởng: forms, dossiers, procedures, funding.
    Commendation,
    /// Kiểm tra, giám sát.
    Inspection,
    /// Tổ chức thực hiện: duties and reporting.
    Duties,
}

impl PlanPart {
    /// The order most plans follow, and the order of a plan file that gives none.
    pub const USUAL: [PlanPart; 9] = [
        Self::Purposes,
        Self::Participants,
        Self::Content,
        Self::Solutions,
        Self::Phases,
        Self::Criteria,
        Self::Commendation,
        Self::Inspection,
        Self::Duties,
    ];

    /// The plan's parts in its own order, each once.
    pub fn ordered(given: &[PlanPart]) -> Vec<PlanPart> {
        let mut out: Vec<PlanPart> = Vec::with_capacity(Self::USUAL.len());
        for p in given.iter().chain(Self::USUAL.iter()) {
            if !out.contains(p) {
                out.push(*p);
            }
        }
        out
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Purposes => "Mục đích, yêu cầu",
            Self::Participants => "Đối tượng thi đua",
            Self::Content => "Nội dung thi đua",
            Self::Solutions => "Giải pháp thực hiện",
            Self::Phases => "Thời gian thực hiện",
            Self::Criteria => "Tiêu chí thi đua",
            Self::Commendation => "Khen thưởng",
            Self::Inspection => "Kiểm tra, giám sát",
            Self::Duties => "Tổ chức thực hiện",
        }
    }
}

fn one() -> u32 {
    1
}

/// The issuing authority: a commune-level UBND, keyed by its official code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Five-digit commune code from the national directory (QĐ 19/2025/QĐ-TTg).
    pub code: String,
    /// Full name, e.g. "Ủy ban nhân dân xã Hồng Vân".
    pub name: String,
    /// Short form used in the header and abbreviations, e.g. "UBND".
    #[serde(default = "ubnd")]
    pub short_name: String,
    /// The name as the document writes it, where it differs from the directory's official
    /// name (an older name, a spelling): the "as issued" document keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_as_issued: Option<String>,
}

fn ubnd() -> String {
    "UBND".to_owned()
}

impl Authority {
    /// The second line of the document's header, "XÃ HỒNG VÂN": the name the plan was issued
    /// under, without "Ủy ban nhân dân".
    pub fn header_line(&self) -> String {
        let name = self.name_as_issued.as_deref().unwrap_or(&self.name);
        without_ubnd(name).to_uppercase()
    }
}

/// "Ủy ban nhân dân xã Hồng Vân" → "xã Hồng Vân"; other names unchanged.
pub fn without_ubnd(name: &str) -> String {
    if crate::text::fold(name).starts_with("uy ban nhan dan ") {
        name.chars().skip("Ủy ban nhân dân ".chars().count()).collect()
    } else {
        name.to_owned()
    }
}

/// Number, symbol, place and date of the document ("Số: 45/KH-UBND", "Hồng Vân, ngày …").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Registration number; absent before the document is registered ("Số:    /KH-UBND").
    #[serde(default)]
    pub number: Option<u32>,
    /// Symbol after the number, e.g. "KH-UBND".
    pub symbol: String,
    /// Place name written before the date, e.g. "Long Mỹ".
    pub place: String,
    /// Issue date (YYYY-MM-DD) where the plan gives one.
    #[serde(default)]
    pub date: Option<String>,
    /// Issue year where only the year is known ("ngày    tháng    năm 2026").
    #[serde(default)]
    pub year: Option<i32>,
    /// Trích yếu: the line under "KẾ HOẠCH".
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start_year: i32,
    pub end_year: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasisKind {
    /// "Căn cứ …": a legal ground.
    CanCu,
    /// "Thực hiện …": an instruction being carried out.
    ThucHien,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    pub kind: LegalBasisKind,
    /// The text after "Căn cứ"/"Thực hiện", without the final ";" or ".".
    pub text: String,
    /// The short name the plan uses later ("sau đây viết tắt là Nghị quyết số 57").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participants {
    /// "Tập thể: …" as written.
    pub collectives: String,
    /// "Cá nhân: …" as written.
    pub individuals: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentArea {
    /// The plan's own label: "a", "b", … "đ", "g", or "1", "2" … where the plan numbers them.
    pub code: String,
    /// A short name for reports and charts, e.g. "Nâng cao nhận thức, đổi mới tư duy".
    pub title: String,
    /// The full paragraph(s) as the plan writes them.
    pub text: String,
}

/// A titled block of paragraphs (giải pháp, a closing section …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    /// Sơ kết: the mid-term review.
    SoKet,
    /// Tổng kết: the final review.
    TongKet,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// 1, 2, …
    pub number: u32,
    pub start_year: i32,
    pub end_year: i32,
    pub review: Review,
    pub review_year: i32,
    /// What the plan says happens in this phase.
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantKind {
    Collective,
    Individual,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaGroup {
    /// Identifier used by criteria, e.g. "co_quan_don_vi" (lowercase ASCII, digits, '_').
    pub id: String,
    pub kind: ParticipantKind,
    /// The heading as written: "Đối với các cơ quan, đơn vị".
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The `id` of a criteria group.
    pub group: String,
    pub text: String,
    /// A criterion judged by rank on an indicator ("xếp từ thứ 01 đến 05 theo điểm trung bình
    /// 5 năm về DTI").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Ranking>,
    /// A condition written in the plan before the criterion applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Chỉ số chuyển đổi số (DTI) of agencies.
    Dti,
    /// Chỉ số chuyển đổi số doanh nghiệp (DBI).
    Dbi,
    /// Completion of basic digital skills (757/QĐ-BKHCN).
    DigitalSkills,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ranking {
    pub indicator: Indicator,
    /// Best rank that qualifies is 1; this is the worst (5 for "từ thứ 01 đến 05").
    pub top: u32,
    /// Years averaged.
    pub from_year: i32,
    pub to_year: i32,
}

/// What the plan says about commendation on some occasions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommendationText {
    pub occasions: Vec<Occasion>,
    /// The plan's heading, e.g. "Khen thưởng hằng năm và khen thưởng sơ kết".
    pub heading: String,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// At most this many collectives per occasion; absent where only individuals are capped.
    pub collective: Option<u32>,
    pub individual: Option<u32>,
}

/// A commendation form or title the plan offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    pub form: AwardForm,
    /// Derived from the form; a plan file may leave it out, and if it states one it must
    /// match the catalogue.
    #[serde(default)]
    pub level: Option<AwardLevel>,
    /// The form's name as the plan writes it ("Bằng khen của Chủ tịch UBND Thành phố").
    pub name: String,
    pub occasions: Vec<Occasion>,
    /// Cap per occasion where the plan sets one; null otherwise.
    #[serde(default)]
    pub quota: Option<Quota>,
    /// Where the quota or procedure comes from ("Kế hoạch 49/KH-UBND ngày 14/8/2025 …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Anything else the plan says about this form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who issues a Giấy khen of a head of agency, as the plan names them ("Hiệu trưởng các
    /// trường học"); absent for forms the catalogue already names the issuer of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DossierDocument {
    /// Tờ trình đề nghị khen thưởng (kèm danh sách).
    ToTrinh,
    /// Biên bản họp xét / bình xét.
    BienBanHopXet,
    /// Báo cáo thành tích.
    BaoCaoThanhTich,
    /// Proof of the extraordinary achievement or certification of an initiative.
    ChungNhanSangKien,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierItem {
    pub document: DossierDocument,
    /// As the plan writes it ("Tờ trình đề nghị khen thưởng của cơ quan, đơn vị (kèm danh sách)").
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    /// Awards of this level use this dossier; "province" also covers higher levels where the
    /// plan defers to the province.
    pub level: AwardLevel,
    #[serde(default)]
    pub items: Vec<DossierItem>,
    /// Number of sets (bộ) to submit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<u32>,
    /// Where the plan defers to another document for this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureStep {
    /// Who acts: "Các cơ quan, đơn vị", "Công chức phụ trách chuyển đổi số", …
    pub actor: String,
    pub action: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub level: AwardLevel,
    #[serde(default)]
    pub steps: Vec<ProcedureStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// Who inspects: "Phòng Văn hóa – Xã hội", "Hội đồng Thi đua - Khen thưởng phường".
    pub by: String,
    pub yearly: bool,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Units issue their own plan for the movement.
    UnitPlan,
    /// Units register their emulation commitment.
    Registration,
    /// Units report to the standing body.
    UnitReport,
    /// The commune reports to the province.
    ReportToProvince,
    /// Units send their commendation dossiers.
    Nomination,
}

/// How the plan words a deadline's date, which decides the last day that is on time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueBound {
    /// "đến hết ngày 15/11", "chậm nhất ngày 15/11", "hoàn thành trong quý III": the stated day
    /// itself is still on time. What a plan file means when it says nothing.
    #[default]
    Through,
    /// "trước ngày 15/11": the day before is the last one on time.
    Before,
}

/// A date something is due: every year on a day and month, or once on a date.
/// The last day on time ends at midnight in Vietnam (UTC+07:00); see [`DueBound`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub day: u32,
    pub month: u32,
    /// Whether the stated day is itself on time.
    #[serde(default, skip_serializing_if = "is_through")]
    pub bound: DueBound,
    pub yearly: bool,
    /// The year of a one-off deadline; absent when `yearly`.
    #[serde(default)]
    pub year: Option<i32>,
    /// Who must report or act.
    pub from: String,
    /// Who receives.
    pub to: String,
    /// The plan's sentence.
    pub text: String,
}

fn is_through(b: &DueBound) -> bool {
    *b == DueBound::Through
}

/// Tổ chức thực hiện: one office or organisation and its tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// The plan's own number or letter for this duty ("1", "a"), where it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// "Phòng Văn hóa – Xã hội", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", …
    pub office: String,
    /// The standing body of the movement (cơ quan thường trực).
    #[serde(default)]
    pub standing_body: bool,
    /// The plan asks ("Đề nghị …") rather than assigns: party and Front bodies.
    #[serde(default)]
    pub requested: bool,
    pub tasks: Vec<String>,
}

/// The signature block: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// "TM. ỦY BAN NHÂN DÂN" for a collective act; absent for the chairman's own act.
    #[serde(default)]
    pub authority: Option<String>,
    /// "KT. CHỦ TỊCH" when a deputy signs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf: Option<String>,
    /// "CHỦ TỊCH", "PHÓ CHỦ TỊCH".
    pub position: String,
    pub name: String,
}

impl Plan {
    /// A plan with nothing in it yet: what the reader and the editor start from.
    pub fn empty() -> Plan {
        Plan {
            format: 1,
            revision: 1,
            revision_note: None,
            authority: Authority {
                code: String::new(),
                name: String::new(),
                short_name: "UBND".to_owned(),
                name_as_issued: None,
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
            abbreviations: Vec::new(),
            part_order: Vec::new(),
        }
    }

    /// The forms and titles an occasion offers: those the plan names for it; where the plan
    /// names none for annual or sơ kết commendation ("theo thẩm quyền"), those the law gives the
    /// commune's chairman, with no quota.
    pub fn awards_for(&self, occasion: Occasion) -> Vec<Award> {
        // A head of agency's Giấy khen is decided by that head, not in the commune's rounds.
        let named: Vec<Award> = self
            .awards
            .iter()
            .filter(|a| a.occasions.contains(&occasion) && a.form.decided_by_commune_or_above())
            .cloned()
            .collect();
        if !named.is_empty() || !matches!(occasion, Occasion::Annual | Occasion::SoKet) {
            return named;
        }
        AwardForm::ALL
            .into_iter()
            .filter(|f| f.level() == AwardLevel::Commune && f.decided_by_commune_or_above())
            .map(|form| Award {
                form,
                level: Some(form.level()),
                name: form.name().to_owned(),
                occasions: vec![occasion],
                quota: None,
                source: Some("Theo thẩm quyền của Chủ tịch Ủy ban nhân dân xã (kế hoạch không nêu hình thức)".into()),
                note: None,
                issuer: None,
            })
            .collect()
    }
}

impl Review {
    pub fn label(self) -> &'static str {
        match self {
            Self::SoKet => "Sơ kết",
            Self::TongKet => "Tổng kết",
        }
    }
}

impl ParticipantKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Collective => "Tập thể",
            Self::Individual => "Cá nhân",
        }
    }
}

impl Indicator {
    pub fn label(self) -> &'static str {
        match self {
            Self::Dti => "Chỉ số chuyển đổi số (DTI)",
            Self::Dbi => "Chỉ số chuyển đổi số doanh nghiệp (DBI)",
            Self::DigitalSkills => "Tỷ lệ hoàn thành kỹ năng số cơ bản",
        }
    }
}

impl Deadline {
    /// The date as the plan states it: "trước ngày 15/11 hằng năm", "đến hết ngày 30/9/2025".
    pub fn when(&self) -> String {
        let bound = match self.bound {
            DueBound::Before => "trước ngày",
            DueBound::Through => "đến hết ngày",
        };
        match (self.yearly, self.year) {
            (true, _) => format!("{bound} {:02}/{:02} hằng năm", self.day, self.month),
            (false, Some(y)) => format!("{bound} {:02}/{:02}/{y}", self.day, self.month),
            (false, None) => format!("{bound} {:02}/{:02}", self.day, self.month),
        }
    }
}

impl DeadlineKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::UnitPlan => "Đơn vị ban hành kế hoạch",
            Self::Registration => "Đăng ký thi đua",
            Self::UnitReport => "Đơn vị báo cáo kết quả",
            Self::ReportToProvince => "Báo cáo lên tỉnh",
            Self::Nomination => "Gửi hồ sơ đề nghị khen thưởng",
        }
    }
}

impl DossierDocument {
    pub fn label(self) -> &'static str {
        match self {
            Self::ToTrinh => "Tờ trình",
            Self::BienBanHopXet => "Biên bản họp xét",
            Self::BaoCaoThanhTich => "Báo cáo thành tích",
            Self::ChungNhanSangKien => "Chứng nhận sáng kiến",
        }
    }
}
