//! Annulling an award: the chairman records the annulling decision, its date and ground, and
//! the money to recover. The award stays in the registry, marked; eligibility stops counting it
//! (`commendation::record_of`); the certificate's code answers that it was annulled.

use thidua_domain::access::Action;
use thidua_domain::calendar::{dmy, parse_iso_date};
use thidua_domain::commendation::annulment::{AnnulError, AnnulReason, check_annulment};
use thidua_domain::commendation::money::vnd;
use thidua_domain::reporting::FieldError;
use thidua_store::Annulment;
use time::Date;

use super::today;
use crate::auth::Ctx;
use crate::initiatives::field;
use crate::{App, AppError, Result};

/// An annulment as typed, read for form: every field checked, each error naming its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnulCommand {
    pub record: i64,
    pub on: Date,
    pub decision_no: String,
    pub reason: AnnulReason,
    pub note: String,
    pub recover: i64,
}

impl AnnulCommand {
    pub fn parse(record: i64, on: &str, decision_no: &str, reason: &str, note: &str, recover: &str) -> Result<Self> {
        let mut errors = Vec::new();
        let mut wrong = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.into(),
                message: message.into(),
            })
        };
        let on = parse_iso_date(on.trim());
        if on.is_none() {
            wrong("annul_on", "Ngày quyết định hủy bỏ: hãy chọn một ngày.");
        }
        let decision_no = decision_no.trim().to_owned();
        if !super::province::looks_like_decision_no(&decision_no) {
            wrong(
                "annul_decision",
                "Số quyết định hủy bỏ: ghi dạng số/ký hiệu, ví dụ 20/QĐ-UBND.",
            );
        }
        let reason = AnnulReason::parse(reason);
        if reason.is_none() {
            wrong("annul_reason", "Lý do hủy bỏ: chọn một trường hợp.");
        }
        let recover = recover.trim().replace('.', "").parse::<i64>().ok();
        if recover.is_none() {
            wrong(
                "recover",
                "Số tiền thu hồi: nhập số đồng, ví dụ 710000 (0 nếu không thu hồi).",
            );
        }
        match (on, reason, recover) {
            (Some(on), Some(reason), Some(recover)) if errors.is_empty() => Ok(Self {
                record,
                on,
                decision_no,
                reason,
                note: note.trim().to_owned(),
                recover,
            }),
            _ => Err(AppError::Fields(errors)),
        }
    }
}

impl App {
    /// Annuls an award of the commune's registry.
    pub async fn annul_award(&self, ctx: &Ctx, tenant: &str, cmd: &AnnulCommand) -> Result<()> {
        let scope = self.authorize(ctx, Action::SignDecisions, tenant, None).await?;
        let record = scope
            .award_record(cmd.record)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có khen thưởng này trong sổ vàng.".into()))?;
        if let Some(a) = &record.annulment {
            return Err(AppError::Invalid(format!(
                "Khen thưởng này đã bị hủy bỏ theo Quyết định số {} ngày {}.",
                a.decision_no,
                parse_iso_date(&a.on).map_or_else(|| a.on.clone(), dmy)
            )));
        }
        let awarded = parse_iso_date(&record.decision_date);
        check_annulment(
            cmd.reason,
            &cmd.note,
            cmd.on,
            today(),
            awarded,
            record.amount,
            cmd.recover,
        )
        .map_err(|e| match e {
            AnnulError::Future => field(
                "annul_on",
                format!(
                    "Ngày {} chưa tới: quyết định hủy bỏ không ghi ngày trong tương lai.",
                    dmy(cmd.on)
                ),
            ),
            AnnulError::BeforeAward { awarded } => field(
                "annul_on",
                format!(
                    "Ngày {} sớm hơn quyết định khen thưởng ({}): không hủy bỏ được điều chưa có.",
                    dmy(cmd.on),
                    dmy(awarded)
                ),
            ),
            AnnulError::NoteNeeded => field("annul_note", "Trường hợp khác: ghi rõ căn cứ hủy bỏ."),
            AnnulError::Recover { paid } => field(
                "recover",
                format!("Số tiền thu hồi từ 0 đến {} đồng (số đã chi).", vnd(paid)),
            ),
        })?;
        let annulment = Annulment {
            on: cmd.on.to_string(),
            decision_no: cmd.decision_no.clone(),
            reason: cmd.reason,
            note: cmd.note.clone(),
            recover: cmd.recover,
        };
        if !scope.annul_award(cmd.record, &annulment).await? {
            return Err(AppError::Invalid(
                "Khen thưởng vừa được người khác hủy bỏ; hãy tải lại trang.".into(),
            ));
        }
        Ok(())
    }
}
