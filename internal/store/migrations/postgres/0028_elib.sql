-- The e-library (issue 17): licences for e-titles, e-loans, e-holds and
-- the member libraries' monthly budgets for cost-per-circulation loans.
-- Loans and holds keep their rows when a patron's account is closed
-- (patron_id becomes NULL): they feed the statistics.

-- A licence is known by its distributor's ID and identifier, so that an
-- import run again updates it. library '' is the consortium's shared
-- collection, which is why library has no foreign key.
CREATE TABLE e_licences (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	record_id       bigint NOT NULL REFERENCES records (id),
	library         text NOT NULL DEFAULT '',
	distributor     text NOT NULL,
	identifier      text NOT NULL,
	model           text NOT NULL CHECK (model IN ('odl', 'simultaneous', 'cpc', 'open')),
	concurrency     integer NOT NULL DEFAULT 0,
	checkouts       integer NOT NULL DEFAULT 0,
	checkouts_total integer NOT NULL DEFAULT 0,
	expires_at      timestamptz,
	loan_seconds    bigint NOT NULL DEFAULT 0,
	price           integer NOT NULL DEFAULT 0,
	formats         text NOT NULL DEFAULT '[]',
	checkout_url    text NOT NULL DEFAULT '',
	status_url      text NOT NULL DEFAULT '',
	status          text NOT NULL CHECK (status IN ('active', 'expired', 'used_up', 'withdrawn')),
	updated_at      timestamptz NOT NULL,
	UNIQUE (distributor, identifier)
);
CREATE INDEX e_licences_record ON e_licences (record_id);

-- hold_id is the e-hold a loan fulfilled, so that an aborted loan gives
-- the patron their offer back.
CREATE TABLE e_loans (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patron_id   bigint REFERENCES patrons (id),
	record_id   bigint NOT NULL REFERENCES records (id),
	licence_id  bigint NOT NULL REFERENCES e_licences (id),
	library     text NOT NULL,
	hold_id     bigint,
	started_at  timestamptz NOT NULL,
	due_at      timestamptz NOT NULL,
	returned_at timestamptz,
	returned_by text NOT NULL DEFAULT '',
	link        text NOT NULL DEFAULT '',
	link_type   text NOT NULL DEFAULT '',
	status_url  text NOT NULL DEFAULT '',
	cost        integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX e_loans_open ON e_loans (patron_id, record_id) WHERE returned_at IS NULL;
CREATE INDEX e_loans_patron ON e_loans (patron_id, started_at);
CREATE INDEX e_loans_licence ON e_loans (licence_id) WHERE returned_at IS NULL;
CREATE INDEX e_loans_due ON e_loans (due_at) WHERE returned_at IS NULL;
CREATE INDEX e_loans_spent ON e_loans (library, started_at) WHERE cost > 0;

CREATE TABLE e_holds (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patron_id   bigint REFERENCES patrons (id),
	record_id   bigint NOT NULL REFERENCES records (id),
	status      text NOT NULL CHECK (status IN ('waiting', 'offered', 'borrowed', 'expired', 'cancelled')),
	created_at  timestamptz NOT NULL,
	offered_at  timestamptz,
	window_ends timestamptz,
	closed_at   timestamptz
);
CREATE UNIQUE INDEX e_holds_open ON e_holds (patron_id, record_id) WHERE status IN ('waiting', 'offered');
CREATE INDEX e_holds_queue ON e_holds (record_id, status, id);
CREATE INDEX e_holds_patron ON e_holds (patron_id, status);

CREATE TABLE e_budgets (
	library  text PRIMARY KEY REFERENCES libraries (id),
	monthly  integer NOT NULL,
	when_out text NOT NULL CHECK (when_out IN ('refuse', 'wait'))
);
