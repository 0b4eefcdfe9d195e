-- Commendation: the dated legal tables and eligibility rules (platform-wide), occasions with
-- their quotas, nominations and their dossier, ratings and blocks, the award registry (sổ vàng),
-- the document number registers and decisions.

-- Base salary, coefficients, multipliers, rounding: each row in force from its date.
CREATE TABLE legal_values (
    id             INTEGER PRIMARY KEY,
    table_name     TEXT    NOT NULL,                -- base_salary | coefficient | multiplier | rounding
    key            TEXT    NOT NULL,
    value          INTEGER NOT NULL,
    effective_from TEXT    NOT NULL,                -- YYYY-MM-DD
    source         TEXT    NOT NULL,
    confidence     TEXT    NOT NULL,                -- V | P | U
    created_by     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    UNIQUE (table_name, key, effective_from)
);

-- Eligibility rule sets; the one in force on an occasion's date judges its nominations.
CREATE TABLE eligibility_rules (
    version        INTEGER PRIMARY KEY,
    effective_from TEXT    NOT NULL,
    body           TEXT    NOT NULL,                -- the rule set as TOML
    created_by     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);

CREATE TABLE award_occasions (
    id          INTEGER PRIMARY KEY,
    tenant_code TEXT    NOT NULL REFERENCES tenants (code),
    plan_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL,                   -- annual | so_ket | tong_ket | dot_xuat
    year        INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    status      TEXT    NOT NULL,                   -- open | closed
    opened_by   TEXT    NOT NULL,
    opened_at   INTEGER NOT NULL,
    closed_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX award_occasions_by_tenant ON award_occasions (tenant_code, year);

-- Places under a plan's quota: taken by a conditional UPDATE (used < cap), so two nominations
-- racing for the last place cannot both get it on either engine.
CREATE TABLE award_quotas (
    occasion_id INTEGER NOT NULL REFERENCES award_occasions (id),
    form        TEXT    NOT NULL,
    recipient   TEXT    NOT NULL,                   -- individual | collective
    cap         INTEGER NOT NULL,
    used        INTEGER NOT NULL,
    PRIMARY KEY (occasion_id, form, recipient)
);

CREATE TABLE nominations (
    id              INTEGER PRIMARY KEY,
    tenant_code     TEXT    NOT NULL REFERENCES tenants (code),
    occasion_id     INTEGER NOT NULL REFERENCES award_occasions (id),
    unit_id         INTEGER NOT NULL,               -- the proposing unit
    form            TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,               -- individual | collective | household
    person_id       INTEGER NOT NULL DEFAULT 0,     -- the individual, from people
    subject_unit_id INTEGER NOT NULL DEFAULT 0,     -- the collective, from units
    nominee_name    TEXT    NOT NULL,
    nominee_detail  TEXT    NOT NULL,               -- position and workplace, or the collective's address
    female          INTEGER NOT NULL,               -- a woman, or a collective ≥ 70% women
    body            TEXT    NOT NULL,               -- JSON: achievements, report, meeting, initiatives
    status          TEXT    NOT NULL,               -- draft | submitted | achievement_ok | dossier_ok | approved | decided | forwarded | returned | withdrawn
    holds_place     INTEGER NOT NULL DEFAULT 0,     -- 1 while it counts against the quota
    verdict         TEXT    NOT NULL DEFAULT '',    -- JSON: the eligibility explanation at submission
    return_reason   TEXT    NOT NULL DEFAULT '',
    step_due        TEXT    NOT NULL DEFAULT '',    -- YYYY-MM-DD: when the current step is due
    votes_for       INTEGER NOT NULL DEFAULT 0,
    votes_against   INTEGER NOT NULL DEFAULT 0,
    members_present INTEGER NOT NULL DEFAULT 0,
    decision_id     INTEGER NOT NULL DEFAULT 0,
    created_by      TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    submitted_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX nominations_by_occasion ON nominations (tenant_code, occasion_id, status);

-- Yearly ratings (đánh giá, xếp loại) of people and collectives.
CREATE TABLE ratings (
    tenant_code TEXT    NOT NULL REFERENCES tenants (code),
    recipient   TEXT    NOT NULL,                   -- individual | collective
    subject_id  INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    rating      TEXT    NOT NULL,                   -- htxs | ht_tot | ht | kht
    PRIMARY KEY (tenant_code, recipient, subject_id, year)
);

-- Discipline, investigation or inspection: no commendation while one is open.
CREATE TABLE award_blocks (
    id          INTEGER PRIMARY KEY,
    tenant_code TEXT    NOT NULL REFERENCES tenants (code),
    recipient   TEXT    NOT NULL,
    subject_id  INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    until_date  TEXT    NOT NULL DEFAULT '',        -- '' while open
    created_by  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- The award registry (sổ vàng): every award a person or collective received.
CREATE TABLE award_records (
    id            INTEGER PRIMARY KEY,
    tenant_code   TEXT    NOT NULL REFERENCES tenants (code),
    recipient     TEXT    NOT NULL,
    subject_id    INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    form          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,                 -- cong_trang | dot_xuat | chuyen_de
    decision_no   TEXT    NOT NULL,
    decision_date TEXT    NOT NULL,
    amount        INTEGER NOT NULL DEFAULT 0,
    nomination_id INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX award_records_by_subject ON award_records (tenant_code, recipient, subject_id);

-- The next number of each document type, per tenant and year (numbering restarts each year).
CREATE TABLE document_numbers (
    tenant_code TEXT    NOT NULL REFERENCES tenants (code),
    doc_type    TEXT    NOT NULL,                   -- QĐ | TTr | BB | …
    year        INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (tenant_code, doc_type, year)
);

CREATE TABLE award_decisions (
    id            INTEGER PRIMARY KEY,
    tenant_code   TEXT    NOT NULL REFERENCES tenants (code),
    occasion_id   INTEGER NOT NULL REFERENCES award_occasions (id),
    form          TEXT    NOT NULL,
    number        INTEGER NOT NULL,
    symbol        TEXT    NOT NULL,                 -- "12/QĐ-UBND"
    decision_date TEXT    NOT NULL,
    signer_name   TEXT    NOT NULL,
    signer_title  TEXT    NOT NULL,                 -- CHỦ TỊCH | PHÓ CHỦ TỊCH
    total         INTEGER NOT NULL,
    body          TEXT    NOT NULL,                 -- JSON: recipients with their money and the values used
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

-- A commune's settings for appraisal: working days per step, the council's quorum and share.
CREATE TABLE commendation_settings (
    tenant_code      TEXT    PRIMARY KEY REFERENCES tenants (code),
    step_days        INTEGER NOT NULL,
    quorum_percent   INTEGER NOT NULL,
    approval_percent INTEGER NOT NULL
);
