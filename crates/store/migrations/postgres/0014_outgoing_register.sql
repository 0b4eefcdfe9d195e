-- The register of outgoing documents (sổ đăng ký văn bản đi). A paper signed in Thi Đua waits
-- here ('awaiting', number 0) until the văn thư gives it its number and date ('registered');
-- only then does it carry a number, go to the province, or print certificates. Numbers run
-- per tenant, year and type (QĐ, TTr) and are never given twice.
CREATE TABLE outgoing_documents (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_code   TEXT    NOT NULL REFERENCES tenants (code),
    doc_type      TEXT    NOT NULL,                 -- QĐ | TTr
    source        TEXT    NOT NULL,                 -- decision | package
    source_id     BIGINT  NOT NULL,
    summary       TEXT    NOT NULL,                 -- trích yếu nội dung
    signer_name   TEXT    NOT NULL,
    signer_title  TEXT    NOT NULL,
    signed_date   TEXT    NOT NULL,                 -- YYYY-MM-DD, the date the signer gave
    status        TEXT    NOT NULL,                 -- awaiting | registered
    number        BIGINT  NOT NULL DEFAULT 0,
    symbol        TEXT    NOT NULL DEFAULT '',      -- "12/QĐ-UBND" once registered
    doc_date      TEXT    NOT NULL DEFAULT '',      -- YYYY-MM-DD once registered
    year          BIGINT  NOT NULL DEFAULT 0,
    created_by    TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    registered_by TEXT    NOT NULL DEFAULT '',
    registered_at BIGINT  NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX outgoing_documents_number ON outgoing_documents (tenant_code, year, doc_type, number)
    WHERE number > 0;
CREATE UNIQUE INDEX outgoing_documents_source ON outgoing_documents (source, source_id);
CREATE INDEX outgoing_documents_awaiting ON outgoing_documents (tenant_code, status);

-- Papers numbered before the register existed are entered as registered, with their numbers.
INSERT INTO outgoing_documents (tenant_code, doc_type, source, source_id, summary, signer_name, signer_title,
    signed_date, status, number, symbol, doc_date, year, created_by, created_at, registered_by, registered_at)
SELECT tenant_code, 'QĐ', 'decision', id, 'Quyết định khen thưởng', signer_name, signer_title, decision_date,
    'registered', number, symbol, decision_date, CAST(substr(decision_date, 1, 4) AS BIGINT), created_by,
    created_at, created_by, created_at
FROM award_decisions;
INSERT INTO outgoing_documents (tenant_code, doc_type, source, source_id, summary, signer_name, signer_title,
    signed_date, status, number, symbol, doc_date, year, created_by, created_at, registered_by, registered_at)
SELECT tenant_code, 'TTr', 'package', id, 'Tờ trình đề nghị khen thưởng', signer_name, signer_title, sent_date,
    'registered', number, symbol, sent_date, CAST(substr(sent_date, 1, 4) AS BIGINT), created_by,
    created_at, created_by, created_at
FROM forward_packages;
