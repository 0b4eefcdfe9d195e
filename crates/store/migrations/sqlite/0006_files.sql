-- Files that belong to a record other than a report: an initiative's documents, and later a
-- nomination's dossier. `owner_kind` names the record ('initiative', …); the application checks
-- the caller may see the owner before it reads a file.
CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    tenant_code  TEXT    NOT NULL REFERENCES tenants (code),
    owner_kind   TEXT    NOT NULL,
    owner_id     INTEGER NOT NULL,
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    data         BLOB    NOT NULL,
    uploaded_at  INTEGER NOT NULL,
    uploaded_by  TEXT    NOT NULL
);
CREATE INDEX files_by_owner ON files (tenant_code, owner_kind, owner_id);
