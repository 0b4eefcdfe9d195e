//! The council votes in the system, one member at a time, and the appraisal steps that run
//! late: the list across occasions and the daily reminder to whoever holds the step.

use std::collections::HashMap;

use thidua_domain::access::Action;
use thidua_domain::calendar::{dmy, parse_iso_date};
use thidua_domain::commendation::nomination::Stage;
use thidua_store::{Event, NewNotice, NominationRow, Reader, VoteRow};
use time::Date;

use crate::auth::Ctx;
use crate::{App, AppError, Result};

/// The roles that sit on the council: its members and the chairman who chairs it.
const COUNCIL_ROLES: [&str; 2] = ["council_member", "signer"];

/// Where the council's vote on one nomination stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Accounts on the council.
    pub members: u32,
    pub yes: u32,
    pub no: u32,
    /// Who voted how, in the order they voted.
    pub votes: Vec<VoteRow>,
}

impl Tally {
    pub fn voted(&self) -> u32 {
        self.yes + self.no
    }

    /// The caller's vote: "yes", "no" or "".
    pub fn vote_of(&self, user_id: i64) -> &str {
        self.votes
            .iter()
            .find(|v| v.user_id == user_id)
            .map_or("", |v| v.vote.as_str())
    }
}

/// An appraisal step that is late or due today.
#[derive(Debug, Clone)]
pub struct LateStep {
    pub row: NominationRow,
    pub stage: Stage,
    pub occasion_title: String,
    /// Calendar days past the due date (0: due today).
    pub days_late: i64,
}

impl App {
    /// How many accounts sit on the commune's council.
    pub(crate) async fn council_size(&self, tenant: &str) -> Result<u32> {
        let n = self.store.role_users(tenant, &COUNCIL_ROLES).await?.len();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The tallies of the nominations of an occasion.
    pub(crate) async fn tallies(&self, scope: &Reader<'_>, occasion_id: i64) -> Result<HashMap<i64, Tally>> {
        let members = self.council_size(scope.tenant()).await?;
        let mut out: HashMap<i64, Tally> = HashMap::new();
        for v in scope.votes(occasion_id, 0).await? {
            let t = out.entry(v.nomination_id).or_default();
            if v.vote == "yes" {
                t.yes += 1;
            } else {
                t.no += 1;
            }
            t.votes.push(v);
        }
        for t in out.values_mut() {
            t.members = members;
        }
        Ok(out)
    }

    /// The council's tally on one nomination, for closing the vote.
    pub(crate) async fn tally_of(&self, scope: &Reader<'_>, occasion_id: i64, id: i64) -> Result<Tally> {
        let mut all = self.tallies(scope, occasion_id).await?;
        Ok(match all.remove(&id) {
            Some(t) => t,
            None => Tally {
                members: self.council_size(scope.tenant()).await?,
                ..Tally::default()
            },
        })
    }

    /// A council member's vote (`dong-y` | `khong-dong-y`) on a nomination before the council;
    /// a member may change it until the vote is closed.
    pub async fn cast_vote(&self, ctx: &Ctx, tenant: &str, id: i64, vote: &str) -> Result<()> {
        let scope = self.authorize(ctx, Action::VoteCouncil, tenant, None).await?;
        let vote = match vote {
            "dong-y" => "yes",
            "khong-dong-y" => "no",
            _ => {
                return Err(crate::initiatives::field(
                    "vote",
                    "Biểu quyết: chọn Đồng ý hoặc Không đồng ý.",
                ));
            }
        };
        if !scope.cast_vote(id, ctx.user.id, &ctx.user.display_name, vote).await? {
            return Err(AppError::Invalid(
                "Đề nghị này không còn chờ Hội đồng biểu quyết.".into(),
            ));
        }
        Ok(())
    }

    /// Steps late or due today across the commune's occasions, latest first.
    pub async fn late_steps(&self, ctx: &Ctx, tenant: &str, today: Date) -> Result<Vec<LateStep>> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        self.late_steps_of(&scope, today).await
    }

    async fn late_steps_of(&self, scope: &Reader<'_>, today: Date) -> Result<Vec<LateStep>> {
        let occasions = scope.occasions().await?;
        let mut out: Vec<LateStep> = Vec::new();
        for row in scope.steps_with_due().await? {
            let Some(due) = parse_iso_date(&row.step_due) else {
                continue;
            };
            let days_late = (today - due).whole_days();
            if days_late < 0 {
                continue;
            }
            out.push(LateStep {
                stage: row.status,
                occasion_title: occasions
                    .iter()
                    .find(|o| o.id == row.occasion_id)
                    .map_or_else(String::new, |o| o.title.clone()),
                days_late,
                row,
            });
        }
        out.sort_by_key(|s| std::cmp::Reverse(s.days_late));
        Ok(out)
    }

    /// The daily reminder for steps due today or late: to the officers who hold the step, and
    /// for the council to members who have not voted. Returns how many notices were new.
    pub(crate) async fn appraisal_reminders(&self, today: Date) -> Result<u32> {
        let mut sent = 0;
        for tenant in self.store.tenants().await? {
            if tenant.kind != "commune" {
                continue;
            }
            let scope = self.system_scope(&tenant.code, "nhắc hạn");
            for step in self.late_steps_of(&scope, today).await? {
                let roles: &[&str] = match step.stage {
                    Stage::Submitted => &["digital_officer"],
                    Stage::AchievementOk => &["commendation_officer"],
                    _ => &["commendation_officer", "council_member", "signer"],
                };
                let voted: Vec<i64> = if step.stage == Stage::DossierOk {
                    scope
                        .votes(0, step.row.id)
                        .await?
                        .into_iter()
                        .map(|v| v.user_id)
                        .collect()
                } else {
                    Vec::new()
                };
                let when = match step.days_late {
                    0 => format!("hạn là hôm nay, {}", dmy(today)),
                    d => format!(
                        "đã quá hạn {d} ngày (hạn {})",
                        parse_iso_date(&step.row.step_due).map_or_else(String::new, dmy)
                    ),
                };
                let text = format!(
                    "{}: đề nghị {} cho {} ({}) đang chờ bước «{}», {when}.",
                    step.occasion_title,
                    step.row.form.name(),
                    step.row.nominee_name,
                    step.row.unit_name,
                    step.stage.label(),
                );
                let link = format!(
                    "/quan-tri/{}/khen-thuong/{}#de-nghi-{}",
                    tenant.code, step.row.occasion_id, step.row.id
                );
                let mut notices = 0;
                for (user_id, _, email) in self.store.role_users(&tenant.code, roles).await? {
                    if voted.contains(&user_id) {
                        continue;
                    }
                    let key = format!("appraisal:{}:{}:{today}:{user_id}", step.row.id, step.row.status.code());
                    let notice = NewNotice {
                        tenant_code: &tenant.code,
                        user_id,
                        email: &email,
                        text: &text,
                        link: &link,
                        subject: "Thi Đua – nhắc việc thẩm định khen thưởng",
                        dedupe_key: &key,
                    };
                    notices += u32::from(self.store.notify(&notice).await?);
                }
                if notices > 0 {
                    let after = serde_json::json!({ "stage": step.row.status, "days_late": step.days_late, "notices": notices });
                    scope
                        .record(&Event::new("nomination.remind", "nomination", step.row.id).after(&after))
                        .await?;
                }
                sent += notices;
            }
        }
        Ok(sent)
    }
}
