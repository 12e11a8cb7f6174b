-- E-titles' files that Kirjasto serves itself (issue 17): open-access
-- books stored in the database, such as the demo's EPUB 3 books, so that
-- every node of a deployment serves them alike. One file per record.
CREATE TABLE e_files (
	record_id  bigint PRIMARY KEY REFERENCES records (id),
	name       text NOT NULL,
	media_type text NOT NULL,
	size       integer NOT NULL,
	bytes      bytea NOT NULL,
	updated_at timestamptz NOT NULL
);
