//! Reminders before and after deadlines, and the notices they leave.

use super::*;

impl App {
    /// One notification per account of the unit (and an e-mail where it has an address).
    /// `key` makes the notice land once, however many servers compute it.
    pub(crate) async fn notify_unit(
        &self,
        tenant: &str,
        unit_id: i64,
        text: &str,
        link: &str,
        key: &str,
    ) -> Result<u32> {
        Ok(self.reach_unit(tenant, unit_id, text, link, key).await?.accounts)
    }

    /// Notifies every account of a unit (in the app, and by mail where it has an address) and
    /// says honestly who was reached.
    pub(crate) async fn reach_unit(
        &self,
        tenant: &str,
        unit_id: i64,
        text: &str,
        link: &str,
        key: &str,
    ) -> Result<Reach> {
        let users = self.store.unit_users(tenant, unit_id).await?;
        let mut reach = Reach {
            has_account: !users.is_empty(),
            has_email: users.iter().any(|(_, _, email)| !email.is_empty()),
            ..Reach::default()
        };
        for (user_id, _, email) in users {
            let dedupe_key = format!("{key}:{user_id}");
            let notice = NewNotice {
                tenant_code: tenant,
                user_id,
                email: &email,
                text,
                link,
                subject: "Thi Đua – nhắc việc",
                dedupe_key: &dedupe_key,
            };
            if self.store.notify(&notice).await? {
                reach.accounts += 1;
                reach.mails += u32::from(!email.is_empty());
            }
        }
        Ok(reach)
    }

    /// One-click reminder from the standing office to units that have not sent (one unit or
    /// all of them). At most one manual reminder per unit per day. Says who was reached and
    /// who has no way to be.
    pub async fn remind_units(&self, ctx: &Ctx, tenant: &str, year: i32, unit: Option<i64>) -> Result<ReminderRound> {
        let overview = self.period_overview(ctx, tenant, year).await?;
        let scope = self.authorize_view(ctx, Action::ReviewReports, tenant, None).await?;
        let mut round = ReminderRound::default();
        for u in overview
            .units
            .iter()
            .filter(|u| !u.status.counted() && unit.is_none_or(|id| id == u.unit.id))
        {
            let key = format!(
                "remind:{}:{}:manual:{}",
                overview.period.row.id, u.unit.id, overview.today
            );
            let reach = self
                .remind_one(tenant, &overview.period, u, overview.today, &key)
                .await?;
            round.no_account += u32::from(!reach.has_account);
            round.no_email += u32::from(reach.has_account && !reach.has_email);
            if reach.accounts > 0 {
                round.units += 1;
                round.accounts += reach.accounts;
                round.mails += reach.mails;
                let after = serde_json::json!({ "unit": u.unit.id, "year": year, "accounts": reach.accounts, "mails": reach.mails });
                scope
                    .record(&thidua_store::Event::new("report.remind", "unit", u.unit.id).after(&after))
                    .await?;
            }
        }
        Ok(round)
    }

    pub(crate) async fn remind_one(
        &self,
        tenant: &str,
        period: &Period,
        u: &UnitStatus,
        today: Date,
        key: &str,
    ) -> Result<Reach> {
        let text = format!(
            "{}: {} chưa gửi báo cáo, {}.",
            period.title(),
            u.unit.name,
            when(period.unit_due, today)
        );
        let link = format!("/quan-tri/{tenant}/don-vi/{}/bao-cao/{}", u.unit.id, period.row.year);
        self.reach_unit(tenant, u.unit.id, &text, &link, key).await
    }

    /// The reminder round every server runs: for each commune with a period this year, units
    /// that have not sent get a notice `remind_days` before the deadline and on the day.
    /// Returns how many notices were new.
    pub async fn run_reminders(&self, now: OffsetDateTime) -> Result<u32> {
        let today = today_in_vietnam(now);
        let mut sent = 0;
        let mut communes: Vec<String> = self.store.plans().await?.into_iter().map(|p| p.tenant_code).collect();
        communes.dedup();
        for tenant in communes {
            if self.store.tenant(&tenant).await?.is_none() {
                continue; // a plan loaded for a commune that does not use the platform yet
            }
            let scope = self.system_scope(&tenant, "nhắc hạn");
            let Ok(plan) = self.commune_plan(&tenant, today.year()).await else {
                continue;
            };
            let Ok(period) = self.period_for(&scope, &plan, today.year()).await else {
                continue; // the year is outside the plan
            };
            sent += self.remind_unit_reports(&scope, &tenant, &period, today).await?;
            sent += self.remind_registrations(&scope, &tenant, &period, today).await?;
            sent += self.remind_rollup(&scope, &tenant, &period, today).await?;
        }
        sent += self.appraisal_reminders(today).await?;
        Ok(sent)
    }

    /// Units that have not sent their report, `remind_days` before the deadline and on the day.
    pub(crate) async fn remind_unit_reports(
        &self,
        scope: &Reader<'_>,
        tenant: &str,
        period: &Period,
        today: Date,
    ) -> Result<u32> {
        let Some(kind) = reminder_day(period.unit_due, period.row.remind_days, today) else {
            return Ok(0);
        };
        let mut sent = 0;
        let reports = scope.period_reports(period.row.id).await?;
        for unit in scope.units().await? {
            let status = status_of(reports.iter().find(|r| r.unit_id == unit.id))?;
            if status.counted() {
                continue;
            }
            let u = UnitStatus {
                unit,
                status,
                version: 0,
                late_seconds: 0,
                overdue: false,
                registered: false,
            };
            let key = format!("remind:{}:{}:{kind}:{today}", period.row.id, u.unit.id);
            let new = self.remind_one(tenant, period, &u, today, &key).await?.accounts;
            if new > 0 {
                let after = serde_json::json!({ "unit": u.unit.id, "kind": kind, "notices": new });
                scope
                    .record(&thidua_store::Event::new("report.remind", "unit", u.unit.id).after(&after))
                    .await?;
            }
            sent += new;
        }
        Ok(sent)
    }

    /// Units that have not registered, before the registration deadline and on the day.
    pub(crate) async fn remind_registrations(
        &self,
        scope: &Reader<'_>,
        tenant: &str,
        period: &Period,
        today: Date,
    ) -> Result<u32> {
        let Some(due) = period.registration_due else {
            return Ok(0);
        };
        let Some(kind) = reminder_day(due, period.row.remind_days, today) else {
            return Ok(0);
        };
        let registered: Vec<i64> = scope
            .registrations(period.row.id)
            .await?
            .iter()
            .map(|r| r.unit_id)
            .collect();
        let year = period.row.year;
        let mut sent = 0;
        for unit in scope.units().await? {
            if registered.contains(&unit.id) {
                continue;
            }
            let text = format!(
                "Đăng ký thi đua năm {year}: {} chưa đăng ký, {}.",
                unit.name,
                when(due, today)
            );
            let link = format!("/quan-tri/{tenant}/don-vi/{}/dang-ky/{year}", unit.id);
            let key = format!("register:{}:{}:{kind}:{today}", period.row.id, unit.id);
            let new = self.reach_unit(tenant, unit.id, &text, &link, &key).await?.accounts;
            if new > 0 {
                let after = serde_json::json!({ "unit": unit.id, "kind": kind, "notices": new });
                scope
                    .record(&thidua_store::Event::new("registration.remind", "unit", unit.id).after(&after))
                    .await?;
            }
            sent += new;
        }
        Ok(sent)
    }

    /// The commune's own deadline to the province: its standing office, while the summary is
    /// not sent.
    pub(crate) async fn remind_rollup(
        &self,
        scope: &Reader<'_>,
        tenant: &str,
        period: &Period,
        today: Date,
    ) -> Result<u32> {
        let Some(kind) = reminder_day(period.province_due, period.row.remind_days, today) else {
            return Ok(0);
        };
        if scope.rollup(period.row.id).await?.is_some_and(|r| r.status == "sent") {
            return Ok(0);
        }
        let year = period.row.year;
        let text = format!(
            "Báo cáo tổng hợp năm {year} gửi tỉnh chưa gửi, {}.",
            when(period.province_due, today)
        );
        let link = format!("/quan-tri/{tenant}/tong-hop/{year}");
        let mut sent = 0;
        for (user_id, _, email) in self.store.role_users(tenant, &["standing_officer"]).await? {
            let key = format!("rollup:{}:{kind}:{today}:{user_id}", period.row.id);
            let notice = NewNotice {
                tenant_code: tenant,
                user_id,
                email: &email,
                text: &text,
                link: &link,
                subject: "Thi Đua – nhắc hạn báo cáo tổng hợp gửi tỉnh",
                dedupe_key: &key,
            };
            sent += u32::from(self.store.notify(&notice).await?);
        }
        Ok(sent)
    }

    // ------------------------------------------------------------------ roll-up

    pub async fn notifications(&self, ctx: &Ctx) -> Result<Vec<thidua_store::NotificationRow>> {
        let rows = self.store.notifications(ctx.user.id, 100).await?;
        self.store.mark_notifications_read(ctx.user.id).await?;
        Ok(rows)
    }

    pub async fn unread_notifications(&self, ctx: &Ctx) -> Result<i64> {
        Ok(self.store.unread_notifications(ctx.user.id).await?)
    }
}
