//! The template filters every page shares, so that a date or a sum of money reads the same
//! everywhere: `{{ d|dmy }}`, `{{ unix|when }}`, `{{ seconds|late }}`, `{{ amount|money }}`.
//! A module that derives templates brings them in with `use crate::filters;`.

use std::fmt::Display;

/// "20/12/2026" from "2026-12-20"; anything else as it is.
#[askama::filter_fn]
pub fn dmy(iso: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    let iso = iso.to_string();
    Ok(thidua_domain::calendar::parse_iso_date(&iso).map_or(iso, thidua_domain::calendar::dmy))
}

/// "20/12/2026 14:05" (Vietnam time) from Unix seconds.
#[askama::filter_fn]
pub fn when(unix: &i64, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(crate::reports::when(*unix))
}

/// "trễ 2 ngày" from the seconds a paper came after its deadline.
#[askama::filter_fn]
pub fn late(seconds: &i64, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(thidua_domain::reporting::late_label(*seconds))
}

/// "2.340.000": an amount in đồng with dots between thousands.
#[askama::filter_fn]
pub fn money(amount: &i64, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(thidua_domain::commendation::money::vnd(*amount))
}
