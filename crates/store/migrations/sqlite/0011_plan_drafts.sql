-- A commune brings in its own plan: drafts read from the document it issued (or typed in the
-- editor), corrected and previewed, then published as the plan's next revision.
CREATE TABLE plan_drafts (
    id          INTEGER PRIMARY KEY,
    tenant_code TEXT    NOT NULL REFERENCES tenants (code),
    plan_id     INTEGER NOT NULL DEFAULT 0,          -- the plan it changes; 0 for a first plan
    change      TEXT    NOT NULL,                    -- issue | correction | amendment
    source_kind TEXT    NOT NULL,                    -- docx | pdf | text | editor
    file_name   TEXT    NOT NULL,
    document    TEXT    NOT NULL,                    -- the plan interchange JSON being edited
    extraction  TEXT    NOT NULL DEFAULT '',         -- JSON: fields read with their sentences, paragraphs not understood
    status      TEXT    NOT NULL,                    -- draft | published | discarded
    created_by  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX plan_drafts_by_tenant ON plan_drafts (tenant_code, status);

-- What each revision is: the first issue, a correction of a typing error (no new document) or an
-- amendment "điều chỉnh, bổ sung" with its own number and date.
ALTER TABLE plan_revisions ADD COLUMN change TEXT NOT NULL DEFAULT 'issue';
ALTER TABLE plan_revisions ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_revisions ADD COLUMN doc_symbol TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_revisions ADD COLUMN doc_date TEXT NOT NULL DEFAULT '';
