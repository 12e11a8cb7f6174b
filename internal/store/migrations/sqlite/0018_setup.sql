-- First run: the one-time links that create a consortium's first
-- administrator (kirjasto init).
--
-- A setup token is kept as its SHA-256 hash, like sessions and PIN reset
-- links: a copy of the database makes nobody an administrator.
CREATE TABLE setup_tokens (
	token_hash TEXT PRIMARY KEY,
	created    TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at    TIMESTAMP,
	staff_id   INTEGER REFERENCES staff (id) -- the administrator it created
);

