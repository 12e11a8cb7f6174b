-- First run: the one-time links that create a consortium's first
-- administrator (kirjasto init).
--
-- A setup token is kept as its SHA-256 hash, like sessions and PIN reset
-- links: a copy of the database makes nobody an administrator.
CREATE TABLE setup_tokens (
	token_hash TEXT PRIMARY KEY,
	created    timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	used_at    timestamptz,
	staff_id   bigint REFERENCES staff (id) -- the administrator it created
);

