-- Booking rooms, studios, instruments, equipment and digital help (issue
-- 15): the resources a branch offers, their photos, the bookings and
-- staff blocks, and the no-show rule of each library.
--
-- No two bookings of a resource that hold their time overlap. Every
-- booking is written in a transaction that first locks its resource's row
-- (SELECT ... FOR UPDATE), then checks the resource's bookings and
-- writes: requests for one resource queue on the lock, and each sees the
-- ones before it. An exclusion constraint (EXCLUDE USING gist
-- (resource_id WITH =, tsrange(starts, ends) WITH &&)) was considered and
-- left out: it needs the btree_gist extension, an object of the whole
-- database that a migration run per schema cannot own (it lives in one
-- schema, and dropping that schema drops every other schema's constraint
-- with it) and that some hosted databases do not let an application
-- create; and it could enforce neither the resource's buffer between
-- bookings (which staff may change) nor the weekly limit per person,
-- which need the lock anyway.

CREATE TABLE resources (
	id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	branch_id             text NOT NULL REFERENCES branches (id),
	kind                  text NOT NULL,
	name                  jsonb NOT NULL,
	description           jsonb NOT NULL DEFAULT '{}',
	rules                 jsonb NOT NULL DEFAULT '{}',
	accessibility         jsonb NOT NULL DEFAULT '{}',
	equipment             jsonb NOT NULL DEFAULT '[]',
	capacity              integer NOT NULL,
	slot_minutes          integer NOT NULL,
	min_minutes           integer NOT NULL,
	max_minutes           integer NOT NULL,
	buffer_minutes        integer NOT NULL DEFAULT 0,
	horizon_days          integer NOT NULL,
	weekly_bookings       integer NOT NULL DEFAULT 0,
	weekly_minutes        integer NOT NULL DEFAULT 0,
	cancel_before_minutes integer NOT NULL DEFAULT 0,
	min_age               integer NOT NULL DEFAULT 0,
	needs_approval        boolean NOT NULL DEFAULT false,
	self_service          boolean NOT NULL DEFAULT false,
	price                 bigint NOT NULL DEFAULT 0,
	withdrawn_at          timestamp,
	created_at            timestamp NOT NULL,
	updated_at            timestamp NOT NULL,
	version               bigint NOT NULL DEFAULT 1,
	CHECK (slot_minutes > 0 AND min_minutes >= slot_minutes AND max_minutes >= min_minutes AND max_minutes <= 1440)
);
CREATE INDEX resources_branch ON resources (branch_id, id);

CREATE TABLE resource_photos (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	resource_id bigint NOT NULL REFERENCES resources (id),
	alt         jsonb NOT NULL DEFAULT '{}',
	created_at  timestamp NOT NULL
);
CREATE INDEX resource_photos_resource ON resource_photos (resource_id, id);
CREATE TABLE resource_photo_files (
	photo_id bigint NOT NULL REFERENCES resource_photos (id) ON DELETE CASCADE,
	variant  text NOT NULL CHECK (variant IN ('full', 'thumb')),
	width    integer NOT NULL,
	height   integer NOT NULL,
	size     integer NOT NULL,
	bytes    bytea NOT NULL,
	hash     text NOT NULL,
	PRIMARY KEY (photo_id, variant)
);

CREATE TABLE bookings (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	resource_id   bigint NOT NULL REFERENCES resources (id),
	starts        timestamp NOT NULL,
	ends          timestamp NOT NULL,
	status        text NOT NULL,
	block         boolean NOT NULL DEFAULT false,
	patron_id     bigint REFERENCES patrons (id),
	guest_name    text NOT NULL DEFAULT '',
	guest_email   text NOT NULL DEFAULT '',
	guest_phone   text NOT NULL DEFAULT '',
	guest_lang    text NOT NULL DEFAULT '',
	guest_key     text NOT NULL DEFAULT '',
	token_hash    text NOT NULL DEFAULT '',
	topic         text NOT NULL DEFAULT '',
	help_lang     text NOT NULL DEFAULT '',
	message       text NOT NULL DEFAULT '',
	access_code   text NOT NULL DEFAULT '',
	reason        text NOT NULL DEFAULT '',
	series_id     bigint,
	staff_id      bigint REFERENCES staff (id),
	cause         text NOT NULL DEFAULT '',
	flag          text NOT NULL DEFAULT '',
	price         bigint NOT NULL DEFAULT 0,
	fee_id        bigint REFERENCES fees (id),
	created_at    timestamp NOT NULL,
	updated_at    timestamp NOT NULL,
	checked_in_at timestamp,
	reminded_at   timestamp,
	version       bigint NOT NULL DEFAULT 1,
	CHECK (starts < ends)
);
CREATE INDEX bookings_resource ON bookings (resource_id, starts, ends, status); -- covers availability's read
CREATE INDEX bookings_patron ON bookings (patron_id, starts) WHERE patron_id IS NOT NULL;
CREATE INDEX bookings_guest ON bookings (guest_key, starts) WHERE guest_key <> '';
CREATE UNIQUE INDEX bookings_token ON bookings (token_hash) WHERE token_hash <> '';
CREATE INDEX bookings_reminder ON bookings (starts) WHERE status = 'confirmed' AND reminded_at IS NULL;
CREATE INDEX bookings_requested ON bookings (created_at) WHERE status = 'requested';

CREATE TABLE booking_rules (
	library_id  text PRIMARY KEY,
	no_shows    integer NOT NULL,
	window_days integer NOT NULL,
	block_days  integer NOT NULL,
	updated_at  timestamp NOT NULL
);
