//! The register of outgoing documents (sổ văn bản đi): the văn thư gives a signed decision or
//! Tờ trình its number and date. Until then the paper is a draft ("Số:      /QĐ-UBND"), prints
//! no certificate and does not reach the province. The date is checked against what the paper
//! rests on (the signing, the council's vote, the units' meetings) and against today.

use serde::Serialize;
use thidua_domain::access::Action;
use thidua_domain::calendar::{dmy, parse_iso_date, today_in_vietnam};
use thidua_domain::register::{DocType, RegistrationError, Source, check_registration};
use thidua_store::{Reader, RegisterEntry, RegisterOutcome, Registration};
use time::{Date, OffsetDateTime};

use crate::auth::Ctx;
use crate::commendation::{DecisionBody, parse_body};
use crate::initiatives::field;
use crate::waiting::WorkItem;
use crate::{App, AppError, Result};

/// What the văn thư typed, read and checked for form: the entry, a number from 1, a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterCommand {
    pub entry: i64,
    pub number: i64,
    pub date: Date,
}

impl RegisterCommand {
    /// Reads the form's `number` and `date` (YYYY-MM-DD), naming the field that is wrong.
    pub fn parse(entry: i64, number: &str, date: &str) -> Result<Self> {
        let mut errors = Vec::new();
        let number = match number.trim().parse::<i64>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                errors.push(("number", "Số văn bản: nhập số thứ tự trong sổ, ví dụ 15."));
                None
            }
        };
        let date = parse_iso_date(date.trim());
        if date.is_none() {
            errors.push(("date", "Ngày ban hành: hãy chọn một ngày."));
        }
        match (number, date) {
            (Some(number), Some(date)) => Ok(Self { entry, number, date }),
            _ => Err(AppError::Fields(
                errors
                    .into_iter()
                    .map(|(f, m)| thidua_domain::reporting::FieldError {
                        field: f.into(),
                        message: m.into(),
                    })
                    .collect(),
            )),
        }
    }
}

/// A paper waiting for its number, with what the văn thư is offered.
#[derive(Debug, Clone, Serialize)]
pub struct AwaitingPaper {
    pub entry: RegisterEntry,
    /// The number after the last one given this year in its series.
    pub next_number: i64,
    /// "/QĐ-UBND", printed after the number field.
    pub symbol_tail: String,
    /// Where the draft is read.
    pub link: String,
}

/// The register page: what waits, and the year's numbers.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterView {
    pub year: i32,
    pub today: String,
    pub awaiting: Vec<AwaitingPaper>,
    pub registered: Vec<(RegisterEntry, String)>,
    pub may_register: bool,
}

/// Where a paper of the register is read.
fn link_of(tenant: &str, e: &RegisterEntry) -> String {
    match e.source {
        Source::Decision => format!("/quan-tri/{tenant}/quyet-dinh/{}", e.source_id),
        Source::Package => format!("/quan-tri/{tenant}/to-trinh/{}/pdf", e.source_id),
    }
}

impl App {
    /// The commune's register for `year` (this year when `None`), for whoever sees the commune.
    pub async fn register_view(&self, ctx: &Ctx, tenant: &str, year: Option<i32>) -> Result<RegisterView> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        let year = year.unwrap_or(today.year());
        let mut awaiting = Vec::new();
        for entry in scope.awaiting_entries().await? {
            let issuer = self.issuer_of(&scope, tenant, &entry).await?;
            awaiting.push(AwaitingPaper {
                next_number: scope.next_number(entry.doc_type, today.year()).await?,
                symbol_tail: format!("/{}-{issuer}", entry.doc_type.code()),
                link: link_of(tenant, &entry),
                entry,
            });
        }
        let registered = scope
            .registered_entries(year)
            .await?
            .into_iter()
            .map(|e| {
                let link = link_of(tenant, &e);
                (e, link)
            })
            .collect();
        Ok(RegisterView {
            year,
            today: today.to_string(),
            awaiting,
            registered,
            may_register: Self::may(ctx, Action::RegisterDocuments, tenant, None),
        })
    }

    /// The văn thư gives a signed paper its number and date. The decision's number then stands
    /// on the paper, in the registry and on every certificate; a Tờ trình goes to the province.
    pub async fn register_document(&self, ctx: &Ctx, tenant: &str, cmd: RegisterCommand) -> Result<RegisterEntry> {
        let scope = self.authorize(ctx, Action::RegisterDocuments, tenant, None).await?;
        let entry = scope
            .register_entry(cmd.entry)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có văn bản này trong sổ.".into()))?;
        if let Some(r) = &entry.registered {
            return Err(AppError::Invalid(format!(
                "{} này đã vào sổ, số {} ngày {}.",
                entry.doc_type.label(),
                r.symbol,
                parse_iso_date(&r.date).map_or_else(|| r.date.clone(), dmy)
            )));
        }
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        let steps = self.steps_of(&scope, &entry).await?;
        check_registration(cmd.number, cmd.date, today, &steps).map_err(|e| match e {
            RegistrationError::Number => field("number", "Số văn bản: nhập số thứ tự trong sổ, từ 1."),
            RegistrationError::Future { today } => field(
                "date",
                format!(
                    "Ngày ban hành {} chưa tới (hôm nay là {}): văn bản không ghi ngày trong tương lai.",
                    dmy(cmd.date),
                    dmy(today)
                ),
            ),
            RegistrationError::BeforeStep { step, on } => field(
                "date",
                format!(
                    "Ngày ban hành {} sớm hơn {step} ({}): văn bản phải ghi ngày từ {} trở đi.",
                    dmy(cmd.date),
                    dmy(on),
                    dmy(on)
                ),
            ),
        })?;
        if entry.source == Source::Decision {
            self.same_money_on(&scope, &entry, cmd.date).await?;
        }
        let issuer = self.issuer_of(&scope, tenant, &entry).await?;
        let date = cmd.date.to_string();
        let outcome = scope
            .register_document(
                entry.id,
                &Registration {
                    number: cmd.number,
                    date: &date,
                    year: cmd.date.year(),
                    issuer: &issuer,
                },
            )
            .await?;
        let done = match outcome {
            RegisterOutcome::Registered(done) => done,
            RegisterOutcome::NumberTaken(whose) => {
                let whose = if whose.is_empty() {
                    String::new()
                } else {
                    format!(" (văn bản «{whose}»)")
                };
                return Err(field(
                    "number",
                    format!(
                        "Số {} đã có trong sổ {} năm {}{whose}: mỗi số chỉ cấp một lần.",
                        cmd.number,
                        entry.doc_type.label().to_lowercase(),
                        cmd.date.year()
                    ),
                ));
            }
            RegisterOutcome::NotAwaiting => {
                return Err(AppError::Invalid(
                    "Văn bản vừa được người khác vào sổ; hãy tải lại trang.".into(),
                ));
            }
        };
        self.announce_registered(&scope, tenant, &done).await;
        Ok(done)
    }

    /// "UBND": the abbreviation after the type in the symbol, from the plan of the paper's year.
    async fn issuer_of(&self, scope: &Reader<'_>, tenant: &str, entry: &RegisterEntry) -> Result<String> {
        let occasion_id = match entry.source {
            Source::Decision => scope.decision(entry.source_id).await?.map(|d| d.occasion_id),
            Source::Package => scope.sent_package(entry.source_id).await?.map(|(p, _)| p.occasion_id),
        };
        let year = match occasion_id {
            Some(id) => scope.occasion(id).await?.map(|o| o.year),
            None => None,
        };
        let year = year.ok_or_else(|| AppError::NotFound("Văn bản này không còn trong hồ sơ khen thưởng.".into()))?;
        Ok(self.commune_plan(tenant, year).await?.plan.authority.short_name.clone())
    }

    /// What a paper's date may not precede: its signing, the council's vote and the units'
    /// meetings on each nomination it carries.
    async fn steps_of(&self, scope: &Reader<'_>, entry: &RegisterEntry) -> Result<Vec<(String, Date)>> {
        let mut steps = Vec::new();
        if let Some(d) = parse_iso_date(&entry.signed_date) {
            steps.push((format!("ngày ký {}", entry.doc_type.label().to_lowercase()), d));
        }
        let nominations = match entry.source {
            Source::Decision => {
                let occasion = scope.decision(entry.source_id).await?.map_or(0, |d| d.occasion_id);
                scope
                    .nominations(occasion, 0)
                    .await?
                    .into_iter()
                    .filter(|n| n.decision_id == entry.source_id)
                    .collect()
            }
            Source::Package => scope
                .sent_package(entry.source_id)
                .await?
                .map(|(_, list)| list)
                .unwrap_or_default(),
        };
        for n in &nominations {
            if let Some(d) = parse_iso_date(&parse_body(&n.body).meeting.date) {
                steps.push((format!("cuộc họp xét của {}", n.unit_name), d));
            }
            if let Some(d) = parse_iso_date(&n.council_date) {
                steps.push(("phiên biểu quyết của Hội đồng Thi đua – Khen thưởng".into(), d));
            }
        }
        Ok(steps)
    }

    /// The money of a decision was computed on the tables in force on its signing date; a
    /// later date under other tables would print amounts the decision does not pay.
    async fn same_money_on(&self, scope: &Reader<'_>, entry: &RegisterEntry, date: Date) -> Result<()> {
        let row = scope
            .decision(entry.source_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có quyết định này.".into()))?;
        let body: DecisionBody =
            serde_json::from_str(&row.body).map_err(|_| AppError::Invalid("Quyết định này không đọc được.".into()))?;
        let form = row.award_form()?;
        let tables = self.legal_tables().await?;
        for line in &body.lines {
            let reward = tables
                .reward(form, line.recipient, date)
                .map_err(|e| field("date", e.to_string()))?;
            if reward.amount != line.amount {
                return Err(field(
                    "date",
                    format!(
                        "Ngày {} áp dụng mức lương cơ sở {} đồng, khác mức {} đồng quyết định đã tính khi ký: tiền thưởng của {} sẽ là {} đồng thay vì {} đồng. Hãy chọn ngày ban hành còn áp dụng mức cũ.",
                        dmy(date),
                        thidua_domain::commendation::money::vnd(reward.base_salary),
                        thidua_domain::commendation::money::vnd(body.base_salary),
                        line.name,
                        thidua_domain::commendation::money::vnd(reward.amount),
                        thidua_domain::commendation::money::vnd(line.amount)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Tells the văn thư that a signed paper waits for its number.
    pub(crate) async fn announce_awaiting(&self, tenant: &str, source: Source, source_id: i64) {
        let scope = self.system_scope(tenant, "báo việc");
        let told = async {
            let Some(entry) = scope.entry_of(source, source_id).await? else {
                return Ok(0);
            };
            let people = self.store.role_users(tenant, &["clerk"]).await?;
            let text = format!(
                "{} «{}» do {} ký chờ vào sổ: cho số và ngày ban hành.",
                entry.doc_type.label(),
                entry.summary,
                entry.signer_name
            );
            self.tell(
                tenant,
                &people,
                &text,
                &format!("/quan-tri/{tenant}/so-van-ban-di"),
                &format!("register:{}", entry.id),
            )
            .await
        };
        if let Err(e) = told.await {
            tracing::warn!(error = %e, "không báo được văn thư");
        }
    }

    /// After registration: the officers print the certificates of a decision; the province
    /// receives a Tờ trình.
    async fn announce_registered(&self, scope: &Reader<'_>, tenant: &str, entry: &RegisterEntry) {
        let told = async {
            match entry.source {
                Source::Decision => {
                    let Some(r) = &entry.registered else { return Ok(0) };
                    let people = self
                        .store
                        .role_users(tenant, &["commendation_officer", "standing_officer", "signer"])
                        .await?;
                    let text = format!(
                        "Quyết định số {} ngày {} đã vào sổ: in Giấy khen và gửi các tập thể, cá nhân.",
                        r.symbol,
                        parse_iso_date(&r.date).map_or_else(|| r.date.clone(), dmy)
                    );
                    self.tell(
                        tenant,
                        &people,
                        &text,
                        &link_of(tenant, entry),
                        &format!("registered:{}", entry.id),
                    )
                    .await
                }
                Source::Package => {
                    if let Some((package, _)) = scope.sent_package(entry.source_id).await? {
                        self.announce_package(&package).await;
                    }
                    Ok(0)
                }
            }
        };
        if let Err(e) = told.await {
            tracing::warn!(error = %e, "không báo được việc sau khi vào sổ");
        }
    }

    /// The papers waiting for their number, for whoever keeps the register.
    pub(crate) async fn register_work(
        &self,
        ctx: &Ctx,
        scope: &Reader<'_>,
        (tenant, place): (&str, &str),
        out: &mut Vec<WorkItem>,
    ) -> Result<()> {
        if !Self::may(ctx, Action::RegisterDocuments, tenant, None) {
            return Ok(());
        }
        for entry in scope.awaiting_entries().await? {
            out.push(WorkItem {
                what: format!("Vào sổ {}", entry.doc_type.label().to_lowercase()),
                whom: format!("{} — {} ký", entry.summary, entry.signer_name),
                place: place.to_owned(),
                due: None,
                state: "đã ký, chờ cho số và ngày ban hành".into(),
                late: false,
                link: format!("/quan-tri/{tenant}/so-van-ban-di#van-ban-{}", entry.id),
                since: 0,
            });
        }
        Ok(())
    }
}

/// "Số:      /QĐ-UBND" until the register gives the number.
pub(crate) fn number_line(doc_type: DocType, symbol: &str, issuer: &str) -> String {
    if symbol.is_empty() {
        doc_type.blank_number_line(issuer)
    } else {
        format!("Số: {symbol}")
    }
}
