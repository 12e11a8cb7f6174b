-- The PostgreSQL twin of sqlite/0003_circulation.sql: identity columns,
-- timestamptz for instants.
-- Circulation: loans, holds, transits, fees and payments, the audit trail
-- of circulation events and the reading history patrons opt in to.
-- Dates that are days rather than instants (frozen_until, pickup_by) are
-- 'YYYY-MM-DD' text in Helsinki time, which sorts and compares as dates.

CREATE TABLE loans (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	-- SET NULL: a returned loan outlives a weeded copy; barcode and
	-- record_id keep saying what it was. An item on loan is never deleted.
	item_id     bigint REFERENCES items (id) ON DELETE SET NULL,
	barcode     text NOT NULL,
	record_id   bigint NOT NULL,
	patron_id   bigint NOT NULL REFERENCES patrons (id),
	branch      text NOT NULL, -- where it was lent
	loaned_at   timestamptz NOT NULL,
	due_at      timestamptz NOT NULL,
	renewals    bigint NOT NULL DEFAULT 0,
	returned_at timestamptz,
	-- The due date a "due_soon" or "overdue" notice was last sent for, so
	-- each is sent once per due date and a renewal rearms them.
	due_soon_sent timestamptz,
	overdue_sent  timestamptz
);
-- One open loan per item, whatever the application does.
CREATE UNIQUE INDEX loans_open_item ON loans (item_id) WHERE returned_at IS NULL;
CREATE INDEX loans_open_patron ON loans (patron_id, due_at) WHERE returned_at IS NULL;
CREATE INDEX loans_open_due ON loans (due_at) WHERE returned_at IS NULL;

CREATE TABLE holds (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patron_id        bigint NOT NULL REFERENCES patrons (id),
	record_id        bigint NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	item_id          bigint REFERENCES items (id) ON DELETE CASCADE, -- set for an item-level hold
	pickup_branch    text NOT NULL REFERENCES branches (id),
	status           text NOT NULL CHECK (status IN ('waiting', 'in_transit', 'ready', 'collected', 'cancelled', 'expired')),
	placed_at        timestamptz NOT NULL,
	frozen_until     text,    -- skipped by targeting before this date
	assigned_item_id bigint REFERENCES items (id) ON DELETE SET NULL,
	shelf_code       text NOT NULL DEFAULT '',
	ready_at         timestamptz,
	pickup_by        text,    -- last day to collect
	closed_at        timestamptz -- when it was collected, cancelled or expired
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
	item_id     bigint PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
	from_branch text NOT NULL,
	to_branch   text NOT NULL,
	hold_id     bigint REFERENCES holds (id) ON DELETE SET NULL,
	sent_at     timestamptz NOT NULL
);
CREATE INDEX transits_from ON transits (from_branch);
CREATE INDEX transits_to ON transits (to_branch);

-- Payments group fees paid together, at the desk or online (the online
-- provider's reference and state are for the payment work to come).
CREATE TABLE payments (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patron_id    bigint NOT NULL REFERENCES patrons (id),
	amount       bigint NOT NULL, -- cents
	method       text NOT NULL,    -- 'desk', 'online'
	status       text NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
	provider_ref text NOT NULL DEFAULT '',
	staff_id     bigint,
	created      timestamptz NOT NULL,
	paid_at      timestamptz
);

CREATE TABLE fees (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patron_id   bigint NOT NULL REFERENCES patrons (id),
	kind        text NOT NULL,
	amount      bigint NOT NULL, -- cents
	record_id   bigint,          -- no foreign key: a fee outlives the record
	barcode     text NOT NULL DEFAULT '',
	description text NOT NULL DEFAULT '',
	created     timestamptz NOT NULL,
	paid_at     timestamptz,
	payment_id  bigint REFERENCES payments (id)
);
CREATE INDEX fees_open ON fees (patron_id) WHERE paid_at IS NULL;

-- The audit trail and the source of statistics. It names the actor (staff
-- member, kiosk, or "the patron themselves") but never the patron whose
-- loan it was: only their category and home library, so loan statistics
-- survive when a patron's account is anonymised or deleted, and the trail
-- cannot be read as anyone's reading history. No foreign keys, for the
-- same reason: events outlive items, records and staff.
CREATE TABLE circulation_events (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at              timestamptz NOT NULL,
	action          text NOT NULL,
	item_id         bigint,
	barcode         text NOT NULL DEFAULT '',
	record_id       bigint,
	branch          text NOT NULL DEFAULT '',
	to_branch       text NOT NULL DEFAULT '',
	staff_id        bigint,
	kiosk           text NOT NULL DEFAULT '',
	by_patron       boolean NOT NULL DEFAULT false, -- the patron acted (web, kiosk)
	patron_category text NOT NULL DEFAULT '',
	patron_library  text NOT NULL DEFAULT '',
	amount          bigint -- cents, for fee events
);
CREATE INDEX circulation_events_at ON circulation_events (at);

-- Reading history: what a patron borrowed, kept only while they opt in.
CREATE TABLE reading_history (
	id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patron_id bigint NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	record_id bigint NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	loaned_at timestamptz NOT NULL
);
CREATE INDEX reading_history_patron ON reading_history (patron_id, loaned_at);
