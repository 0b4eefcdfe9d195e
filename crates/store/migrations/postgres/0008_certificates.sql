-- A Giấy khen carries a code that anyone can check on the public verification page. Awards a
-- decision in Thi Đua made get one; awards copied in from paper records have none ('').
ALTER TABLE award_records ADD COLUMN verify_code TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX award_records_by_code ON award_records (verify_code) WHERE verify_code <> '';
