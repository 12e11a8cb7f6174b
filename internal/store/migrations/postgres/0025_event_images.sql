-- An event's image, in the two sizes a branch's photo has: checked,
-- resized and re-encoded as JPEG by the store (metadata dropped). The
-- event's image column holds the full size's hash, so that its URL
-- changes with it and may be cached for a year.
CREATE TABLE event_images (
	event_id   bigint NOT NULL REFERENCES events (id),
	variant    text NOT NULL CHECK (variant IN ('full', 'thumb')),
	width      integer NOT NULL,
	height     integer NOT NULL,
	size       integer NOT NULL,
	bytes      bytea NOT NULL,
	hash       text NOT NULL,
	updated_at timestamp NOT NULL,
	PRIMARY KEY (event_id, variant)
);
