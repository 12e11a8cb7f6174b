-- The change feed without a global lock (issue 19): each entry keeps the
-- ID of the transaction that wrote it, and followers read only entries of
-- transactions below their snapshot's xmin horizon, in (xid, seq) order,
-- so writers no longer queue for an advisory lock to keep seq in commit
-- order (docs/changefeed.md). The entries there are now get this
-- migration's transaction, which is as good: it commits before any
-- follower can read them again.
ALTER TABLE change_log ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX change_log_xid ON change_log (xid, seq);
