-- Circulation: loans, holds, transits, fees and payments, the audit trail
-- of circulation events and the reading history patrons opt in to.
-- Dates that are days rather than instants (frozen_until, pickup_by) are
-- 'YYYY-MM-DD' text in Helsinki time, which sorts and compares as dates.

CREATE TABLE loans (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	-- SET NULL: a returned loan outlives a weeded copy; barcode and
	-- record_id keep saying what it was. An item on loan is never deleted.
	item_id     INTEGER REFERENCES items (id) ON DELETE SET NULL,
	barcode     TEXT NOT NULL,
	record_id   INTEGER NOT NULL,
	patron_id   INTEGER NOT NULL REFERENCES patrons (id),
	branch      TEXT NOT NULL, -- where it was lent
	loaned_at   TIMESTAMP NOT NULL,
	due_at      TIMESTAMP NOT NULL,
	renewals    INTEGER NOT NULL DEFAULT 0,
	returned_at TIMESTAMP,
	-- The due date a "due_soon" or "overdue" notice was last sent for, so
	-- each is sent once per due date and a renewal rearms them.
	due_soon_sent TIMESTAMP,
	overdue_sent  TIMESTAMP
);
-- One open loan per item, whatever the application does.
CREATE UNIQUE INDEX loans_open_item ON loans (item_id) WHERE returned_at IS NULL;
CREATE INDEX loans_open_patron ON loans (patron_id, due_at) WHERE returned_at IS NULL;
CREATE INDEX loans_open_due ON loans (due_at) WHERE returned_at IS NULL;

CREATE TABLE holds (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id        INTEGER NOT NULL REFERENCES patrons (id),
	record_id        INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	item_id          INTEGER REFERENCES items (id) ON DELETE CASCADE, -- set for an item-level hold
	pickup_branch    TEXT NOT NULL REFERENCES branches (id),
	status           TEXT NOT NULL CHECK (status IN ('waiting', 'in_transit', 'ready', 'collected', 'cancelled', 'expired')),
	placed_at        TIMESTAMP NOT NULL,
	frozen_until     TEXT,    -- skipped by targeting before this date
	assigned_item_id INTEGER REFERENCES items (id) ON DELETE SET NULL,
	shelf_code       TEXT NOT NULL DEFAULT '',
	ready_at         TIMESTAMP,
	pickup_by        TEXT,    -- last day to collect
	closed_at        TIMESTAMP -- when it was collected, cancelled or expired
);
-- The queue: open holds of a title in the order they were placed.
CREATE INDEX holds_queue ON holds (record_id, placed_at, id) WHERE status = 'waiting';
CREATE INDEX holds_patron ON holds (patron_id, status);
CREATE INDEX holds_shelf ON holds (pickup_branch, status);
-- A copy serves at most one open hold: the guarantee behind "a returned
-- item fills exactly one hold".
CREATE UNIQUE INDEX holds_assigned_item ON holds (assigned_item_id)
	WHERE assigned_item_id IS NOT NULL AND status IN ('waiting', 'in_transit', 'ready');

-- Copies on the road between branches; the row goes when the copy arrives.
CREATE TABLE transits (
	item_id     INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
	from_branch TEXT NOT NULL,
	to_branch   TEXT NOT NULL,
	hold_id     INTEGER REFERENCES holds (id) ON DELETE SET NULL,
	sent_at     TIMESTAMP NOT NULL
);
CREATE INDEX transits_from ON transits (from_branch);
CREATE INDEX transits_to ON transits (to_branch);

-- Payments group fees paid together, at the desk or online (the online
-- provider's reference and state are for the payment work to come).
CREATE TABLE payments (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id    INTEGER NOT NULL REFERENCES patrons (id),
	amount       INTEGER NOT NULL, -- cents
	method       TEXT NOT NULL,    -- 'desk', 'online'
	status       TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
	provider_ref TEXT NOT NULL DEFAULT '',
	staff_id     INTEGER,
	created      TIMESTAMP NOT NULL,
	paid_at      TIMESTAMP
);

CREATE TABLE fees (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id   INTEGER NOT NULL REFERENCES patrons (id),
	kind        TEXT NOT NULL,
	amount      INTEGER NOT NULL, -- cents
	record_id   INTEGER,          -- no foreign key: a fee outlives the record
	barcode     TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	created     TIMESTAMP NOT NULL,
	paid_at     TIMESTAMP,
	payment_id  INTEGER REFERENCES payments (id)
);
CREATE INDEX fees_open ON fees (patron_id) WHERE paid_at IS NULL;

-- The audit trail and the source of statistics. It names the actor (staff
-- member, kiosk, or "the patron themselves") but never the patron whose
-- loan it was: only their category and home library, so loan statistics
-- survive when a patron's account is anonymised or deleted, and the trail
-- cannot be read as anyone's reading history. No foreign keys, for the
-- same reason: events outlive items, records and staff.
CREATE TABLE circulation_events (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	at              TIMESTAMP NOT NULL,
	action          TEXT NOT NULL,
	item_id         INTEGER,
	barcode         TEXT NOT NULL DEFAULT '',
	record_id       INTEGER,
	branch          TEXT NOT NULL DEFAULT '',
	to_branch       TEXT NOT NULL DEFAULT '',
	staff_id        INTEGER,
	kiosk           TEXT NOT NULL DEFAULT '',
	by_patron       INTEGER NOT NULL DEFAULT 0, -- 1: the patron acted (web, kiosk)
	patron_category TEXT NOT NULL DEFAULT '',
	patron_library  TEXT NOT NULL DEFAULT '',
	amount          INTEGER -- cents, for fee events
);
CREATE INDEX circulation_events_at ON circulation_events (at);

-- Reading history: what a patron borrowed, kept only while they opt in.
CREATE TABLE reading_history (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id INTEGER NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	loaned_at TIMESTAMP NOT NULL
);
CREATE INDEX reading_history_patron ON reading_history (patron_id, loaned_at);
