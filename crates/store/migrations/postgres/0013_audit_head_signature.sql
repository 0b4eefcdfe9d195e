-- Each tenant's chain head is signed with a key kept outside the database (docs/adr/0014):
-- a writer who recomputes the chain or moves the head cannot sign the result. Heads written
-- before this version carry no signature until `thidua audit seal` signs them once verified.
ALTER TABLE audit_heads ADD COLUMN mac TEXT NOT NULL DEFAULT '';
