-- The province reads a commune's summary: when it first opens it the commune can no longer
-- recall it; the province may return it with a reason ('returned'), and the commune sends it
-- again.
ALTER TABLE rollups ADD COLUMN opened_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rollups ADD COLUMN return_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE rollups ADD COLUMN returned_at BIGINT NOT NULL DEFAULT 0;
