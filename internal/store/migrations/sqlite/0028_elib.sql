-- The e-library (issue 17): licences for e-titles, e-loans, e-holds and
-- the member libraries' monthly budgets for cost-per-circulation loans.
-- Loans and holds keep their rows when a patron's account is closed
-- (patron_id becomes NULL): they feed the statistics.

-- A licence is known by its distributor's ID and identifier, so that an
-- import run again updates it. library '' is the consortium's shared
-- collection, which is why library has no foreign key.
CREATE TABLE e_licences (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	record_id       INTEGER NOT NULL REFERENCES records (id),
	library         TEXT NOT NULL DEFAULT '',
	distributor     TEXT NOT NULL,
	identifier      TEXT NOT NULL,
	model           TEXT NOT NULL CHECK (model IN ('odl', 'simultaneous', 'cpc', 'open')),
	concurrency     INTEGER NOT NULL DEFAULT 0,
	checkouts       INTEGER NOT NULL DEFAULT 0,
	checkouts_total INTEGER NOT NULL DEFAULT 0,
	expires_at      TIMESTAMP,
	loan_seconds    INTEGER NOT NULL DEFAULT 0,
	price           INTEGER NOT NULL DEFAULT 0,
	formats         TEXT NOT NULL DEFAULT '[]',
	checkout_url    TEXT NOT NULL DEFAULT '',
	status_url      TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL CHECK (status IN ('active', 'expired', 'used_up', 'withdrawn')),
	updated_at      TIMESTAMP NOT NULL,
	UNIQUE (distributor, identifier)
);
CREATE INDEX e_licences_record ON e_licences (record_id);

-- hold_id is the e-hold a loan fulfilled, so that an aborted loan gives
-- the patron their offer back.
CREATE TABLE e_loans (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id   INTEGER REFERENCES patrons (id),
	record_id   INTEGER NOT NULL REFERENCES records (id),
	licence_id  INTEGER NOT NULL REFERENCES e_licences (id),
	library     TEXT NOT NULL,
	hold_id     INTEGER,
	started_at  TIMESTAMP NOT NULL,
	due_at      TIMESTAMP NOT NULL,
	returned_at TIMESTAMP,
	returned_by TEXT NOT NULL DEFAULT '',
	link        TEXT NOT NULL DEFAULT '',
	link_type   TEXT NOT NULL DEFAULT '',
	status_url  TEXT NOT NULL DEFAULT '',
	cost        INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX e_loans_open ON e_loans (patron_id, record_id) WHERE returned_at IS NULL;
CREATE INDEX e_loans_patron ON e_loans (patron_id, started_at);
CREATE INDEX e_loans_licence ON e_loans (licence_id) WHERE returned_at IS NULL;
CREATE INDEX e_loans_due ON e_loans (due_at) WHERE returned_at IS NULL;
CREATE INDEX e_loans_spent ON e_loans (library, started_at) WHERE cost > 0;

CREATE TABLE e_holds (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id   INTEGER REFERENCES patrons (id),
	record_id   INTEGER NOT NULL REFERENCES records (id),
	status      TEXT NOT NULL CHECK (status IN ('waiting', 'offered', 'borrowed', 'expired', 'cancelled')),
	created_at  TIMESTAMP NOT NULL,
	offered_at  TIMESTAMP,
	window_ends TIMESTAMP,
	closed_at   TIMESTAMP
);
CREATE UNIQUE INDEX e_holds_open ON e_holds (patron_id, record_id) WHERE status IN ('waiting', 'offered');
CREATE INDEX e_holds_queue ON e_holds (record_id, status, id);
CREATE INDEX e_holds_patron ON e_holds (patron_id, status);

CREATE TABLE e_budgets (
	library  TEXT PRIMARY KEY REFERENCES libraries (id),
	monthly  INTEGER NOT NULL,
	when_out TEXT NOT NULL CHECK (when_out IN ('refuse', 'wait'))
);
