-- Imports of participant lists run in the background; the page polls this row for progress.
-- The file itself is held only in the server's memory: the job is all-or-nothing, so an
-- interrupted job has changed nothing and is simply imported again.
CREATE TABLE import_jobs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_code TEXT   NOT NULL,
    user_id     BIGINT NOT NULL,
    list_kind   TEXT   NOT NULL,
    stage       TEXT   NOT NULL,
    done_rows   BIGINT NOT NULL DEFAULT 0,
    total_rows  BIGINT NOT NULL DEFAULT 0,
    finished    BIGINT NOT NULL DEFAULT 0,
    outcome     TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX import_jobs_tenant ON import_jobs (tenant_code, id);
