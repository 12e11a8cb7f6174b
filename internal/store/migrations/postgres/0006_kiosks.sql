-- Self-service kiosks that log in over SIP2. Like staff, a kiosk has a
-- password kept only as an argon2id hash. branch '' means the kiosk names
-- its branch at each login (the demo's roaming kiosk).
CREATE TABLE kiosks (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	login         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	branch        TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL,
	created       timestamptz NOT NULL,
	disabled_at   timestamptz
);

-- The kiosk that blocked a card (SIP2 Block Patron), so that Patron Enable
-- lifts only blocks a kiosk set, never one staff set.
ALTER TABLE patrons ADD COLUMN block_kiosk TEXT NOT NULL DEFAULT '';
