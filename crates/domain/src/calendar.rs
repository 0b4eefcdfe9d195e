//! Dates in Vietnam: deadlines end at the end of their local day (UTC+07:00, no daylight
//! saving), and dates are written dd/mm/yyyy or "ngày 05 tháng 01 năm 2026".

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::plan::{Deadline, DueBound, Period};

/// Vietnam's offset from UTC.
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("valid offset"),
};

pub fn is_valid_day(year: i32, month: u32, day: u32) -> bool {
    date(year, month, day).is_some()
}

fn date(year: i32, month: u32, day: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// "2025-08-20" → a date.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The last day on time for a deadline in `year`: the stated day, or the day before for
/// "trước ngày". A yearly 29/02 is read as 28/02 in common years.
pub fn due_date(deadline: &Deadline, year: i32) -> Option<Date> {
    if !deadline.yearly && deadline.year != Some(year) {
        return None;
    }
    let stated = date(year, deadline.month, deadline.day).or_else(|| {
        (deadline.month == 2 && deadline.day == 29)
            .then(|| date(year, 2, 28))
            .flatten()
    })?;
    match deadline.bound {
        DueBound::Through => Some(stated),
        DueBound::Before => stated.previous_day(),
    }
}

/// The last instant that still counts as on time: 23:59:59.999… Vietnam time on the due day,
/// returned as the first instant that is late (00:00 of the next day).
pub fn late_from(due: Date) -> OffsetDateTime {
    let next = due.next_day().unwrap_or(due);
    PrimitiveDateTime::new(next, Time::MIDNIGHT).assume_offset(VIETNAM)
}

/// True when something submitted at `at` is late for a deadline due on `due`.
pub fn is_late(due: Date, at: OffsetDateTime) -> bool {
    at >= late_from(due)
}

/// Today's date in Vietnam.
pub fn today_in_vietnam(now: OffsetDateTime) -> Date {
    now.to_offset(VIETNAM).date()
}

/// One due date of one deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence<'a> {
    pub due: Date,
    pub deadline: &'a Deadline,
}

/// Every due date of the plan's deadlines on or after `from`, in date order, within the
/// plan's period.
pub fn upcoming<'a>(deadlines: &'a [Deadline], period: Period, from: Date) -> Vec<Occurrence<'a>> {
    let mut out: Vec<Occurrence<'a>> = (period.start_year.min(from.year())..=period.end_year)
        .flat_map(|year| {
            deadlines
                .iter()
                .filter_map(move |d| due_date(d, year).map(|due| Occurrence { due, deadline: d }))
        })
        .filter(|o| o.due >= from)
        .collect();
    out.sort_by_key(|o| o.due);
    out
}

/// "15/11/2026".
pub fn dmy(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// A stored timestamp (Unix seconds) as people in Vietnam read it: "05/12/2026 14:03", with
/// ":07" seconds when asked. Empty for a timestamp out of range.
pub fn local_time(unix: i64, seconds: bool) -> String {
    let Ok(t) = OffsetDateTime::from_unix_timestamp(unix) else {
        return String::new();
    };
    let t = t.to_offset(VIETNAM);
    let hm = format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute()
    );
    if seconds { format!("{hm}:{:02}", t.second()) } else { hm }
}

/// "ngày 05 tháng 01 năm 2026", as documents write dates.
pub fn long_date(d: Date) -> String {
    format!("ngày {:02} tháng {:02} năm {}", d.day(), u8::from(d.month()), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::DeadlineKind;
    use time::macros::{date, datetime};

    fn yearly(day: u32, month: u32) -> Deadline {
        Deadline {
            kind: DeadlineKind::UnitReport,
            day,
            month,
            bound: DueBound::Through,
            yearly: true,
            year: None,
            from: "đơn vị".into(),
            to: "Phòng Văn hóa – Xã hội".into(),
            text: "…".into(),
        }
    }

    #[test]
    fn timestamps_read_in_vietnam_time() {
        // 2026-11-30 17:00:05 UTC is already 1 December in Vietnam.
        let unix = datetime!(2026-11-30 17:00:05 UTC).unix_timestamp();
        assert_eq!(local_time(unix, false), "01/12/2026 00:00");
        assert_eq!(local_time(unix, true), "01/12/2026 00:00:05");
    }

    #[test]
    fn the_deadline_is_the_end_of_the_day_in_vietnam() {
        let due = date!(2026 - 11 - 15);
        assert!(!is_late(due, datetime!(2026-11-15 23:59:59 +07:00)));
        assert!(is_late(due, datetime!(2026-11-16 00:00:00 +07:00)));
        // 16:59:59 UTC is still 23:59:59 in Vietnam; 17:00 UTC is midnight there.
        assert!(!is_late(due, datetime!(2026-11-15 16:59:59 UTC)));
        assert!(is_late(due, datetime!(2026-11-15 17:00:00 UTC)));
    }

    #[test]
    fn a_yearly_29_february_falls_on_the_28th_in_common_years() {
        let d = yearly(29, 2);
        assert_eq!(due_date(&d, 2028), Some(date!(2028 - 02 - 29)));
        assert_eq!(due_date(&d, 2027), Some(date!(2027 - 02 - 28)));
    }

    #[test]
    fn before_a_day_ends_the_day_before_and_through_a_day_ends_with_it() {
        let through = yearly(15, 11);
        let before = Deadline {
            bound: DueBound::Before,
            ..yearly(15, 11)
        };
        assert_eq!(due_date(&through, 2026), Some(date!(2026 - 11 - 15)));
        assert_eq!(due_date(&before, 2026), Some(date!(2026 - 11 - 14)));
        assert_eq!(before.when(), "trước ngày 15/11 hằng năm");
        assert_eq!(through.when(), "đến hết ngày 15/11 hằng năm");
        // "trước ngày 01/01/2027" ends on the last day of 2026.
        let new_year = Deadline {
            bound: DueBound::Before,
            yearly: false,
            year: Some(2027),
            ..yearly(1, 1)
        };
        assert_eq!(due_date(&new_year, 2027), Some(date!(2026 - 12 - 31)));
    }

    #[test]
    fn upcoming_lists_due_dates_in_order_within_the_period() {
        let ds = [yearly(15, 11), yearly(5, 12)];
        let period = Period {
            start_year: 2025,
            end_year: 2027,
        };
        let got: Vec<String> = upcoming(&ds, period, date!(2026 - 11 - 21))
            .iter()
            .map(|o| dmy(o.due))
            .collect();
        assert_eq!(got, vec!["05/12/2026", "15/11/2027", "05/12/2027"]);
    }

    #[test]
    fn dates_are_written_the_vietnamese_way() {
        assert_eq!(long_date(date!(2026 - 01 - 05)), "ngày 05 tháng 01 năm 2026");
        assert_eq!(dmy(date!(2025 - 08 - 20)), "20/08/2025");
    }
}
