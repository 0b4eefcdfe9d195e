//! The plan's periods: deadlines per year, the calendar feed, what a unit has due, and the
//! standing office's overview.

use super::*;

impl App {
    /// The commune's plan that covers `year` (the latest revision), cached per plan revision.
    pub async fn commune_plan(&self, tenant: &str, year: i32) -> Result<Arc<StoredPlan>> {
        let plans = self.store.plans_of(tenant).await?;
        let summary = plans
            .iter()
            .find(|p| i64::from(year) >= p.start_year && i64::from(year) <= p.end_year)
            .or_else(|| plans.first())
            .ok_or_else(|| AppError::NoPlan {
                tenant: tenant.to_owned(),
            })?;
        let key = (summary.id, summary.revision, summary.updated_at);
        if let Some(hit) = self.plans.read().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(hit);
        }
        let stored = Arc::new(
            self.store
                .plan(summary.id)
                .await?
                .ok_or_else(|| AppError::NotFound("Không có kế hoạch này.".into()))?,
        );
        if let Ok(mut cache) = self.plans.write() {
            cache.retain(|k, _| k.0 != summary.id);
            cache.insert(key, stored.clone());
        }
        Ok(stored)
    }

    /// The period of `year`, opened from the plan the first time anyone asks.
    /// The dates the plan's commune and its units are held to, for the public calendar feed:
    /// each year's period as the commune set it (the same dates the report pages show), the
    /// plan's schedule for years with no period yet, and the plan's other deadlines.
    pub async fn deadline_feed(&self, plan_id: i64) -> Result<Option<(StoredPlan, Vec<FeedEvent>)>> {
        use thidua_domain::plan::DeadlineKind;
        let Some(plan) = self.store.plan(plan_id).await? else {
            return Ok(None);
        };
        let scope = self.system_scope(&plan.summary.tenant_code, "lịch thời hạn");
        let periods = scope.periods().await?;
        let p = &plan.plan;
        let office = |kind: DeadlineKind| p.deadlines.iter().find(|d| d.kind == kind);
        let mut events = Vec::new();
        for year in p.period.start_year..=p.period.end_year {
            let (title, registration, unit, province) = match periods.iter().find(|r| r.year == year) {
                Some(row) => {
                    let period = Period::of(row.clone())?;
                    (
                        period.title(),
                        period.registration_due,
                        period.unit_due,
                        period.province_due,
                    )
                }
                None => {
                    let Some(s) = reporting::schedule(p, year) else {
                        continue;
                    };
                    let title = match s.kind {
                        PeriodKind::Annual => format!("Báo cáo năm {year}"),
                        other => format!("{} năm {year}", other.label()),
                    };
                    (title, s.registration_due, s.unit_due, s.province_due)
                }
            };
            let to =
                |kind: DeadlineKind, default: &str| office(kind).map_or_else(|| default.to_owned(), |d| d.to.clone());
            let text = |kind: DeadlineKind| office(kind).map_or_else(String::new, |d| d.text.clone());
            if let Some(due) = registration {
                events.push(FeedEvent {
                    uid: format!("{}-{year}-dang-ky", plan.summary.tenant_code),
                    due,
                    summary: format!("Hạn các đơn vị đăng ký thi đua năm {year}"),
                    description: text(DeadlineKind::Registration),
                });
            }
            events.push(FeedEvent {
                uid: format!("{}-{year}-don-vi-bao-cao", plan.summary.tenant_code),
                due: unit,
                summary: format!(
                    "Hạn các đơn vị gửi {} về {}",
                    title.to_lowercase(),
                    to(DeadlineKind::UnitReport, &plan.summary.commune_name)
                ),
                description: text(DeadlineKind::UnitReport),
            });
            events.push(FeedEvent {
                uid: format!("{}-{year}-bao-cao-tinh", plan.summary.tenant_code),
                due: province,
                summary: format!(
                    "Hạn {} gửi báo cáo tổng hợp ({}) về {}",
                    plan.summary.commune_name,
                    title.to_lowercase(),
                    to(DeadlineKind::ReportToProvince, "tỉnh")
                ),
                description: text(DeadlineKind::ReportToProvince),
            });
        }
        let from = Date::from_calendar_date(p.period.start_year, time::Month::January, 1)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        for o in thidua_domain::calendar::upcoming(&p.deadlines, p.period, from) {
            if matches!(
                o.deadline.kind,
                DeadlineKind::Registration | DeadlineKind::UnitReport | DeadlineKind::ReportToProvince
            ) {
                continue;
            }
            events.push(FeedEvent {
                uid: format!("{}-{}-{:?}", plan.summary.tenant_code, o.due, o.deadline.kind).to_lowercase(),
                due: o.due,
                summary: format!("Hạn: {} gửi {}", o.deadline.from, o.deadline.to),
                description: o.deadline.text.clone(),
            });
        }
        events.sort_by_key(|e| e.due);
        Ok(Some((plan, events)))
    }

    /// The dates the unit is held to this year, from the same period its report page shows,
    /// each with where the unit stands: registered, sent, returned, late by so many days.
    pub async fn unit_dues(&self, ctx: &Ctx, tenant: &str, unit_id: i64) -> Result<Vec<UnitDue>> {
        let scope = self.authorize(ctx, Action::ViewUnit, tenant, Some(unit_id)).await?;
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        let year = today.year();
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let left = |due: Date, done: bool, done_text: &str| -> (String, bool) {
            let days = (due - today).whole_days();
            match (done, days) {
                (true, _) => (done_text.to_owned(), false),
                (false, d) if d > 0 => (format!("còn {d} ngày"), false),
                (false, 0) => ("hạn hôm nay".to_owned(), false),
                (false, d) => (format!("quá hạn {} ngày, chưa gửi", -d), true),
            }
        };
        let base = format!("/quan-tri/{tenant}/don-vi/{unit_id}");
        let mut out = Vec::new();
        if let Some(due) = period.registration_due {
            let registered = scope
                .registrations(period.row.id)
                .await?
                .iter()
                .any(|r| r.unit_id == unit_id);
            let (state, late) = left(due, registered, "đã đăng ký");
            out.push(UnitDue {
                due,
                what: format!("Đăng ký thi đua năm {year}"),
                link: format!("{base}/dang-ky/{year}"),
                state,
                late,
                done: registered,
            });
        }
        let status = status_of(scope.report(period.row.id, unit_id).await?.as_ref())?;
        let sent = matches!(status, ReportStatus::Submitted | ReportStatus::Accepted);
        let (mut state, late) = left(period.unit_due, sent, status.label());
        if status == ReportStatus::Returned {
            state = format!("{} — cần sửa và gửi lại ({state})", status.label());
        }
        out.push(UnitDue {
            due: period.unit_due,
            what: period.title(),
            link: format!("{base}/bao-cao/{year}"),
            state,
            late: late || status == ReportStatus::Returned,
            done: sent,
        });
        out.sort_by_key(|d| d.due);
        Ok(out)
    }

    pub async fn period_for(&self, scope: &Scope<'_>, plan: &StoredPlan, year: i32) -> Result<Period> {
        if let Some(row) = scope.period_of_year(year).await? {
            return Period::of(row);
        }
        let s = reporting::schedule(&plan.plan, year).ok_or_else(|| {
            AppError::NotFound(format!(
                "Năm {year} nằm ngoài giai đoạn {}–{} của kế hoạch.",
                plan.plan.period.start_year, plan.plan.period.end_year
            ))
        })?;
        let iso = |d: Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
        let row = scope
            .ensure_period(&NewPeriod {
                plan_id: plan.summary.id,
                year,
                kind: s.kind.code().to_owned(),
                registration_due: s.registration_due.map(iso).unwrap_or_default(),
                unit_due: iso(s.unit_due),
                province_due: iso(s.province_due),
                due_source: s.source.code().to_owned(),
                remind_days: DEFAULT_REMIND_DAYS,
            })
            .await?;
        Period::of(row)
    }

    /// Every unit's report status for the period of `year`.
    pub async fn period_overview(&self, ctx: &Ctx, tenant: &str, year: i32) -> Result<PeriodOverview> {
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let reports = scope.period_reports(period.row.id).await?;
        let registered: Vec<i64> = scope
            .registrations(period.row.id)
            .await?
            .into_iter()
            .map(|r| r.unit_id)
            .collect();
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        let mut units: Vec<UnitStatus> = scope
            .units()
            .await?
            .into_iter()
            .map(|unit| {
                let r = reports.iter().find(|r| r.unit_id == unit.id);
                let status = status_of(r)?;
                Ok(UnitStatus {
                    registered: registered.contains(&unit.id),
                    version: r.map_or(0, |r| r.version),
                    late_seconds: r.map_or(0, |r| r.late_seconds),
                    overdue: !status.counted() && today > period.unit_due,
                    status,
                    unit,
                })
            })
            .collect::<Result<_>>()?;
        units.sort_by(|a, b| thidua_domain::text::compare(&a.unit.name, &b.unit.name));
        Ok(PeriodOverview {
            tenant: tenant.to_owned(),
            plan,
            period,
            units,
            today,
        })
    }

    /// The standing office moves the period's dates (or sets those the plan leaves open).
    pub async fn set_period_dates(&self, ctx: &Ctx, tenant: &str, year: i32, dates: &PeriodDates<'_>) -> Result<()> {
        let scope = self.authorize(ctx, Action::ReviewReports, tenant, None).await?;
        let PeriodDates {
            registration_due,
            unit_due,
            province_due,
            remind_days,
        } = *dates;
        let mut errors = Vec::new();
        let mut date = |field: &str, label: &str, raw: &str, optional: bool| -> Option<Date> {
            let raw = raw.trim();
            if raw.is_empty() && optional {
                return None;
            }
            let parsed = parse_iso_date(raw);
            if parsed.is_none() {
                errors.push(FieldError {
                    field: field.into(),
                    message: format!("{label}: không phải ngày hợp lệ (đã nhập «{raw}»)."),
                });
            }
            parsed
        };
        let reg = date("registration_due", "Hạn đăng ký thi đua", registration_due, true);
        let unit = date("unit_due", "Hạn đơn vị gửi báo cáo", unit_due, false);
        let province = date("province_due", "Hạn gửi báo cáo tổng hợp lên tỉnh", province_due, false);
        let days = remind_days.trim().parse::<i64>().ok().filter(|d| (0..=30).contains(d));
        if days.is_none() {
            errors.push(FieldError {
                field: "remind_days".into(),
                message: format!("Nhắc trước hạn: từ 0 đến 30 ngày (đã nhập «{}»).", remind_days.trim()),
            });
        }
        if let (Some(u), Some(p)) = (unit, province)
            && p < u
        {
            errors.push(FieldError {
                field: "province_due".into(),
                message: "Hạn gửi báo cáo tổng hợp lên tỉnh phải sau hạn đơn vị gửi báo cáo.".into(),
            });
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let iso = |d: Option<Date>| d.map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()));
        scope
            .set_period_dues(
                period.row.id,
                &iso(reg).unwrap_or_default(),
                &iso(unit).unwrap_or_default(),
                &iso(province).unwrap_or_default(),
                days.unwrap_or(DEFAULT_REMIND_DAYS),
            )
            .await?;
        Ok(())
    }
}
