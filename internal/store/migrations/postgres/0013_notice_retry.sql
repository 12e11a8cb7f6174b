-- Retries with back-off for notices a mail server or SMS gateway did not
-- accept (the PostgreSQL twin of sqlite/0013_notice_retry.sql): a waiting
-- notice is not claimed again before retry_at (NULL: at once). After the
-- last try it becomes 'failed', with last_error saying why, and is no
-- longer tried.
ALTER TABLE notices ADD COLUMN retry_at timestamptz;
