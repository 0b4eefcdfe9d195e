//! Lists of initiatives: the commune's, its export, and the public ones.

use super::*;

impl App {
    /// The unit an initiative belongs to, for pages reached by the initiative alone.
    pub async fn initiative_unit(&self, ctx: &Ctx, tenant: &str, id: i64) -> Result<i64> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        Ok(scope.initiative(id).await?.ok_or_else(not_found)?.unit_id)
    }

    pub async fn initiative_list(&self, ctx: &Ctx, tenant: &str, q: &ListQuery) -> Result<InitiativeList> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let can_appraise = Self::may(ctx, Action::AppraiseInitiatives, tenant, None);
        Ok(InitiativeList {
            rows: scope.initiatives(&q.filter()).await?,
            units: scope.units().await?,
            plan: self.commune_plan(tenant, this_year() as i32).await.ok(),
            waiting: if can_appraise {
                scope.initiatives_waiting_for(ctx.user.id).await?
            } else {
                Vec::new()
            },
            can_appraise,
            can_decide: Self::may(ctx, Action::DecideInitiatives, tenant, None),
            settings: self.initiative_settings_of(&scope).await?,
        })
    }

    /// The filtered list as a spreadsheet.
    pub async fn export_initiatives(&self, ctx: &Ctx, tenant: &str, q: &ListQuery) -> Result<Vec<u8>> {
        let list = self.initiative_list(ctx, tenant, q).await?;
        let headers = [
            "Số",
            "Tên sáng kiến",
            "Loại",
            "Đơn vị đề xuất",
            "Tác giả (tỷ lệ đóng góp)",
            "Nội dung thi đua",
            "Năm",
            "Tình trạng",
            "Điểm bình quân",
            "Quyết định công nhận",
            "Đã dùng cho",
            "Tóm tắt",
        ];
        let rows = list
            .rows
            .iter()
            .map(|r| {
                let form = parse_form(&r.body);
                let authors: Vec<String> = form
                    .authors
                    .iter()
                    .map(|a| format!("{} ({}%)", a.name, a.share))
                    .collect();
                vec![
                    r.id.to_string(),
                    r.title.clone(),
                    InitiativeKind::parse(&r.kind)
                        .map_or("", InitiativeKind::label)
                        .to_owned(),
                    r.unit_name.clone(),
                    authors.join("; "),
                    r.area_code.clone(),
                    r.year.to_string(),
                    InitiativeStatus::parse(&r.status)
                        .map_or("", InitiativeStatus::label)
                        .to_owned(),
                    if r.score_x100 >= 0 {
                        format!("{:.2}", r.score_x100 as f64 / 100.0).replace('.', ",")
                    } else {
                        String::new()
                    },
                    if r.decision_no.is_empty() {
                        String::new()
                    } else {
                        format!("{} ngày {}", r.decision_no, r.decision_date)
                    },
                    r.used_for.clone(),
                    form.summary,
                ]
            })
            .collect();
        thidua_documents::xlsx(&thidua_documents::Table {
            title: "Danh sách sáng kiến",
            headers: &headers,
            rows,
        })
        .map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Recognised initiatives of a commune, for its public page.
    pub async fn public_initiatives(&self, commune: &str) -> Result<Vec<PublicInitiative>> {
        Ok(self.store.public_initiatives(Some(commune), None, 50).await?)
    }

    /// The best recognised initiatives of a province's communes.
    pub async fn best_initiatives(&self, province: &str) -> Result<Vec<PublicInitiative>> {
        Ok(self.store.public_initiatives(None, Some(province), 20).await?)
    }
}
