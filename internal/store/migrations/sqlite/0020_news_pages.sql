-- News items and content pages written by staff (issue 14): of a member
-- library, or of the consortium when library is ''. Texts are JSON
-- library.Text, one language per key; bodies are Markdown. A published
-- text is public from publish_at on; a draft never is.

CREATE TABLE news_items (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	library    TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL,               -- JSON library.Text
	summary    TEXT NOT NULL DEFAULT '{}',  -- JSON library.Text
	body       TEXT NOT NULL DEFAULT '{}',  -- JSON library.Text, Markdown
	status     TEXT NOT NULL CHECK (status IN ('draft', 'published')),
	publish_at TIMESTAMP,
	author_id  INTEGER,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1,
	CHECK (status = 'draft' OR publish_at IS NOT NULL)
);
-- The public lists: published, newest first, of some libraries.
CREATE INDEX news_items_public ON news_items (publish_at DESC) WHERE status = 'published';
CREATE INDEX news_items_library ON news_items (library, publish_at DESC);

CREATE TABLE content_pages (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	library    TEXT NOT NULL DEFAULT '',
	slug       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	title      TEXT NOT NULL,               -- JSON library.Text
	body       TEXT NOT NULL,               -- JSON library.Text, Markdown
	status     TEXT NOT NULL CHECK (status IN ('draft', 'published')),
	publish_at TIMESTAMP,
	author_id  INTEGER,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1,
	CHECK (status = 'draft' OR publish_at IS NOT NULL)
);
CREATE UNIQUE INDEX content_pages_slug ON content_pages (library, slug);
-- One about page, one accessibility statement ... per library; any
-- number of pages of its own.
CREATE UNIQUE INDEX content_pages_kind ON content_pages (library, kind) WHERE kind <> 'page';
