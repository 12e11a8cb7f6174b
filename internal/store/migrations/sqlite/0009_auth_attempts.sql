-- Sign-in attempts are counted before their secret is checked: pending is
-- how many attempts on a subject are being checked right now. Together
-- with failures it may never pass the limit, so guesses sent at the same
-- moment cannot all be checked before the first failure is counted.
ALTER TABLE auth_failures ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
