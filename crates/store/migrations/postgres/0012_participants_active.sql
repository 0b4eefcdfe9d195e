-- Participants a commune no longer follows (a merged village, a person who moved away) are
-- deactivated, not deleted: their reports, nominations and awards stay; they leave the lists
-- of who must report and who may be nominated, and can be taken back.
ALTER TABLE units ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
ALTER TABLE people ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
