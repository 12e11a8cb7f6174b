-- An event's image, in the two sizes a branch's photo has: checked,
-- resized and re-encoded as JPEG by the store (metadata dropped). The
-- event's image column holds the full size's hash, so that its URL
-- changes with it and may be cached for a year.
CREATE TABLE event_images (
	event_id   INTEGER NOT NULL REFERENCES events (id),
	variant    TEXT NOT NULL CHECK (variant IN ('full', 'thumb')),
	width      INTEGER NOT NULL,
	height     INTEGER NOT NULL,
	size       INTEGER NOT NULL,
	bytes      BLOB NOT NULL,
	hash       TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	PRIMARY KEY (event_id, variant)
);
