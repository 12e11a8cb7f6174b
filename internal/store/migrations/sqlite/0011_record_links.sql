-- A record's electronic locations (MARC 856): the links an e-book or other
-- online resource is opened with, as JSON [{"URL": ..., "Text": ...}].
-- Records imported before this migration get theirs at the next import.
ALTER TABLE records ADD COLUMN links TEXT NOT NULL DEFAULT '[]';
