-- Librarians' picks (issue 14): public lists of catalogue records with a
-- title and a short text per language, of the consortium (library ''),
-- a member library, or one of its branches. Texts are JSON library.Text;
-- the text is Markdown. A published pick is public from publish_at on.

CREATE TABLE picks (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	library    text NOT NULL DEFAULT '',
	branch     text NOT NULL DEFAULT '',
	title      jsonb NOT NULL,
	body       jsonb NOT NULL DEFAULT '{}', -- Markdown
	status     text NOT NULL CHECK (status IN ('draft', 'published')),
	publish_at timestamptz,
	created_by bigint,
	updated_by bigint,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	version    bigint NOT NULL DEFAULT 1,
	CHECK (status = 'draft' OR publish_at IS NOT NULL),
	CHECK (branch = '' OR library <> '')
);
CREATE INDEX picks_public ON picks (publish_at DESC) WHERE status = 'published';
CREATE INDEX picks_library ON picks (library, publish_at DESC);

-- A pick's records in order. A record deleted from the catalogue leaves
-- its picks, which stay whole without it.
CREATE TABLE pick_records (
	pick_id   bigint NOT NULL REFERENCES picks (id) ON DELETE CASCADE,
	position  integer NOT NULL,
	record_id bigint NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	note      jsonb NOT NULL DEFAULT '{}',
	PRIMARY KEY (pick_id, record_id)
);
CREATE INDEX pick_records_record ON pick_records (record_id);
