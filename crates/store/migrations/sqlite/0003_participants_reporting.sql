-- Participants: collectives (the units table grows) and individuals.
ALTER TABLE units ADD COLUMN head_name TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN parent_id INTEGER NOT NULL DEFAULT 0;      -- 0: no parent unit
ALTER TABLE units ADD COLUMN members INTEGER NOT NULL DEFAULT 0;
ALTER TABLE units ADD COLUMN women_members INTEGER NOT NULL DEFAULT 0;
ALTER TABLE units ADD COLUMN cluster TEXT NOT NULL DEFAULT '';          -- Cụm / Khối thi đua
ALTER TABLE units ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

-- Kinds of collectives a commune adds to the built-in catalogue.
CREATE TABLE unit_kinds (
    tenant_code TEXT NOT NULL REFERENCES tenants (code),
    code        TEXT NOT NULL,
    label       TEXT NOT NULL,
    PRIMARY KEY (tenant_code, code)
);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    tenant_code TEXT    NOT NULL REFERENCES tenants (code),
    unit_id     INTEGER NOT NULL DEFAULT 0,         -- organisation in the commune; 0 for none
    full_name   TEXT    NOT NULL,
    gender      TEXT    NOT NULL,                   -- nam | nu
    birth_year  INTEGER NOT NULL DEFAULT 0,
    position    TEXT    NOT NULL DEFAULT '',
    category    TEXT    NOT NULL,
    match_key   TEXT    NOT NULL,                   -- folded name | birth year | unit: import matches on it
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (tenant_code, match_key)
);
CREATE INDEX people_by_unit ON people (tenant_code, unit_id);

ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- One reporting period per commune and year: annual, sơ kết or tổng kết, with its due dates
-- (YYYY-MM-DD; a deadline means the end of that day in Vietnam).
CREATE TABLE report_periods (
    id               INTEGER PRIMARY KEY,
    tenant_code      TEXT    NOT NULL REFERENCES tenants (code),
    plan_id          INTEGER NOT NULL,
    year             INTEGER NOT NULL,
    kind             TEXT    NOT NULL,               -- annual | so_ket | tong_ket
    registration_due TEXT    NOT NULL,               -- '' when the plan sets none
    unit_due         TEXT    NOT NULL,
    province_due     TEXT    NOT NULL,
    due_source       TEXT    NOT NULL,               -- plan | commune
    remind_days      INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (tenant_code, year)
);

CREATE TABLE registrations (
    tenant_code   TEXT    NOT NULL REFERENCES tenants (code),
    period_id     INTEGER NOT NULL REFERENCES report_periods (id),
    unit_id       INTEGER NOT NULL,
    body          TEXT    NOT NULL,                  -- JSON: targets per content area, aims
    registered_at INTEGER NOT NULL,
    registered_by TEXT    NOT NULL,
    on_behalf     INTEGER NOT NULL,
    late_seconds  INTEGER NOT NULL,
    PRIMARY KEY (period_id, unit_id)
);

-- A unit's report for a period: the working copy and where it stands.
CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    tenant_code  TEXT    NOT NULL REFERENCES tenants (code),
    period_id    INTEGER NOT NULL REFERENCES report_periods (id),
    unit_id      INTEGER NOT NULL,
    status       TEXT    NOT NULL,                  -- draft | submitted | returned | accepted
    draft        TEXT    NOT NULL,                  -- JSON of the working copy
    version      INTEGER NOT NULL,                  -- last submitted version, 0 before any
    first_submitted_at INTEGER NOT NULL,
    late_seconds INTEGER NOT NULL,                  -- of the first submission
    updated_at   INTEGER NOT NULL,
    UNIQUE (period_id, unit_id)
);
CREATE INDEX reports_by_period ON reports (tenant_code, period_id, status);

-- Every submitted version, never changed except for the officer's verdict on it.
CREATE TABLE report_versions (
    report_id     INTEGER NOT NULL REFERENCES reports (id),
    version       INTEGER NOT NULL,
    tenant_code   TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    submitted_at  INTEGER NOT NULL,
    submitted_by  TEXT    NOT NULL,
    on_behalf     TEXT    NOT NULL,
    late_seconds  INTEGER NOT NULL,
    review        TEXT    NOT NULL DEFAULT '',      -- '' | accepted | returned
    review_reason TEXT    NOT NULL DEFAULT '',
    reviewed_by   TEXT    NOT NULL DEFAULT '',
    reviewed_at   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (report_id, version)
);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    tenant_code  TEXT    NOT NULL REFERENCES tenants (code),
    report_id    INTEGER NOT NULL REFERENCES reports (id),
    version      INTEGER NOT NULL,                  -- the version that carried it; 0 in the draft
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    data         BLOB    NOT NULL,
    uploaded_at  INTEGER NOT NULL,
    uploaded_by  TEXT    NOT NULL
);
CREATE INDEX attachments_by_report ON attachments (report_id);

-- The commune's summary to its province for a period.
CREATE TABLE rollups (
    period_id     INTEGER PRIMARY KEY REFERENCES report_periods (id),
    tenant_code   TEXT    NOT NULL REFERENCES tenants (code),
    province_code TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    body          TEXT    NOT NULL,                 -- JSON: totals, per content area, who is late
    status        TEXT    NOT NULL,                 -- draft | sent
    sent_at       INTEGER NOT NULL,
    sent_by       TEXT    NOT NULL,
    late_seconds  INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX rollups_by_province ON rollups (province_code, year);

-- In-app notifications; dedupe_key makes a reminder land once however many servers run.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    tenant_code TEXT    NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    link        TEXT    NOT NULL,
    read_at     INTEGER NOT NULL DEFAULT 0,
    dedupe_key  TEXT    NOT NULL UNIQUE
);
CREATE INDEX notifications_by_user ON notifications (user_id, read_at);

-- E-mail waiting to be sent. A server claims a row for a while before sending it.
CREATE TABLE mail_outbox (
    id            INTEGER PRIMARY KEY,
    tenant_code   TEXT    NOT NULL,
    to_addr       TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    dedupe_key    TEXT    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    claimed_by    TEXT    NOT NULL DEFAULT '',
    claimed_until INTEGER NOT NULL DEFAULT 0,
    sent_at       INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, claimed_until);
