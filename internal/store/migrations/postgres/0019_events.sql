-- Events, recurring series and sign-ups (library/event.go), and notices to
-- guests who signed up without a library card (the PostgreSQL twin of
-- sqlite/0019_events.sql).

-- A recurring event: the template each occurrence is made from and its
-- weekly rule. The occurrences are rows of events with series_id set.
CREATE TABLE event_series (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	library_id   text NOT NULL REFERENCES libraries (id),
	branch_id    text NOT NULL DEFAULT '',
	template     text NOT NULL, -- JSON library.Event
	rule         text NOT NULL, -- JSON library.Recurrence
	signup_days  integer NOT NULL DEFAULT 0,
	cancelled_at timestamptz,
	version      bigint NOT NULL DEFAULT 1,
	created      timestamptz NOT NULL,
	updated      timestamptz NOT NULL
);

-- One occurrence of an event. Lists of codes are kept between commas
-- (',children,families,') so that a filter is one LIKE.
CREATE TABLE events (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	series_id       bigint REFERENCES event_series (id),
	occurrence_date text NOT NULL DEFAULT '', -- the series rule's date; '' for a single event
	changed         boolean NOT NULL DEFAULT false, -- a one-off change: series edits leave it
	library_id      text NOT NULL REFERENCES libraries (id),
	branch_id       text NOT NULL DEFAULT '', -- '' for a library-wide event at an outside venue
	room            text NOT NULL DEFAULT '',
	venue           text NOT NULL DEFAULT '{}', -- JSON library.Venue
	title           text NOT NULL, -- JSON library.Text, like the other texts
	description     text NOT NULL,
	accessibility   text NOT NULL,
	price_note      text NOT NULL,
	search_key      text NOT NULL, -- every title and description, folded (store.nameKey)
	starts_at       timestamptz NOT NULL,
	ends_at         timestamptz NOT NULL,
	audiences       text NOT NULL,
	category        text NOT NULL,
	languages       text NOT NULL,
	image           text NOT NULL DEFAULT '',
	price_cents     integer NOT NULL DEFAULT 0,
	registration    boolean NOT NULL DEFAULT false,
	capacity        integer NOT NULL DEFAULT 0 CHECK (capacity >= 0), -- 0: no limit
	waiting_list    boolean NOT NULL DEFAULT false,
	max_places      integer NOT NULL DEFAULT 0,
	signup_opens    timestamptz,
	status          text NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
	publish_at      timestamptz, -- public from then; NULL for a draft
	cancel_reason   text NOT NULL DEFAULT '{}',
	cancelled_at    timestamptz,
	signup_seq      bigint NOT NULL DEFAULT 0, -- the arrival number of the last sign-up
	version         bigint NOT NULL DEFAULT 1,
	created         timestamptz NOT NULL,
	updated         timestamptz NOT NULL,
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
-- hands it out under the event's row lock), which orders the waiting
-- list. Only a hash of the cancellation token is kept.
CREATE TABLE event_signups (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	event_id     bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	patron_id    bigint REFERENCES patrons (id) ON DELETE CASCADE, -- NULL for a guest
	guest_name   text NOT NULL DEFAULT '',
	guest_email  text NOT NULL DEFAULT '',
	guest_phone  text NOT NULL DEFAULT '',
	contact_key  text NOT NULL DEFAULT '', -- a guest's folded address or number: one sign-up each
	lang         text NOT NULL DEFAULT '',
	places       integer NOT NULL CHECK (places > 0),
	status       text NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled', 'attended', 'no_show')),
	seq          bigint NOT NULL,
	token_hash   text NOT NULL UNIQUE,
	by_staff     bigint REFERENCES staff (id),
	created      timestamptz NOT NULL,
	promoted_at  timestamptz,
	cancelled_at timestamptz,
	marked_at    timestamptz,
	reminded_at  timestamptz
);
CREATE UNIQUE INDEX event_signups_seq ON event_signups (event_id, seq);
CREATE UNIQUE INDEX event_signups_patron ON event_signups (event_id, patron_id) WHERE status <> 'cancelled' AND patron_id IS NOT NULL;
CREATE UNIQUE INDEX event_signups_contact ON event_signups (event_id, contact_key) WHERE status <> 'cancelled' AND contact_key <> '';
CREATE INDEX event_signups_patron_id ON event_signups (patron_id) WHERE patron_id IS NOT NULL;
CREATE INDEX event_signups_remind ON event_signups (event_id) WHERE status = 'registered' AND reminded_at IS NULL;
CREATE INDEX event_signups_guests ON event_signups (event_id) WHERE patron_id IS NULL AND guest_name <> '';

-- Notices to guests: patron_id becomes optional, and a guest's notice
-- carries its own addressee (name, e-mail address or phone, language) and
-- the library whose staff outbox shows it.
ALTER TABLE notices ALTER COLUMN patron_id DROP NOT NULL;
ALTER TABLE notices ADD COLUMN guest_name text NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN guest_email text NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN guest_phone text NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN guest_lang text NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN library_id text NOT NULL DEFAULT '';
CREATE INDEX notices_guests ON notices (library_id, created) WHERE patron_id IS NULL;
