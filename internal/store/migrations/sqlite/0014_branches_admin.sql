-- Libraries and branches edited by staff (issue 12): descriptions, closing
-- that keeps history, a version per row for optimistic locking, dated
-- exceptions to the weekly hours as rows of their own, photos, and one
-- counter that every change to the consortium bumps, so that a cache of
-- branches can tell it is stale with one cheap read.

ALTER TABLE libraries ADD COLUMN description TEXT NOT NULL DEFAULT '{}'; -- JSON library.Text
ALTER TABLE libraries ADD COLUMN closed_at TIMESTAMP;
ALTER TABLE libraries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

ALTER TABLE branches ADD COLUMN description TEXT NOT NULL DEFAULT '{}'; -- JSON library.Text
ALTER TABLE branches ADD COLUMN closed_at TIMESTAMP;
ALTER TABLE branches ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Exceptions to a branch's weekly hours over a range of days. Dates are
-- 'YYYY-MM-DD' text, which sorts and compares as dates. Both hour lists
-- empty means closed. The store refuses overlapping ranges of one branch.
CREATE TABLE branch_exceptions (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	branch_id    TEXT NOT NULL REFERENCES branches (id),
	starts       TEXT NOT NULL,
	ends         TEXT NOT NULL,
	reason       TEXT NOT NULL, -- JSON library.Text
	staffed      TEXT NOT NULL DEFAULT '[]', -- JSON []library.Period
	self_service TEXT NOT NULL DEFAULT '[]', -- JSON []library.Period
	holiday      TEXT NOT NULL DEFAULT '',   -- the holiday code it was adopted for
	updated_at   TIMESTAMP NOT NULL,
	CHECK (starts <= ends)
);
CREATE INDEX branch_exceptions_branch ON branch_exceptions (branch_id, starts);

-- The exceptions kept so far inside branches.hours (one per date) become
-- rows, and branches.hours keeps the weekly schedule alone.
INSERT INTO branch_exceptions (branch_id, starts, ends, reason, staffed, self_service, updated_at)
SELECT b.id,
	printf('%04d-%02d-%02d', json_extract(e.value, '$.Date.Year'), json_extract(e.value, '$.Date.Month'), json_extract(e.value, '$.Date.Day')),
	printf('%04d-%02d-%02d', json_extract(e.value, '$.Date.Year'), json_extract(e.value, '$.Date.Month'), json_extract(e.value, '$.Date.Day')),
	coalesce(json_extract(e.value, '$.Note'), '{}'),
	coalesce(json_extract(e.value, '$.Staffed'), '[]'),
	coalesce(json_extract(e.value, '$.SelfService'), '[]'),
	strftime('%Y-%m-%d %H:%M:%S+00:00', 'now')
FROM branches b, json_each(b.hours, '$.Exceptions') e
WHERE json_type(b.hours, '$.Exceptions') = 'array';
UPDATE branches SET hours = json_remove(hours, '$.Exceptions');

-- A branch's photo, resized and re-encoded as JPEG: variant 'full' (at
-- most 1600 px wide) and 'thumb' (400 px). hash is the SHA-256 of bytes,
-- the photo's ETag.
CREATE TABLE branch_photos (
	branch_id  TEXT NOT NULL REFERENCES branches (id),
	variant    TEXT NOT NULL CHECK (variant IN ('full', 'thumb')),
	width      INTEGER NOT NULL,
	height     INTEGER NOT NULL,
	size       INTEGER NOT NULL,
	bytes      BLOB NOT NULL,
	hash       TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	PRIMARY KEY (branch_id, variant)
);

-- One row whose version every change to libraries, branches, hours,
-- exceptions or photos bumps in its own transaction.
CREATE TABLE consortium_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO consortium_version (id, version) VALUES (1, 1);
