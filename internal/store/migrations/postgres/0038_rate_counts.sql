-- Rate limits shared by every node (issue 19, point 1): events per key
-- in fixed windows. The key is a keyed hash of the client's address (or
-- of whatever a limit counts by), never the address itself; window_start
-- is the window's first second (Unix time). Old windows are deleted
-- lazily by the nodes that count.
--
-- UNLOGGED: a count is worth nothing after a crash, and without the
-- write-ahead log an increment commits without waiting for a disk flush
-- (6.5 ms a check on this machine's disk, 0.1 ms unlogged; BENCHMARKS.md).
-- The table is empty after a crash and is not copied to replicas, which
-- only gives every address a fresh window.
CREATE UNLOGGED TABLE rate_counts (
    subject      text    NOT NULL,
    window_start bigint  NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (subject, window_start)
);
CREATE INDEX rate_counts_window ON rate_counts (window_start);
