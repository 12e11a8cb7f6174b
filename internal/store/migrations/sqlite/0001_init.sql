-- Kirjasto's first schema on SQLite. library.Text and other small nested
-- values are JSON text; instants are TIMESTAMP (text in UTC), which the
-- driver reads back as time.Time.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE libraries (
	id   TEXT PRIMARY KEY,
	name TEXT NOT NULL -- JSON library.Text
);

CREATE TABLE branches (
	id            TEXT PRIMARY KEY,
	library_id    TEXT NOT NULL REFERENCES libraries (id),
	name          TEXT NOT NULL, -- JSON library.Text
	street        TEXT NOT NULL,
	postal_code   TEXT NOT NULL,
	city          TEXT NOT NULL, -- JSON library.Text
	lat           REAL NOT NULL,
	lon           REAL NOT NULL,
	phone         TEXT NOT NULL,
	email         TEXT NOT NULL,
	services      TEXT NOT NULL, -- JSON array of service codes
	accessibility TEXT NOT NULL, -- JSON library.Text
	hours         TEXT NOT NULL  -- JSON library.Hours
);
CREATE INDEX branches_library_id ON branches (library_id);

-- AUTOINCREMENT so that an ID is never reused: search indexes and links
-- outlive the rows they name.
CREATE TABLE records (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	source_id    TEXT NOT NULL UNIQUE,
	title        TEXT NOT NULL,
	subtitle     TEXT NOT NULL,
	authors      TEXT NOT NULL, -- JSON [{"Name":..., "Role":...}]
	subjects     TEXT NOT NULL, -- JSON arrays of strings, like the rest
	genres       TEXT NOT NULL,
	language     TEXT NOT NULL,
	year         INTEGER NOT NULL,
	publisher    TEXT NOT NULL,
	material     TEXT NOT NULL,
	isbns        TEXT NOT NULL,
	issns        TEXT NOT NULL,
	series       TEXT NOT NULL,
	summary      TEXT NOT NULL,
	audience     TEXT NOT NULL,
	notes        TEXT NOT NULL,
	popularity   INTEGER NOT NULL,
	marc         BLOB,
	content_hash TEXT NOT NULL, -- of the imported form, to skip unchanged re-imports
	created      TIMESTAMP NOT NULL,
	updated      TIMESTAMP NOT NULL
);

CREATE TABLE items (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	record_id   INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	barcode     TEXT NOT NULL UNIQUE,
	home_branch TEXT NOT NULL,
	branch      TEXT NOT NULL,
	call_number TEXT NOT NULL,
	shelf       TEXT NOT NULL,
	collection  TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('available', 'on_loan', 'in_transit', 'on_hold_shelf', 'missing', 'in_repair')),
	due_at      TIMESTAMP,
	updated     TIMESTAMP NOT NULL
);
-- Serves Items (by record, ordered by branch and barcode) and the foreign key.
CREATE INDEX items_record_id ON items (record_id, branch, barcode);
-- Serves overdue notices.
CREATE INDEX items_due_at ON items (due_at) WHERE due_at IS NOT NULL;

-- The change feed search indexes follow. No foreign key: a deleted
-- record's deletion must still be announced.
CREATE TABLE change_log (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	record_id INTEGER NOT NULL,
	at        TIMESTAMP NOT NULL
);
