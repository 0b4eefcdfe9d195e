-- Tenants: each commune or province authority, keyed by its official code, and the platform.
CREATE TABLE tenants (
    code          TEXT PRIMARY KEY,
    kind          TEXT    NOT NULL,            -- commune | province | platform
    name          TEXT    NOT NULL,
    province_code TEXT,                        -- the province of a commune
    created_at    BIGINT  NOT NULL
);

-- Units of a commune: offices, villages, organisations, schools, enterprises.
CREATE TABLE units (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_code TEXT    NOT NULL REFERENCES tenants (code),
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (tenant_code, name)
);
CREATE INDEX units_by_tenant ON units (tenant_code, id);

CREATE TABLE users (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             TEXT    NOT NULL UNIQUE,
    display_name         TEXT    NOT NULL,
    password_hash        TEXT    NOT NULL,
    totp_secret          TEXT,
    disabled             BIGINT  NOT NULL DEFAULT 0,
    failed_logins        BIGINT  NOT NULL DEFAULT 0,
    locked_until         BIGINT  NOT NULL DEFAULT 0,
    must_change_password BIGINT  NOT NULL DEFAULT 0,
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL
);

-- A role held by a user in a tenant; unit_id is 0 for tenant-wide roles.
CREATE TABLE role_grants (
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    tenant_code TEXT    NOT NULL REFERENCES tenants (code),
    role        TEXT    NOT NULL,
    unit_id     BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, tenant_code, role, unit_id)
);
CREATE INDEX role_grants_by_tenant ON role_grants (tenant_code, user_id);

-- Sign-in sessions, shared by every app server. Only a hash of the cookie is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id),
    csrf_token   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    client_addr  TEXT    NOT NULL,
    user_agent   TEXT    NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Personal access tokens for the API; only a hash is stored.
CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   BIGINT  NOT NULL,
    last_used_at BIGINT  NOT NULL DEFAULT 0,
    revoked_at   BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Failed sign-ins per client address, shared by every app server.
CREATE TABLE login_throttle (
    client_addr  TEXT PRIMARY KEY,
    window_start BIGINT  NOT NULL,
    failures     BIGINT  NOT NULL
);

-- The audit trail: append-only, hash-chained per tenant.
CREATE TABLE audit_heads (
    tenant_code TEXT PRIMARY KEY,
    seq         BIGINT  NOT NULL,
    hash        TEXT    NOT NULL
);

CREATE TABLE audit_log (
    tenant_code  TEXT    NOT NULL,
    seq          BIGINT  NOT NULL,
    at           BIGINT  NOT NULL,
    actor_id     BIGINT  NOT NULL,             -- 0 for the system (CLI, start-up)
    actor        TEXT    NOT NULL,
    on_behalf_of TEXT    NOT NULL,             -- the unit an officer acted for ("nhập hộ"), or ''
    action       TEXT    NOT NULL,
    entity       TEXT    NOT NULL,
    entity_id    TEXT    NOT NULL,
    before_json  TEXT    NOT NULL,
    after_json   TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,             -- ok | denied | failed
    request_id   TEXT    NOT NULL,
    client_addr  TEXT    NOT NULL,
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    PRIMARY KEY (tenant_code, seq)
);
CREATE INDEX audit_by_time ON audit_log (tenant_code, at);
