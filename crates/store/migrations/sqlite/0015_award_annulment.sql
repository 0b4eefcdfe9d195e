-- An award annulled (hủy bỏ quyết định khen thưởng) stays in the registry, marked with the
-- annulling decision, its date, the ground and the money to recover; it no longer counts for
-- eligibility and its certificate's code answers that it was annulled.
ALTER TABLE award_records ADD COLUMN annulled_on TEXT NOT NULL DEFAULT '';
ALTER TABLE award_records ADD COLUMN annul_decision TEXT NOT NULL DEFAULT '';
ALTER TABLE award_records ADD COLUMN annul_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE award_records ADD COLUMN annul_note TEXT NOT NULL DEFAULT '';
ALTER TABLE award_records ADD COLUMN recover_amount INTEGER NOT NULL DEFAULT 0;
