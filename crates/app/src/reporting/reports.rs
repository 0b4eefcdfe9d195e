//! A unit's periodic report: drafting, submitting, attachments and review.

use super::*;

impl App {
    /// The scope a caller writes a unit's report with: as the unit's own reporter, or as an
    /// officer entering it for the unit ("nhập hộ", recorded as such).
    pub(crate) async fn unit_writer(&self, ctx: &Ctx, tenant: &str, unit: i64) -> Result<(Scope<'_>, bool)> {
        let target = Target {
            tenant_code: tenant,
            province_code: None,
            unit_id: Some(unit),
        };
        if ctx.grants.allows(Action::SubmitReport, target) {
            return Ok((
                self.authorize(ctx, Action::SubmitReport, tenant, Some(unit)).await?,
                false,
            ));
        }
        Ok((self.on_behalf_of(ctx, tenant, unit).await?, true))
    }

    pub(crate) fn may(ctx: &Ctx, action: Action, tenant: &str, unit: Option<i64>) -> bool {
        ctx.grants.allows(
            action,
            Target {
                tenant_code: tenant,
                province_code: None,
                unit_id: unit,
            },
        )
    }

    pub async fn unit_report(&self, ctx: &Ctx, tenant: &str, unit_id: i64, year: i32) -> Result<UnitReportView> {
        let scope = self.authorize(ctx, Action::ViewUnit, tenant, Some(unit_id)).await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let report = scope.report(period.row.id, unit_id).await?;
        let status = status_of(report.as_ref())?;
        let (versions, attachments) = match &report {
            Some(r) => (scope.report_versions(r.id).await?, scope.attachments(r.id).await?),
            None => (Vec::new(), Vec::new()),
        };
        let own = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id));
        let officer = Self::may(ctx, Action::ActOnBehalf, tenant, None);
        Ok(UnitReportView {
            tenant: tenant.to_owned(),
            draft: report.as_ref().map(|r| parse_body(&r.draft)).unwrap_or_default(),
            can_edit: status.editable() && (own || officer),
            on_behalf: !own && officer,
            can_review: status == ReportStatus::Submitted && Self::may(ctx, Action::ReviewReports, tenant, None),
            unit,
            plan,
            period,
            report,
            status,
            versions,
            attachments,
        })
    }

    /// Saves the unit's working copy, and with `submit` sends it as the next version.
    /// Bad values change nothing and come back naming their fields.
    pub async fn save_unit_report(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        body: &ReportBody,
        submit: bool,
    ) -> Result<Option<thidua_store::Submitted>> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let plan = self.commune_plan(tenant, year).await?;
        self.save_with(&scope, &plan, unit_id, year, body, submit).await
    }

    /// The API's report: JSON `{"sections": {...}, "indicators": {...}, "assessment": "...",
    /// "submit": true}`. The caller's right is checked before the body is read.
    pub async fn save_unit_report_json(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        json: &[u8],
    ) -> Result<Option<thidua_store::Submitted>> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Submission {
            #[serde(default)]
            sections: std::collections::BTreeMap<String, String>,
            #[serde(default)]
            indicators: std::collections::BTreeMap<String, u64>,
            #[serde(default)]
            assessment: String,
            #[serde(default)]
            submit: bool,
        }
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let s: Submission = crate::json::read(json, |field| match field.split('.').next().unwrap_or("") {
            "sections" | "assessment" => "một đoạn văn bản (chuỗi)",
            "indicators" => "một số nguyên không âm",
            "submit" => "true hoặc false",
            _ => "",
        })?;
        let plan = self.commune_plan(tenant, year).await?;
        // The same checks as the form, on the same field names.
        let mut form = reporting::ReportForm {
            assessment: s.assessment,
            ..reporting::ReportForm::default()
        };
        for (code, text) in s.sections {
            if !plan.plan.content_areas.iter().any(|a| a.code == code) {
                return Err(AppError::Invalid(format!(
                    "sections: kế hoạch của xã không có nội dung «{code}»."
                )));
            }
            form.sections.insert(code, text);
        }
        for (code, n) in &s.indicators {
            if reporting::indicator(code).is_none() {
                return Err(AppError::Invalid(format!("indicators: không có chỉ tiêu «{code}».")));
            }
            form.indicators.insert(code.clone(), n.to_string());
        }
        let body = reporting::read_report_form(&plan.plan, &form).map_err(AppError::Fields)?;
        self.save_with(&scope, &plan, unit_id, year, &body, s.submit).await
    }

    pub(crate) async fn save_with(
        &self,
        scope: &Scope<'_>,
        plan: &StoredPlan,
        unit_id: i64,
        year: i32,
        body: &ReportBody,
        submit: bool,
    ) -> Result<Option<thidua_store::Submitted>> {
        if submit {
            let missing = body.missing_for_submission(&plan.plan);
            if !missing.is_empty() {
                // Keep what was typed before refusing the submission.
                self.draft_of(scope, plan, year, unit_id, body).await?;
                return Err(AppError::Fields(missing));
            }
        }
        let period = self.period_for(scope, plan, year).await?;
        let json = serde_json::to_string(body).map_err(|e| AppError::Internal(e.to_string()))?;
        if !submit {
            scope
                .save_draft(period.row.id, unit_id, &json)
                .await?
                .map_err(conflict)?;
            return Ok(None);
        }
        let late = late_seconds(period.unit_due, OffsetDateTime::now_utc());
        let done = scope
            .submit_report(period.row.id, unit_id, &json, late)
            .await?
            .map_err(conflict)?;
        self.announce_report(scope, &period, unit_id, done.version).await;
        Ok(Some(done))
    }

    /// Tells the standing office a unit's report has arrived, to receive or return; the
    /// report is in whatever happens to the notice.
    pub(crate) async fn announce_report(&self, scope: &Reader<'_>, period: &Period, unit_id: i64, version: i64) {
        let tenant = scope.tenant();
        let year = period.row.year;
        let told = async {
            let unit = scope.unit(unit_id).await?.map(|u| u.name).unwrap_or_default();
            let people = self.store.role_users(tenant, &["standing_officer"]).await?;
            let text = format!(
                "{unit} đã gửi {}: chờ tiếp nhận hoặc trả lại.",
                period.title().to_lowercase()
            );
            let link = format!("/quan-tri/{tenant}/don-vi/{unit_id}/bao-cao/{year}");
            self.tell(
                tenant,
                &people,
                &text,
                &link,
                &format!("report:{}:{unit_id}:{version}", period.row.id),
            )
            .await
        };
        if let Err(e) = told.await {
            tracing::warn!(error = %e, "không báo được văn phòng về báo cáo vừa gửi");
        }
    }

    pub(crate) async fn draft_of(
        &self,
        scope: &Scope<'_>,
        plan: &StoredPlan,
        year: i32,
        unit: i64,
        body: &ReportBody,
    ) -> Result<()> {
        let period = self.period_for(scope, plan, year).await?;
        let json = serde_json::to_string(body).map_err(|e| AppError::Internal(e.to_string()))?;
        scope.save_draft(period.row.id, unit, &json).await?.map_err(conflict)?;
        Ok(())
    }

    /// Reads the report form against the commune's plan.
    pub async fn read_report_form(&self, tenant: &str, year: i32, form: &reporting::ReportForm) -> Result<ReportBody> {
        let plan = self.commune_plan(tenant, year).await?;
        reporting::read_report_form(&plan.plan, form).map_err(AppError::Fields)
    }

    /// Adds a file to the unit's working copy after checking its size and type.
    pub async fn add_report_attachment(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        file_name: &str,
        data: &[u8],
    ) -> Result<i64> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let (name, content_type) = checked_upload(file_name, data)?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        scope
            .add_attachment(period.row.id, unit_id, &name, content_type, data)
            .await?
            .map_err(conflict)
    }

    /// A file of a report the caller may see: (name, type, bytes).
    pub async fn report_attachment(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
    ) -> Result<(String, String, Vec<u8>)> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        let (report_id, name, content_type, data) = scope
            .attachment_data(id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có tệp này.".into()))?;
        match scope.report_by_id(report_id).await? {
            Some(r) if r.unit_id == unit_id => Ok((name, content_type, data)),
            _ => Err(AppError::NotFound("Không có tệp này.".into())),
        }
    }

    pub async fn remove_report_attachment(&self, ctx: &Ctx, tenant: &str, unit_id: i64, id: i64) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let owned = match scope.attachment_data(id).await? {
            Some((report_id, ..)) => scope
                .report_by_id(report_id)
                .await?
                .is_some_and(|r| r.unit_id == unit_id),
            None => false,
        };
        if !owned || !scope.remove_attachment(id).await? {
            return Err(AppError::Invalid("Tệp đã gửi kèm báo cáo thì không xóa được.".into()));
        }
        Ok(())
    }

    /// The standing office's verdict: accept, or return with a reason.
    pub async fn review_report(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        verdict: &Verdict,
    ) -> Result<()> {
        let scope = self.authorize(ctx, Action::ReviewReports, tenant, None).await?;
        let Verdict { version, accept, .. } = *verdict;
        let reason = thidua_domain::text::nfc(verdict.reason.trim());
        if !accept && reason.is_empty() {
            return Err(AppError::Fields(vec![FieldError {
                field: "reason".into(),
                message: "Lý do trả lại: hãy ghi rõ đơn vị cần bổ sung, sửa nội dung gì.".into(),
            }]));
        }
        if reason.chars().count() > 2000 {
            return Err(AppError::Invalid("Lý do trả lại: dài quá 2000 ký tự.".into()));
        }
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let report = scope
            .report(period.row.id, unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Đơn vị chưa gửi báo cáo kỳ này.".into()))?;
        scope
            .review_report(report.id, version, accept, &reason)
            .await?
            .map_err(conflict)?;
        let link = format!("/quan-tri/{tenant}/don-vi/{unit_id}/bao-cao/{year}");
        let (text, key) = if accept {
            (
                format!("{} đã được tiếp nhận.", period.title()),
                format!("accept:{}:{version}", report.id),
            )
        } else {
            (
                format!("{} bị trả lại để bổ sung: {reason}", period.title()),
                format!("return:{}:{version}", report.id),
            )
        };
        self.notify_unit(tenant, unit_id, &text, &link, &key).await?;
        Ok(())
    }
}
