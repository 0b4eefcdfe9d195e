//! Occasions (đợt khen thưởng): opened by the standing office with the plan's quotas.

use super::*;

/// An occasion to open, as the standing office's form reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenOccasionCommand {
    pub kind: Option<Occasion>,
    pub year: Option<i32>,
    /// Empty: "Khen thưởng năm 2026" and the like.
    pub title: String,
}

impl OpenOccasionCommand {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            kind: occasion_kind(&value(pairs, "kind")),
            year: value(pairs, "year").parse().ok(),
            title: value(pairs, "title"),
        }
    }
}

/// The commune's appraisal settings as typed; a value that is not a number is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsCommand {
    pub step_days: Option<i64>,
    pub quorum_percent: Option<i64>,
    pub approval_percent: Option<i64>,
}

impl SettingsCommand {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        let number = |name: &str| value(pairs, name).parse().ok();
        Self {
            step_days: number("step_days"),
            quorum_percent: number("quorum_percent"),
            approval_percent: number("approval_percent"),
        }
    }
}

impl App {
    pub async fn commendation_home(&self, ctx: &Ctx, tenant: &str) -> Result<CommendationHome> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let plan = self.commune_plan(tenant, today().year()).await?;
        let mut occasions = Vec::new();
        for row in scope.occasions().await? {
            let quotas = scope.quotas(row.id).await?;
            let nominations = scope.nominations(row.id, 0).await?.len();
            occasions.push(OccasionSummary {
                row,
                quotas,
                nominations,
            });
        }
        Ok(CommendationHome {
            tenant: tenant.to_owned(),
            plan,
            occasions,
            can_manage: Self::may(ctx, Action::ManageOccasions, tenant, None),
            settings: self.commendation_settings_of(&scope).await?,
        })
    }

    /// Opens an occasion (kind, year, title) with the quotas the plan sets for it.
    pub async fn open_occasion(&self, ctx: &Ctx, tenant: &str, cmd: &OpenOccasionCommand) -> Result<i64> {
        let scope = self.authorize(ctx, Action::ManageOccasions, tenant, None).await?;
        let kind = cmd.kind.ok_or_else(|| {
            field(
                "kind",
                "Đợt khen thưởng: chọn hằng năm, sơ kết, tổng kết hoặc đột xuất.",
            )
        })?;
        let year = cmd.year.ok_or_else(|| field("year", "Năm: nhập năm, ví dụ 2026."))?;
        let plan = self.commune_plan(tenant, year).await?;
        let p = &plan.plan;
        if year < p.period.start_year || year > p.period.end_year {
            return Err(field(
                "year",
                format!(
                    "Năm: kế hoạch áp dụng từ {} đến {}.",
                    p.period.start_year, p.period.end_year
                ),
            ));
        }
        let review_year = |review: &str| {
            p.phases
                .iter()
                .find(|ph| {
                    serde_json::to_value(ph.review)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .as_deref()
                        == Some(review)
                })
                .map(|ph| ph.review_year)
        };
        match kind {
            Occasion::SoKet | Occasion::TongKet => {
                let code = occasion_code(kind);
                if let Some(y) = review_year(code)
                    && y != year
                {
                    return Err(field(
                        "year",
                        format!("Năm: kế hoạch {} vào năm {y}.", kind.label().to_lowercase()),
                    ));
                }
            }
            Occasion::Annual | Occasion::DotXuat => {}
        }
        if kind != Occasion::DotXuat
            && scope
                .occasions()
                .await?
                .iter()
                .any(|o| o.year == year && o.kind == kind)
        {
            return Err(field(
                "kind",
                format!("Đã có đợt khen thưởng {}.", occasion_name(kind, year)),
            ));
        }
        let mut title = cmd.title.clone();
        if title.is_empty() {
            title = format!("Khen thưởng {}", occasion_name(kind, year));
        }
        if title.chars().count() > 200 {
            return Err(field("title", "Tên đợt: tối đa 200 ký tự."));
        }
        let mut quotas = Vec::new();
        for a in p.awards_for(kind) {
            if let Some(q) = &a.quota {
                if let Some(c) = q.collective {
                    quotas.push((
                        a.form.code().to_owned(),
                        RecipientKind::Collective.code().to_owned(),
                        i64::from(c),
                    ));
                }
                if let Some(i) = q.individual {
                    quotas.push((
                        a.form.code().to_owned(),
                        RecipientKind::Individual.code().to_owned(),
                        i64::from(i),
                    ));
                }
            }
        }
        Ok(scope
            .open_occasion(plan.summary.id, occasion_code(kind), year, &title, &quotas)
            .await?)
    }

    pub async fn set_occasion_open(&self, ctx: &Ctx, tenant: &str, id: i64, open: bool) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageOccasions, tenant, None).await?;
        if !scope.set_occasion_status(id, open).await? {
            return Err(AppError::Invalid(if open {
                "Đợt này đang mở.".into()
            } else {
                "Đợt này đã đóng.".into()
            }));
        }
        Ok(())
    }

    pub async fn set_commendation_settings(&self, ctx: &Ctx, tenant: &str, cmd: &SettingsCommand) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageOccasions, tenant, None).await?;
        let mut errors = Vec::new();
        let mut number = |typed: Option<i64>, name: &str, label: &str, lo: i64, hi: i64| -> i64 {
            match typed {
                Some(n) if (lo..=hi).contains(&n) => n,
                _ => {
                    errors.push(FieldError {
                        field: name.to_owned(),
                        message: format!("{label}: nhập số từ {lo} đến {hi}."),
                    });
                    0
                }
            }
        };
        let days = number(cmd.step_days, "step_days", "Số ngày làm việc mỗi bước", 1, 30);
        let quorum = number(
            cmd.quorum_percent,
            "quorum_percent",
            "Tỷ lệ dự họp tối thiểu (%)",
            1,
            99,
        );
        let approval = number(cmd.approval_percent, "approval_percent", "Tỷ lệ đồng ý (%)", 1, 100);
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        Ok(scope.set_commendation_settings(days, quorum, approval).await?)
    }

    pub async fn occasion_view(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<OccasionView> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let occasion = scope
            .occasion(id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đợt khen thưởng này.".into()))?;
        let kind = occasion.kind;
        let plan = self.commune_plan(tenant, occasion.year).await?;
        let today = today();
        let nominations: Vec<NominationItem> = scope
            .nominations(id, 0)
            .await?
            .into_iter()
            .map(|row| {
                let stage = row.status;
                let overdue = parse_iso_date(&row.step_due).is_some_and(|d| d < today);
                let verdict = serde_json::from_str::<Verdict>(&row.verdict).ok();
                Ok(NominationItem {
                    row,
                    stage,
                    overdue,
                    verdict,
                })
            })
            .collect::<Result<_>>()?;
        let mut ready: Vec<(AwardForm, usize)> = Vec::new();
        let mut to_forward: Vec<(AwardForm, usize)> = Vec::new();
        for n in nominations.iter().filter(|n| n.stage == Stage::Approved) {
            let form = n.row.form;
            let list = if form.level() == AwardLevel::Commune {
                &mut ready
            } else {
                &mut to_forward
            };
            match list.iter_mut().find(|(f, _)| *f == form) {
                Some((_, k)) => *k += 1,
                None => list.push((form, 1)),
            }
        }
        Ok(OccasionView {
            tenant: tenant.to_owned(),
            quotas: scope.quotas(id).await?,
            decisions: scope.decisions(id).await?,
            can_manage: Self::may(ctx, Action::ManageOccasions, tenant, None),
            can_achievement: Self::may(ctx, Action::AppraiseAchievements, tenant, None),
            can_dossier: Self::may(ctx, Action::AppraiseDossiers, tenant, None),
            can_council: Self::may(ctx, Action::RecordCouncil, tenant, None),
            can_vote: Self::may(ctx, Action::VoteCouncil, tenant, None),
            can_sign: Self::may(ctx, Action::SignDecisions, tenant, None),
            tallies: self.tallies(&scope, id).await?,
            council_size: self.council_size(tenant).await?,
            user_id: ctx.user.id,
            settings: self.commendation_settings_of(&scope).await?,
            today: thidua_domain::calendar::dmy(today),
            occasion,
            kind,
            plan,
            nominations,
            ready,
            to_forward,
            packages: scope.sent_packages(id).await?,
        })
    }

    // ------------------------------------------------------------------ nominations
}
