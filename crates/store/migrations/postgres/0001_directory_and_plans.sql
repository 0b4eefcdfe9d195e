-- The national directory of administrative units (reference data, loaded at start).
CREATE TABLE provinces (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    name_folded TEXT NOT NULL
);

CREATE TABLE communes (
    code          TEXT PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    -- "hong van": the name without its kind, folded, for ranking prefix matches.
    short_folded  TEXT NOT NULL,
    -- "xa hong van thanh pho ha noi": what a search matches.
    search_text   TEXT NOT NULL
);
CREATE INDEX communes_by_province ON communes (province_code, code);

-- A commune's plan for the movement; each amendment is a new revision.
CREATE TABLE plans (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_code      TEXT    NOT NULL REFERENCES communes (code),
    start_year       BIGINT  NOT NULL,
    end_year         BIGINT  NOT NULL,
    title            TEXT    NOT NULL,
    current_revision BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    UNIQUE (tenant_code, start_year, end_year)
);

CREATE TABLE plan_revisions (
    plan_id   BIGINT  NOT NULL REFERENCES plans (id),
    revision  BIGINT  NOT NULL,
    -- The plan interchange JSON.
    document  TEXT    NOT NULL,
    -- The plan file as loaded (TOML), kept for audit and re-export.
    source    TEXT    NOT NULL,
    loaded_at BIGINT  NOT NULL,
    PRIMARY KEY (plan_id, revision)
);
