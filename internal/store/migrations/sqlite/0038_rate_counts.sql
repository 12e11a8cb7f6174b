-- Rate limits shared by every node (issue 19, point 1): events per key
-- in fixed windows. The key is a keyed hash of the client's address (or
-- of whatever a limit counts by), never the address itself; window_start
-- is the window's first second (Unix time). Old windows are deleted
-- lazily by the nodes that count.
CREATE TABLE rate_counts (
    subject      TEXT    NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (subject, window_start)
);
CREATE INDEX rate_counts_window ON rate_counts (window_start);
