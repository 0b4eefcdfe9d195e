//! Pure rules of Thi Đua. No IO: everything here is a function of its inputs.

pub mod access;
pub mod awards;
pub mod calendar;
pub mod commendation;
pub mod directory;
pub mod initiative;
pub mod legacy_text;
pub mod plan;
pub mod register;
pub mod reporting;
pub mod similarity;
pub mod text;
