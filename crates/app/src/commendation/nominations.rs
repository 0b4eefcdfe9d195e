//! Nominations: a unit's proposal with its dossier, the initiatives it cites and the eligibility explained.

use super::*;
use thidua_store::Reader;

/// The meeting that chose the nominee, as typed: `read_meeting` judges it and names each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingText {
    pub date: String,
    pub chair: String,
    pub members: String,
    pub present: String,
    pub votes_for: String,
    pub votes_against: String,
}

/// A unit's nomination as its form reads. What could not be read is `None` (or 0 for an
/// initiative) and is named back to the unit; what the plan and the unit's lists allow is
/// checked by [`App::save_nomination`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NominationCommand {
    pub form: Option<AwardForm>,
    pub recipient: Option<RecipientKind>,
    /// One of the unit's people, for an individual.
    pub person: Option<i64>,
    /// One of the commune's units, for a collective.
    pub collective: Option<i64>,
    /// The head of household and where they live, for a household.
    pub household: String,
    /// Position and workplace.
    pub detail: String,
    /// A collective or household where women are at least 70% (the law's priority).
    pub female: bool,
    pub meeting: MeetingText,
    /// The recognised initiatives cited.
    pub initiatives: Vec<i64>,
    pub achievements: String,
    pub report: String,
    /// Send for appraisal, not only save the draft.
    pub submit: bool,
}

impl NominationCommand {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        let v = |name: &str| value(pairs, name);
        Self {
            form: AwardForm::parse(&v("form")),
            recipient: RecipientKind::parse(&v("recipient")),
            person: v("person").parse().ok(),
            collective: v("collective").parse().ok(),
            household: v("household"),
            detail: v("detail"),
            female: v("female") == "1",
            meeting: MeetingText {
                date: v("meeting_date"),
                chair: v("meeting_chair"),
                members: v("meeting_members"),
                present: v("meeting_present"),
                votes_for: v("meeting_for"),
                votes_against: v("meeting_against"),
            },
            initiatives: pairs
                .iter()
                .filter(|(k, _)| k == "initiative")
                .map(|(_, v)| v.trim().parse().unwrap_or(0))
                .collect(),
            achievements: v("achievements"),
            report: v("report"),
            submit: v("action") == "gui",
        }
    }
}

/// Who is nominated, as the checks find them.
#[derive(Default)]
struct Chosen {
    person_id: i64,
    unit_id: i64,
    name: String,
    detail: String,
    female: bool,
}

impl App {
    /// A unit's nomination on an occasion (`id` 0: a new one).
    pub async fn nomination_view(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        occasion_id: i64,
        id: i64,
    ) -> Result<NominationView> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let row = if id == 0 {
            None
        } else {
            Some(
                scope
                    .nomination(id)
                    .await?
                    .filter(|r| r.occasion_id == occasion_id)
                    .ok_or_else(not_found)?,
            )
        };
        let occasion = scope
            .occasion(occasion_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        let kind = occasion.kind;
        let plan = self.commune_plan(tenant, occasion.year).await?;
        let awards: Vec<Award> = plan.plan.awards_for(kind);
        // A nomination not written yet is a draft; a stored one is what its row says.
        let stage = row.as_ref().map_or(Stage::Draft, |r| r.status);
        let body = row.as_ref().map(|r| parse_body(&r.body)).unwrap_or_default();
        // The scope is held to the unit: its own people only.
        let people: Vec<Person> = scope.people().await?;
        let initiatives = usable_initiatives(&scope, unit_id, row.as_ref().map_or(0, |r| r.id)).await?;
        let files = match &row {
            Some(r) => scope.files(owner(r.id)).await?,
            None => Vec::new(),
        };
        let own = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id));
        let officer = Self::may(ctx, Action::ActOnBehalf, tenant, None);
        let verdict = match &row {
            Some(r) if !r.verdict.is_empty() => serde_json::from_str::<Verdict>(&r.verdict).ok(),
            Some(r) => Some(
                self.judge(&scope, (r.form, r.recipient, r.subject_id()), &body, occasion.year)
                    .await?,
            ),
            None => None,
        };
        let missing = match &row {
            Some(_) if matches!(stage, Stage::Draft | Stage::Returned) => missing_pieces(&body, !files.is_empty()),
            _ => Vec::new(),
        };
        let report_draft = if body.report.is_empty() {
            report_draft(&unit, row.as_ref(), &body, &occasion)
        } else {
            String::new()
        };
        Ok(NominationView {
            tenant: tenant.to_owned(),
            can_edit: matches!(stage, Stage::Draft | Stage::Returned) && occasion.open && (own || officer),
            on_behalf: !own && officer,
            quotas: scope.quotas(occasion_id).await?,
            units: scope.units().await?,
            unit,
            occasion,
            row,
            stage,
            body,
            verdict,
            awards,
            people,
            initiatives,
            files,
            missing,
            report_draft,
        })
    }

    /// The nominee's record as the rules see it.
    async fn record_of(
        &self,
        scope: &Reader<'_>,
        recipient: &str,
        subject: i64,
        body: &NominationBody,
    ) -> Result<Record> {
        let (awards, ratings, blocked) = if subject == 0 {
            (Vec::new(), Vec::new(), None)
        } else {
            (
                scope.award_records(recipient, subject).await?,
                scope.ratings(recipient, subject).await?,
                scope.open_block(recipient, subject).await?,
            )
        };
        let mut usable = 0;
        for id in &body.initiatives {
            if let Some(i) = scope.initiative(*id).await?
                && i.status == "recognised"
                && i.used_for.is_empty()
            {
                usable += 1;
            }
        }
        Ok(Record {
            // An annulled award no longer counts.
            awards: awards
                .iter()
                .filter(|a| a.annulment.is_none())
                .filter_map(|a| {
                    Some(PastAward {
                        year: a.year,
                        form: AwardForm::parse(&a.form)?,
                        kind: AwardKind::parse(&a.kind)?,
                    })
                })
                .collect(),
            ratings: ratings
                .iter()
                .filter_map(|(y, r)| Some((*y, Rating::parse(r)?)))
                .collect(),
            blocked,
            usable_initiatives: usable,
        })
    }

    /// Judges a nomination's nominee: (form, recipient, subject) as stored or typed.
    async fn judge(
        &self,
        scope: &Reader<'_>,
        (form, recipient, subject): (AwardForm, RecipientKind, i64),
        body: &NominationBody,
        year: i32,
    ) -> Result<Verdict> {
        let record = self.record_of(scope, recipient.code(), subject, body).await?;
        let on = Date::from_calendar_date(year, time::Month::December, 31).unwrap_or_else(|_| today());
        Ok(self.rules_on(on).await?.judge(form, recipient, year, &record))
    }

    /// Saves a unit's nomination (`id` 0: a new one); `submit` sends it for appraisal once the
    /// dossier is complete, the nominee eligible and a quota place free. An incomplete or
    /// ineligible submission writes nothing; one refused for quota keeps the draft it saved.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_nomination(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        occasion_id: i64,
        id: i64,
        cmd: &NominationCommand,
    ) -> Result<Saved> {
        let submit = cmd.submit;
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let occasion = scope
            .occasion(occasion_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        if !occasion.open {
            return Err(AppError::Invalid(format!(
                "Đợt «{}» đã đóng, không nhận đề nghị nữa.",
                occasion.title
            )));
        }
        let existing = if id == 0 {
            None
        } else {
            let r = scope
                .nomination(id)
                .await?
                .filter(|r| r.occasion_id == occasion_id)
                .ok_or_else(not_found)?;
            if !matches!(r.status, Stage::Draft | Stage::Returned) {
                return Err(AppError::Invalid(
                    "Đề nghị đã gửi nên không sửa được; chờ kết quả thẩm định hoặc bị trả lại.".into(),
                ));
            }
            Some(r)
        };
        let kind = occasion.kind;
        let plan = self.commune_plan(tenant, occasion.year).await?;
        let text = self
            .read_nomination(&scope, &plan, kind, (unit_id, occasion_id, id), cmd)
            .await?;
        // What a submission needs is checked before anything is written.
        let mut verdict_json = String::new();
        if submit {
            let body = parse_body(&text.body);
            let has_file = match &existing {
                Some(r) => !scope.files(owner(r.id)).await?.is_empty(),
                None => false,
            };
            let missing = missing_pieces(&body, has_file);
            if !missing.is_empty() {
                return Err(AppError::Fields(missing));
            }
            let subject = if text.recipient == RecipientKind::Individual {
                text.person_id
            } else {
                text.subject_unit_id
            };
            let verdict = self
                .judge(&scope, (text.form, text.recipient, subject), &body, occasion.year)
                .await?;
            if !verdict.eligible {
                return Err(field("form", verdict.summary));
            }
            verdict_json = serde_json::to_string(&verdict).unwrap_or_default();
        }
        let id = match &existing {
            None => scope.create_nomination(&text).await?,
            Some(r) => {
                scope.save_nomination(r.id, &text).await?;
                r.id
            }
        };
        if !submit {
            return Ok(Saved { id, refused: None });
        }
        let settings = self.commendation_settings_of(&scope).await?;
        let due = add_working_days(today(), settings.step_days).to_string();
        let cited = parse_body(&text.body).initiatives;
        let refused = match scope.submit_nomination(id, &verdict_json, &due, &cited).await? {
            Ok(()) => {
                self.announce(tenant, id).await;
                None
            }
            Err(SubmitRefused::QuotaFull { cap }) => {
                let form = cmd.form.map_or("", AwardForm::name);
                let who = cmd.recipient.map_or("", RecipientKind::label);
                Some(field(
                    "form",
                    format!(
                        "Đã hết chỉ tiêu: {form} cho {} tối đa {cap} trong đợt «{}», đã đủ {cap} đề nghị. Đề nghị được lưu nháp; có thể gửi khi một đề nghị khác bị trả lại hoặc rút.",
                        who.to_lowercase(),
                        occasion.title
                    ),
                ))
            }
            Err(SubmitRefused::Closed) => Some(AppError::Invalid(format!(
                "Đợt «{}» đã đóng, không nhận đề nghị nữa.",
                occasion.title
            ))),
            Err(SubmitRefused::NotEditable) => Some(AppError::Invalid("Đề nghị này đã được gửi trước đó.".into())),
            Err(SubmitRefused::InitiativeTaken(h)) => Some(field(
                "initiative",
                format!(
                    "{} Đề nghị được lưu nháp.",
                    initiative_taken(&h).unwrap_or_else(|| format!(
                        "Sáng kiến «{}» chưa được công nhận nên chưa làm căn cứ khen thưởng được.",
                        h.title
                    ))
                ),
            )),
        };
        Ok(Saved { id, refused })
    }

    /// Checks the nomination against the plan and the unit's lists, every wrong field named.
    async fn read_nomination(
        &self,
        scope: &Reader<'_>,
        plan: &StoredPlan,
        kind: Occasion,
        (unit_id, occasion_id, nomination_id): (i64, i64, i64),
        cmd: &NominationCommand,
    ) -> Result<NominationText> {
        let mut errors = Vec::new();
        let form = cmd
            .form
            .filter(|f| plan.plan.awards_for(kind).iter().any(|a| a.form == *f));
        if form.is_none() {
            errors.push(FieldError {
                field: "form".into(),
                message: "Hình thức khen thưởng: chọn một hình thức kế hoạch đặt ra cho đợt này.".into(),
            });
        }
        let recipient = cmd.recipient;
        match (form, recipient) {
            (_, None) => errors.push(FieldError {
                field: "recipient".into(),
                message: "Đối tượng: chọn cá nhân, tập thể hoặc hộ gia đình.".into(),
            }),
            (Some(f), Some(r)) => {
                if let Err(e) = check_recipient(f, r) {
                    errors.push(e);
                }
            }
            _ => {}
        }
        let mut chosen = Chosen {
            detail: cmd.detail.clone(),
            ..Chosen::default()
        };
        match recipient {
            Some(RecipientKind::Individual) => {
                let found = match cmd.person {
                    Some(p) => scope.people().await?.into_iter().find(|x| x.id == p),
                    None => None,
                };
                match found {
                    Some(p) => {
                        chosen.person_id = p.id;
                        chosen.name = p.full_name.clone();
                        chosen.female = p.gender == "nu";
                        if chosen.detail.is_empty() {
                            chosen.detail = p.position.clone();
                        }
                    }
                    None => errors.push(FieldError {
                        field: "person".into(),
                        message: "Cá nhân được đề nghị: chọn một người trong danh sách của đơn vị.".into(),
                    }),
                }
            }
            Some(RecipientKind::Collective) => {
                match cmd.collective {
                    // Only a collective the commune still follows.
                    Some(c) => match scope.units().await?.into_iter().find(|u| u.id == c) {
                        Some(u) => {
                            chosen.unit_id = u.id;
                            chosen.name = u.name;
                            chosen.female = cmd.female;
                        }
                        None => errors.push(FieldError {
                            field: "collective".into(),
                            message: "Tập thể được đề nghị: chọn một đơn vị của xã.".into(),
                        }),
                    },
                    None => errors.push(FieldError {
                        field: "collective".into(),
                        message: "Tập thể được đề nghị: chọn một đơn vị của xã.".into(),
                    }),
                }
            }
            Some(RecipientKind::Household) => {
                chosen.name = cmd.household.clone();
                chosen.female = cmd.female;
                if chosen.name.is_empty() {
                    errors.push(FieldError {
                        field: "household".into(),
                        message: "Hộ gia đình: nhập tên chủ hộ và nơi ở.".into(),
                    });
                }
            }
            None => {}
        }
        let m = &cmd.meeting;
        let meeting = read_meeting(
            &m.date,
            &m.chair,
            &m.members,
            &m.present,
            &m.votes_for,
            &m.votes_against,
        );
        let meeting = match meeting {
            Ok(m) => m,
            Err(e) => {
                errors.extend(e);
                Default::default()
            }
        };
        if let Some(d) = parse_iso_date(&meeting.date).filter(|d| *d > today()) {
            errors.push(FieldError {
                field: "meeting_date".into(),
                message: format!("Ngày họp xét {} chưa tới: ghi ngày đơn vị đã họp.", dmy(d)),
            });
        }
        // Nobody chairs the meeting that considers them.
        if recipient == Some(RecipientKind::Individual)
            && !meeting.chair.is_empty()
            && same_name(&meeting.chair, &chosen.name)
        {
            errors.push(FieldError {
                field: "meeting_chair".into(),
                message: format!(
                    "Người chủ trì: {} là người được đề nghị, không chủ trì cuộc họp xét chính mình; ghi người chủ trì khác.",
                    meeting.chair
                ),
            });
        }
        let usable = usable_initiatives(scope, unit_id, nomination_id).await?;
        let nominee = match recipient {
            Some(RecipientKind::Individual) => Nominee::Person { name: &chosen.name },
            Some(RecipientKind::Collective) => Nominee::Collective { name: &chosen.name },
            _ => Nominee::Household,
        };
        let mut initiatives = Vec::new();
        for &cited in &cmd.initiatives {
            let Some(found) = usable.iter().find(|u| u.id == cited) else {
                let message = match Some(cited).filter(|i| *i > 0) {
                    Some(i) => match scope.initiative(i).await? {
                        Some(r) if !r.used_for.is_empty() || r.claimed_by != 0 => {
                            let holder = match scope.nomination(r.claimed_by).await? {
                                Some(n) if r.used_for.is_empty() => Some((
                                    n.nominee_name,
                                    scope
                                        .occasion(n.occasion_id)
                                        .await?
                                        .map(|o| o.title)
                                        .unwrap_or_default(),
                                )),
                                _ => None,
                            };
                            initiative_taken(&InitiativeHolder {
                                initiative_id: r.id,
                                title: r.title,
                                used_for: r.used_for,
                                nomination_id: r.claimed_by,
                                nominee: holder.as_ref().map(|h| h.0.clone()).unwrap_or_default(),
                                occasion: holder.map(|h| h.1).unwrap_or_default(),
                            })
                        }
                        _ => None,
                    },
                    None => None,
                };
                errors.push(FieldError {
                    field: "initiative".into(),
                    message: message.unwrap_or_else(|| {
                        "Sáng kiến: chỉ chọn sáng kiến đã được công nhận của đơn vị, chưa dùng và chưa được đề nghị khác viện dẫn.".into()
                    }),
                });
                continue;
            };
            let form = initiative_form(&found.body);
            if !credits(&form, &found.unit_name, nominee) {
                let authors: Vec<&str> = form.authors.iter().map(|a| a.name.as_str()).collect();
                errors.push(FieldError {
                    field: "initiative".into(),
                    message: format!(
                        "Sáng kiến «{}» của tác giả {} nên không làm căn cứ khen thưởng cho {} được.",
                        found.title,
                        if authors.is_empty() {
                            "(chưa ghi)".to_owned()
                        } else {
                            authors.join(", ")
                        },
                        if chosen.name.is_empty() {
                            "người được đề nghị"
                        } else {
                            &chosen.name
                        }
                    ),
                });
                continue;
            }
            if !initiatives.contains(&found.id) {
                initiatives.push(found.id);
            }
        }
        let body = NominationBody {
            achievements: cmd.achievements.clone(),
            report: cmd.report.clone(),
            meeting,
            initiatives,
        };
        for (name, text, label, max) in [
            ("achievements", &cmd.achievements, "Thành tích", 5_000),
            ("report", &cmd.report, "Báo cáo thành tích", 50_000),
            ("detail", &cmd.detail, "Chức vụ, nơi công tác", 300),
        ] {
            if text.chars().count() > max {
                errors.push(FieldError {
                    field: name.into(),
                    message: format!("{label}: tối đa {max} ký tự."),
                });
            }
        }
        // Without a form or a recipient there is an error already.
        let (Some(form), Some(recipient), true) = (form, recipient, errors.is_empty()) else {
            return Err(AppError::Fields(errors));
        };
        Ok(NominationText {
            occasion_id,
            unit_id,
            form,
            recipient,
            person_id: chosen.person_id,
            subject_unit_id: chosen.unit_id,
            nominee_name: chosen.name,
            nominee_detail: chosen.detail,
            female: chosen.female,
            body: serde_json::to_string(&body).unwrap_or_default(),
        })
    }

    /// The unit takes its nomination back; its quota place is freed.
    pub async fn withdraw_nomination(&self, ctx: &Ctx, tenant: &str, unit_id: i64, id: i64) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        scope.nomination(id).await?.ok_or_else(not_found)?;
        if !scope.return_nomination(id, "", true).await? {
            return Err(AppError::Invalid("Đề nghị đã có quyết định hoặc đã rút.".into()));
        }
        Ok(())
    }

    pub async fn add_nomination_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        file_name: &str,
        data: &[u8],
    ) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let row = scope.nomination(id).await?.ok_or_else(not_found)?;
        if !matches!(row.status, Stage::Draft | Stage::Returned) {
            return Err(AppError::Invalid("Đề nghị đã gửi nên không thêm tệp được.".into()));
        }
        let (name, content_type) = checked_upload(file_name, data)?;
        scope.add_file(owner(id), &name, content_type, data).await?;
        Ok(())
    }

    pub async fn nomination_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        file: i64,
    ) -> Result<(String, String, Vec<u8>)> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        scope.nomination(id).await?.ok_or_else(not_found)?;
        scope
            .file_data(owner(id), file)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có tệp này.".into()))
    }

    // ------------------------------------------------------------------ appraisal

    /// The occasion a nomination belongs to, for whoever may see the commune.
    pub async fn nomination_occasion(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<i64> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        Ok(scope.nomination(id).await?.ok_or_else(not_found)?.occasion_id)
    }

    /// The empty form of a new nomination, for whoever may write for the unit.
    pub async fn new_nomination(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        occasion_id: i64,
    ) -> Result<NominationView> {
        self.unit_writer(ctx, tenant, unit_id).await?;
        self.nomination_view(ctx, tenant, unit_id, occasion_id, 0).await
    }

    /// A unit's page of commendation: the occasions and the unit's nominations on each.
    pub async fn unit_commendation(&self, ctx: &Ctx, tenant: &str, unit_id: i64) -> Result<UnitCommendation> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let mut occasions = Vec::new();
        for o in scope.occasions().await? {
            let nominations = scope.nominations(o.id, unit_id).await?;
            if o.open || !nominations.is_empty() {
                occasions.push((o, nominations));
            }
        }
        Ok(UnitCommendation {
            can_write: Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id))
                || Self::may(ctx, Action::ActOnBehalf, tenant, None),
            unit,
            occasions,
        })
    }
}

/// The unit's recognised initiatives not yet used for an award nor held by another
/// nomination than `nomination_id` (0: a new one): what a nomination may cite.
async fn usable_initiatives(scope: &Reader<'_>, unit_id: i64, nomination_id: i64) -> Result<Vec<InitiativeRow>> {
    Ok(scope
        .initiatives(&InitiativeFilter {
            unit_id: Some(unit_id),
            status: "recognised".into(),
            limit: 200,
            ..InitiativeFilter::default()
        })
        .await?
        .into_iter()
        .filter(|i| i.used_for.is_empty() && (i.claimed_by == 0 || i.claimed_by == nomination_id))
        .collect())
}

/// Why an initiative used or held elsewhere cannot be cited; None when it is neither.
fn initiative_taken(h: &InitiativeHolder) -> Option<String> {
    if !h.used_for.is_empty() {
        Some(format!(
            "Sáng kiến «{}» đã được dùng làm căn cứ cho «{}». Mỗi sáng kiến chỉ được dùng cho một lần khen thưởng.",
            h.title, h.used_for
        ))
    } else if h.nomination_id != 0 {
        Some(format!(
            "Sáng kiến «{}» đang là căn cứ của đề nghị khen thưởng {} (số {}, {}). Mỗi sáng kiến chỉ được dùng cho một lần khen thưởng; chỉ dùng được khi đề nghị đó bị trả lại, rút hoặc không được khen.",
            h.title, h.nominee, h.nomination_id, h.occasion
        ))
    } else {
        None
    }
}

fn initiative_form(json: &str) -> thidua_domain::initiative::InitiativeForm {
    serde_json::from_str(json).unwrap_or_default()
}

/// A first draft of the achievement report, from what the nomination says, for the unit to
/// edit.
fn report_draft(unit: &UnitRow, row: Option<&NominationRow>, body: &NominationBody, occasion: &OccasionRow) -> String {
    let name = row.map_or("…", |r| r.nominee_name.as_str());
    let mut out = format!(
        "BÁO CÁO THÀNH TÍCH\nĐề nghị tặng {}\n\nI. SƠ LƯỢC\n- Tên: {name}\n- Đơn vị: {}\n\nII. THÀNH TÍCH ĐẠT ĐƯỢC TRONG PHONG TRÀO THI ĐUA «CẢ NƯỚC THI ĐUA ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ» ({})\n",
        row.map_or("…", |r| r.form.name()),
        unit.name,
        occasion.title
    );
    if body.achievements.is_empty() {
        out.push_str("- …\n");
    } else {
        out.push_str(&format!("{}\n", body.achievements));
    }
    out.push_str("\nIII. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG\n- …\n");
    out
}
