-- An initiative cited by a pending nomination is held for it (claimed_by = the nomination's
-- id), so no other nomination can cite it; the hold is released when that nomination is
-- returned, withdrawn or not awarded, and becomes `used_for` when it is awarded.
ALTER TABLE initiatives ADD COLUMN claimed_by INTEGER NOT NULL DEFAULT 0;

-- The day the council approved a nomination (YYYY-MM-DD): a decision may not be dated before it.
ALTER TABLE nominations ADD COLUMN council_date TEXT NOT NULL DEFAULT '';
