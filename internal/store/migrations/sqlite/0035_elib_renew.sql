-- E-loans renew (RenewE) and remind (the due-soon notice, once per due
-- date): how often a loan was renewed, and when its holder was told it
-- ends soon (NULL: not yet for this due date).
ALTER TABLE e_loans ADD COLUMN renewals INTEGER NOT NULL DEFAULT 0;
ALTER TABLE e_loans ADD COLUMN reminded_at TIMESTAMP;
