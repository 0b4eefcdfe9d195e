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

/// "Giấy khen của Chủ tịch Ủy ban nhân dân xã" from its stored code; empty for an unknown one.
#[askama::filter_fn]
pub fn form_name(code: impl Display, _: &dyn askama::Values) -> askama::Result<&'static str> {
    let code = code.to_string();
    Ok(thidua_domain::awards::AwardForm::parse(&code).map_or("", thidua_domain::awards::AwardForm::name))
}

/// "Cá nhân", "Tập thể", "Hộ gia đình" from a recipient's code.
#[askama::filter_fn]
pub fn recipient(code: impl Display, _: &dyn askama::Values) -> askama::Result<&'static str> {
    let code = code.to_string();
    Ok(thidua_domain::commendation::money::RecipientKind::parse(&code)
        .map_or("", thidua_domain::commendation::money::RecipientKind::label))
}

/// "1,2 MB" from a file's size in bytes.
#[askama::filter_fn]
pub fn file_size(bytes: &i64, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(crate::reports::file_size(*bytes))
}
