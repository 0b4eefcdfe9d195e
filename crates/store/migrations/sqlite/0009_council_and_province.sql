-- The council votes in the system, and province-level nominations go up to the province.

-- One vote per council member and nomination; a member may change it until the vote is closed.
CREATE TABLE council_votes (
    tenant_code   TEXT    NOT NULL REFERENCES tenants (code),
    nomination_id INTEGER NOT NULL REFERENCES nominations (id),
    user_id       INTEGER NOT NULL,
    voter_name    TEXT    NOT NULL,
    vote          TEXT    NOT NULL,                 -- yes | no
    voted_at      INTEGER NOT NULL,
    PRIMARY KEY (nomination_id, user_id)
);

-- A commune's Tờ trình to its province: the approved nominations of one form, numbered from
-- the commune's register (n/TTr-UBND). The province records its outcome on each nomination.
CREATE TABLE forward_packages (
    id            INTEGER PRIMARY KEY,
    tenant_code   TEXT    NOT NULL REFERENCES tenants (code),
    province_code TEXT    NOT NULL,
    occasion_id   INTEGER NOT NULL REFERENCES award_occasions (id),
    form          TEXT    NOT NULL,
    number        INTEGER NOT NULL,
    symbol        TEXT    NOT NULL,
    sent_date     TEXT    NOT NULL,                 -- YYYY-MM-DD
    signer_name   TEXT    NOT NULL,
    signer_title  TEXT    NOT NULL,
    status        TEXT    NOT NULL,                 -- sent | done (every nomination has an outcome)
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX forward_packages_by_province ON forward_packages (province_code, status);

-- A forwarded nomination's package, and the province's word on it.
ALTER TABLE nominations ADD COLUMN package_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE nominations ADD COLUMN outcome_note TEXT NOT NULL DEFAULT '';
