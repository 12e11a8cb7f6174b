-- Versions of the circulation policy, each in force from a chosen day, so
-- that a consortium can decide today the rules of next year and every
-- checkout follows the rules of its own moment.
--
-- effective_date is the day chosen (in Helsinki); effective_from the
-- instant the version takes effect: that day's start in Helsinki, or the
-- moment of saving when that is later. A version withdrawn (or replaced)
-- before it took effect keeps its row, with withdrawn_at, and never
-- applies. The policy is library.Policy as JSON.
CREATE TABLE policy_versions (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	policy         TEXT NOT NULL,
	effective_date TEXT NOT NULL,
	effective_from TIMESTAMP NOT NULL,
	created_at     TIMESTAMP NOT NULL,
	created_by     INTEGER REFERENCES staff (id),
	replaces       INTEGER REFERENCES policy_versions (id),
	withdrawn_at   TIMESTAMP,
	withdrawn_by   INTEGER REFERENCES staff (id)
);
CREATE INDEX policy_versions_in_force ON policy_versions (effective_from, id) WHERE withdrawn_at IS NULL;

-- The single policy setting of earlier versions becomes the first version,
-- in force since long before any loan; without it the defaults apply, as
-- before. circulation.policy.revision counts the changes to the versions
-- (see library.PolicyChange.Revision).
INSERT INTO policy_versions (policy, effective_date, effective_from, created_at)
	SELECT value, '2000-01-01', '1999-12-31 22:00:00+00:00', strftime('%Y-%m-%d %H:%M:%S+00:00', 'now')
	FROM settings WHERE key = 'circulation.policy';
INSERT INTO settings (key, value)
	SELECT 'circulation.policy.revision', '1' FROM settings WHERE key = 'circulation.policy';
DELETE FROM settings WHERE key = 'circulation.policy';
