-- News items and content pages written by staff (issue 14): of a member
-- library, or of the consortium when library is ''. Texts are JSON
-- library.Text, one language per key; bodies are Markdown. A published
-- text is public from publish_at on; a draft never is.

CREATE TABLE news_items (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	library    text NOT NULL DEFAULT '',
	title      jsonb NOT NULL,
	summary    jsonb NOT NULL DEFAULT '{}',
	body       jsonb NOT NULL DEFAULT '{}', -- Markdown
	status     text NOT NULL CHECK (status IN ('draft', 'published')),
	publish_at timestamptz,
	author_id  bigint,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	version    bigint NOT NULL DEFAULT 1,
	CHECK (status = 'draft' OR publish_at IS NOT NULL)
);
-- The public lists: published, newest first, of some libraries.
CREATE INDEX news_items_public ON news_items (publish_at DESC) WHERE status = 'published';
CREATE INDEX news_items_library ON news_items (library, publish_at DESC);

CREATE TABLE content_pages (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	library    text NOT NULL DEFAULT '',
	slug       text NOT NULL,
	kind       text NOT NULL,
	title      jsonb NOT NULL,
	body       jsonb NOT NULL,              -- Markdown
	status     text NOT NULL CHECK (status IN ('draft', 'published')),
	publish_at timestamptz,
	author_id  bigint,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	version    bigint NOT NULL DEFAULT 1,
	CHECK (status = 'draft' OR publish_at IS NOT NULL)
);
CREATE UNIQUE INDEX content_pages_slug ON content_pages (library, slug);
-- One about page, one accessibility statement ... per library; any
-- number of pages of its own.
CREATE UNIQUE INDEX content_pages_kind ON content_pages (library, kind) WHERE kind <> 'page';
