-- Booking rooms, studios, instruments, equipment and digital help (issue
-- 15): the resources a branch offers, their photos, the bookings and
-- staff blocks, and the no-show rule of each library.
--
-- No two bookings of a resource that hold their time overlap. SQLite runs
-- one writer at a time (BEGIN IMMEDIATE), so the check and the insert of
-- a booking are one step; PostgreSQL's migration says how it gets the same.

CREATE TABLE resources (
	id                    INTEGER PRIMARY KEY AUTOINCREMENT,
	branch_id             TEXT NOT NULL REFERENCES branches (id),
	kind                  TEXT NOT NULL,
	name                  TEXT NOT NULL,               -- JSON library.Text
	description           TEXT NOT NULL DEFAULT '{}',  -- JSON library.Text
	rules                 TEXT NOT NULL DEFAULT '{}',  -- JSON library.Text
	accessibility         TEXT NOT NULL DEFAULT '{}',  -- JSON library.Text
	equipment             TEXT NOT NULL DEFAULT '[]',  -- JSON []library.Text
	capacity              INTEGER NOT NULL,
	slot_minutes          INTEGER NOT NULL,
	min_minutes           INTEGER NOT NULL,
	max_minutes           INTEGER NOT NULL,
	buffer_minutes        INTEGER NOT NULL DEFAULT 0,
	horizon_days          INTEGER NOT NULL,
	weekly_bookings       INTEGER NOT NULL DEFAULT 0,
	weekly_minutes        INTEGER NOT NULL DEFAULT 0,
	cancel_before_minutes INTEGER NOT NULL DEFAULT 0,
	min_age               INTEGER NOT NULL DEFAULT 0,
	needs_approval        INTEGER NOT NULL DEFAULT 0,
	self_service          INTEGER NOT NULL DEFAULT 0,
	price                 INTEGER NOT NULL DEFAULT 0, -- cents a booking
	withdrawn_at          TIMESTAMP,
	created_at            TIMESTAMP NOT NULL,
	updated_at            TIMESTAMP NOT NULL,
	version               INTEGER NOT NULL DEFAULT 1,
	CHECK (slot_minutes > 0 AND min_minutes >= slot_minutes AND max_minutes >= min_minutes AND max_minutes <= 1440)
);
CREATE INDEX resources_branch ON resources (branch_id, id);

-- A resource's photos, resized and re-encoded as JPEG like a branch's
-- (branch_photos): each in the variants 'full' and 'thumb'.
CREATE TABLE resource_photos (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	resource_id INTEGER NOT NULL REFERENCES resources (id),
	alt         TEXT NOT NULL DEFAULT '{}', -- JSON library.Text
	created_at  TIMESTAMP NOT NULL
);
CREATE INDEX resource_photos_resource ON resource_photos (resource_id, id);
CREATE TABLE resource_photo_files (
	photo_id INTEGER NOT NULL REFERENCES resource_photos (id) ON DELETE CASCADE,
	variant  TEXT NOT NULL CHECK (variant IN ('full', 'thumb')),
	width    INTEGER NOT NULL,
	height   INTEGER NOT NULL,
	size     INTEGER NOT NULL,
	bytes    BLOB NOT NULL,
	hash     TEXT NOT NULL,
	PRIMARY KEY (photo_id, variant)
);

-- A booking holds its resource's time from starts up to ends (UTC) while
-- its status is requested, confirmed or checked_in. The booker is a
-- patron, a guest (guest_* set, digital help only), or staff (block).
-- Only the hash of a guest's cancellation token is kept; the access code
-- of a studio booking is kept as it is, to be shown to its booker.
CREATE TABLE bookings (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	resource_id   INTEGER NOT NULL REFERENCES resources (id),
	starts        TIMESTAMP NOT NULL,
	ends          TIMESTAMP NOT NULL,
	status        TEXT NOT NULL,
	block         INTEGER NOT NULL DEFAULT 0,
	patron_id     INTEGER REFERENCES patrons (id),
	guest_name    TEXT NOT NULL DEFAULT '',
	guest_email   TEXT NOT NULL DEFAULT '',
	guest_phone   TEXT NOT NULL DEFAULT '',
	guest_lang    TEXT NOT NULL DEFAULT '',
	guest_key     TEXT NOT NULL DEFAULT '', -- the guest's e-mail or phone, folded: their weekly limit
	token_hash    TEXT NOT NULL DEFAULT '',
	topic         TEXT NOT NULL DEFAULT '',
	help_lang     TEXT NOT NULL DEFAULT '',
	message       TEXT NOT NULL DEFAULT '',
	access_code   TEXT NOT NULL DEFAULT '',
	reason        TEXT NOT NULL DEFAULT '',
	series_id     INTEGER,  -- the first block of a recurring series
	staff_id      INTEGER REFERENCES staff (id),
	cause         TEXT NOT NULL DEFAULT '',
	flag          TEXT NOT NULL DEFAULT '',
	price         INTEGER NOT NULL DEFAULT 0,
	fee_id        INTEGER REFERENCES fees (id),
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL,
	checked_in_at TIMESTAMP,
	reminded_at   TIMESTAMP,
	version       INTEGER NOT NULL DEFAULT 1,
	CHECK (starts < ends)
);
CREATE INDEX bookings_resource ON bookings (resource_id, starts, ends, status); -- covers availability's read
CREATE INDEX bookings_patron ON bookings (patron_id, starts) WHERE patron_id IS NOT NULL;
CREATE INDEX bookings_guest ON bookings (guest_key, starts) WHERE guest_key <> '';
CREATE UNIQUE INDEX bookings_token ON bookings (token_hash) WHERE token_hash <> '';
CREATE INDEX bookings_reminder ON bookings (starts) WHERE status = 'confirmed' AND reminded_at IS NULL;
CREATE INDEX bookings_requested ON bookings (created_at) WHERE status = 'requested';

-- The no-show rule of a member library, or of the consortium (library_id
-- ''): no_shows within window_days block new bookings for block_days.
CREATE TABLE booking_rules (
	library_id  TEXT PRIMARY KEY,
	no_shows    INTEGER NOT NULL,
	window_days INTEGER NOT NULL,
	block_days  INTEGER NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);
