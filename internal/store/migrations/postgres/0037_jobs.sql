-- Scheduled jobs (sweeps) run once across the nodes that share a database:
-- one row per job, claimed by a node with a lease (holder, lease_until)
-- that it renews while the job runs. A node that dies loses its lease when
-- lease_until passes, and another node takes the run over. claims counts
-- the claims and fences a node that lost its lease: it may renew or finish
-- only the claim it holds.
CREATE TABLE jobs (
	name        text PRIMARY KEY,
	next_run    timestamptz NOT NULL,
	retry_at    timestamptz,          -- a failed run is tried again then
	holder      text,
	lease_until timestamptz,
	claims      bigint NOT NULL DEFAULT 0,
	attempts    integer NOT NULL DEFAULT 0,  -- failed tries of the current run
	last_run    timestamptz,                 -- when the last try began
	last_ok     timestamptz,                 -- when the last successful run ended
	last_count  bigint NOT NULL DEFAULT 0,   -- what the last successful run did
	last_error  text NOT NULL DEFAULT ''
);
