//! The year's period: overview, dates, reminders, and the deadline calendar (iCalendar).

use super::*;

#[derive(Template, WebTemplate)]
#[template(path = "admin/period.html")]
pub(super) struct PeriodPage {
    nav: Nav,
    o: PeriodOverview,
    can_review: bool,
    message: Option<String>,
    errors: Vec<FieldError>,
    statuses: [ReportStatus; 5],
}

impl PeriodPage {
    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }

    fn n(&self, status: &ReportStatus) -> usize {
        self.o.count(*status)
    }

    /// The stacked bar: (status code, x, width) in percent of all units.
    fn segments(&self) -> Vec<(&'static str, f64, f64)> {
        let total = self.o.units.len().max(1) as f64;
        let mut x = 0.0;
        let mut out = Vec::new();
        for st in self.statuses {
            let w = self.o.count(st) as f64 * 100.0 / total;
            if w > 0.0 {
                out.push((st.code(), x, w));
                x += w;
            }
        }
        out
    }

    fn days_left(&self) -> i64 {
        (self.o.period.unit_due - self.o.today).whole_days()
    }
}

pub(super) async fn period_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    year: i32,
    message: Option<String>,
    errors: Vec<FieldError>,
) -> Result<Response, PageError> {
    let o = s.app.period_overview(ctx, tenant, year).await?;
    let target = thidua_domain::access::Target::tenant(tenant);
    let status = status_of(&errors);
    let page = PeriodPage {
        nav: Nav::of(ctx),
        can_review: ctx.grants.allows(Action::ReviewReports, target),
        o,
        message,
        errors,
        statuses: [
            ReportStatus::Accepted,
            ReportStatus::Submitted,
            ReportStatus::Returned,
            ReportStatus::Draft,
            ReportStatus::NotStarted,
        ],
    };
    Ok((status, page).into_response())
}

/// This year's period.
pub(super) async fn period_now(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    period_page(&s, &ctx, &tenant, this_year(), None, Vec::new()).await
}

pub(super) async fn period(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, y)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let message = reminded(&q.nhac).or_else(|| note(&q.ok).map(str::to_owned));
    period_page(&s, &ctx, &tenant, year(&y)?, message, Vec::new()).await
}

pub(super) async fn period_dates(
    State(s): State<AppState>,
    Path((tenant, y)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let result = s
        .app
        .set_period_dates(
            &ctx,
            &tenant,
            year,
            &PeriodDates {
                registration_due: f.get("registration_due"),
                unit_due: f.get("unit_due"),
                province_due: f.get("province_due"),
                remind_days: f.get("remind_days"),
            },
        )
        .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/bao-cao/{year}?ok=han")).into_response()),
        Err(e) => period_page(&s, &ctx, &tenant, year, None, field_errors(e)?).await,
    }
}

pub(super) async fn remind(
    State(s): State<AppState>,
    Path((tenant, y)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let unit = f.get("unit").parse().ok();
    let r = s.app.remind_units(&ctx, &tenant, year, unit).await?;
    // What happened, as numbers the page turns into a sentence.
    Ok(Redirect::to(&format!(
        "/quan-tri/{tenant}/bao-cao/{year}?nhac={}-{}-{}-{}-{}",
        r.units, r.accounts, r.mails, r.no_account, r.no_email
    ))
    .into_response())
}

/// The sentence a reminder round leaves on the period page: who was reached, how, and who has
/// no way to be reached.
pub(super) fn reminded(code: &str) -> Option<String> {
    let n: Vec<u32> = code.split('-').filter_map(|x| x.parse().ok()).collect();
    let [units, accounts, mails, no_account, no_email] = n[..] else {
        return None;
    };
    let mut out = if units == 0 {
        "Không có nhắc hạn mới: các đơn vị chưa nộp đã được nhắc hôm nay, hoặc chưa có cách nào nhận.".to_owned()
    } else {
        format!(
            "Đã nhắc {units} đơn vị: {accounts} tài khoản nhận thông báo trong ứng dụng; {mails} thư điện tử vào hàng chờ gửi."
        )
    };
    if no_account > 0 {
        out.push_str(&format!(
            " {no_account} đơn vị chưa có tài khoản nào nên không nhận được nhắc hạn (tạo ở trang Tài khoản)."
        ));
    }
    if no_email > 0 {
        out.push_str(&format!(
            " {no_email} đơn vị chưa có địa chỉ thư điện tử: chỉ thấy nhắc hạn khi đăng nhập."
        ));
    }
    Some(out)
}

// ---------------------------------------------------------------- registration

/// The plan's deadlines for the whole period as an iCalendar feed (RFC 5545), one all-day
/// event per due date, so that a phone calendar shows them.
pub(super) async fn ical(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = number(&id, "kế hoạch")?;
    let (stored, events) = s
        .app
        .deadline_feed(id)
        .await?
        .ok_or_else(|| PageError::NotFound("Không có kế hoạch này.".into()))?;
    let ymd = |d: time::Date| format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day());
    let now = OffsetDateTime::now_utc();
    let stamp = format!(
        "{}T{:02}{:02}{:02}Z",
        ymd(now.date()),
        now.hour(),
        now.minute(),
        now.second()
    );
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Thi Dua//Ke hoach//VI\r\nCALSCALE:GREGORIAN\r\n");
    push_line(
        &mut out,
        &format!("X-WR-CALNAME:Thời hạn – {}", stored.summary.commune_name),
    );
    // Calendars that subscribe fetch the feed again twice a day, so a date the commune moves
    // reaches them.
    out.push_str("REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\nX-PUBLISHED-TTL:PT12H\r\n");
    for e in events {
        let next = e.due.next_day().unwrap_or(e.due);
        out.push_str("BEGIN:VEVENT\r\n");
        push_line(&mut out, &format!("UID:{}@thidua", e.uid));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", ymd(e.due)));
        push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", ymd(next)));
        push_line(&mut out, &format!("SUMMARY:{}", ical_text(&e.summary)));
        if !e.description.is_empty() {
            push_line(&mut out, &format!("DESCRIPTION:{}", ical_text(&e.description)));
        }
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"ke-hoach-{id}.ics\""),
            ),
        ],
        out,
    )
        .into_response())
}

pub(super) fn ical_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Appends a content line folded at 75 octets, never inside a character.
pub(super) fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}
