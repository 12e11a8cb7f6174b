-- Patrons, staff, sessions, PIN reset links and the notice outbox.
-- Secrets are never stored: PINs and passwords as argon2id hashes (with a
-- server-side pepper, see internal/auth), session and reset tokens as
-- SHA-256 hashes, so a copy of the database signs nobody in.

CREATE TABLE patrons (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	card_number     TEXT NOT NULL UNIQUE,
	name            TEXT NOT NULL,
	email           TEXT NOT NULL DEFAULT '',
	phone           TEXT NOT NULL DEFAULT '',
	street          TEXT NOT NULL DEFAULT '',
	postal_code     TEXT NOT NULL DEFAULT '',
	city            TEXT NOT NULL DEFAULT '',
	lang            TEXT NOT NULL DEFAULT 'fi',
	notice_channel  TEXT NOT NULL DEFAULT 'account',
	pickup_branch   TEXT NOT NULL DEFAULT '', -- '' = ask at each hold
	category        TEXT NOT NULL,
	home_library    TEXT NOT NULL,
	guardian_id     INTEGER REFERENCES patrons (id),
	history_opt_in  INTEGER NOT NULL DEFAULT 0,
	block_reason    TEXT NOT NULL DEFAULT '',
	staff_note      TEXT NOT NULL DEFAULT '',
	pin_hash        TEXT NOT NULL DEFAULT '', -- '' = no PIN set: cannot sign in
	created         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	closed_at       TIMESTAMP
);
-- "Forgot my PIN" may give an e-mail address instead of the card.
CREATE INDEX patrons_email ON patrons (lower(email)) WHERE email <> '';
CREATE INDEX patrons_guardian ON patrons (guardian_id) WHERE guardian_id IS NOT NULL;

CREATE TABLE staff (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	username        TEXT NOT NULL UNIQUE,
	name            TEXT NOT NULL,
	role            TEXT NOT NULL,
	branch          TEXT NOT NULL DEFAULT '',
	password_hash   TEXT NOT NULL,
	created         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	disabled_at     TIMESTAMP
);

-- Failed sign-ins per card number or staff username, whether or not it
-- exists, so that a lockout does not tell which cards are real. A row goes
-- away at the next successful sign-in or once its window has passed.
CREATE TABLE auth_failures (
	subject      TEXT PRIMARY KEY, -- 'card:<number>' or 'staff:<username>'
	failures     INTEGER NOT NULL,
	first_at     TIMESTAMP NOT NULL, -- start of the counting window
	locked_until TIMESTAMP
);
CREATE INDEX auth_failures_first ON auth_failures (first_at);

-- Sessions live in the database so that every node behind a load balancer
-- sees the same ones and signing out everywhere reaches them all.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	patron_id  INTEGER REFERENCES patrons (id) ON DELETE CASCADE,
	staff_id   INTEGER REFERENCES staff (id) ON DELETE CASCADE,
	created    TIMESTAMP NOT NULL,
	last_seen  TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	CHECK ((patron_id IS NULL) <> (staff_id IS NULL))
);
CREATE INDEX sessions_patron ON sessions (patron_id) WHERE patron_id IS NOT NULL;
CREATE INDEX sessions_staff ON sessions (staff_id) WHERE staff_id IS NOT NULL;
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE pin_resets (
	token_hash TEXT PRIMARY KEY,
	patron_id  INTEGER NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	created    TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at    TIMESTAMP
);
CREATE INDEX pin_resets_patron ON pin_resets (patron_id);

-- The outbox: a notice is written in the transaction of the event it tells
-- of, and sent later by whichever node claims it first.
CREATE TABLE notices (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id  INTEGER NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	params     TEXT NOT NULL DEFAULT '{}', -- JSON object of strings
	channel    TEXT NOT NULL,
	created    TIMESTAMP NOT NULL,
	claimed_at TIMESTAMP,  -- a sender took it; reclaimed if it never finishes
	sent_at    TIMESTAMP,
	read_at    TIMESTAMP,
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notices_patron ON notices (patron_id, created);
CREATE INDEX notices_pending ON notices (created, id) WHERE sent_at IS NULL;
