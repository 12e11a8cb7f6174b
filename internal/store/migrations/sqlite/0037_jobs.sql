-- Scheduled jobs (sweeps) run once across the nodes that share a database:
-- one row per job, claimed by a node with a lease (holder, lease_until)
-- that it renews while the job runs. A node that dies loses its lease when
-- lease_until passes, and another node takes the run over. claims counts
-- the claims and fences a node that lost its lease: it may renew or finish
-- only the claim it holds.
CREATE TABLE jobs (
	name        TEXT PRIMARY KEY,
	next_run    TIMESTAMP NOT NULL,
	retry_at    TIMESTAMP,            -- a failed run is tried again then
	holder      TEXT,
	lease_until TIMESTAMP,
	claims      INTEGER NOT NULL DEFAULT 0,
	attempts    INTEGER NOT NULL DEFAULT 0,  -- failed tries of the current run
	last_run    TIMESTAMP,                   -- when the last try began
	last_ok     TIMESTAMP,                   -- when the last successful run ended
	last_count  INTEGER NOT NULL DEFAULT 0,  -- what the last successful run did
	last_error  TEXT NOT NULL DEFAULT ''
);
