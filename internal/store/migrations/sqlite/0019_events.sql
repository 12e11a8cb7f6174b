-- Events, recurring series and sign-ups (library/event.go), and notices to
-- guests who signed up without a library card.

-- A recurring event: the template each occurrence is made from and its
-- weekly rule. The occurrences are rows of events with series_id set.
CREATE TABLE event_series (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	library_id   TEXT NOT NULL REFERENCES libraries (id),
	branch_id    TEXT NOT NULL DEFAULT '',
	template     TEXT NOT NULL, -- JSON library.Event
	rule         TEXT NOT NULL, -- JSON library.Recurrence
	signup_days  INTEGER NOT NULL DEFAULT 0,
	cancelled_at TIMESTAMP,
	version      INTEGER NOT NULL DEFAULT 1,
	created      TIMESTAMP NOT NULL,
	updated      TIMESTAMP NOT NULL
);

-- One occurrence of an event. Instants are UTC. Lists of codes are kept
-- between commas (',children,families,') so that a filter is one LIKE.
CREATE TABLE events (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	series_id       INTEGER REFERENCES event_series (id),
	occurrence_date TEXT NOT NULL DEFAULT '', -- the series rule's date; '' for a single event
	changed         INTEGER NOT NULL DEFAULT 0, -- a one-off change: series edits leave it
	library_id      TEXT NOT NULL REFERENCES libraries (id),
	branch_id       TEXT NOT NULL DEFAULT '', -- '' for a library-wide event at an outside venue
	room            TEXT NOT NULL DEFAULT '',
	venue           TEXT NOT NULL DEFAULT '{}', -- JSON library.Venue
	title           TEXT NOT NULL, -- JSON library.Text, like the other texts
	description     TEXT NOT NULL,
	accessibility   TEXT NOT NULL,
	price_note      TEXT NOT NULL,
	search_key      TEXT NOT NULL, -- every title and description, folded (store.nameKey)
	starts_at       TIMESTAMP NOT NULL,
	ends_at         TIMESTAMP NOT NULL,
	audiences       TEXT NOT NULL,
	category        TEXT NOT NULL,
	languages       TEXT NOT NULL,
	image           TEXT NOT NULL DEFAULT '',
	price_cents     INTEGER NOT NULL DEFAULT 0,
	registration    INTEGER NOT NULL DEFAULT 0,
	capacity        INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0), -- 0: no limit
	waiting_list    INTEGER NOT NULL DEFAULT 0,
	max_places      INTEGER NOT NULL DEFAULT 0,
	signup_opens    TIMESTAMP,
	status          TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
	publish_at      TIMESTAMP, -- public from then; NULL for a draft
	cancel_reason   TEXT NOT NULL DEFAULT '{}',
	cancelled_at    TIMESTAMP,
	signup_seq      INTEGER NOT NULL DEFAULT 0, -- the arrival number of the last sign-up
	version         INTEGER NOT NULL DEFAULT 1,
	created         TIMESTAMP NOT NULL,
	updated         TIMESTAMP NOT NULL,
	CHECK (ends_at > starts_at)
);
-- The public calendar: what has not ended, of what has been published.
-- The indexes cover what a page is chosen on (publication, status, start),
-- so that counting and ordering the matches reads no rows.
CREATE INDEX events_public ON events (ends_at, publish_at, status, starts_at) WHERE publish_at IS NOT NULL;
CREATE INDEX events_branch ON events (branch_id, ends_at, publish_at, status, starts_at);
CREATE INDEX events_library ON events (library_id, ends_at, publish_at, status, starts_at);
CREATE INDEX events_series ON events (series_id, starts_at) WHERE series_id IS NOT NULL;

-- Sign-ups. seq is the arrival order within the event (events.signup_seq
-- hands it out under the event's lock), which orders the waiting list.
-- Only a hash of the cancellation token is kept.
CREATE TABLE event_signups (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	patron_id    INTEGER REFERENCES patrons (id) ON DELETE CASCADE, -- NULL for a guest
	guest_name   TEXT NOT NULL DEFAULT '',
	guest_email  TEXT NOT NULL DEFAULT '',
	guest_phone  TEXT NOT NULL DEFAULT '',
	contact_key  TEXT NOT NULL DEFAULT '', -- a guest's folded address or number: one sign-up each
	lang         TEXT NOT NULL DEFAULT '',
	places       INTEGER NOT NULL CHECK (places > 0),
	status       TEXT NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled', 'attended', 'no_show')),
	seq          INTEGER NOT NULL,
	token_hash   TEXT NOT NULL UNIQUE,
	by_staff     INTEGER REFERENCES staff (id),
	created      TIMESTAMP NOT NULL,
	promoted_at  TIMESTAMP,
	cancelled_at TIMESTAMP,
	marked_at    TIMESTAMP,
	reminded_at  TIMESTAMP
);
CREATE UNIQUE INDEX event_signups_seq ON event_signups (event_id, seq);
CREATE UNIQUE INDEX event_signups_patron ON event_signups (event_id, patron_id) WHERE status <> 'cancelled' AND patron_id IS NOT NULL;
CREATE UNIQUE INDEX event_signups_contact ON event_signups (event_id, contact_key) WHERE status <> 'cancelled' AND contact_key <> '';
CREATE INDEX event_signups_patron_id ON event_signups (patron_id) WHERE patron_id IS NOT NULL;
CREATE INDEX event_signups_remind ON event_signups (event_id) WHERE status = 'registered' AND reminded_at IS NULL;
CREATE INDEX event_signups_guests ON event_signups (event_id) WHERE patron_id IS NULL AND guest_name <> '';

-- Notices to guests: patron_id becomes optional, and a guest's notice
-- carries its own addressee (name, e-mail address or phone, language) and
-- the library whose staff outbox shows it. SQLite cannot drop a NOT NULL,
-- so the table is made again with every column it has had (0002, 0010,
-- 0013): a later migration that adds a column to notices must be numbered
-- after this one.
CREATE TABLE notices_0019 (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id   INTEGER REFERENCES patrons (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	params      TEXT NOT NULL DEFAULT '{}',
	channel     TEXT NOT NULL,
	created     TIMESTAMP NOT NULL,
	claimed_at  TIMESTAMP,
	sent_at     TIMESTAMP,
	read_at     TIMESTAMP,
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	delivery    TEXT NOT NULL DEFAULT 'waiting',
	retry_at    TIMESTAMP,
	guest_name  TEXT NOT NULL DEFAULT '',
	guest_email TEXT NOT NULL DEFAULT '',
	guest_phone TEXT NOT NULL DEFAULT '',
	guest_lang  TEXT NOT NULL DEFAULT '',
	library_id  TEXT NOT NULL DEFAULT ''
);
INSERT INTO notices_0019 (id, patron_id, kind, params, channel, created, claimed_at, sent_at, read_at,
		attempts, last_error, delivery, retry_at)
	SELECT id, patron_id, kind, params, channel, created, claimed_at, sent_at, read_at,
		attempts, last_error, delivery, retry_at FROM notices;
DROP TABLE notices;
ALTER TABLE notices_0019 RENAME TO notices;
CREATE INDEX notices_patron ON notices (patron_id, created);
CREATE INDEX notices_waiting ON notices (created, id) WHERE delivery = 'waiting';
CREATE INDEX notices_guests ON notices (library_id, created) WHERE patron_id IS NULL;
