//! The award registry (sổ vàng), its history import, and the legal tables and rule sets it is judged by.

use super::*;

/// One fact eligibility looks at, as the dossier officer records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryFact {
    /// A yearly rating (xếp loại).
    Rating(Option<Rating>),
    /// An earlier award, by its decision.
    Award {
        form: Option<AwardForm>,
        kind: Option<AwardKind>,
        decision_no: String,
        decision_date: String,
    },
    /// A discipline, investigation or inspection under way, which blocks awards.
    Block { reason: String },
}

/// A fact about a person or collective; what could not be read is `None` and is named back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryCommand {
    pub recipient: Option<RecipientKind>,
    pub subject: Option<i64>,
    pub year: Option<i32>,
    /// `None`: a kind of fact the form does not offer.
    pub fact: Option<HistoryFact>,
}

impl HistoryCommand {
    /// The registry's form: `what` = rating | award | block, with its fields.
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        let v = |name: &str| value(pairs, name);
        let fact = match v("what").as_str() {
            "rating" => Some(HistoryFact::Rating(Rating::parse(&v("rating")))),
            "award" => Some(HistoryFact::Award {
                form: AwardForm::parse(&v("form")),
                kind: AwardKind::parse(&v("kind")),
                decision_no: v("decision_no"),
                decision_date: v("decision_date"),
            }),
            "block" => Some(HistoryFact::Block { reason: v("reason") }),
            _ => None,
        };
        Self {
            recipient: RecipientKind::parse(&v("recipient")),
            subject: v("subject").parse().ok(),
            year: v("year").parse().ok(),
            fact,
        }
    }
}

impl App {
    /// The award registry (sổ vàng) of the commune, with who may be named in it.
    pub async fn registry(&self, ctx: &Ctx, tenant: &str) -> Result<Registry> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        Ok(Registry {
            records: scope.award_records("", 0).await?,
            people: scope.people().await?,
            units: scope.units().await?,
            can_record: Self::may(ctx, Action::AppraiseDossiers, tenant, None),
            can_annul: Self::may(ctx, Action::SignDecisions, tenant, None),
        })
    }

    /// The reward tables, for the operator's page.
    pub async fn legal_tables_for(&self, ctx: &Ctx) -> Result<LegalTables> {
        self.authorize_view(ctx, Action::ManageLegalTables, thidua_domain::access::PLATFORM, None)
            .await?;
        self.legal_tables().await
    }

    /// Records what eligibility looks at: a yearly rating, an earlier award, or a block.
    pub async fn record_history(&self, ctx: &Ctx, tenant: &str, cmd: &HistoryCommand) -> Result<()> {
        let scope = self.authorize(ctx, Action::AppraiseDossiers, tenant, None).await?;
        let recipient = cmd
            .recipient
            .filter(|r| *r != RecipientKind::Household)
            .ok_or_else(|| field("recipient", "Đối tượng: chọn cá nhân hoặc tập thể."))?;
        let subject = cmd
            .subject
            .ok_or_else(|| field("subject", "Người hoặc tập thể: chọn trong danh sách."))?;
        let name = match recipient {
            RecipientKind::Individual => scope
                .people()
                .await?
                .into_iter()
                .find(|p| p.id == subject)
                .map(|p| p.full_name),
            _ => scope.unit(subject).await?.map(|u| u.name),
        }
        .ok_or_else(|| field("subject", "Người hoặc tập thể: chọn trong danh sách."))?;
        let year = || -> Result<i32> {
            cmd.year
                .filter(|y| (1975..=2100).contains(y))
                .ok_or_else(|| field("year", "Năm: nhập năm, ví dụ 2025."))
        };
        match &cmd.fact {
            Some(HistoryFact::Rating(rating)) => {
                let rating = rating.ok_or_else(|| field("rating", "Xếp loại: chọn một mức."))?;
                scope
                    .set_rating(recipient.code(), subject, year()?, rating.code())
                    .await?;
            }
            Some(HistoryFact::Award {
                form,
                kind,
                decision_no,
                decision_date,
            }) => {
                let form = form
                    .filter(|f| recipient.allowed(*f))
                    .ok_or_else(|| field("form", "Hình thức: chọn hình thức tặng được cho đối tượng này."))?;
                let kind =
                    kind.ok_or_else(|| field("kind", "Loại khen thưởng: chọn công trạng, đột xuất hoặc theo đợt."))?;
                if decision_no.is_empty() {
                    return Err(field("decision_no", "Số quyết định: nhập số, ví dụ 15/QĐ-UBND."));
                }
                scope
                    .add_award_record(&NewAwardRecord {
                        recipient: recipient.code().to_owned(),
                        subject_id: subject,
                        name,
                        year: year()?,
                        form: form.code().to_owned(),
                        kind: kind.code().to_owned(),
                        decision_no: decision_no.clone(),
                        decision_date: decision_date.clone(),
                        amount: 0,
                        nomination_id: 0,
                        verify_code: String::new(),
                    })
                    .await?;
            }
            Some(HistoryFact::Block { reason }) => {
                if reason.is_empty() {
                    return Err(field(
                        "reason",
                        "Lý do: ghi rõ đang bị kỷ luật, điều tra hay thanh tra.",
                    ));
                }
                scope.add_block(recipient.code(), subject, reason).await?;
            }
            None => return Err(AppError::Invalid("Loại thông tin không hợp lệ.".into())),
        }
        Ok(())
    }

    /// The published eligibility rule sets, newest first: (version, in force from, text), with
    /// the shipped set when none was published.
    pub async fn rule_sets_for(&self, ctx: &Ctx) -> Result<Vec<(i64, String, String)>> {
        self.authorize_view(ctx, Action::ManageLegalTables, thidua_domain::access::PLATFORM, None)
            .await?;
        let mut sets = self.store.rule_sets().await?;
        if sets.is_empty() {
            let shipped = RuleSet::shipped();
            sets.push((
                i64::from(shipped.version),
                shipped.effective_from,
                thidua_domain::commendation::eligibility::SHIPPED.to_owned(),
            ));
        }
        Ok(sets)
    }

    /// Publishes an amended rule set: it judges nominations of occasions from its date on. The
    /// text is checked in full first; the message names the line that is wrong.
    pub async fn publish_rule_set(&self, ctx: &Ctx, text: &str) -> Result<u32> {
        let scope = self
            .authorize(ctx, Action::ManageLegalTables, thidua_domain::access::PLATFORM, None)
            .await?;
        let set = RuleSet::parse(text).map_err(|m| field("body", m))?;
        let newest = self.store.rule_sets().await?.iter().map(|r| r.0).max().unwrap_or(0);
        if i64::from(set.version) <= newest.max(i64::from(RuleSet::shipped().version)) {
            return Err(field(
                "body",
                format!(
                    "Bộ quy tắc: «version» phải lớn hơn phiên bản mới nhất ({}).",
                    newest.max(i64::from(RuleSet::shipped().version))
                ),
            ));
        }
        if !scope
            .add_rule_set(i64::from(set.version), &set.effective_from, text)
            .await?
        {
            return Err(field("body", format!("Đã có bộ quy tắc phiên bản {}.", set.version)));
        }
        Ok(set.version)
    }

    /// Adds a row to the legal tables (the platform operator).
    pub async fn add_legal_value(&self, ctx: &Ctx, v: &LegalValue) -> Result<()> {
        let scope = self
            .authorize(ctx, Action::ManageLegalTables, thidua_domain::access::PLATFORM, None)
            .await?;
        v.check().map_err(AppError::Invalid)?;
        if !scope.add_legal_value(v).await? {
            return Err(AppError::Invalid(format!(
                "Bảng «{}» đã có giá trị cho «{}» từ ngày {}.",
                v.table.label(),
                v.key,
                v.effective_from
            )));
        }
        Ok(())
    }
}
