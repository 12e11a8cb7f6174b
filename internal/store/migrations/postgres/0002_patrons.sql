-- Patrons, staff, sessions, PIN reset links and the notice outbox.
-- Secrets are never stored: PINs and passwords as argon2id hashes (with a
-- server-side pepper, see internal/auth), session and reset tokens as
-- SHA-256 hashes, so a copy of the database signs nobody in.

CREATE TABLE patrons (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
	guardian_id     bigint REFERENCES patrons (id),
	history_opt_in  boolean NOT NULL DEFAULT false,
	block_reason    TEXT NOT NULL DEFAULT '',
	staff_note      TEXT NOT NULL DEFAULT '',
	pin_hash        TEXT NOT NULL DEFAULT '', -- '' = no PIN set: cannot sign in
	created         timestamptz NOT NULL DEFAULT now(),
	closed_at       timestamptz
);
-- "Forgot my PIN" may give an e-mail address instead of the card.
CREATE INDEX patrons_email ON patrons (lower(email)) WHERE email <> '';
CREATE INDEX patrons_guardian ON patrons (guardian_id) WHERE guardian_id IS NOT NULL;

CREATE TABLE staff (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	username        TEXT NOT NULL UNIQUE,
	name            TEXT NOT NULL,
	role            TEXT NOT NULL,
	branch          TEXT NOT NULL DEFAULT '',
	password_hash   TEXT NOT NULL,
	created         timestamptz NOT NULL DEFAULT now(),
	disabled_at     timestamptz
);

-- Failed sign-ins per card number or staff username, whether or not it
-- exists, so that a lockout does not tell which cards are real. A row goes
-- away at the next successful sign-in or once its window has passed.
CREATE TABLE auth_failures (
	subject      TEXT PRIMARY KEY, -- 'card:<number>' or 'staff:<username>'
	failures     INTEGER NOT NULL,
	first_at     timestamptz NOT NULL, -- start of the counting window
	locked_until timestamptz
);
CREATE INDEX auth_failures_first ON auth_failures (first_at);

-- Sessions live in the database so that every node behind a load balancer
-- sees the same ones and signing out everywhere reaches them all.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	patron_id  bigint REFERENCES patrons (id) ON DELETE CASCADE,
	staff_id   bigint REFERENCES staff (id) ON DELETE CASCADE,
	created    timestamptz NOT NULL,
	last_seen  timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	CHECK ((patron_id IS NULL) <> (staff_id IS NULL))
);
CREATE INDEX sessions_patron ON sessions (patron_id) WHERE patron_id IS NOT NULL;
CREATE INDEX sessions_staff ON sessions (staff_id) WHERE staff_id IS NOT NULL;
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE pin_resets (
	token_hash TEXT PRIMARY KEY,
	patron_id  bigint NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	created    timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	used_at    timestamptz
);
CREATE INDEX pin_resets_patron ON pin_resets (patron_id);

-- The outbox: a notice is written in the transaction of the event it tells
-- of, and sent later by whichever node claims it first.
CREATE TABLE notices (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patron_id  bigint NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	params     text NOT NULL DEFAULT '{}', -- JSON object of strings
	channel    TEXT NOT NULL,
	created    timestamptz NOT NULL,
	claimed_at timestamptz,  -- a sender took it; reclaimed if it never finishes
	sent_at    timestamptz,
	read_at    timestamptz,
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notices_patron ON notices (patron_id, created);
CREATE INDEX notices_pending ON notices (created, id) WHERE sent_at IS NULL;
