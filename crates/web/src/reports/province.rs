//! The province's desk: every commune's summary, returned or read, with charts and export.

use super::rollup::rollup_page;
use super::*;

#[derive(Template, WebTemplate)]
#[template(path = "admin/province_rollup.html")]
pub(super) struct ProvinceRollupPage {
    nav: Nav,
    province: String,
    province_name: String,
    year: i32,
    /// This page of the communes that match the search and filter.
    communes: Vec<CommuneRollup>,
    arrived: usize,
    /// All communes of the province, those that match, this page and how many pages.
    total: usize,
    found: usize,
    page: usize,
    pages: usize,
    search: String,
    filter: String,
    /// The column the table is ordered by (see [`order_communes`]).
    sort: String,
    indicators: &'static [IndicatorDef],
    /// The indicator the chart draws, and the largest value (for the bar scale).
    chart: &'static IndicatorDef,
    chart_max: u64,
}

impl ProvinceRollupPage {
    fn figure(&self, body: &RollupBody, code: &str) -> String {
        grouped(body.totals.get(code).copied().unwrap_or(0))
    }

    fn bar(&self, body: &RollupBody) -> u64 {
        body.totals.get(self.chart.code).copied().unwrap_or(0) * 100 / self.chart_max.max(1)
    }

    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }

    fn sent(&self) -> Vec<&CommuneRollup> {
        self.communes.iter().filter(|c| c.body.is_some()).collect()
    }

    /// The address of another page of the table, keeping the search, filter and order.
    fn page_link(&self, page: usize) -> String {
        format!(
            "?q={}&loc={}&sap-xep={}&trang={page}",
            crate::session::urlencode(&self.search),
            crate::session::urlencode(&self.filter),
            crate::session::urlencode(&self.sort)
        )
    }

    /// The table ordered by `key`, from the first page, keeping the search and filter.
    fn sort_link(&self, key: &str) -> String {
        format!(
            "?q={}&loc={}&sap-xep={}",
            crate::session::urlencode(&self.search),
            crate::session::urlencode(&self.filter),
            crate::session::urlencode(key)
        )
    }

    /// `aria-sort` of a column header: how a screen reader hears the table's order.
    fn aria_sort(&self, key: &str) -> &'static str {
        match (self.sort == key, key) {
            (false, _) => "none",
            (true, "ten" | "gui" | "ty-le") => "ascending",
            (true, _) => "descending",
        }
    }

    fn indicator_key(&self, code: &str) -> String {
        format!("chi-tieu-{code}")
    }

    fn indicator_sort(&self, code: &str) -> &'static str {
        self.aria_sort(&self.indicator_key(code))
    }

    fn indicator_link(&self, code: &str) -> String {
        self.sort_link(&self.indicator_key(code))
    }
}

/// The province's table as Excel: every commune that matches, its state and its figures.
pub(super) fn province_rollups_xlsx(
    province: &str,
    year: i32,
    communes: &[CommuneRollup],
) -> Result<Response, PageError> {
    let mut headers = vec![
        "Mã",
        "Xã, phường, đặc khu",
        "Tình trạng",
        "Gửi lúc",
        "Gửi trễ",
        "Đơn vị đã báo cáo",
    ];
    headers.extend(INDICATORS.iter().map(|i| i.label));
    let rows = communes
        .iter()
        .map(|c| {
            let mut row = vec![c.code.clone(), c.name.clone()];
            match (&c.rollup, &c.body) {
                (Some(r), Some(b)) => {
                    row.push(
                        if r.status == "returned" {
                            "Đã trả lại"
                        } else {
                            "Đã gửi"
                        }
                        .to_owned(),
                    );
                    row.push(when(r.sent_at));
                    row.push(if r.late_seconds > 0 {
                        late_label(r.late_seconds)
                    } else {
                        String::new()
                    });
                    row.push(format!("{}/{}", b.units_reported, b.units_total));
                    row.extend(
                        INDICATORS
                            .iter()
                            .map(|i| b.totals.get(i.code).copied().unwrap_or(0).to_string()),
                    );
                }
                _ => {
                    row.push("Chưa gửi".to_owned());
                    row.extend(std::iter::repeat_n(String::new(), 3 + INDICATORS.len()));
                }
            }
            row
        })
        .collect();
    let table = thidua_documents::Table {
        title: &format!("Báo cáo các xã {year}"),
        headers: &headers,
        rows,
    };
    let bytes = thidua_documents::xlsx(&table).map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(crate::uploads::download(
        &format!("bao-cao-cac-xa-{province}-{year}.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
        bytes,
    ))
}

// ---------------------------------------------------------------- one commune's summary

#[derive(Template, WebTemplate)]
#[template(path = "admin/commune_summary.html")]
pub(super) struct CommuneSummaryPage {
    nav: Nav,
    v: thidua_app::province_desk::CommuneSummary,
    indicators: &'static [IndicatorDef],
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    reason: String,
}

impl CommuneSummaryPage {
    fn total(&self, code: &str) -> String {
        grouped(self.v.body.totals.get(code).copied().unwrap_or(0))
    }

    fn section(&self, code: &str) -> String {
        self.v.body.sections.get(code).cloned().unwrap_or_default()
    }
}

pub(super) async fn summary_page(
    s: &AppState,
    ctx: &thidua_app::Ctx,
    (province, year, commune): (&str, i32, &str),
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    reason: String,
) -> Result<Response, PageError> {
    let v = s.app.commune_summary(ctx, province, year, commune).await?;
    let status = status_of(&errors);
    Ok((
        status,
        CommuneSummaryPage {
            nav: Nav::of(ctx),
            v,
            indicators: &INDICATORS,
            message,
            errors,
            reason,
        },
    )
        .into_response())
}

pub(super) async fn commune_summary(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((province, y, commune)): Path<(String, String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let message =
        (q.ok == "tra-lai").then_some("Đã trả lại báo cáo cho xã, kèm lý do; xã được báo để bổ sung và gửi lại.");
    summary_page(
        &s,
        &ctx,
        (&province, year, &commune),
        message,
        Vec::new(),
        String::new(),
    )
    .await
}

#[derive(Deserialize)]
pub(super) struct ReturnForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

pub(super) async fn return_summary(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((province, y, commune)): Path<(String, String, String)>,
    Form(f): Form<ReturnForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let year = year(&y)?;
    match s.app.return_summary(&ctx, &province, year, &commune, &f.reason).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{province}/cac-xa/{year}/{commune}?ok=tra-lai")).into_response()),
        Err(e) => summary_page(&s, &ctx, (&province, year, &commune), None, field_errors(e)?, f.reason).await,
    }
}

/// The commune's summary as a Báo cáo (DOCX or PDF).
pub(super) async fn summary_file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, y, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let format = crate::commendation::document_format(&format)?;
    let (name, bytes) = s.app.summary_report_file(&ctx, &tenant, year, None, format).await?;
    Ok(crate::uploads::download(&name, format.content_type().to_owned(), bytes))
}

/// A commune's sent summary as a Báo cáo, read by its province.
pub(super) async fn commune_summary_file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((province, y, commune, format)): Path<(String, String, String, String)>,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let format = crate::commendation::document_format(&format)?;
    let (name, bytes) = s
        .app
        .summary_report_file(&ctx, &province, year, Some(&commune), format)
        .await?;
    Ok(crate::uploads::download(&name, format.content_type().to_owned(), bytes))
}

pub(super) async fn recall_summary(
    State(s): State<AppState>,
    Path((tenant, y)): Path<(String, String)>,
    SignedForm(ctx, _f): SignedForm,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    match s.app.recall_summary(&ctx, &tenant, year).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/tong-hop/{year}?ok=rut-lai")).into_response()),
        Err(e) => rollup_page(&s, &ctx, &tenant, year, None, field_errors(e)?).await,
    }
}

#[derive(Deserialize, Default)]
pub(super) struct ChartQuery {
    #[serde(default)]
    chi_tieu: String,
    /// Search in the communes' names.
    #[serde(default)]
    q: String,
    /// gui (sent), tre (late), chua (not yet), tra-lai (returned); empty: all.
    #[serde(default)]
    loc: String,
    #[serde(default)]
    trang: Option<usize>,
    /// "xlsx": the whole filtered table as a spreadsheet instead of the page.
    #[serde(default, rename = "dinh-dang")]
    dinh_dang: String,
    /// The column to order by (see [`order_communes`]); empty: by name.
    #[serde(default, rename = "sap-xep")]
    sap_xep: String,
}

/// Orders the province's table: empty keeps the directory's order (by official code, as the
/// province's own lists run); `ten` by name; `gui` by when the summary came (earliest first,
/// those not sent last); `tre` the latest first; `ty-le` the lowest share of units reported
/// first (who needs a call); `chi-tieu-<code>` the largest figure first. Returns the key used
/// (an unknown one keeps the directory's order).
pub(super) fn order_communes(communes: &mut [CommuneRollup], key: &str) -> String {
    let name = |c: &CommuneRollup| thidua_domain::text::fold(&c.name);
    fn sent(c: &CommuneRollup) -> Option<&thidua_app::RollupRow> {
        c.rollup.as_ref().filter(|r| r.status == "sent")
    }
    if let Some(def) = key
        .strip_prefix("chi-tieu-")
        .and_then(thidua_domain::reporting::indicator)
    {
        communes.sort_by_cached_key(|c| {
            let figure = c
                .body
                .as_ref()
                .and_then(|b| b.totals.get(def.code).copied())
                .unwrap_or(0);
            (std::cmp::Reverse(figure), name(c))
        });
        return format!("chi-tieu-{}", def.code);
    }
    match key {
        "gui" => {
            communes.sort_by_cached_key(|c| (sent(c).map_or(i64::MAX, |r| r.sent_at), name(c)));
            "gui".into()
        }
        "tre" => {
            communes.sort_by_cached_key(|c| (std::cmp::Reverse(sent(c).map_or(0, |r| r.late_seconds)), name(c)));
            "tre".into()
        }
        "ty-le" => {
            // Per mille of units reported; a commune that has sent nothing counts as none.
            communes.sort_by_cached_key(|c| {
                let share = c
                    .body
                    .as_ref()
                    .filter(|_| sent(c).is_some())
                    .map_or(0, |b| b.units_reported * 1000 / b.units_total.max(1));
                (share, name(c))
            });
            "ty-le".into()
        }
        "ten" => {
            communes.sort_by_cached_key(name);
            "ten".into()
        }
        _ => String::new(),
    }
}

pub(super) async fn province_rollups(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((province, y)): Path<(String, String)>,
    Query(q): Query<ChartQuery>,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let all = s.app.province_rollups(&ctx, &province, year).await?;
    let arrived_total = all
        .iter()
        .filter(|c| c.rollup.as_ref().is_some_and(|r| r.status == "sent"))
        .count();
    let total = all.len();
    let wanted = thidua_domain::text::fold(&q.q);
    let mut matching: Vec<CommuneRollup> = all
        .into_iter()
        .filter(|c| wanted.is_empty() || thidua_domain::text::fold(&c.name).contains(&wanted))
        .filter(|c| {
            let status = c.rollup.as_ref().map(|r| (r.status.as_str(), r.late_seconds > 0));
            match q.loc.as_str() {
                "gui" => matches!(status, Some(("sent", _))),
                "tre" => matches!(status, Some(("sent", true))),
                "chua" => status.is_none(),
                "tra-lai" => matches!(status, Some(("returned", _))),
                _ => true,
            }
        })
        .collect();
    let sort = order_communes(&mut matching, &q.sap_xep);
    if q.dinh_dang == "xlsx" {
        return province_rollups_xlsx(&province, year, &matching);
    }
    let pages = matching.len().div_ceil(COMMUNES_PER_PAGE).max(1);
    let page = q.trang.unwrap_or(1).clamp(1, pages);
    let found = matching.len();
    let communes: Vec<CommuneRollup> = matching
        .into_iter()
        .skip((page - 1) * COMMUNES_PER_PAGE)
        .take(COMMUNES_PER_PAGE)
        .collect();
    let chart = thidua_domain::reporting::indicator(&q.chi_tieu).unwrap_or(&INDICATORS[0]);
    let chart_max = communes
        .iter()
        .filter_map(|c| c.body.as_ref())
        .map(|b| b.totals.get(chart.code).copied().unwrap_or(0))
        .max()
        .unwrap_or(0);
    let province_name = s
        .app
        .province(&province)
        .await?
        .map_or_else(|| province.clone(), |p| p.name);
    Ok(ProvinceRollupPage {
        nav: Nav::of(&ctx),
        arrived: arrived_total,
        total,
        found,
        page,
        pages,
        search: q.q.clone(),
        filter: q.loc.clone(),
        sort,
        province,
        province_name,
        year,
        communes,
        indicators: &INDICATORS,
        chart,
        chart_max,
    }
    .into_response())
}

// ---------------------------------------------------------------- notifications
