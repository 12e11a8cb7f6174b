-- Patrons' lists of records and their star ratings. Both belong to the
-- patron and go with the account; both go with a deleted record.

CREATE TABLE lists (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patron_id   bigint NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	name        text NOT NULL,
	-- NULL: private. Otherwise the secret part of the list's shared link.
	share_token text UNIQUE,
	created     timestamptz NOT NULL,
	updated     timestamptz NOT NULL
);
CREATE INDEX lists_patron ON lists (patron_id);

CREATE TABLE list_records (
	list_id   bigint NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
	record_id bigint NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	added     timestamptz NOT NULL,
	PRIMARY KEY (list_id, record_id)
);
CREATE INDEX list_records_record ON list_records (record_id);

CREATE TABLE ratings (
	patron_id bigint NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	record_id bigint NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	stars     integer NOT NULL CHECK (stars BETWEEN 1 AND 5),
	rated     timestamptz NOT NULL,
	PRIMARY KEY (patron_id, record_id)
);
CREATE INDEX ratings_record ON ratings (record_id);
