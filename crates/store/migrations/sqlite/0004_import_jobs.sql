-- Imports of participant lists run in the background; the page polls this row for progress.
-- The file itself is held only in the server's memory: the job is all-or-nothing, so an
-- interrupted job has changed nothing and is simply imported again.
CREATE TABLE import_jobs (
    id          INTEGER PRIMARY KEY,
    tenant_code TEXT   NOT NULL,
    user_id     INTEGER NOT NULL,
    list_kind   TEXT   NOT NULL,
    stage       TEXT   NOT NULL,
    done_rows   INTEGER NOT NULL DEFAULT 0,
    total_rows  INTEGER NOT NULL DEFAULT 0,
    finished    INTEGER NOT NULL DEFAULT 0,
    outcome     TEXT   NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX import_jobs_tenant ON import_jobs (tenant_code, id);
