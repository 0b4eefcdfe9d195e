//! "Việc chờ tôi": everything waiting for the signed-in person, in every place they hold a
//! role, with who it is for, when it is due and the page where it is done — late first, then
//! by due date, then oldest. Each item comes from the same source as the page it links to: a
//! unit's dates from `unit_dues`, a nomination's step from its own row.

use thidua_domain::access::{Action, PLATFORM, Role, TenantKind};
use thidua_domain::awards::AwardLevel;
use thidua_domain::calendar::{dmy, parse_iso_date, today_in_vietnam};
use thidua_domain::commendation::nomination::Stage;
use thidua_domain::initiative::InitiativeStatus;
use thidua_domain::reporting::ReportStatus;
use thidua_store::{Reader, UnitRow};
use time::{Date, OffsetDateTime};

use crate::auth::Ctx;
use crate::{App, Result};

/// One thing waiting for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    /// What to do: "Thẩm định thành tích", "Báo cáo năm 2026".
    pub what: String,
    /// For whom or what: "Trần Văn Ba — Giấy khen của Chủ tịch UBND xã", "Thôn Đông".
    pub whom: String,
    /// Where: the commune or province it belongs to.
    pub place: String,
    pub due: Option<Date>,
    /// "quá hạn 3 ngày", "hạn hôm nay", "còn 5 ngày", "" without a date.
    pub state: String,
    pub late: bool,
    /// The page where it is done.
    pub link: String,
    /// When it reached this step (Unix seconds), for "oldest first".
    pub since: i64,
}

fn state_of(due: Option<Date>, today: Date) -> (String, bool) {
    match due.map(|d| (d - today).whole_days()) {
        None => (String::new(), false),
        Some(d) if d > 0 => (format!("còn {d} ngày"), false),
        Some(0) => ("hạn hôm nay".to_owned(), false),
        Some(d) => (format!("quá hạn {} ngày", -d), true),
    }
}

/// Who acts on a nomination at its stage, and what they do.
fn step_of(stage: Stage, level: AwardLevel) -> Option<(Action, &'static str)> {
    match stage {
        Stage::Submitted => Some((Action::AppraiseAchievements, "Thẩm định thành tích")),
        Stage::AchievementOk => Some((Action::AppraiseDossiers, "Thẩm định hồ sơ")),
        Stage::DossierOk => Some((Action::RecordCouncil, "Ghi kết quả họp Hội đồng")),
        Stage::Approved if level == AwardLevel::Commune => Some((Action::SignDecisions, "Ký quyết định khen thưởng")),
        Stage::Approved => Some((Action::SignDecisions, "Trình cấp trên khen thưởng")),
        _ => None,
    }
}

impl App {
    /// Everything waiting for the caller, most urgent first.
    pub async fn waiting_work(&self, ctx: &Ctx) -> Result<Vec<WorkItem>> {
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        let mut out = Vec::new();
        for tenant in ctx.grants.tenants() {
            if tenant == PLATFORM {
                continue;
            }
            let place = self
                .directory_tenant(tenant)
                .map_or_else(|_| tenant.to_owned(), |t| t.name);
            let grants: Vec<_> = ctx.grants.0.iter().filter(|g| g.tenant_code == tenant).collect();
            if grants.iter().any(|g| g.role.tenant_kind() == TenantKind::Province) {
                self.province_work(ctx, tenant, &place, today, &mut out).await?;
                continue;
            }
            for unit in grants.iter().filter_map(|g| g.unit_id) {
                self.unit_work(ctx, tenant, unit, &place, &mut out).await?;
            }
            if grants.iter().any(|g| !g.role.needs_unit()) {
                self.commune_work(ctx, tenant, &place, today, &mut out).await?;
            }
        }
        out.sort_by(|a, b| {
            b.late
                .cmp(&a.late)
                .then(a.due.is_none().cmp(&b.due.is_none()))
                .then(a.due.cmp(&b.due))
                .then(a.since.cmp(&b.since))
        });
        Ok(out)
    }

    /// A unit's own dues (the same list its home page shows) and the nominations returned to it.
    async fn unit_work(&self, ctx: &Ctx, tenant: &str, unit: i64, place: &str, out: &mut Vec<WorkItem>) -> Result<()> {
        let scope = self.authorize_view(ctx, Action::ViewUnit, tenant, Some(unit)).await?;
        let unit_name = scope.unit(unit).await?.map(|u| u.name).unwrap_or_default();
        // A commune without a plan has no dates yet: nothing waits.
        if let Ok(dues) = self.unit_dues(ctx, tenant, unit).await {
            for d in dues.into_iter().filter(|d| !d.done) {
                out.push(WorkItem {
                    what: d.what,
                    whom: unit_name.clone(),
                    place: place.to_owned(),
                    due: Some(d.due),
                    state: d.state,
                    late: d.late,
                    link: d.link,
                    since: 0,
                });
            }
        }
        for occasion in scope.occasions().await? {
            for n in scope.nominations(occasion.id, unit).await? {
                if n.status == Stage::Returned {
                    out.push(WorkItem {
                        what: "Sửa và gửi lại đề nghị khen thưởng".into(),
                        whom: format!("{} — {}", n.nominee_name, occasion.title),
                        place: place.to_owned(),
                        due: None,
                        state: format!("bị trả lại: {}", n.return_reason),
                        late: false,
                        link: format!("/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{}/{}", occasion.id, n.id),
                        since: n.updated_at,
                    });
                }
            }
        }
        Ok(())
    }

    /// The commune officers' steps: reports to receive, the summary for the province, and each
    /// nomination at the step the person's role acts on.
    async fn commune_work(
        &self,
        ctx: &Ctx,
        tenant: &str,
        place: &str,
        today: Date,
        out: &mut Vec<WorkItem>,
    ) -> Result<()> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let units = scope.units().await?;
        self.report_work(ctx, &scope, (tenant, place), today, &units, out)
            .await?;
        self.register_work(ctx, &scope, (tenant, place), out).await?;
        let me = ctx.user.id;
        for occasion in scope.occasions().await? {
            for n in scope.nominations(occasion.id, 0).await? {
                let stage = n.status;
                let form = n.form;
                let due = parse_iso_date(&n.step_due);
                let (state, late) = state_of(due, today);
                let whom = format!("{} — {} ({})", n.nominee_name, form.name(), n.unit_name);
                let link = format!("/quan-tri/{tenant}/khen-thuong/{}#de-nghi-{}", occasion.id, n.id);
                let item = |what: &str| WorkItem {
                    what: what.to_owned(),
                    whom: whom.clone(),
                    place: place.to_owned(),
                    due,
                    state: state.clone(),
                    late,
                    link: link.clone(),
                    since: n.updated_at,
                };
                if n.decision_id == 0
                    && let Some((action, what)) = step_of(stage, form.level())
                    && Self::may(ctx, action, tenant, None)
                {
                    out.push(item(what));
                }
                if stage == Stage::DossierOk && Self::may(ctx, Action::VoteCouncil, tenant, None) {
                    let voted = scope.votes(occasion.id, n.id).await?.iter().any(|v| v.user_id == me);
                    if !voted {
                        out.push(item("Biểu quyết trong Hội đồng"));
                    }
                }
            }
        }
        Ok(())
    }

    /// Reports sent and waiting to be received, and the summary still to send to the province.
    async fn report_work(
        &self,
        ctx: &Ctx,
        scope: &Reader<'_>,
        (tenant, place): (&str, &str),
        today: Date,
        units: &[UnitRow],
        out: &mut Vec<WorkItem>,
    ) -> Result<()> {
        let year = today.year();
        let Some(period) = scope.period_of_year(year).await? else {
            return Ok(());
        };
        let review = Self::may(ctx, Action::ReviewReports, tenant, None);
        for r in scope.period_reports(period.id).await? {
            if review && ReportStatus::parse(&r.status) == Some(ReportStatus::Submitted) {
                out.push(WorkItem {
                    what: format!("Tiếp nhận báo cáo năm {year}"),
                    whom: units
                        .iter()
                        .find(|u| u.id == r.unit_id)
                        .map_or_else(String::new, |u| u.name.clone()),
                    place: place.to_owned(),
                    due: None,
                    state: "đơn vị đã gửi, chờ tiếp nhận hoặc trả lại".into(),
                    late: false,
                    link: format!("/quan-tri/{tenant}/don-vi/{}/bao-cao/{year}", r.unit_id),
                    since: r.updated_at,
                });
            }
        }
        let sent = scope.rollup(period.id).await?.is_some_and(|r| r.status == "sent");
        if !sent && Self::may(ctx, Action::SendRollup, tenant, None) {
            let due = parse_iso_date(&period.province_due);
            let (state, late) = state_of(due, today);
            out.push(WorkItem {
                what: format!("Gửi báo cáo tổng hợp năm {year} lên tỉnh"),
                whom: "Tổng hợp báo cáo của các đơn vị".into(),
                place: place.to_owned(),
                due,
                state,
                late,
                link: format!("/quan-tri/{tenant}/bao-cao/{year}"),
                since: 0,
            });
        }
        Ok(())
    }

    /// Packages from the province's communes with nominations still waiting for its word.
    async fn province_work(
        &self,
        ctx: &Ctx,
        province: &str,
        place: &str,
        today: Date,
        out: &mut Vec<WorkItem>,
    ) -> Result<()> {
        if !Self::may(ctx, Action::DecideForwarded, province, None) {
            return Ok(());
        }
        let scope = self
            .authorize_view(ctx, Action::DecideForwarded, province, None)
            .await?;
        for p in scope.received_packages().await? {
            if p.status == "done" {
                continue;
            }
            let commune = self
                .directory_tenant(&p.tenant_code)
                .map_or_else(|_| p.tenant_code.clone(), |t| t.name);
            let sent = parse_iso_date(&p.sent_date);
            out.push(WorkItem {
                what: "Xét hồ sơ đề nghị khen thưởng xã trình".into(),
                whom: format!("{commune} — Tờ trình số {}", p.symbol),
                place: place.to_owned(),
                due: None,
                state: sent.map_or_else(String::new, |d| {
                    format!("gửi ngày {}, đã {} ngày", dmy(d), (today - d).whole_days())
                }),
                late: false,
                link: format!("/quan-tri/{province}/ho-so-trinh/{}", p.id),
                since: sent.map_or(0, |d| d.midnight().assume_utc().unix_timestamp()),
            });
        }
        Ok(())
    }
}

/// Who holds the step a nomination has just reached, by role code.
fn holders_of(stage: Stage, level: AwardLevel) -> &'static [&'static str] {
    match stage {
        Stage::Submitted => &["digital_officer"],
        Stage::AchievementOk => &["commendation_officer"],
        Stage::DossierOk => &["commendation_officer", "council_member"],
        Stage::Approved if level == AwardLevel::Commune => &["signer"],
        Stage::Approved => &["signer", "commendation_officer"],
        _ => &[],
    }
}

impl App {
    /// Tells the people who hold the step a nomination has just reached, in the app and by
    /// e-mail through the outbox: the next officer, the council, the signer, or — when it was
    /// returned — the unit that sent it. Once per nomination and step.
    pub(crate) async fn announce_step(&self, tenant: &str, nomination: i64) -> Result<u32> {
        let scope = self.system_scope(tenant, "báo việc");
        let Some(n) = scope.nomination(nomination).await? else {
            return Ok(0);
        };
        let stage = n.status;
        let form = n.form;
        let occasion = scope
            .occasion(n.occasion_id)
            .await?
            .map(|o| o.title)
            .unwrap_or_default();
        let (people, text, link) = if stage == Stage::Returned {
            (
                self.store.unit_users(tenant, n.unit_id).await?,
                format!(
                    "{occasion}: đề nghị {} cho {} bị trả lại: {}. Hãy bổ sung và gửi lại.",
                    form.name_for(tenant),
                    n.nominee_name,
                    n.return_reason
                ),
                format!(
                    "/quan-tri/{tenant}/don-vi/{}/khen-thuong/{}/{}",
                    n.unit_id, n.occasion_id, n.id
                ),
            )
        } else {
            let what = step_of(stage, form.level()).map_or("", |(_, what)| what);
            if what.is_empty() {
                return Ok(0);
            }
            (
                self.store.role_users(tenant, holders_of(stage, form.level())).await?,
                format!(
                    "{occasion}: đề nghị {} cho {} ({}) chờ bạn: {}.",
                    form.name_for(tenant),
                    n.nominee_name,
                    n.unit_name,
                    what.to_lowercase()
                ),
                format!("/quan-tri/{tenant}/khen-thuong/{}#de-nghi-{}", n.occasion_id, n.id),
            )
        };
        let key = format!("step:{}:{}", n.id, n.status.code());
        self.tell(tenant, &people, &text, &link, &key).await
    }

    /// Tells who acts next on an initiative: the reviewers when it is sent for scoring, the unit
    /// when it is recognised or not. A failure to tell is logged; the step itself stands.
    pub(crate) async fn announce_initiative(&self, tenant: &str, id: i64) {
        if let Err(e) = self.initiative_notice(tenant, id).await {
            tracing::warn!(error = %e, initiative = id, "không báo được việc về sáng kiến");
        }
    }

    async fn initiative_notice(&self, tenant: &str, id: i64) -> Result<u32> {
        let scope = self.system_scope(tenant, "báo việc");
        let Some(row) = scope.initiative(id).await? else {
            return Ok(0);
        };
        let link = format!("/quan-tri/{tenant}/don-vi/{}/sang-kien/{id}", row.unit_id);
        let (people, text) = match row.initiative_status()? {
            InitiativeStatus::Submitted => (
                self.store
                    .role_users(tenant, &[Role::DigitalOfficer.code(), Role::CouncilMember.code()])
                    .await?,
                format!("Sáng kiến «{}» của {} chờ bạn chấm điểm.", row.title, row.unit_name),
            ),
            InitiativeStatus::Recognised => (
                self.store.unit_users(tenant, row.unit_id).await?,
                format!(
                    "Sáng kiến «{}» đã được công nhận theo Quyết định số {}.",
                    row.title, row.decision_no
                ),
            ),
            InitiativeStatus::NotRecognised => (
                self.store.unit_users(tenant, row.unit_id).await?,
                format!(
                    "Sáng kiến «{}» không được công nhận: {}.",
                    row.title, row.outcome_reason
                ),
            ),
            _ => return Ok(0),
        };
        let key = format!("initiative:{id}:{}", row.status);
        self.tell(tenant, &people, &text, &link, &key).await
    }

    /// One notice to each of `people` (user id, name, e-mail), in the app and by e-mail through
    /// the outbox, once per `key` and person. How many were new.
    pub(crate) async fn tell(
        &self,
        tenant: &str,
        people: &[(i64, String, String)],
        text: &str,
        link: &str,
        key: &str,
    ) -> Result<u32> {
        let mut sent = 0;
        for (user_id, _, email) in people {
            let key = format!("{key}:{user_id}");
            let notice = thidua_store::NewNotice {
                tenant_code: tenant,
                user_id: *user_id,
                email,
                text,
                link,
                subject: "Thi Đua – có việc chờ bạn",
                dedupe_key: &key,
            };
            sent += u32::from(self.store.notify(&notice).await?);
        }
        Ok(sent)
    }
}
