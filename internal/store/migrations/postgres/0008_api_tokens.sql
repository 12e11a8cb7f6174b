-- Bearer tokens for apps and the secret key of each patron's due-date
-- calendar feed (the PostgreSQL twin of sqlite/0008_api_tokens.sql).

CREATE TABLE api_tokens (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	patron_id  BIGINT NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	created    timestamptz NOT NULL,
	last_used  timestamptz NOT NULL,
	expires_at timestamptz NOT NULL
);
CREATE INDEX api_tokens_patron ON api_tokens (patron_id);

CREATE TABLE due_feeds (
	patron_id BIGINT PRIMARY KEY REFERENCES patrons (id) ON DELETE CASCADE,
	feed_key  TEXT NOT NULL UNIQUE,
	created   timestamptz NOT NULL
);
