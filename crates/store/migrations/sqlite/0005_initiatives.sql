-- Initiatives (sáng kiến, giải pháp, mô hình): registered by a unit, appraised on a weighted
-- scorecard, recognised or not, replicated, and used for at most one commendation.
CREATE TABLE initiatives (
    id             INTEGER PRIMARY KEY,
    tenant_code    TEXT    NOT NULL REFERENCES tenants (code),
    province_code  TEXT    NOT NULL,
    unit_id        INTEGER NOT NULL,                -- the proposing unit
    year           INTEGER NOT NULL,
    kind           TEXT    NOT NULL,                -- sang_kien | giai_phap | mo_hinh ('' in a draft)
    area_code      TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    body           TEXT    NOT NULL,                -- JSON of the form
    search_text    TEXT    NOT NULL,                -- folded title, summary, authors: for search
    status         TEXT    NOT NULL,                -- draft | submitted | recognised | not_recognised | withdrawn
    score_x100     INTEGER NOT NULL DEFAULT -1,     -- reviewers' mean × 100; -1 before any score
    outcome_reason TEXT    NOT NULL DEFAULT '',
    decision_no    TEXT    NOT NULL DEFAULT '',
    decision_date  TEXT    NOT NULL DEFAULT '',
    decided_by     TEXT    NOT NULL DEFAULT '',
    used_for       TEXT    NOT NULL DEFAULT '',     -- the commendation it supported
    used_at        INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    submitted_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX initiatives_by_tenant ON initiatives (tenant_code, status, year);
CREATE INDEX initiatives_best ON initiatives (province_code, status, score_x100);

-- Words of submitted initiatives, for finding look-alikes across the province; `documents`
-- counts how many initiatives of the province use each word (the row with term '' counts
-- all), so the rarest words of a new text pick the candidates.
CREATE TABLE initiative_terms (
    province_code TEXT    NOT NULL,
    term          TEXT    NOT NULL,
    initiative_id INTEGER NOT NULL,
    PRIMARY KEY (province_code, term, initiative_id)
) WITHOUT ROWID;
CREATE TABLE initiative_term_counts (
    province_code TEXT    NOT NULL,
    term          TEXT    NOT NULL,
    documents     INTEGER NOT NULL,
    PRIMARY KEY (province_code, term)
) WITHOUT ROWID;

-- The look-alikes found when the initiative was submitted, for the appraiser.
CREATE TABLE initiative_matches (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id),
    other_id      INTEGER NOT NULL,
    score_x1000   INTEGER NOT NULL,
    PRIMARY KEY (initiative_id, other_id)
);

-- One reviewer's scorecard: four criteria 0–10, a private note; or a declared conflict.
CREATE TABLE initiative_scores (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id),
    tenant_code   TEXT    NOT NULL,
    reviewer_id   INTEGER NOT NULL,
    reviewer_name TEXT    NOT NULL,
    scores        TEXT    NOT NULL,                 -- JSON [novelty, applicability, effectiveness, scope]
    total_x100    INTEGER NOT NULL,
    note          TEXT    NOT NULL,                 -- seen only by the reviewer
    conflict      TEXT    NOT NULL DEFAULT '',      -- a declared conflict of interest: the reason
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (initiative_id, reviewer_id)
);

-- Where a recognised initiative is applied, and its dated milestones.
CREATE TABLE initiative_replications (
    id            INTEGER PRIMARY KEY,
    tenant_code   TEXT    NOT NULL,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id),
    place         TEXT    NOT NULL,                 -- a unit or a commune
    progress      INTEGER NOT NULL,                 -- percent, from the latest milestone
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX replications_by_tenant ON initiative_replications (tenant_code, initiative_id);
CREATE TABLE initiative_milestones (
    id             INTEGER PRIMARY KEY,
    replication_id INTEGER NOT NULL REFERENCES initiative_replications (id),
    on_date        TEXT    NOT NULL,
    progress       INTEGER NOT NULL,
    note           TEXT    NOT NULL,
    evidence       TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX milestones_by_replication ON initiative_milestones (replication_id);

-- Per-commune settings of the scorecard and the look-alike check.
CREATE TABLE initiative_settings (
    tenant_code    TEXT    PRIMARY KEY REFERENCES tenants (code),
    weights        TEXT    NOT NULL,                -- JSON [4 percentages]
    threshold_x100 INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
