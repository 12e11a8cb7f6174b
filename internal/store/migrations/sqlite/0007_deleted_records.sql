-- Tombstones of deleted records, for OAI-PMH's persistent deletion
-- support: a harvester must learn that a record it holds is gone, with the
-- datestamp of its deletion and the sets it was in.

CREATE TABLE deleted_records (
	record_id INTEGER PRIMARY KEY, -- the deleted record's ID; IDs are never reused
	source_id TEXT NOT NULL,
	material  TEXT NOT NULL,
	deleted   TIMESTAMP NOT NULL
);
CREATE INDEX deleted_records_deleted ON deleted_records (deleted);

-- The member libraries that held copies of a deleted record.
CREATE TABLE deleted_record_libraries (
	record_id  INTEGER NOT NULL REFERENCES deleted_records (record_id) ON DELETE CASCADE,
	library_id TEXT NOT NULL,
	PRIMARY KEY (record_id, library_id)
);

-- Serves harvests by datestamp (from/until) of the live records.
CREATE INDEX records_updated ON records (updated, id);
