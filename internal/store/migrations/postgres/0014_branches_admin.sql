-- Libraries and branches edited by staff (issue 12): descriptions, closing
-- that keeps history, a version per row for optimistic locking, dated
-- exceptions to the weekly hours as rows of their own, photos, and one
-- counter that every change to the consortium bumps, so that a cache of
-- branches can tell it is stale with one cheap read.

ALTER TABLE libraries ADD COLUMN description jsonb NOT NULL DEFAULT '{}';
ALTER TABLE libraries ADD COLUMN closed_at timestamp;
ALTER TABLE libraries ADD COLUMN version bigint NOT NULL DEFAULT 1;

ALTER TABLE branches ADD COLUMN description jsonb NOT NULL DEFAULT '{}';
ALTER TABLE branches ADD COLUMN closed_at timestamp;
ALTER TABLE branches ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- Exceptions to a branch's weekly hours over a range of days. Dates are
-- 'YYYY-MM-DD' text, as in SQLite, which sorts and compares as dates. Both
-- hour lists empty means closed. The store refuses overlapping ranges of
-- one branch.
CREATE TABLE branch_exceptions (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	branch_id    text NOT NULL REFERENCES branches (id),
	starts       text NOT NULL,
	ends         text NOT NULL,
	reason       jsonb NOT NULL,
	staffed      jsonb NOT NULL DEFAULT '[]',
	self_service jsonb NOT NULL DEFAULT '[]',
	holiday      text NOT NULL DEFAULT '',
	updated_at   timestamp NOT NULL,
	CHECK (starts <= ends)
);
CREATE INDEX branch_exceptions_branch ON branch_exceptions (branch_id, starts);

-- The exceptions kept so far inside branches.hours (one per date) become
-- rows, and branches.hours keeps the weekly schedule alone.
INSERT INTO branch_exceptions (branch_id, starts, ends, reason, staffed, self_service, updated_at)
SELECT b.id, d.date, d.date,
	CASE WHEN jsonb_typeof(e->'Note') = 'object' THEN e->'Note' ELSE '{}'::jsonb END,
	CASE WHEN jsonb_typeof(e->'Staffed') = 'array' THEN e->'Staffed' ELSE '[]'::jsonb END,
	CASE WHEN jsonb_typeof(e->'SelfService') = 'array' THEN e->'SelfService' ELSE '[]'::jsonb END,
	now() AT TIME ZONE 'UTC'
FROM branches b
	CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(b.hours->'Exceptions') = 'array' THEN b.hours->'Exceptions' ELSE '[]'::jsonb END) e
	CROSS JOIN LATERAL (SELECT make_date((e->'Date'->>'Year')::int, (e->'Date'->>'Month')::int, (e->'Date'->>'Day')::int)::text AS date) d;
UPDATE branches SET hours = hours - 'Exceptions';

-- A branch's photo, resized and re-encoded as JPEG: variant 'full' (at
-- most 1600 px wide) and 'thumb' (400 px). hash is the SHA-256 of bytes,
-- the photo's ETag.
CREATE TABLE branch_photos (
	branch_id  text NOT NULL REFERENCES branches (id),
	variant    text NOT NULL CHECK (variant IN ('full', 'thumb')),
	width      integer NOT NULL,
	height     integer NOT NULL,
	size       integer NOT NULL,
	bytes      bytea NOT NULL,
	hash       text NOT NULL,
	updated_at timestamp NOT NULL,
	PRIMARY KEY (branch_id, variant)
);

-- One row whose version every change to libraries, branches, hours,
-- exceptions or photos bumps in its own transaction.
CREATE TABLE consortium_version (
	id      integer PRIMARY KEY CHECK (id = 1),
	version bigint NOT NULL
);
INSERT INTO consortium_version (id, version) VALUES (1, 1);
