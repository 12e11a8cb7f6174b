-- E-titles' files that Kirjasto serves itself (issue 17): open-access
-- books stored in the database, such as the demo's EPUB 3 books, so that
-- every node of a deployment serves them alike. One file per record.
CREATE TABLE e_files (
	record_id  INTEGER PRIMARY KEY REFERENCES records (id),
	name       TEXT NOT NULL,
	media_type TEXT NOT NULL,
	size       INTEGER NOT NULL,
	bytes      BLOB NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
