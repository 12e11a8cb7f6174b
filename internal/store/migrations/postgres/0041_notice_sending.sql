-- A notice's claim names the node that holds it, and a notice whose
-- sending has begun says so (issue 19, point 2; docs/jobs.md): a node
-- sends only what it still holds, and a notice found with sending_at set
-- and its claim lapsed is the one whose node died mid-send.
ALTER TABLE notices ADD COLUMN claimed_by text NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN sending_at timestamptz;
