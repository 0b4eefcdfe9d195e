//! The papers of a commendation dossier, and the plan itself, as official documents in the
//! Nghị định 30 layout (DOCX to edit, PDF to print): the unit's Tờ trình with its list, the
//! Biên bản họp xét drawn from the meeting the unit recorded, the Báo cáo thành tích from the
//! report the unit edited, and the commune's Kế hoạch.

use thidua_documents::Format;
use thidua_documents::docx::{Annex, Block, OfficialDoc, SignatureBlock};
use thidua_domain::access::Action;
use thidua_domain::awards::{AwardForm, AwardLevel};
use thidua_domain::calendar::parse_iso_date;
use thidua_domain::commendation::money::RecipientKind;
use thidua_domain::commendation::nomination::{NominationBody, Stage};
use thidua_domain::plan::Plan;
use thidua_domain::register::DocType;
use thidua_store::{NominationRow, OccasionRow, PackageRow, UnitRow};

use super::achievement_period;
use crate::auth::Ctx;
use crate::papers::{blank_date, commune_part, counted, long_date, plan_basis, render, unit_kind, who_phrase};
use crate::{App, AppError, Result};

/// A paper of one nomination's dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// Biên bản họp xét: the unit's meeting that chose the nominee.
    Minutes,
    /// Báo cáo thành tích: the achievements, as the unit reports them.
    Report,
}

impl Paper {
    pub fn parse(slug: &str) -> Option<Self> {
        match slug {
            "bien-ban" => Some(Self::Minutes),
            "bao-cao-thanh-tich" => Some(Self::Report),
            _ => None,
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            Self::Minutes => "bien-ban",
            Self::Report => "bao-cao-thanh-tich",
        }
    }
}

/// The header a unit's own papers carry: the commune above, the unit below. NĐ 30 lets the
/// parent's common words be shortened ("UBND XÃ PHÚ TÂN"), so it holds on one line.
fn unit_header(plan: &Plan, unit: &UnitRow) -> (String, String) {
    let parent = plan.authority.name.replacen("Ủy ban nhân dân", "UBND", 1);
    (parent.to_uppercase(), unit.name.to_uppercase())
}

/// The title the head of a unit signs under ("TRƯỞNG THÔN", "HIỆU TRƯỞNG"), from the unit's
/// kind and the first words of its name; "THỦ TRƯỞNG ĐƠN VỊ" where neither says more.
pub(crate) fn head_title(unit: &UnitRow) -> &'static str {
    let name = unit.name.to_lowercase();
    let starts = |p: &str| name.starts_with(p);
    match unit.kind.as_str() {
        "thon_to_dan_pho" if starts("tổ dân phố") => "TỔ TRƯỞNG TỔ DÂN PHỐ",
        "thon_to_dan_pho" if starts("ấp") => "TRƯỞNG ẤP",
        "thon_to_dan_pho" if starts("xóm") => "TRƯỞNG XÓM",
        "thon_to_dan_pho" if starts("bản") => "TRƯỞNG BẢN",
        "thon_to_dan_pho" if starts("khu phố") => "TRƯỞNG KHU PHỐ",
        "thon_to_dan_pho" => "TRƯỞNG THÔN",
        "truong_hoc" => "HIỆU TRƯỞNG",
        "doanh_nghiep" => "GIÁM ĐỐC",
        _ if starts("văn phòng") => "CHÁNH VĂN PHÒNG",
        _ if starts("phòng") => "TRƯỞNG PHÒNG",
        _ if starts("ban ") => "TRƯỞNG BAN",
        _ if starts("đoàn") => "BÍ THƯ",
        _ if starts("ủy ban mặt trận") || starts("hội") => "CHỦ TỊCH",
        _ if starts("công an") => "TRƯỞNG CÔNG AN",
        _ if starts("ban chỉ huy quân sự") => "CHỈ HUY TRƯỞNG",
        _ if starts("trạm") => "TRƯỞNG TRẠM",
        _ => "THỦ TRƯỞNG ĐƠN VỊ",
    }
}

pub(crate) fn form_name(code: &str) -> &'static str {
    AwardForm::parse(code).map_or("hình thức khen thưởng", AwardForm::name)
}

/// The unit's head signs in their own title: "TM." is for a collective body, not a head.
fn unit_signer(unit: &UnitRow) -> SignatureBlock {
    SignatureBlock {
        authority: None,
        on_behalf: None,
        position: head_title(unit).into(),
        name: String::new(),
    }
}

/// The unit's Tờ trình to the chairman, with the list of everyone it nominates in an occasion.
pub fn proposal(plan: &Plan, unit: &UnitRow, occasion: &OccasionRow, nominations: &[NominationRow]) -> OfficialDoc {
    let (issuer_parent, issuer) = unit_header(plan, unit);
    let rows: Vec<Vec<String>> = nominations
        .iter()
        .enumerate()
        .map(|(i, n)| {
            vec![
                (i + 1).to_string(),
                n.nominee_name.clone(),
                n.nominee_detail.clone(),
                n.form.name_for(&unit.tenant_code),
            ]
        })
        .collect();
    let collectives = nominations
        .iter()
        .filter(|n| n.recipient != RecipientKind::Individual)
        .count();
    let individuals = nominations.len() - collectives;
    OfficialDoc {
        issuer_parent,
        issuer,
        number: "Số:       /TTr".into(),
        place_date: format!("{}, {}", plan.document.place, blank_date(occasion.year)),
        kind: "TỜ TRÌNH".into(),
        subject: format!("Về việc đề nghị {}", occasion.title.to_lowercase()),
        authority_line: None,
        addressee: Some(format!("Kính gửi: Chủ tịch {}.", plan.authority.name)),
        bases: vec![plan_basis(plan)],
        body: vec![
            Block::Text(format!(
                "Căn cứ kết quả phong trào thi đua “{}” và biên bản họp xét của đơn vị, {} kính trình Chủ tịch {} xem xét, khen thưởng {} có thành tích xuất sắc (có danh sách và hồ sơ kèm theo).",
                plan.movement,
                unit.name,
                plan.authority.name,
                counted(collectives, individuals)
            )),
            Block::Text(format!(
                "Kính trình Chủ tịch {} xem xét, quyết định.",
                plan.authority.name
            )),
        ],
        recipients: vec!["- Như trên;".into(), "- Lưu: VT.".into()],
        signature: unit_signer(unit),
        left_signature: None,
        annex: Some(Annex {
            title: "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG".into(),
            subtitle: format!("(Kèm theo Tờ trình của {})", unit.name),
            headers: vec![
                "STT".into(),
                "Tên tập thể, cá nhân".into(),
                "Chức vụ, đơn vị".into(),
                "Hình thức đề nghị".into(),
            ],
            widths: vec![800, 2950, 2750, 2854],
            rows,
            total: None,
        }),
    }
}

/// The commune's Tờ trình to the province: the nominations of one province-or-higher form
/// the council approved, with their achievements and the council's vote in the list.
pub fn commune_proposal(
    plan: &Plan,
    occasion: &OccasionRow,
    package: &PackageRow,
    nominations: &[NominationRow],
    // "tỉnh An Giang", "thành phố Hà Nội".
    province: &str,
) -> Result<OfficialDoc> {
    let commune = commune_part(&plan.authority.name);
    // Until the văn thư registers it, a draft: no number and the day left blank.
    let registered = !package.symbol.is_empty();
    let date = parse_iso_date(&package.sent_date).filter(|_| registered);
    let number = crate::register::number_line(DocType::Submission, &package.symbol, &plan.authority.short_name);
    let form = form_name(&package.form);
    let chairman = format!("Chủ tịch Ủy ban nhân dân {province}");
    // A province form the province's chairman gives; a higher one the province takes further.
    let ask = match AwardForm::parse(&package.form) {
        Some(f) if f.level() != AwardLevel::Province => format!("trình {} tặng", f.decided_by()),
        _ => "tặng".to_owned(),
    };
    let rows: Vec<Vec<String>> = nominations
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let body: NominationBody = serde_json::from_str(&n.body).unwrap_or_default();
            let who = if n.nominee_detail.is_empty() {
                n.unit_name.clone()
            } else {
                format!("{}, {}", n.nominee_detail, n.unit_name)
            };
            let council = if n.members_present > 0 {
                format!("{}/{} đồng ý", n.votes_for, n.members_present)
            } else {
                String::new()
            };
            vec![
                (i + 1).to_string(),
                n.nominee_name.clone(),
                who,
                body.achievements,
                council,
            ]
        })
        .collect();
    let collectives = nominations
        .iter()
        .filter(|n| n.recipient != RecipientKind::Individual)
        .count();
    let individuals = nominations.len() - collectives;
    let whom = counted(collectives, individuals);
    let deputy = package.signer_title == "PHÓ CHỦ TỊCH";
    Ok(OfficialDoc {
        issuer_parent: "ỦY BAN NHÂN DÂN".into(),
        issuer: commune.to_uppercase(),
        place_date: format!(
            "{}, {}",
            plan.document.place,
            date.map_or_else(|| blank_date(occasion.year), long_date)
        ),
        number: number.clone(),
        kind: "TỜ TRÌNH".into(),
        subject: format!(
            "Về việc đề nghị tặng {form} cho {} có thành tích xuất sắc trong phong trào thi đua “{}”",
            who_phrase(collectives, individuals),
            plan.movement
        ),
        authority_line: None,
        addressee: Some(format!("Kính gửi: {chairman} (qua Sở Nội vụ).")),
        bases: vec![
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;".into(),
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;".into(),
            plan_basis(plan),
            match nominations.iter().filter_map(|n| parse_iso_date(&n.council_date)).max() {
                Some(d) => format!(
                    "Căn cứ kết quả họp xét của Hội đồng Thi đua – Khen thưởng {} ngày {}.",
                    unit_kind(plan),
                    thidua_domain::calendar::dmy(d)
                ),
                None => format!("Căn cứ kết quả họp xét của Hội đồng Thi đua – Khen thưởng {}.", unit_kind(plan)),
            },
        ],
        body: vec![
            Block::Text(format!(
                "Ủy ban nhân dân {commune} kính trình {chairman} xem xét, {ask} {form} cho {whom} đã có thành tích xuất sắc trong {} (có danh sách và hồ sơ kèm theo).",
                achievement_period(occasion)?
            )),
            Block::Text(format!("Kính trình {chairman} xem xét, quyết định./.")),
        ],
        recipients: vec![
            "- Như trên;".into(),
            "- Sở Nội vụ tỉnh;".into(),
            "- Lưu: VT, VHXH.".into(),
        ],
        signature: SignatureBlock {
            authority: Some("TM. ỦY BAN NHÂN DÂN".into()),
            on_behalf: deputy.then(|| "KT. CHỦ TỊCH".to_owned()),
            position: package.signer_title.clone(),
            name: package.signer_name.clone(),
        },
        left_signature: None,
        annex: Some(Annex {
            title: crate::papers::annex_title("DANH SÁCH ĐỀ NGHỊ TẶNG", form, province),
            subtitle: format!(
                "(Kèm theo Tờ trình {} của Ủy ban nhân dân {commune})",
                number.replacen("Số:", "số", 1)
            ),
            headers: vec![
                "STT".into(),
                "Tên tập thể, cá nhân".into(),
                "Chức vụ, đơn vị".into(),
                "Thành tích".into(),
                format!("Hội đồng {}", unit_kind(plan)),
            ],
            widths: vec![800, 2100, 2000, 2954, 1500],
            rows,
            total: None,
        }),
    })
}

/// The Biên bản of the unit's meeting that considered `n`: one paper per meeting, listing
/// every nomination the unit sent from that meeting (same occasion, same day) with its vote,
/// and what the meeting asks of whom. Time and place, which the unit does not enter, are left
/// for the secretary to write in.
pub fn minutes(
    plan: &Plan,
    unit: &UnitRow,
    occasion: &OccasionRow,
    n: &NominationRow,
    sent: &[NominationRow],
) -> OfficialDoc {
    let (issuer_parent, issuer) = unit_header(plan, unit);
    let meeting_of = |x: &NominationRow| {
        serde_json::from_str::<NominationBody>(&x.body)
            .unwrap_or_default()
            .meeting
    };
    let m = meeting_of(n);
    // The nominations of the same meeting; `n` itself even when it was since withdrawn.
    let mut considered: Vec<&NominationRow> = sent
        .iter()
        .filter(|x| x.id != n.id && x.unit_id == n.unit_id && x.occasion_id == n.occasion_id)
        .filter(|x| !matches!(x.status, Stage::Draft | Stage::Withdrawn))
        .filter(|x| meeting_of(x).date == m.date)
        .collect();
    considered.push(n);
    considered.sort_by_key(|x| x.id);
    let date = parse_iso_date(&m.date);
    let when = date.map_or_else(|| blank_date(occasion.year), long_date);
    let who = |x: &NominationRow| {
        if x.nominee_detail.is_empty() || x.nominee_detail == x.nominee_name {
            x.nominee_name.clone()
        } else {
            format!("{} ({})", x.nominee_name, x.nominee_detail)
        }
    };
    let mut body = vec![
        Block::Text(format!(
            "Hôm nay, vào hồi … giờ …, {when}, tại …, {} tổ chức họp xét đề nghị {}.",
            unit.name,
            occasion.title.to_lowercase()
        )),
        Block::Heading("I. THÀNH PHẦN".into()),
        Block::Text(format!("Chủ trì: {}.", if m.chair.is_empty() { "…" } else { &m.chair })),
        Block::Text("Thư ký: ….".into()),
        Block::Text(format!(
            "Số thành viên: {}; có mặt: {}; vắng mặt: {}.",
            m.members,
            m.present,
            m.members.saturating_sub(m.present)
        )),
        Block::Heading("II. NỘI DUNG VÀ KẾT QUẢ BỎ PHIẾU".into()),
        Block::Text(format!(
            "Cuộc họp xem xét thành tích và bỏ phiếu đề nghị khen thưởng {}:",
            crate::papers::who_phrase(
                considered
                    .iter()
                    .filter(|x| x.recipient != RecipientKind::Individual)
                    .count(),
                considered
                    .iter()
                    .filter(|x| x.recipient == RecipientKind::Individual)
                    .count()
            )
        )),
    ];
    for (i, x) in considered.iter().enumerate() {
        let v = meeting_of(x);
        body.push(Block::Text(format!(
            "{}. {} – đề nghị tặng {}. Thành tích: {} {}",
            i + 1,
            who(x),
            x.form.name_for(&unit.tenant_code),
            body_of(x).achievements.trim_end_matches('.').to_owned() + ".",
            tally(v.votes_for.into(), v.votes_against.into(), v.present.into())
        )));
    }
    body.push(Block::Heading("III. KẾT LUẬN".into()));
    // A commune form the chairman of the commune gives; a higher one the commune takes up.
    for x in &considered {
        let f = x.form;
        let ask = if f.level() != AwardLevel::Commune {
            format!(
                "Cuộc họp thống nhất đề nghị Chủ tịch {} xem xét, trình {} tặng {} cho {}.",
                plan.authority.name,
                f.decided_by(),
                f.name_for(&unit.tenant_code),
                x.nominee_name
            )
        } else {
            format!(
                "Cuộc họp thống nhất đề nghị Chủ tịch {} tặng {} cho {}.",
                plan.authority.name,
                f.name_for(&unit.tenant_code),
                x.nominee_name
            )
        };
        body.push(Block::Text(ask));
    }
    body.push(Block::Text(
        "Biên bản kết thúc vào hồi … giờ … cùng ngày, đã được đọc lại và các thành viên dự họp thống nhất.".into(),
    ));
    OfficialDoc {
        issuer_parent,
        issuer,
        number: "Số:       /BB".into(),
        place_date: format!("{}, {when}", plan.document.place),
        kind: "BIÊN BẢN".into(),
        subject: format!("Họp xét đề nghị {}", occasion.title.to_lowercase()),
        authority_line: None,
        addressee: None,
        bases: Vec::new(),
        body,
        recipients: Vec::new(),
        signature: SignatureBlock {
            authority: None,
            on_behalf: None,
            position: "CHỦ TRÌ".into(),
            name: m.chair.clone(),
        },
        left_signature: Some(secretary()),
        annex: None,
    }
}

/// The minutes of the commune's Hội đồng Thi đua – Khen thưởng on the nominations a Tờ trình
/// takes to the province: each with the council's vote, and what the council asks. They go up
/// with the package. The council's chair and secretary sign; the time and place are left for
/// the secretary to write in.
pub fn council_minutes(
    plan: &Plan,
    occasion: &OccasionRow,
    package: &PackageRow,
    nominations: &[NominationRow],
    province: &str,
) -> OfficialDoc {
    let council = format!("Hội đồng Thi đua – Khen thưởng {}", commune_part(&plan.authority.name));
    let met = nominations.iter().filter_map(|n| parse_iso_date(&n.council_date)).max();
    let when = met.map_or_else(|| blank_date(occasion.year), long_date);
    let present = nominations.iter().map(|n| n.members_present).max().unwrap_or(0);
    let form = form_name(&package.form);
    let mut body = vec![
        Block::Text(format!(
            "Hôm nay, vào hồi … giờ …, {when}, tại …, {council} họp xét các đề nghị khen thưởng {} thuộc thẩm quyền cấp trên.",
            occasion.title.to_lowercase()
        )),
        Block::Heading("I. THÀNH PHẦN".into()),
        Block::Text("Chủ trì: …, Chủ tịch Hội đồng.".into()),
        Block::Text("Thư ký: ….".into()),
        Block::Text(format!("Số thành viên Hội đồng có mặt: {present}.")),
        Block::Heading("II. NỘI DUNG VÀ KẾT QUẢ BIỂU QUYẾT".into()),
    ];
    for (i, n) in nominations.iter().enumerate() {
        body.push(Block::Text(format!(
            "{}. {}{} – đề nghị tặng {form}. {}",
            i + 1,
            n.nominee_name,
            if n.nominee_detail.is_empty() {
                format!(" ({})", n.unit_name)
            } else {
                format!(" ({}, {})", n.nominee_detail, n.unit_name)
            },
            tally(n.votes_for, n.votes_against, n.members_present)
        )));
    }
    body.push(Block::Heading("III. KẾT LUẬN".into()));
    body.push(Block::Text(format!(
        "Hội đồng thống nhất đề nghị Chủ tịch {} trình Chủ tịch Ủy ban nhân dân {province} xem xét, tặng {form} cho {} nêu trên.",
        plan.authority.name,
        counted(
            nominations.iter().filter(|n| n.recipient != RecipientKind::Individual).count(),
            nominations.iter().filter(|n| n.recipient == RecipientKind::Individual).count()
        )
    )));
    body.push(Block::Text(
        "Biên bản kết thúc vào hồi … giờ … cùng ngày, đã được đọc lại và các thành viên dự họp thống nhất.".into(),
    ));
    OfficialDoc {
        issuer_parent: plan
            .authority
            .name
            .replacen("Ủy ban nhân dân", "UBND", 1)
            .to_uppercase(),
        issuer: "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG".into(),
        number: "Số:       /BB-HĐTĐKT".into(),
        place_date: format!("{}, {when}", plan.document.place),
        kind: "BIÊN BẢN".into(),
        subject: format!("Họp {council} xét đề nghị khen thưởng cấp trên"),
        authority_line: None,
        addressee: None,
        bases: Vec::new(),
        body,
        recipients: Vec::new(),
        signature: SignatureBlock {
            authority: Some("TM. HỘI ĐỒNG".into()),
            on_behalf: None,
            position: "CHỦ TỊCH".into(),
            name: String::new(),
        },
        left_signature: Some(secretary()),
        annex: None,
    }
}

/// "Đồng ý: 8/8 thành viên có mặt (100,0%); không đồng ý: 0/8 (0,0%).": one vote, as both
/// minutes write it.
fn tally(yes: i64, no: i64, present: i64) -> String {
    let share = |k: i64| {
        if present <= 0 {
            String::from("0")
        } else {
            format!("{:.1}", k as f64 * 100.0 / present as f64).replace('.', ",")
        }
    };
    format!(
        "Đồng ý: {yes}/{present} thành viên có mặt ({}%); không đồng ý: {no}/{present} ({}%).",
        share(yes),
        share(no)
    )
}

/// The secretary's signature on a set of minutes, the name written by hand.
fn secretary() -> SignatureBlock {
    SignatureBlock {
        authority: None,
        on_behalf: None,
        position: "THƯ KÝ".into(),
        name: String::new(),
    }
}

fn body_of(n: &NominationRow) -> NominationBody {
    serde_json::from_str(&n.body).unwrap_or_default()
}

/// The Báo cáo thành tích of one nomination: the report the unit edited, its numbered parts
/// ("I. …") as headings.
pub fn report(plan: &Plan, unit: &UnitRow, occasion: &OccasionRow, n: &NominationRow) -> OfficialDoc {
    let (issuer_parent, issuer) = unit_header(plan, unit);
    let body: NominationBody = serde_json::from_str(&n.body).unwrap_or_default();
    let form = n.form.name_for(&unit.tenant_code);
    let is_heading = |line: &str| {
        let head = line.split('.').next().unwrap_or("");
        !head.is_empty() && line.contains(". ") && head.chars().all(|c| "IVX".contains(c))
    };
    let blocks: Vec<Block> = body
        .report
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        // The draft opens with the title and subject, which the document prints itself.
        .filter(|l| *l != "BÁO CÁO THÀNH TÍCH" && !l.starts_with("Đề nghị tặng"))
        .map(|l| {
            if is_heading(l) {
                Block::Heading(l.to_owned())
            } else {
                Block::Text(l.to_owned())
            }
        })
        .collect();
    let individual = n.recipient == RecipientKind::Individual;
    OfficialDoc {
        issuer_parent,
        issuer,
        number: String::new(),
        place_date: format!("{}, {}", plan.document.place, blank_date(occasion.year)),
        kind: "BÁO CÁO THÀNH TÍCH".into(),
        subject: format!("Đề nghị tặng {form}"),
        authority_line: None,
        addressee: None,
        bases: Vec::new(),
        body: if blocks.is_empty() {
            vec![Block::Text(body.achievements)]
        } else {
            blocks
        },
        recipients: Vec::new(),
        signature: if individual {
            SignatureBlock {
                authority: None,
                on_behalf: None,
                position: "NGƯỜI BÁO CÁO THÀNH TÍCH".into(),
                name: n.nominee_name.clone(),
            }
        } else {
            unit_signer(unit)
        },
        left_signature: Some(if individual {
            SignatureBlock {
                authority: Some("XÁC NHẬN CỦA".into()),
                on_behalf: None,
                position: head_title(unit).into(),
                name: String::new(),
            }
        } else {
            SignatureBlock {
                authority: Some("XÁC NHẬN CỦA".into()),
                on_behalf: None,
                position: format!("CHỦ TỊCH {}", plan.authority.name.to_uppercase()),
                name: String::new(),
            }
        }),
        annex: None,
    }
}

impl App {
    /// One paper of a nomination's dossier: (file name, bytes).
    pub async fn nomination_paper(
        &self,
        ctx: &Ctx,
        tenant: &str,
        (unit_id, occasion_id, id): (i64, i64, i64),
        paper: Paper,
        format: Format,
    ) -> Result<(String, Vec<u8>)> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        let missing = || AppError::NotFound("Không có đề nghị khen thưởng này.".into());
        let unit = scope.unit(unit_id).await?.ok_or_else(missing)?;
        let n = scope
            .nomination(id)
            .await?
            .filter(|n| n.occasion_id == occasion_id)
            .ok_or_else(missing)?;
        let occasion = scope.occasion(occasion_id).await?.ok_or_else(missing)?;
        let plan = self.commune_plan(tenant, occasion.year).await?;
        let doc = match paper {
            Paper::Minutes => minutes(
                &plan.plan,
                &unit,
                &occasion,
                &n,
                &scope.nominations(occasion_id, unit_id).await?,
            ),
            Paper::Report => report(&plan.plan, &unit, &occasion, &n),
        };
        Ok((
            format!("{}-{id}.{}", paper.slug(), format.extension()),
            render(&doc, format)?,
        ))
    }

    /// The unit's Tờ trình for an occasion, listing every nomination it has sent and that was
    /// not withdrawn or returned.
    pub async fn unit_proposal(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        occasion_id: i64,
        format: Format,
    ) -> Result<(String, Vec<u8>)> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        let missing = || AppError::NotFound("Không có đợt khen thưởng này.".into());
        let unit = scope.unit(unit_id).await?.ok_or_else(missing)?;
        let occasion = scope.occasion(occasion_id).await?.ok_or_else(missing)?;
        let mut nominations: Vec<NominationRow> = Vec::new();
        for n in scope.nominations(occasion_id, unit_id).await? {
            if !matches!(n.status, Stage::Draft | Stage::Withdrawn | Stage::Returned) {
                nominations.push(n);
            }
        }
        if nominations.is_empty() {
            return Err(AppError::Invalid(
                "Đơn vị chưa gửi đề nghị khen thưởng nào trong đợt này để lập tờ trình.".into(),
            ));
        }
        let plan = self.commune_plan(tenant, occasion.year).await?;
        let doc = proposal(&plan.plan, &unit, &occasion, &nominations);
        Ok((
            format!("to-trinh-{unit_id}-{occasion_id}.{}", format.extension()),
            render(&doc, format)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_head_signs_in_their_own_title() {
        let unit = |name: &str, kind: &str| UnitRow {
            id: 1,
            tenant_code: "30406".into(),
            name: name.into(),
            kind: kind.into(),
        };
        for (name, kind, title) in [
            ("Thôn Đông", "thon_to_dan_pho", "TRƯỞNG THÔN"),
            ("Tổ dân phố 3", "thon_to_dan_pho", "TỔ TRƯỞNG TỔ DÂN PHỐ"),
            ("Ấp Mỹ Hòa", "thon_to_dan_pho", "TRƯỞNG ẤP"),
            ("Trường Tiểu học", "truong_hoc", "HIỆU TRƯỞNG"),
            ("Phòng Văn hóa – Xã hội", "co_quan", "TRƯỞNG PHÒNG"),
            ("Văn phòng HĐND và UBND", "co_quan", "CHÁNH VĂN PHÒNG"),
            ("Ủy ban Mặt trận Tổ quốc Việt Nam", "mttq_doan_the", "CHỦ TỊCH"),
            ("Đoàn Thanh niên", "mttq_doan_the", "BÍ THƯ"),
            ("Hợp tác xã Tân Tiến", "doanh_nghiep", "GIÁM ĐỐC"),
            ("Một đơn vị lạ", "khac", "THỦ TRƯỞNG ĐƠN VỊ"),
        ] {
            assert_eq!(head_title(&unit(name, kind)), title, "{name}");
        }
    }

    /// Every paper of a ward's dossier speaks of the ward: read back from the DOCX, the word
    /// "xã" (outside "xã hội") appears nowhere (issue #19, item 3).
    #[test]
    fn a_wards_dossier_says_phuong_in_every_paper() {
        let plan = thidua_domain::plan::parse_plan("31471", include_bytes!("../../../../plans/31471-long-my.toml"))
            .unwrap()
            .plan;
        let unit = UnitRow {
            id: 7,
            tenant_code: "31471".into(),
            name: "Khu vực 3".into(),
            kind: "thon_to_dan_pho".into(),
        };
        let occasion = OccasionRow {
            id: 1,
            plan_id: 2,
            kind: thidua_domain::awards::Occasion::Annual,
            year: 2026,
            title: "Khen thưởng năm 2026".into(),
            open: true,
            opened_by: "test".into(),
            opened_at: 0,
        };
        let nomination = |id: i64, form: AwardForm, recipient: RecipientKind, name: &str| {
            NominationRow {
            id,
            occasion_id: 1,
            unit_id: 7,
            unit_name: "Khu vực 3".into(),
            form,
            recipient,
            person_id: id,
            subject_unit_id: if recipient == RecipientKind::Collective { 7 } else { 0 },
            nominee_name: name.into(),
            nominee_detail: String::new(),
            female: false,
            body: serde_json::json!({
                "achievements": "Vận động 120 hộ dân cài đặt VNeID",
                "report": "I. THÀNH TÍCH\nĐã vận động 120 hộ dân.",
                "meeting": { "date": "2026-11-10", "chair": "Nguyễn Văn Tư", "members": 9, "present": 8, "votes_for": 8, "votes_against": 0 },
                "initiatives": []
            })
            .to_string(),
            status: Stage::Approved,
            holds_place: true,
            verdict: String::new(),
            return_reason: String::new(),
            step_due: String::new(),
            votes_for: 7,
            votes_against: 0,
            members_present: 7,
            decision_id: 0,
            created_by: "test".into(),
            updated_at: 0,
            submitted_at: 0,
            package_id: 1,
            outcome_note: String::new(),
            council_date: "2026-11-20".into(),
        }
        };
        let commune_level = [
            nomination(
                1,
                AwardForm::GiayKhenChuTichXa,
                RecipientKind::Individual,
                "Trần Văn Ba",
            ),
            nomination(2, AwardForm::GiayKhenChuTichXa, RecipientKind::Collective, "Khu vực 3"),
        ];
        let to_province = [nomination(
            3,
            AwardForm::BangKhenChuTichTinh,
            RecipientKind::Individual,
            "Lê Thị Hoa",
        )];
        let package = PackageRow {
            id: 1,
            tenant_code: "31471".into(),
            province_code: "92".into(),
            occasion_id: 1,
            form: "bang_khen_chu_tich_tinh".into(),
            symbol: "5/TTr-UBND".into(),
            sent_date: "2026-11-22".into(),
            signer_name: "Nguyễn Văn Chủ".into(),
            signer_title: "CHỦ TỊCH".into(),
            status: "sent".into(),
        };
        let papers = [
            ("Tờ trình của đơn vị", proposal(&plan, &unit, &occasion, &commune_level)),
            (
                "Biên bản họp xét",
                minutes(&plan, &unit, &occasion, &commune_level[0], &commune_level),
            ),
            ("Báo cáo thành tích", report(&plan, &unit, &occasion, &commune_level[0])),
            (
                "Tờ trình lên tỉnh",
                commune_proposal(&plan, &occasion, &package, &to_province, "thành phố Cần Thơ").unwrap(),
            ),
            (
                "Biên bản Hội đồng",
                council_minutes(&plan, &occasion, &package, &to_province, "thành phố Cần Thơ"),
            ),
        ];
        for (what, doc) in papers {
            let bytes = render(&doc, Format::Docx).unwrap();
            let text = thidua_documents::docx::docx_text(&bytes).unwrap();
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let stray =
                words.windows(2).any(|w| w[0] == "xã" && w[1] != "hội") || words.last().is_some_and(|w| w == "xã");
            assert!(!stray, "{what} says «xã» for a ward:\n{text}");
            assert!(text.to_lowercase().contains("phường"), "{what} names the ward:\n{text}");
        }
    }
}
