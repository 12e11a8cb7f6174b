-- Versions of the circulation policy, each in force from a chosen day (the
-- PostgreSQL twin of sqlite/0015_policy_versions.sql, which explains the
-- columns).
CREATE TABLE policy_versions (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	policy         jsonb NOT NULL,
	effective_date TEXT NOT NULL,
	effective_from timestamptz NOT NULL,
	created_at     timestamptz NOT NULL,
	created_by     BIGINT REFERENCES staff (id),
	replaces       BIGINT REFERENCES policy_versions (id),
	withdrawn_at   timestamptz,
	withdrawn_by   BIGINT REFERENCES staff (id)
);
CREATE INDEX policy_versions_in_force ON policy_versions (effective_from, id) WHERE withdrawn_at IS NULL;

-- The single policy setting becomes the first version, in force since long
-- before any loan; without it the defaults apply, as before.
INSERT INTO policy_versions (policy, effective_date, effective_from, created_at)
	SELECT value::jsonb, '2000-01-01', '2000-01-01 00:00:00+02', now()
	FROM settings WHERE key = 'circulation.policy';
INSERT INTO settings (key, value)
	SELECT 'circulation.policy.revision', '1' FROM settings WHERE key = 'circulation.policy';
DELETE FROM settings WHERE key = 'circulation.policy';
