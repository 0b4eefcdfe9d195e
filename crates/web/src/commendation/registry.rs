//! The award registry (sổ vàng), its history, annulment, and the legal tables and rule sets.

use super::*;
use crate::session::SignedForm;

#[derive(Template, WebTemplate)]
#[template(path = "commendation/registry.html")]
pub(super) struct RegistryPage {
    nav: Nav,
    tenant: String,
    v: thidua_app::commendation::Registry,
    message: Option<String>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
    forms: Vec<(&'static str, &'static str)>,
    ratings: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
}

impl RegistryPage {
    fn reasons(&self) -> Vec<(&'static str, &'static str)> {
        thidua_domain::commendation::annulment::AnnulReason::ALL
            .iter()
            .map(|r| (r.code(), r.label()))
            .collect()
    }
    /// The annulment form of this award is the one the errors are about.
    fn annulling(&self, id: &i64) -> bool {
        self.val("annul_award") == id.to_string()
    }
    fn kind_label(&self, code: &str) -> &'static str {
        AwardKind::parse(code).map_or("", AwardKind::label)
    }
    fn money(&self, amount: &i64) -> String {
        if *amount == 0 { "–".into() } else { vnd(*amount) }
    }
    fn val(&self, name: &str) -> String {
        typed_value(&self.typed, name)
    }
    fn invalid(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e.field == name)
    }
}

pub(super) async fn registry_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    message: Option<String>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let v = s.app.registry(ctx, tenant).await?;
    let status = status_of(&errors);
    Ok((
        status,
        RegistryPage {
            nav: Nav::of(ctx),
            tenant: tenant.to_owned(),
            v,
            message,
            errors,
            typed,
            forms: AwardForm::ALL.iter().map(|f| (f.code(), f.name())).collect(),
            ratings: Rating::ALL.iter().map(|r| (r.code(), r.label())).collect(),
            kinds: AwardKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        },
    )
        .into_response())
}

#[derive(serde::Deserialize, Default)]
pub(super) struct RegistryQuery {
    #[serde(default)]
    ok: String,
    /// After an import: rows-added-updated-unchanged.
    #[serde(default)]
    nhap: String,
}

pub(super) async fn registry(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<RegistryQuery>,
) -> Result<Response, PageError> {
    let counts: Vec<u32> = q.nhap.split('-').filter_map(|n| n.parse().ok()).collect();
    let message = match counts[..] {
        [rows, added, updated, unchanged] => Some(format!(
            "Đã nhập sổ vàng: {rows} dòng — {added} mới, {updated} cập nhật, {unchanged} đã có từ trước."
        )),
        _ => note(&q.ok).map(str::to_owned),
    };
    registry_page(&s, &ctx, &tenant, message, Vec::new(), Vec::new()).await
}

/// The award history from the sổ vàng template: applied whole, or every wrong cell named.
pub(super) async fn import_history(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    form: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let upload = crate::uploads::read_upload(form).await?;
    check_csrf(&ctx, &upload.csrf)?;
    if upload.file.1.is_empty() {
        let errors = vec![FieldError {
            field: "history-file".into(),
            message: "Chọn tệp Excel sổ vàng (theo tệp mẫu) để nhập.".into(),
        }];
        return registry_page(&s, &ctx, &tenant, None, errors, Vec::new()).await;
    }
    match s.app.import_award_history(&ctx, &tenant, &upload.file.1).await? {
        thidua_app::participants::ImportOutcome::Applied { rows, applied } => Ok(Redirect::to(&format!(
            "/quan-tri/{tenant}/so-vang?nhap={rows}-{}-{}-{}",
            applied.added, applied.updated, applied.unchanged
        ))
        .into_response()),
        thidua_app::participants::ImportOutcome::Rejected(rows) => {
            let errors = rows
                .into_iter()
                .map(|e| FieldError {
                    field: "history-file".into(),
                    message: match (e.row, e.column.is_empty()) {
                        (0, _) => format!("Tệp: {}", e.reason),
                        (row, true) => format!("Dòng {row}: {}", e.reason),
                        (row, false) => format!("Dòng {row}, cột {}: {}", e.column, e.reason),
                    },
                })
                .collect();
            registry_page(&s, &ctx, &tenant, None, errors, Vec::new()).await
        }
    }
}

pub(super) async fn record_history(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let cmd = thidua_app::commendation::HistoryCommand::from_form(&f.0);
    match s.app.record_history(&ctx, &tenant, &cmd).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/so-vang?ok=so-vang")).into_response()),
        Err(e) => registry_page(&s, &ctx, &tenant, None, field_errors(e)?, f.0).await,
    }
}

/// The chairman's annulment of one award: the annulling decision, its date and ground, and
/// the money to recover.
pub(super) async fn annul(
    State(s): State<AppState>,
    Path((tenant, award)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let award = number(&award, "khen thưởng")?;
    let done = match thidua_app::commendation::AnnulCommand::parse(
        award,
        f.get("annul_on"),
        f.get("annul_decision"),
        f.get("annul_reason"),
        f.get("annul_note"),
        f.get("recover"),
    ) {
        Ok(cmd) => s.app.annul_award(&ctx, &tenant, &cmd).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/so-vang?ok=huy-bo#khen-{award}")).into_response()),
        Err(e) => {
            let mut typed = f.0;
            typed.push(("annul_award".into(), award.to_string()));
            registry_page(&s, &ctx, &tenant, None, field_errors(e)?, typed).await
        }
    }
}

// ------------------------------------------------------------------ a unit's nomination

#[derive(Template, WebTemplate)]
#[template(path = "commendation/legal.html")]
pub(super) struct LegalPage {
    nav: Nav,
    values: Vec<LegalValue>,
    /// The operator's warning when the base salary has stood for over a year.
    review: Option<String>,
    tables: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

impl LegalPage {
    fn table_label(&self, t: &LegalTable) -> &'static str {
        t.label()
    }
    fn shown(&self, v: &LegalValue) -> String {
        match v.table {
            LegalTable::BaseSalary => format!("{} đồng", vnd(v.value)),
            LegalTable::Rounding => format!("{} đồng ({})", vnd(v.value), v.key),
            _ => coefficient_label(v.value),
        }
    }
    fn key_label(&self, v: &LegalValue) -> String {
        match v.table {
            LegalTable::Coefficient => form_name(&v.key).to_owned(),
            LegalTable::Multiplier => recipient_label(&v.key).to_owned(),
            _ => v.key.clone(),
        }
    }
    fn val(&self, name: &str) -> String {
        typed_value(&self.typed, name)
    }
}

pub(super) async fn legal_page(
    s: &AppState,
    ctx: &Ctx,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let tables = s.app.legal_tables_for(ctx).await?;
    let today = thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc());
    let review = tables.base_salary_review(today);
    let status = status_of(&errors);
    Ok((
        status,
        LegalPage {
            nav: Nav::of(ctx),
            review,
            values: tables.values,
            tables: LegalTable::ALL.iter().map(|t| (t.code(), t.label())).collect(),
            message,
            errors,
            typed,
        },
    )
        .into_response())
}

pub(super) async fn legal(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    legal_page(&s, &ctx, note(&q.ok), Vec::new(), Vec::new()).await
}

pub(super) async fn legal_add(
    State(s): State<AppState>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let value = LegalValue {
        table: LegalTable::parse(f.get("table")).unwrap_or(LegalTable::BaseSalary),
        key: f.get("key").trim().to_owned(),
        value: f.get("value").trim().replace('.', "").parse().unwrap_or(0),
        effective_from: f.get("effective_from").to_owned(),
        source: f.get("source").trim().to_owned(),
        confidence: f.get("confidence").to_owned(),
    };
    let result = match LegalTable::parse(f.get("table")) {
        None => Err(AppError::Invalid("Bảng: chọn một bảng.".into())),
        Some(_) => s.app.add_legal_value(&ctx, &value).await,
    };
    match result {
        Ok(()) => Ok(Redirect::to("/quan-tri/he-thong/muc-thuong?ok=muc-thuong").into_response()),
        Err(e) => legal_page(&s, &ctx, None, field_errors(e)?, f.0).await,
    }
}

// ------------------------------------------------------------------ eligibility rule sets

#[derive(Template, WebTemplate)]
#[template(path = "commendation/rules.html")]
pub(super) struct RulesPage {
    nav: Nav,
    sets: Vec<(i64, String, String)>,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: String,
}

impl RulesPage {
    fn rule_count(&self, body: &str) -> usize {
        thidua_domain::commendation::eligibility::RuleSet::parse(body).map_or(0, |r| r.rules.len())
    }
    /// The text the form starts from: what was typed, else the newest set.
    fn draft(&self) -> String {
        if self.typed.is_empty() {
            self.sets.first().map_or_else(String::new, |s| s.2.clone())
        } else {
            self.typed.clone()
        }
    }
}

pub(super) async fn rules_page(
    s: &AppState,
    ctx: &Ctx,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: String,
) -> Result<Response, PageError> {
    let sets = s.app.rule_sets_for(ctx).await?;
    let status = status_of(&errors);
    Ok((
        status,
        RulesPage {
            nav: Nav::of(ctx),
            sets,
            message,
            errors,
            typed,
        },
    )
        .into_response())
}

pub(super) async fn rules(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    rules_page(&s, &ctx, note(&q.ok), Vec::new(), String::new()).await
}

pub(super) async fn rules_publish(
    State(s): State<AppState>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let text = f.get("body").to_owned();
    match s.app.publish_rule_set(&ctx, &text).await {
        Ok(_) => Ok(Redirect::to("/quan-tri/he-thong/quy-tac-xet?ok=quy-tac").into_response()),
        Err(e) => rules_page(&s, &ctx, None, field_errors(e)?, text).await,
    }
}
