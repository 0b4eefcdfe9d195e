//! The chairman's decision: signing, the document, reward money, certificates and their verification.

use super::*;

/// Who signs for the People's Committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Signer {
    #[default]
    Chairman,
    /// Ký thay (KT.) the chairman.
    ViceChairman,
}

impl Signer {
    pub fn title(self) -> &'static str {
        match self {
            Self::Chairman => "CHỦ TỊCH",
            Self::ViceChairman => "PHÓ CHỦ TỊCH",
        }
    }
}

/// The chairman's signature on the approved nominations of one award form. A value the form
/// could not read is `None` and is named back to the signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignCommand {
    pub form: Option<AwardForm>,
    pub date: Option<Date>,
    pub signer_name: String,
    pub signer: Signer,
}

impl SignCommand {
    /// The signing form: `form`, `date` (ISO), `signer_name`, `signer_title` (pho: vice-chairman).
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            form: AwardForm::parse(&value(pairs, "form")),
            date: parse_iso_date(&value(pairs, "date")),
            signer_name: value(pairs, "signer_name"),
            signer: if value(pairs, "signer_title") == "pho" {
                Signer::ViceChairman
            } else {
                Signer::Chairman
            },
        }
    }
}

impl App {
    /// The chairman's decision for every approved nomination of a commune-level form on the
    /// occasion: numbered from the register, the money computed from the tables in force on
    /// its date, the initiatives cited marked used, the registry written.
    pub async fn sign_decision(&self, ctx: &Ctx, tenant: &str, occasion_id: i64, cmd: &SignCommand) -> Result<i64> {
        let scope = self.authorize(ctx, Action::SignDecisions, tenant, None).await?;
        let occasion = scope
            .occasion(occasion_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        let form = cmd
            .form
            .ok_or_else(|| field("form", "Hình thức: chọn hình thức cần ra quyết định."))?;
        if form.level() != AwardLevel::Commune {
            return Err(field(
                "form",
                format!(
                    "{} do {} quyết định: trình lên cấp trên, xã không ra quyết định.",
                    form.name(),
                    form.decided_by()
                ),
            ));
        }
        let date = cmd
            .date
            .ok_or_else(|| field("date", "Ngày quyết định: hãy chọn một ngày."))?;
        let date_text = date.to_string();
        if date > today() {
            return Err(field(
                "date",
                format!(
                    "Ngày quyết định {} chưa tới (hôm nay là {}): quyết định không ghi ngày trong tương lai.",
                    dmy(date),
                    dmy(today())
                ),
            ));
        }
        let signer_name = cmd.signer_name.clone();
        if signer_name.is_empty() {
            return Err(field("signer_name", "Người ký: nhập họ tên."));
        }
        let signer_title = cmd.signer.title();
        let mut approved = Vec::new();
        for n in scope.nominations(occasion_id, 0).await? {
            if n.status == Stage::Approved && n.form == form {
                approved.push(n);
            }
        }
        if approved.is_empty() {
            return Err(field(
                "form",
                format!("Chưa có đề nghị {} nào được Hội đồng thông qua.", form.name()),
            ));
        }
        // A decision rests on the units' meetings and the council's vote: it cannot precede them.
        let steps = approved.iter().flat_map(|n| {
            let meeting = parse_iso_date(&parse_body(&n.body).meeting.date).map(|d| (d, "cuộc họp xét của đơn vị"));
            let council =
                parse_iso_date(&n.council_date).map(|d| (d, "phiên biểu quyết của Hội đồng Thi đua – Khen thưởng"));
            [meeting, council]
                .into_iter()
                .flatten()
                .map(move |(d, what)| (d, what, n))
        });
        if let Some((latest, what, n)) = steps.max_by_key(|(d, _, _)| *d)
            && date < latest
        {
            return Err(field(
                "date",
                format!(
                    "Ngày quyết định {} sớm hơn {} ngày {} (đề nghị khen thưởng {}): quyết định phải ghi ngày từ {} trở đi.",
                    dmy(date),
                    what,
                    dmy(latest),
                    n.nominee_name,
                    dmy(latest)
                ),
            ));
        }
        for n in &approved {
            scope.hold_unclaimed(n.id, &parse_body(&n.body).initiatives).await?;
        }
        let tables = self.legal_tables().await?;
        let kind = award_kind(occasion.kind);
        let mut lines = Vec::new();
        let mut awards = Vec::new();
        let mut total = 0;
        let mut base_salary = 0;
        for n in &approved {
            let recipient = n.recipient;
            let reward: Reward = tables
                .reward(form, recipient, date)
                .map_err(|e| field("date", e.to_string()))?;
            base_salary = reward.base_salary;
            total += reward.amount;
            let body = parse_body(&n.body);
            lines.push(DecisionLine {
                nomination_id: n.id,
                recipient,
                name: n.nominee_name.clone(),
                detail: if n.nominee_detail.is_empty() {
                    n.unit_name.clone()
                } else {
                    format!("{}, {}", n.nominee_detail, n.unit_name)
                },
                achievements: body.achievements,
                amount: reward.amount,
            });
            awards.push(NewAwardRecord {
                recipient: n.recipient.code().to_owned(),
                subject_id: n.subject_id(),
                name: n.nominee_name.clone(),
                year: occasion.year,
                form: form.code().to_owned(),
                kind: kind.code().to_owned(),
                decision_no: String::new(),
                decision_date: date_text.clone(),
                amount: reward.amount,
                nomination_id: n.id,
                verify_code: certificate_code(),
            });
        }
        // Women and collectives with ≥ 70% women first, as the law gives them priority.
        let order = |l: &DecisionLine| !approved.iter().any(|n| n.id == l.nomination_id && n.female);
        lines.sort_by_key(|l| (l.recipient != RecipientKind::Collective, order(l)));
        let body = DecisionBody {
            form_name: form.name_for(tenant),
            occasion_title: occasion.title.clone(),
            base_salary,
            lines,
            council_date: approved
                .iter()
                .map(|n| n.council_date.clone())
                .filter(|d| !d.is_empty())
                .max(),
        };
        let collectives = body
            .lines
            .iter()
            .filter(|l| l.recipient != RecipientKind::Individual)
            .count();
        let summary = format!(
            "Về việc tặng {} cho {}",
            body.form_name,
            crate::papers::who_phrase(collectives, body.lines.len() - collectives)
        );
        let decision = scope
            .record_decision(&NewDecision {
                occasion_id,
                form: form.code().to_owned(),
                summary,
                decision_date: date_text,
                signer_name,
                signer_title: signer_title.into(),
                total,
                body: serde_json::to_string(&body).unwrap_or_default(),
                awards,
            })
            .await?
            .ok_or_else(|| {
                AppError::Invalid("Danh sách đã thay đổi trong lúc ký; hãy tải lại trang và ký lại.".into())
            })?;
        self.announce_awaiting(tenant, thidua_domain::register::Source::Decision, decision.id)
            .await;
        Ok(decision.id)
    }

    pub async fn decision(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
    ) -> Result<(DecisionRow, DecisionBody, Arc<StoredPlan>, OccasionRow)> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let row = scope
            .decision(id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có quyết định này.".into()))?;
        let body: DecisionBody =
            serde_json::from_str(&row.body).map_err(|_| AppError::NotFound("Quyết định này không đọc được.".into()))?;
        let occasion = scope
            .occasion(row.occasion_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        let plan = self.commune_plan(tenant, occasion.year).await?;
        Ok((row, body, plan, occasion))
    }

    /// The decision's page: its row and lines.
    pub async fn decision_view(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<DecisionRowView> {
        let (row, body, _, occasion) = self.decision(ctx, tenant, id).await?;
        let date = parse_iso_date(&row.decision_date).unwrap_or_else(today);
        let basis = self.legal_tables().await?.base_salary_basis(body.base_salary, date);
        Ok(DecisionRowView {
            row,
            body,
            occasion,
            basis,
        })
    }
}

/// "Theo đề nghị của Hội đồng … (phiên họp ngày …) và Trưởng phòng Văn hóa – Xã hội.": the
/// proposal a decision rests on.
fn proposal_basis(kind: &str, council_date: Option<Date>) -> String {
    match council_date {
        Some(d) => format!(
            "Theo đề nghị của Hội đồng Thi đua – Khen thưởng {kind} tại phiên họp ngày {} và của Trưởng phòng Văn hóa – Xã hội.",
            dmy(d)
        ),
        None => format!("Theo đề nghị của Hội đồng Thi đua – Khen thưởng {kind} và của Trưởng phòng Văn hóa – Xã hội."),
    }
}

/// The chairman's decision in the format of Nghị định 30/2020, with its annex list.
pub fn decision_document(
    row: &DecisionRow,
    body: &DecisionBody,
    plan: &StoredPlan,
    occasion: &OccasionRow,
) -> Result<thidua_documents::docx::OfficialDoc> {
    use thidua_documents::docx::{Annex, Block, OfficialDoc, SignatureBlock};
    use thidua_domain::commendation::money::vnd;
    let p = &plan.plan;
    let commune = commune_part(&p.authority.name);
    let issuer = commune.to_uppercase();
    let kind = unit_kind(p);
    // Decisions signed before the kind was taken into account carry the catalogue's name.
    let form_name = body
        .form_name
        .replacen("Ủy ban nhân dân xã", &format!("Ủy ban nhân dân {kind}"), 1);
    // A draft until the văn thư registers it: no number, and the day and month left blank.
    let number = crate::register::number_line(DocType::Decision, &row.symbol, &p.authority.short_name);
    let signed = parse_iso_date(&row.decision_date).unwrap_or_else(today);
    let dated = if row.is_registered() {
        long_date(signed)
    } else {
        crate::papers::blank_date(signed.year())
    };
    let annex_ref = format!("{} {dated}", number.replacen("Số:", "số", 1));
    let collectives = body
        .lines
        .iter()
        .filter(|l| l.recipient != RecipientKind::Individual)
        .count();
    let individuals = body.lines.len() - collectives;
    let whom = crate::papers::counted(collectives, individuals);
    let plan_ref = plan_basis(p);
    let deputy = row.signer_title == "PHÓ CHỦ TỊCH";
    let rows: Vec<Vec<String>> = body
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| vec![(i + 1).to_string(), l.name.clone(), l.detail.clone(), vnd(l.amount)])
        .collect();
    Ok(OfficialDoc {
        issuer_parent: "ỦY BAN NHÂN DÂN".into(),
        issuer: issuer.clone(),
        number,
        place_date: format!("{}, {dated}", p.document.place),
        kind: "QUYẾT ĐỊNH".into(),
        subject: format!(
            "Về việc tặng {} cho {} có thành tích xuất sắc trong phong trào thi đua “{}”",
            form_name,
            crate::papers::who_phrase(collectives, individuals),
            p.movement
        ),
        authority_line: Some(format!("CHỦ TỊCH ỦY BAN NHÂN DÂN {issuer}")),
        bases: vec![
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;".into(),
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;".into(),
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;".into(),
            plan_ref,
            proposal_basis(kind, body.council_date.as_deref().and_then(parse_iso_date)),
        ],
        body: vec![
            Block::Centered("QUYẾT ĐỊNH:".into()),
            Block::Article {
                label: "Điều 1.".into(),
                text: format!(
                    "Tặng {} cho {whom} đã có thành tích xuất sắc trong {} (có danh sách kèm theo).",
                    form_name,
                    achievement_period(occasion)?
                ),
            },
            Block::Article {
                label: "Điều 2.".into(),
                text: format!(
                    "Kèm theo {} là tiền thưởng theo quy định, tính trên mức lương cơ sở {} đồng; tổng số tiền thưởng là {} đồng, chi từ quỹ thi đua, khen thưởng của {kind}.",
                    form_name,
                    vnd(body.base_salary),
                    vnd(row.total)
                ),
            },
            Block::Article {
                label: "Điều 3.".into(),
                text: format!("Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND {kind}, Trưởng phòng Văn hóa – Xã hội, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
            },
        ],
        recipients: vec![
            "- Như Điều 3;".into(),
            format!("- Thường trực Đảng ủy, HĐND {kind} (b/c);"),
            "- Lưu: VT, VHXH.".into(),
        ],
        signature: SignatureBlock {
            authority: None,
            on_behalf: deputy.then(|| "KT. CHỦ TỊCH".to_owned()),
            position: row.signer_title.clone(),
            name: row.signer_name.clone(),
        },
        addressee: None,
        left_signature: None,
        annex: Some(Annex {
            title: annex_title(
                &format!("DANH SÁCH {} ĐƯỢC TẶNG", crate::papers::who_phrase(collectives, individuals)),
                &form_name,
                &commune,
            ),
            subtitle: format!("(Kèm theo Quyết định {annex_ref} của Chủ tịch Ủy ban nhân dân {commune})"),
            headers: vec![
                "STT".into(),
                "Tên tập thể, cá nhân".into(),
                "Chức vụ, đơn vị".into(),
                "Số tiền (đồng)".into(),
            ],
            widths: vec![800, 3300, 3300, 1954],
            rows,
            total: Some(vec![String::new(), "Tổng cộng".into(), String::new(), vnd(row.total)]),
        }),
    })
}

impl App {
    /// The decision as a file to download: (file name, bytes).
    pub async fn decision_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
        format: thidua_documents::Format,
    ) -> Result<(String, Vec<u8>)> {
        let (row, body, plan, occasion) = self.decision(ctx, tenant, id).await?;
        let doc = decision_document(&row, &body, &plan, &occasion)?;
        let bytes = thidua_documents::official(&doc, format).map_err(|e| AppError::Invalid(e.to_string()))?;
        let file = if row.is_registered() {
            format!("quyet-dinh-{}-{}.{}", row.number, row.decision_date, format.extension())
        } else {
            format!("du-thao-quyet-dinh-{}.{}", row.id, format.extension())
        };
        Ok((file, bytes))
    }

    /// The accountant's copy of a registered decision: each awardee and amount, the total,
    /// the base salary it was computed on and where that value comes from, as XLSX.
    pub async fn payment_list(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<(String, Vec<u8>)> {
        use thidua_documents::payment_list::{Payee, PaymentList, payment_list_xlsx};
        let (row, body, plan, _) = self.decision(ctx, tenant, id).await?;
        if !row.is_registered() {
            return Err(AppError::Invalid(
                "Quyết định chưa vào sổ văn bản đi: danh sách chi tiền lập khi quyết định đã có số và ngày ban hành."
                    .into(),
            ));
        }
        let date = parse_iso_date(&row.decision_date).unwrap_or_else(today);
        let commune = commune_part(&plan.plan.authority.name);
        let basis = self.legal_tables().await?.base_salary_basis(body.base_salary, date);
        let list = PaymentList {
            issuer: format!("ỦY BAN NHÂN DÂN {}", commune.to_uppercase()),
            reference: format!(
                "Kèm theo Quyết định số {} ngày {} của Chủ tịch Ủy ban nhân dân {commune}",
                row.symbol,
                dmy(date)
            ),
            form_name: body.form_name.clone(),
            basis,
            payees: body
                .lines
                .iter()
                .map(|l| Payee {
                    name: l.name.clone(),
                    detail: l.detail.clone(),
                    amount: l.amount,
                })
                .collect(),
        };
        let bytes = payment_list_xlsx(&list).map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok((
            format!("danh-sach-chi-{}-{}.xlsx", row.number, row.decision_date),
            bytes,
        ))
    }

    /// The Giấy khen of every award in a decision, in one PDF for printing, each with the QR
    /// code of its page on the platform's public address.
    pub async fn certificates(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<(String, Vec<u8>)> {
        let (row, body, plan, occasion) = self.decision(ctx, tenant, id).await?;
        let origin = self.public_url.clone().ok_or_else(|| {
            AppError::Invalid(
                "Chưa đặt địa chỉ công khai của hệ thống (THIDUA_PUBLIC_URL): mã QR trên Giấy khen phải dẫn tới địa chỉ cố định mà người dân mở được. Hãy nhờ quản trị đặt địa chỉ này rồi in lại."
                    .into(),
            )
        })?;
        if !row.is_registered() {
            return Err(AppError::Invalid(
                "Quyết định chưa vào sổ văn bản đi: Giấy khen chỉ in khi quyết định đã có số và ngày ban hành.".into(),
            ));
        }
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let codes: HashMap<i64, String> = scope
            .decision_awards(&row.symbol)
            .await?
            .into_iter()
            .map(|a| (a.nomination_id, a.verify_code))
            .collect();
        let women: HashSet<i64> = scope
            .nominations(occasion.id, 0)
            .await?
            .into_iter()
            .filter(|n| n.female)
            .map(|n| n.id)
            .collect();
        let doc = decision_document(&row, &body, &plan, &occasion)?;
        let date = parse_iso_date(&row.decision_date).unwrap_or_else(today);
        let title = if body.form_name.starts_with("Giấy khen") {
            "GIẤY KHEN".to_owned()
        } else {
            body.form_name.to_uppercase()
        };
        let certificates: Vec<Certificate> = body
            .lines
            .iter()
            .map(|l| {
                let code = codes.get(&l.nomination_id).cloned().unwrap_or_default();
                let recipient = match (l.recipient, women.contains(&l.nomination_id)) {
                    (RecipientKind::Individual, true) => format!("Bà {}", l.name),
                    (RecipientKind::Individual, false) => format!("Ông {}", l.name),
                    _ => l.name.clone(),
                };
                Certificate {
                    issuer_parent: doc.issuer_parent.clone(),
                    issuer: doc.issuer.clone(),
                    authority_line: doc.authority_line.clone().unwrap_or_default(),
                    title: title.clone(),
                    recipient,
                    // A collective named as its own unit ("Thôn Đông") is placed in the commune,
                    // not repeated.
                    detail: if l.detail == l.name {
                        commune_part(&plan.plan.authority.name)
                    } else {
                        l.detail.clone()
                    },
                    achievement: format!(
                        "Đã có thành tích xuất sắc trong phong trào thi đua “{}” năm {}",
                        plan.plan.movement, occasion.year
                    ),
                    decision: format!("Quyết định số {} ngày {}", row.symbol, dmy(date)),
                    place_date: doc.place_date.clone(),
                    signer_position: [
                        doc.signature.on_behalf.as_deref(),
                        Some(doc.signature.position.as_str()),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n"),
                    signer_name: doc.signature.name.clone(),
                    verify_url: format!("{origin}/xac-minh/{code}"),
                    verify_code: format!("Mã xác minh: {code}"),
                }
            })
            .collect();
        let bytes =
            thidua_documents::pdf::certificates_pdf(&certificates).map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok((format!("giay-khen-{}-{}.pdf", row.number, row.decision_date), bytes))
    }

    /// The award behind a certificate's code, for anyone holding the certificate.
    pub async fn verify_certificate(&self, code: &str) -> Result<Option<VerifiedAward>> {
        let code = code.trim().to_uppercase();
        if code.is_empty() || code.len() > 32 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(None);
        }
        Ok(self.store.verified_award(&code).await?)
    }
}

/// A certificate's code: 10 characters of Crockford's alphabet (no I, L, O, U to misread),
/// 50 random bits, so codes cannot be guessed or enumerated.
pub(crate) fn certificate_code() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("the OS random source");
    bytes.iter().map(|b| ALPHABET[usize::from(b % 32)] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::papers::cited_title;

    /// A ward's decision speaks of the ward, not of a "xã" (issue #19, item 3).
    #[test]
    fn a_wards_decision_names_the_ward_everywhere() {
        let checked =
            thidua_domain::plan::parse_plan("31471", include_bytes!("../../../../plans/31471-long-my.toml")).unwrap();
        let plan = StoredPlan {
            summary: thidua_store::PlanSummary {
                id: 2,
                tenant_code: "31471".into(),
                commune_name: "Phường Long Mỹ".into(),
                province_code: "92".into(),
                province_name: "Cần Thơ".into(),
                start_year: 2026,
                end_year: 2030,
                title: checked.plan.document.title.clone(),
                revision: 1,
                updated_at: 0,
            },
            plan: checked.plan,
        };
        let body = DecisionBody {
            // As a decision signed before the unit's kind was taken into account stored it.
            form_name: AwardForm::GiayKhenChuTichXa.name().to_owned(),
            occasion_title: "Khen thưởng năm 2026".into(),
            base_salary: 2_340_000,
            lines: vec![DecisionLine {
                nomination_id: 1,
                recipient: RecipientKind::Individual,
                name: "Trần Văn Ba".into(),
                detail: "Tổ trưởng tổ dân phố".into(),
                achievements: String::new(),
                amount: 710_000,
            }],
            council_date: Some("2026-12-15".into()),
        };
        let row = DecisionRow {
            id: 1,
            occasion_id: 1,
            form: "giay_khen_chu_tich_xa".into(),
            number: 3,
            symbol: "3/QĐ-UBND".into(),
            decision_date: "2026-11-20".into(),
            signer_name: "Nguyễn Văn Chủ".into(),
            signer_title: "CHỦ TỊCH".into(),
            total: 710_000,
            body: String::new(),
            created_by: "test".into(),
        };
        let occasion = OccasionRow {
            id: 1,
            plan_id: 2,
            kind: Occasion::Annual,
            year: 2026,
            title: "Khen thưởng năm 2026".into(),
            open: true,
            opened_by: "test".into(),
            opened_at: 0,
        };
        let doc = decision_document(&row, &body, &plan, &occasion).unwrap();
        let bytes = thidua_documents::official(&doc, thidua_documents::Format::Docx).unwrap();
        let text = thidua_documents::docx::docx_text(&bytes).unwrap();
        for expected in [
            "Giấy khen của Chủ tịch Ủy ban nhân dân phường",
            "quỹ thi đua, khen thưởng của phường",
            "Chánh Văn phòng HĐND và UBND phường",
            "HĐND phường (b/c)",
            // NĐ 30: the body ends with "./.".
            "chịu trách nhiệm thi hành Quyết định này./.",
        ] {
            assert!(text.contains(expected), "«{expected}» in\n{text}");
        }
        assert!(!text.contains(" xã"), "no «xã» in a ward's decision:\n{text}");
        assert_eq!(
            AwardForm::GiayKhenChuTichXa.name_for("07192"),
            "Giấy khen của Chủ tịch Ủy ban nhân dân đặc khu"
        );
        // The plan and the council's proposal are cited (issue #19, item 4): the plan has no
        // number yet, so the văn thư finds blanks to fill, not a citation without them.
        assert!(
            text.contains("Căn cứ Kế hoạch số       /KH-UBND ngày      tháng      năm 2026 của Ủy ban nhân dân phường Long Mỹ về triển khai Phong trào thi đua"),
            "{text}"
        );
        assert!(
            text.contains("Theo đề nghị của Hội đồng Thi đua – Khen thưởng phường tại phiên họp ngày 15/12/2026 và của Trưởng phòng Văn hóa – Xã hội."),
            "{text}"
        );
        // Until the văn thư registers it: no number, the day left blank, in the annex too.
        let draft = DecisionRow {
            number: 0,
            symbol: String::new(),
            ..row.clone()
        };
        let doc = decision_document(&draft, &body, &plan, &occasion).unwrap();
        let bytes = thidua_documents::official(&doc, thidua_documents::Format::Docx).unwrap();
        let text = thidua_documents::docx::docx_text(&bytes).unwrap();
        for expected in [
            "Số:        /QĐ-UBND",
            "Long Mỹ, ngày      tháng      năm 2026",
            "(Kèm theo Quyết định số        /QĐ-UBND ngày      tháng      năm 2026 của Chủ tịch Ủy ban nhân dân phường Long Mỹ)",
        ] {
            assert!(text.contains(expected), "«{expected}» in\n{text}");
        }
    }

    #[test]
    fn annex_titles_break_before_the_giver_and_name_the_place() {
        assert_eq!(
            annex_title(
                "DANH SÁCH các cá nhân ĐƯỢC TẶNG",
                "Giấy khen của Chủ tịch Ủy ban nhân dân xã",
                "xã Phú Tân"
            ),
            "DANH SÁCH CÁC CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN\nCỦA CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN"
        );
        assert_eq!(
            annex_title(
                "DANH SÁCH ĐỀ NGHỊ TẶNG",
                "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                "thành phố Hà Nội"
            ),
            "DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN\nCỦA CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
        );
        assert!(
            annex_title(
                "X",
                "Giấy khen của Chủ tịch Ủy ban nhân dân đặc khu",
                "đặc khu Phú Quốc"
            )
            .ends_with("ĐẶC KHU PHÚ QUỐC")
        );
        // Each line fits the page at 14 pt bold.
        for line in annex_title(
            "DANH SÁCH CÁC TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG",
            "Giấy khen của Chủ tịch Ủy ban nhân dân phường",
            "phường Long Mỹ",
        )
        .lines()
        {
            let width = thidua_documents::layout::text_width(line, 14.0, true);
            assert!(width <= thidua_documents::layout::TEXT_WIDTH_PT, "{line}: {width}");
        }
    }

    #[test]
    fn a_numbered_plan_is_cited_with_its_number_and_date() {
        let mut plan = thidua_domain::plan::parse_plan("30406", include_bytes!("../../../../plans/30406-phu-tan.toml"))
            .unwrap()
            .plan;
        plan.document.number = Some(49);
        plan.document.date = Some("2025-08-20".into());
        assert_eq!(
            plan_basis(&plan),
            "Căn cứ Kế hoạch số 49/KH-UBND ngày 20 tháng 8 năm 2025 của Ủy ban nhân dân xã Phú Tân về phát động phong trào thi đua “Phú Tân thi đua đổi mới sáng tạo và chuyển đổi số”;"
        );
        assert_eq!(cited_title("Về việc tổ chức triển khai"), "tổ chức triển khai");
    }
}
