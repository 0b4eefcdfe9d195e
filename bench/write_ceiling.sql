-- pgbench script: the writes of one report submission (see write_ceiling.py), durably
-- committed. Run against tables made by deadline.sh: c_reports, c_versions, c_audit, c_heads.
\set unit random(1, 2000000000)
\set tenant random(1, 3321)
BEGIN;
INSERT INTO c_reports (unit, status, draft, version) VALUES (:unit, 'draft', '{}', 0) ON CONFLICT (unit) DO NOTHING;
UPDATE c_reports SET status = 'submitted', draft = '{"sections":{"1":"Tổ chức 4 buổi tuyên truyền về chuyển đổi số, hướng dẫn 120 người dân cài đặt VNeID và dịch vụ công trực tuyến."},"indicators":{"dvc_truc_tuyen":85,"sang_kien":2,"tap_huan_ky_nang_so":120},"assessment":"Hoàn thành kế hoạch năm."}', version = version + 1 WHERE unit = :unit;
INSERT INTO c_versions SELECT id, version, draft, 0 FROM c_reports WHERE unit = :unit;
INSERT INTO c_heads VALUES (CAST(:tenant AS TEXT), 0) ON CONFLICT (tenant) DO NOTHING;
UPDATE c_heads SET seq = seq + 1 WHERE tenant = CAST(:tenant AS TEXT);
INSERT INTO c_audit SELECT tenant, seq, 'x', repeat('0', 64) FROM c_heads WHERE tenant = CAST(:tenant AS TEXT);
COMMIT;
