-- Cataloguing: records carry a version for the optimistic check of
-- concurrent edits (a cataloguer's save names the version they edited);
-- items get a replacement price and the statuses cataloguers set: lost,
-- damaged and withdrawn (a withdrawn copy stays on record until deleted).
ALTER TABLE records ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- SQLite cannot change a CHECK constraint, so items is rebuilt. The rename
-- dance runs under legacy_alter_table, so that the foreign keys of loans,
-- holds and transits keep naming "items" (the new table) and dropping the
-- old one cascades into nothing; foreign_keys cannot be turned off inside
-- the migration's transaction.
PRAGMA legacy_alter_table = ON;
CREATE TABLE items_new (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	record_id   INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	barcode     TEXT NOT NULL UNIQUE,
	home_branch TEXT NOT NULL,
	branch      TEXT NOT NULL,
	call_number TEXT NOT NULL,
	shelf       TEXT NOT NULL,
	collection  TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('available', 'on_loan', 'in_transit', 'on_hold_shelf', 'missing', 'in_repair',
		'lost', 'damaged', 'withdrawn')),
	due_at      TIMESTAMP,
	updated     TIMESTAMP NOT NULL,
	price       INTEGER NOT NULL DEFAULT 0 -- cents
);
INSERT INTO items_new (id, record_id, barcode, home_branch, branch, call_number, shelf, collection, status, due_at, updated)
	SELECT id, record_id, barcode, home_branch, branch, call_number, shelf, collection, status, due_at, updated FROM items;
ALTER TABLE items RENAME TO items_old;
ALTER TABLE items_new RENAME TO items;
-- IDs are never reused: the new table's counter goes on from the old one's.
UPDATE sqlite_sequence SET seq = max(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'items_old'), 0))
	WHERE name = 'items';
DROP TABLE items_old;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX items_record_id ON items (record_id, branch, barcode);
CREATE INDEX items_due_at ON items (due_at) WHERE due_at IS NOT NULL;
