//! Appraisal: the council's scorecards, conflicts of interest, the decision, and the
//! commune's weights and threshold.

use super::*;

/// A reviewer's scorecard as typed: the four scores in the order of [`CRITERIA`], or a
/// declared conflict of interest instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreCommand {
    pub scores: [String; 4],
    pub note: String,
    /// `Some` when the reviewer declared a conflict (the reason, possibly empty).
    pub conflict: Option<String>,
}

impl ScoreCommand {
    /// `score_{code}`, `note`, and `declare` with `conflict`.
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            scores: CRITERIA.map(|(code, _)| value(pairs, &format!("score_{code}"))),
            note: value(pairs, "note"),
            conflict: pairs
                .iter()
                .any(|(k, _)| k == "declare")
                .then(|| value(pairs, "conflict")),
        }
    }
}

/// The decision on initiatives as typed: recognised (with the decision's number and date) or
/// not (with the reason); `None` when the form chose neither.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecideCommand {
    pub recognised: Option<bool>,
    pub reason: String,
    pub decision_no: String,
    pub decision_date: String,
}

impl DecideCommand {
    /// `decision` = recognise | reject, `reason`, `decision_no`, `decision_date`.
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            recognised: match value(pairs, "decision").as_str() {
                "recognise" => Some(true),
                "reject" => Some(false),
                _ => None,
            },
            reason: value(pairs, "reason"),
            decision_no: value(pairs, "decision_no"),
            decision_date: value(pairs, "decision_date"),
        }
    }
}

/// The commune's scoring weights (in the order of [`CRITERIA`]) and look-alike threshold, as
/// typed, in percent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitiativeSettingsCommand {
    pub weights: [String; 4],
    pub threshold: String,
}

impl InitiativeSettingsCommand {
    /// `weight_{code}` and `threshold`.
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            weights: CRITERIA.map(|(code, _)| value(pairs, &format!("weight_{code}"))),
            threshold: value(pairs, "threshold"),
        }
    }
}

/// The criteria's scores: whole numbers 0–10, each wrong one named.
pub fn read_scores(typed: &[String; 4]) -> std::result::Result<[u8; 4], Vec<FieldError>> {
    let mut scores = [0u8; 4];
    let mut errors = Vec::new();
    for (i, (code, label)) in CRITERIA.iter().enumerate() {
        let name = format!("score_{code}");
        let raw = typed[i].as_str();
        match raw.parse::<u8>() {
            Ok(n) if n <= 10 => scores[i] = n,
            _ => errors.push(FieldError {
                field: name,
                message: if raw.is_empty() {
                    format!("{label}: chưa cho điểm (0 đến 10).")
                } else {
                    format!("{label}: điểm là số nguyên từ 0 đến 10 (đã nhập «{raw}»).")
                },
            }),
        }
    }
    if errors.is_empty() { Ok(scores) } else { Err(errors) }
}

impl App {
    pub(crate) async fn initiative_settings_of(&self, scope: &Reader<'_>) -> Result<InitiativeSettings> {
        Ok(match scope.initiative_settings().await? {
            Some((weights, threshold)) => InitiativeSettings {
                weights: serde_json::from_str(&weights).unwrap_or_default(),
                threshold: threshold as f64 / 100.0,
            },
            None => InitiativeSettings::default(),
        })
    }

    /// Why the caller may not score: an author by name, or holding a role in the proposing
    /// unit or an author's unit.
    pub(crate) async fn conflict_of(
        &self,
        ctx: &Ctx,
        scope: &Reader<'_>,
        form: &InitiativeForm,
        proposing: &str,
    ) -> Result<Option<String>> {
        let units = scope.units().await?;
        let mine: Vec<String> = ctx
            .grants
            .units_in(scope.tenant())
            .into_iter()
            .filter_map(|id| units.iter().find(|u| u.id == id).map(|u| u.name.clone()))
            .collect();
        Ok(conflict_of_interest(
            &ctx.user.display_name,
            &mine,
            proposing,
            &form.authors,
        ))
    }

    /// A reviewer's scorecard, or a declared conflict of interest.
    pub async fn score_initiative(&self, ctx: &Ctx, tenant: &str, id: i64, cmd: &ScoreCommand) -> Result<()> {
        let scope = self.authorize(ctx, Action::AppraiseInitiatives, tenant, None).await?;
        let row = scope.initiative(id).await?.ok_or_else(not_found)?;
        if row.status != InitiativeStatus::Submitted.code() {
            return Err(AppError::Invalid("Sáng kiến không còn chờ chấm điểm.".into()));
        }
        let form = parse_form(&row.body);
        let mut card = Scorecard {
            reviewer_id: ctx.user.id,
            reviewer_name: ctx.user.display_name.clone(),
            note: cmd.note.clone(),
            ..Scorecard::default()
        };
        if card.note.chars().count() > 5000 {
            return Err(field("note", "Ghi chú: dài quá 5000 ký tự."));
        }
        if let Some(declared) = &cmd.conflict {
            if declared.is_empty() {
                return Err(field("conflict", "Lý do xung đột lợi ích: chưa nhập."));
            }
            card.conflict = declared.clone();
        } else {
            if let Some(why) = self.conflict_of(ctx, &scope, &form, &row.unit_name).await? {
                let event = thidua_store::Event::new("initiative.score", "initiative", id)
                    .outcome(thidua_store::Outcome::Denied)
                    .after(&serde_json::json!({ "reason": why }));
                scope.record(&event).await?;
                return Err(AppError::Invalid(why));
            }
            card.scores = read_scores(&cmd.scores).map_err(AppError::Fields)?;
            let settings = self.initiative_settings_of(&scope).await?;
            card.total_x100 = (settings.weights.total(&card.scores) * 100.0).round() as i64;
        }
        if !scope.save_score(id, &card).await? {
            return Err(AppError::Invalid("Sáng kiến không còn chờ chấm điểm.".into()));
        }
        Ok(())
    }

    /// Recognises (`decision` = `recognise`, with `decision_no` and `decision_date`) or not
    /// (`reject`, with `reason`) each of `ids`. All or none: a bad form changes nothing.
    pub async fn decide_initiatives(&self, ctx: &Ctx, tenant: &str, ids: &[i64], cmd: &DecideCommand) -> Result<usize> {
        let scope = self.authorize(ctx, Action::DecideInitiatives, tenant, None).await?;
        if ids.is_empty() {
            return Err(AppError::Invalid("Chưa chọn sáng kiến nào.".into()));
        }
        let recognised = cmd
            .recognised
            .ok_or_else(|| field("decision", "Kết quả: chọn công nhận hoặc không công nhận."))?;
        let mut errors = Vec::new();
        let outcome = InitiativeOutcome {
            recognised,
            reason: cmd.reason.clone(),
            decision_no: cmd.decision_no.clone(),
            decision_date: cmd.decision_date.clone(),
            decided_by: ctx.user.display_name.clone(),
        };
        if recognised {
            if outcome.decision_no.is_empty() {
                errors.push(FieldError {
                    field: "decision_no".into(),
                    message: "Số quyết định công nhận: chưa nhập (ví dụ 15/QĐ-UBND).".into(),
                });
            } else if outcome.decision_no.chars().count() > 50 {
                errors.push(FieldError {
                    field: "decision_no".into(),
                    message: "Số quyết định: dài quá 50 ký tự.".into(),
                });
            }
            if parse_iso_date(&outcome.decision_date).is_none() {
                errors.push(FieldError {
                    field: "decision_date".into(),
                    message: format!("Ngày quyết định: không đọc được «{}».", outcome.decision_date),
                });
            }
        } else if outcome.reason.is_empty() {
            errors.push(FieldError {
                field: "reason".into(),
                message: "Lý do không công nhận: chưa nhập.".into(),
            });
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let mut rows = Vec::new();
        for id in ids {
            let row = scope.initiative(*id).await?.ok_or_else(not_found)?;
            if row.status != InitiativeStatus::Submitted.code() {
                return Err(AppError::Invalid(format!(
                    "«{}» không còn chờ kết quả (đang là: {}).",
                    row.title,
                    InitiativeStatus::parse(&row.status).map_or("", InitiativeStatus::label)
                )));
            }
            rows.push(row);
        }
        let mut done = 0;
        for row in rows {
            if scope.decide_initiative(row.id, &outcome).await? {
                self.announce_initiative(tenant, row.id).await;
                done += 1;
            }
        }
        Ok(done)
    }

    /// Weights of the four criteria (`weight_{code}`) and the look-alike threshold in percent.
    pub async fn set_initiative_settings(
        &self,
        ctx: &Ctx,
        tenant: &str,
        cmd: &InitiativeSettingsCommand,
    ) -> Result<()> {
        let scope = self.authorize(ctx, Action::DecideInitiatives, tenant, None).await?;
        let mut weights = [0u8; 4];
        let mut errors = Vec::new();
        for (i, (code, label)) in CRITERIA.iter().enumerate() {
            let name = format!("weight_{code}");
            let raw = cmd.weights[i].as_str();
            match raw.parse::<u8>() {
                Ok(n) if n <= 100 => weights[i] = n,
                _ => errors.push(FieldError {
                    field: name,
                    message: format!("Trọng số «{label}»: số phần trăm từ 0 đến 100 (đã nhập «{raw}»)."),
                }),
            }
        }
        let weights = Weights(weights);
        if errors.is_empty()
            && let Err(m) = weights.check()
        {
            errors.push(FieldError {
                field: "weight_novelty".into(),
                message: m,
            });
        }
        let raw = cmd.threshold.as_str();
        let threshold = match raw.trim_end_matches('%').trim().parse::<i64>() {
            Ok(t) if (10..=100).contains(&t) => t,
            _ => {
                errors.push(FieldError {
                    field: "threshold".into(),
                    message: format!("Ngưỡng giống nhau: số phần trăm từ 10 đến 100 (đã nhập «{raw}»)."),
                });
                0
            }
        };
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let json = serde_json::to_string(&weights).map_err(|e| AppError::Internal(e.to_string()))?;
        scope.set_initiative_settings(&json, threshold).await?;
        Ok(())
    }
}
