-- How far the change feed has been trimmed (issue 19, point 3): the
-- position of the newest entry deleted so far, (0, seq) on SQLite. A
-- follower whose position lies before it may have missed entries and
-- rebuilds its index from the records instead (docs/changefeed.md).
CREATE TABLE change_log_trimmed (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    tx  INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
INSERT INTO change_log_trimmed (id, tx, seq) VALUES (1, 0, 0);
