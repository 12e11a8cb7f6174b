-- Bearer tokens for apps (POST /api/v1/tokens) and the secret key of each
-- patron's due-date calendar feed (/calendar/{key}/loans.ics).
--
-- A token is kept as its SHA-256, like a session: a copy of the database
-- signs nobody in. The feed key is kept as it is, because My Account shows
-- the feed's address again; the feed shows only due dates, which such a
-- copy holds anyway, and the patron can reset the key at any time.

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	token_hash TEXT NOT NULL UNIQUE,
	patron_id  INTEGER NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	created    TIMESTAMP NOT NULL,
	last_used  TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX api_tokens_patron ON api_tokens (patron_id);

CREATE TABLE due_feeds (
	patron_id INTEGER PRIMARY KEY REFERENCES patrons (id) ON DELETE CASCADE,
	feed_key  TEXT NOT NULL UNIQUE,
	created   TIMESTAMP NOT NULL
);
