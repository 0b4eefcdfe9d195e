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
    id               INTEGER PRIMARY KEY,
    tenant_code      TEXT    NOT NULL REFERENCES communes (code),
    start_year       INTEGER NOT NULL,
    end_year         INTEGER NOT NULL,
    title            TEXT    NOT NULL,
    current_revision INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (tenant_code, start_year, end_year)
);

CREATE TABLE plan_revisions (
    plan_id   INTEGER NOT NULL REFERENCES plans (id),
    revision  INTEGER NOT NULL,
    -- The plan interchange JSON.
    document  TEXT    NOT NULL,
    -- The plan file as loaded (TOML), kept for audit and re-export.
    source    TEXT    NOT NULL,
    loaded_at INTEGER NOT NULL,
    PRIMARY KEY (plan_id, revision)
);
