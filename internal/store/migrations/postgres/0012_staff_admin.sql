-- Staff administration (issue 12): the member library an account works
-- for, its TOTP second factor and recovery codes, and the audit trail of
-- staff actions.

-- The library an account works for. Library administrators and
-- consortium-level accounts may have no default branch, so the library is
-- kept in its own right; accounts made before this migration take their
-- branch's library.
ALTER TABLE staff ADD COLUMN library TEXT NOT NULL DEFAULT '';
UPDATE staff SET library = COALESCE((SELECT b.library_id FROM branches b WHERE b.id = staff.branch), '');

-- TOTP: the active secret ('' = no second factor), the secret of an
-- enrolment not yet confirmed, and the last time step a code was accepted
-- for, so that a code seen once is never accepted again.
ALTER TABLE staff ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN totp_step bigint NOT NULL DEFAULT 0;

-- Single-use recovery codes, kept as SHA-256 of an 80-bit random code.
CREATE TABLE staff_recovery_codes (
	code_hash TEXT PRIMARY KEY,
	staff_id  bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
	used_at   timestamptz
);
CREATE INDEX staff_recovery_codes_staff ON staff_recovery_codes (staff_id);

-- The audit trail of staff actions. It names patrons, so only staff with
-- the audit right read it, and it is kept for two years
-- (library.AuditRetention). No foreign keys: an entry outlives items and
-- records it names; staff accounts are disabled, never deleted.
CREATE TABLE staff_audit (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at              timestamptz NOT NULL,
	staff_id        bigint, -- NULL: the system (kirjasto init)
	action          TEXT NOT NULL,
	target_staff_id bigint,
	patron_id       bigint,
	item_barcode    TEXT NOT NULL DEFAULT '',
	record_id       bigint,
	library         TEXT NOT NULL DEFAULT '',
	detail          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_audit_at ON staff_audit (at);
CREATE INDEX staff_audit_staff ON staff_audit (staff_id, id);
CREATE INDEX staff_audit_target ON staff_audit (target_staff_id, id) WHERE target_staff_id IS NOT NULL;
CREATE INDEX staff_audit_patron ON staff_audit (patron_id, id) WHERE patron_id IS NOT NULL;
CREATE INDEX staff_audit_item ON staff_audit (item_barcode, id) WHERE item_barcode <> '';
CREATE INDEX staff_audit_record ON staff_audit (record_id, id) WHERE record_id IS NOT NULL;
CREATE INDEX staff_audit_library ON staff_audit (library, id);
