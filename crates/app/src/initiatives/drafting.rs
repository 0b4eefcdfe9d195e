//! A unit's initiatives: drafting, files, the look-alike check, sending and withdrawing.

use super::*;

impl App {
    /// Existing initiatives of the province that look like `form`, closest first: the
    /// rarest words pick candidates from the index, then each is compared in full.
    pub async fn similar_initiatives(
        &self,
        tenant: &str,
        except: i64,
        form: &InitiativeForm,
        threshold: f64,
    ) -> Result<Vec<Similar>> {
        let province = self.province_of(tenant).await?;
        let mine = fingerprint(&form.title, &form.summary);
        let terms: Vec<String> = mine.distinct_words().into_iter().map(str::to_owned).collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let counts = self.store.term_counts(&province, &terms).await?;
        let mut known: Vec<(&String, i64)> = terms.iter().filter_map(|t| counts.get(t).map(|c| (t, *c))).collect();
        known.sort_by_key(|(_, c)| *c);
        let rare: Vec<String> = known.iter().take(CANDIDATE_TERMS).map(|(t, _)| (*t).clone()).collect();
        let candidates = self
            .store
            .initiative_candidates(&province, &rare, except, CANDIDATE_LIMIT)
            .await?;
        let df = DocumentFrequency {
            documents: counts.get("").copied().unwrap_or(0).max(0) as u64,
            counts: counts
                .iter()
                .filter(|(k, _)| !k.is_empty())
                .map(|(k, v)| (k.clone(), (*v).max(0) as u64))
                .collect::<HashMap<_, _>>(),
        };
        let mut out: Vec<Similar> = candidates
            .into_iter()
            .filter_map(|c| {
                let other = parse_form(&c.body);
                let theirs: Fingerprint = fingerprint(&c.title, &other.summary);
                let score = similarity(&mine, &theirs, &df);
                (score >= threshold).then(|| Similar {
                    same_commune: c.tenant_code == tenant,
                    id: c.id,
                    tenant_code: c.tenant_code,
                    commune_name: c.commune_name,
                    unit_name: c.unit_name,
                    title: c.title,
                    status: c.status,
                    score,
                })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        out.truncate(MAX_SIMILAR);
        Ok(out)
    }

    /// The unit's initiatives.
    pub async fn unit_initiatives(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
    ) -> Result<(UnitRow, Vec<InitiativeRow>, bool)> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let rows = scope
            .initiatives(&InitiativeFilter {
                unit_id: Some(unit_id),
                ..InitiativeFilter::default()
            })
            .await?;
        let can_write = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id))
            || Self::may(ctx, Action::ActOnBehalf, tenant, None);
        Ok((unit, rows, can_write))
    }

    /// The empty form of a new initiative, for whoever may write for the unit.
    pub async fn new_initiative(&self, ctx: &Ctx, tenant: &str, unit_id: i64) -> Result<InitiativeView> {
        self.unit_writer(ctx, tenant, unit_id).await?;
        self.initiative(ctx, tenant, unit_id, 0).await
    }

    /// An initiative's page, or the empty form of a new one (`id` 0).
    pub async fn initiative(&self, ctx: &Ctx, tenant: &str, unit_id: i64, id: i64) -> Result<InitiativeView> {
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
            Some(scope.initiative(id).await?.ok_or_else(not_found)?)
        };
        let year = row.as_ref().map_or_else(this_year, |r| r.year);
        let plan = self.commune_plan(tenant, year as i32).await?;
        // An initiative not written yet is a draft; a stored one is what its row says.
        let status = row
            .as_ref()
            .map(thidua_store::InitiativeRow::initiative_status)
            .transpose()?
            .unwrap_or(InitiativeStatus::Draft);
        let form = row.as_ref().map(|r| parse_form(&r.body)).unwrap_or_default();
        let settings = self.initiative_settings_of(&scope).await?;
        let own = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id));
        let officer = Self::may(ctx, Action::ActOnBehalf, tenant, None);
        let can_appraise =
            status == InitiativeStatus::Submitted && Self::may(ctx, Action::AppraiseInitiatives, tenant, None);
        let (mut scores, similar, replications) = match &row {
            Some(r) if status == InitiativeStatus::Draft => (
                Vec::new(),
                self.similar_initiatives(tenant, r.id, &form, settings.threshold)
                    .await?,
                Vec::new(),
            ),
            Some(r) => {
                let matches = scope.initiative_matches(r.id).await?;
                let similar = matches
                    .into_iter()
                    .map(|m| Similar {
                        same_commune: m.tenant_code == tenant,
                        id: m.other_id,
                        tenant_code: m.tenant_code,
                        commune_name: m.commune_name,
                        unit_name: m.unit_name,
                        title: m.title,
                        status: m.status,
                        score: m.score_x1000 as f64 / 1000.0,
                    })
                    .collect();
                (
                    scope.scores(r.id).await?,
                    similar,
                    scope.replications(Some(r.id)).await?,
                )
            }
            None => (Vec::new(), Vec::new(), Vec::new()),
        };
        let mine = scores.iter().find(|s| s.reviewer_id == ctx.user.id).cloned();
        for s in &mut scores {
            if s.reviewer_id != ctx.user.id {
                s.note.clear();
            }
        }
        let totals: Vec<f64> = scores
            .iter()
            .filter(|s| s.conflict.is_empty())
            .map(|s| s.total_x100 as f64 / 100.0)
            .collect();
        let conflict = match &row {
            Some(r) if can_appraise => self.conflict_of(ctx, &scope, &form, &r.unit_name).await?,
            _ => None,
        };
        let files = match &row {
            Some(r) => scope.files(files_of(r.id)).await?,
            None => Vec::new(),
        };
        Ok(InitiativeView {
            tenant: tenant.to_owned(),
            files,
            can_attach: row.is_some()
                && matches!(status, InitiativeStatus::Draft | InitiativeStatus::Submitted)
                && (own || officer),
            can_edit: status == InitiativeStatus::Draft && (own || officer),
            on_behalf: !own && officer,
            can_appraise,
            can_decide: Self::may(ctx, Action::DecideInitiatives, tenant, None),
            conflict,
            mine,
            combined: combine(&totals),
            scores,
            similar,
            replications,
            settings,
            unit,
            plan,
            row,
            form,
            status,
        })
    }

    /// Saves the form of a new (`id` 0) or draft initiative; with [`Intent::Submit`] sends it
    /// to appraisal. Returns the id and whether it was sent. A submission is held back while
    /// look-alikes exist and the form does not say what is different.
    pub async fn save_initiative(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        draft: &InitiativeDraft,
        intent: Intent,
    ) -> Result<(i64, bool)> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let existing = if id == 0 {
            None
        } else {
            Some(scope.initiative(id).await?.ok_or_else(not_found)?)
        };
        if let Some(r) = &existing
            && r.status != InitiativeStatus::Draft.code()
        {
            return Err(AppError::Invalid(
                "Sáng kiến đã gửi thẩm định nên không sửa được nữa.".into(),
            ));
        }
        let year = existing.as_ref().map_or_else(this_year, |r| r.year);
        let plan = self.commune_plan(tenant, year as i32).await?;
        let submit = intent == Intent::Submit;
        let form = read_initiative_form(&plan.plan, draft, submit).map_err(AppError::Fields)?;
        let text = text_of(&form, &unit, year)?;
        let province = self.province_of(tenant).await?;
        if !submit {
            let id = match existing {
                None => scope.create_initiative(&province, &text).await?,
                Some(r) => {
                    scope.save_initiative_draft(r.id, &text).await?;
                    r.id
                }
            };
            return Ok((id, false));
        }
        let settings = self.initiative_settings_of(&scope).await?;
        let similar = self.similar_initiatives(tenant, id, &form, settings.threshold).await?;
        if !similar.is_empty() && form.difference.is_empty() {
            let first = &similar[0];
            return Err(field(
                "difference",
                format!(
                    "Có {} sáng kiến giống với sáng kiến này (gần nhất: «{}» của {}, giống {}%). Hãy đọc danh sách bên dưới: nếu trùng, rút sáng kiến; nếu khác, ghi rõ điểm khác biệt rồi gửi lại.",
                    similar.len(),
                    first.title,
                    first.unit_name,
                    first.percent()
                ),
            ));
        }
        let id = match existing {
            None => scope.create_initiative(&province, &text).await?,
            Some(r) => r.id,
        };
        let terms: Vec<String> = fingerprint(&form.title, &form.summary)
            .distinct_words()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let matches: Vec<(i64, i64)> = similar
            .iter()
            .map(|s| (s.id, (s.score * 1000.0).round() as i64))
            .collect();
        if !scope.submit_initiative(id, &text, &terms, &matches).await? {
            return Err(AppError::Invalid("Sáng kiến này đã được gửi trước đó.".into()));
        }
        self.announce_initiative(tenant, id).await;
        Ok((id, true))
    }

    /// The unit's own initiative, for one of its writers.
    pub(crate) async fn writable_initiative(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
    ) -> Result<(Scope<'_>, InitiativeRow)> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let row = scope.initiative(id).await?.ok_or_else(not_found)?;
        Ok((scope, row))
    }

    /// Adds a document (evidence, drawings, the unit's minutes) until the outcome is recorded.
    pub async fn add_initiative_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        file_name: &str,
        data: &[u8],
    ) -> Result<i64> {
        let (scope, row) = self.writable_initiative(ctx, tenant, unit_id, id).await?;
        if ![InitiativeStatus::Draft.code(), InitiativeStatus::Submitted.code()].contains(&row.status.as_str()) {
            return Err(AppError::Invalid(
                "Sáng kiến đã có kết quả thẩm định hoặc đã rút nên không thêm tệp được nữa.".into(),
            ));
        }
        let (name, content_type) = checked_upload(file_name, data)?;
        Ok(scope.add_file(files_of(id), &name, content_type, data).await?)
    }

    /// Removes a document while the initiative is a draft: once sent, reviewers rely on it.
    pub async fn remove_initiative_file(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
        file: i64,
    ) -> Result<()> {
        let (scope, row) = self.writable_initiative(ctx, tenant, unit_id, id).await?;
        if row.status != InitiativeStatus::Draft.code() {
            return Err(AppError::Invalid(
                "Sáng kiến đã gửi thẩm định nên không xóa được tệp đính kèm.".into(),
            ));
        }
        if !scope.remove_file(files_of(id), file).await? {
            return Err(AppError::NotFound("Không có tệp này.".into()));
        }
        Ok(())
    }

    /// A document of an initiative the caller may see: (name, type, bytes).
    pub async fn initiative_file(
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
        scope.initiative(id).await?.ok_or_else(not_found)?;
        scope
            .file_data(files_of(id), file)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có tệp này.".into()))
    }

    pub async fn withdraw_initiative(&self, ctx: &Ctx, tenant: &str, unit_id: i64, id: i64) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        scope.initiative(id).await?.ok_or_else(not_found)?;
        if !scope.withdraw_initiative(id).await? {
            return Err(AppError::Invalid(
                "Sáng kiến đã có kết quả thẩm định nên không rút được.".into(),
            ));
        }
        Ok(())
    }
}
