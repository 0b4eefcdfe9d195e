//! Commendation rules: reward money from dated tables, eligibility over award history, and a
//! nomination's dossier and appraisal steps.

pub mod annulment;
pub mod eligibility;
pub mod money;
pub mod nomination;
