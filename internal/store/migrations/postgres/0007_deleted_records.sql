-- Tombstones of deleted records, for OAI-PMH's persistent deletion
-- support: a harvester must learn that a record it holds is gone, with the
-- datestamp of its deletion and the sets it was in.

CREATE TABLE deleted_records (
	record_id bigint PRIMARY KEY, -- the deleted record's ID; IDs are never reused
	source_id text NOT NULL,
	material  text NOT NULL,
	deleted   timestamptz NOT NULL
);
CREATE INDEX deleted_records_deleted ON deleted_records (deleted);

-- The member libraries that held copies of a deleted record.
CREATE TABLE deleted_record_libraries (
	record_id  bigint NOT NULL REFERENCES deleted_records (record_id) ON DELETE CASCADE,
	library_id text NOT NULL,
	PRIMARY KEY (record_id, library_id)
);

-- Serves harvests by datestamp (from/until) of the live records.
CREATE INDEX records_updated ON records (updated, id);
