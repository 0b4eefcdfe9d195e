//! The commune's list of initiatives, with filters and export.

use super::*;

#[derive(Template, WebTemplate)]
#[template(path = "admin/initiatives.html")]
pub(super) struct ListPage {
    nav: Nav,
    tenant: String,
    l: InitiativeList,
    q: ListForm,
    statuses: Vec<(&'static str, &'static str)>,
    criteria: &'static [(&'static str, &'static str)],
    message: Option<&'static str>,
    errors: Vec<FieldError>,
}

impl ListPage {
    fn kind_label(&self, code: &str) -> &'static str {
        kind_label(code)
    }

    fn status_label(&self, code: &str) -> &'static str {
        status_label(code)
    }

    fn score(&self, x100: &i64) -> String {
        score_label(*x100)
    }

    fn weight(&self, i: &usize) -> u8 {
        self.l.settings.weights.0[*i]
    }

    fn threshold(&self) -> i64 {
        (self.l.settings.threshold * 100.0).round() as i64
    }

    fn export_link(&self) -> String {
        let pairs = [
            ("q", &self.q.q),
            ("trang-thai", &self.q.status),
            ("don-vi", &self.q.unit),
            ("noi-dung", &self.q.area),
            ("nam", &self.q.year),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", urlencoding(v)))
            .collect();
        format!("/quan-tri/{}/sang-kien/xuat?{}", self.tenant, query.join("&"))
    }
}

/// Percent-encodes a query value.
pub(super) fn urlencoding(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct ListForm {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "trang-thai")]
    status: String,
    #[serde(default, rename = "don-vi")]
    unit: String,
    #[serde(default, rename = "noi-dung")]
    area: String,
    #[serde(default, rename = "nam")]
    year: String,
    #[serde(default)]
    ok: String,
}

impl ListForm {
    fn query(&self) -> ListQuery {
        ListQuery {
            q: crate::pages::clean_query(&self.q),
            status: self.status.clone(),
            unit: self.unit.clone(),
            area: self.area.clone(),
            year: self.year.clone(),
        }
    }
}

pub(super) async fn list_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    q: ListForm,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
) -> Result<Response, PageError> {
    let l = s.app.initiative_list(ctx, tenant, &q.query()).await?;
    let status = status_of(&errors);
    let page = ListPage {
        nav: Nav::of(ctx),
        tenant: tenant.to_owned(),
        l,
        q,
        statuses: InitiativeStatus::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        criteria: &CRITERIA,
        message,
        errors,
    };
    Ok((status, page).into_response())
}

pub(super) async fn list(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<ListForm>,
) -> Result<Response, PageError> {
    let message = note(&q.ok);
    list_page(&s, &ctx, &tenant, q, message, Vec::new()).await
}

pub(super) async fn export(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<ListForm>,
) -> Result<Response, PageError> {
    let bytes = s.app.export_initiatives(&ctx, &tenant, &q.query()).await?;
    Ok(xlsx(bytes, &format!("sang-kien-{tenant}.xlsx")))
}
