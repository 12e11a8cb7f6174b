-- Sign-in attempts being checked right now (the PostgreSQL twin of
-- sqlite/0009_auth_attempts.sql).
ALTER TABLE auth_failures ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
