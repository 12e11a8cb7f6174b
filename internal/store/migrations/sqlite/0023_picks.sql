-- Librarians' picks (issue 14): public lists of catalogue records with a
-- title and a short text per language, of the consortium (library ''),
-- a member library, or one of its branches. Texts are JSON library.Text;
-- the text is Markdown. A published pick is public from publish_at on.

CREATE TABLE picks (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	library    TEXT NOT NULL DEFAULT '',
	branch     TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL,               -- JSON library.Text
	body       TEXT NOT NULL DEFAULT '{}',  -- JSON library.Text, Markdown
	status     TEXT NOT NULL CHECK (status IN ('draft', 'published')),
	publish_at TIMESTAMP,
	created_by INTEGER,
	updated_by INTEGER,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1,
	CHECK (status = 'draft' OR publish_at IS NOT NULL),
	CHECK (branch = '' OR library <> '')
);
CREATE INDEX picks_public ON picks (publish_at DESC) WHERE status = 'published';
CREATE INDEX picks_library ON picks (library, publish_at DESC);

-- A pick's records in order. A record deleted from the catalogue leaves
-- its picks, which stay whole without it.
CREATE TABLE pick_records (
	pick_id   INTEGER NOT NULL REFERENCES picks (id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	note      TEXT NOT NULL DEFAULT '{}',   -- JSON library.Text
	PRIMARY KEY (pick_id, record_id)
);
CREATE INDEX pick_records_record ON pick_records (record_id);
