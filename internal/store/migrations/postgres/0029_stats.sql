-- Statistics (issue 18): daily aggregates that hold no patron's ID, so
-- they survive accounts being anonymised or deleted and can never be read
-- as anyone's reading history. RollUpStats (stats_rollup.go) fills them
-- from the audit trail and the services' tables, one day at a time; a
-- day's rows are replaced together, in one transaction.

-- The circulation trail learns the two facts statistics need that it
-- could not tell before: the borrower's age group (a bucket, never the
-- birth date) and the copy's owning branch, for the cross-city flow.
ALTER TABLE circulation_events ADD COLUMN age_group text NOT NULL DEFAULT '';
ALTER TABLE circulation_events ADD COLUMN home_branch text NOT NULL DEFAULT '';

-- The months and days rolled up. A roll-up claims its month's row, then
-- its day's, first in its transaction, so two nodes rolling up days of
-- one month (which share the month's counts) take turns.
CREATE TABLE stats_months (
	month     text PRIMARY KEY, -- 'YYYY-MM'
	rolled_at timestamptz NOT NULL
);
CREATE TABLE stats_days (
	day       text PRIMARY KEY, -- 'YYYY-MM-DD', Helsinki
	rolled_at timestamptz NOT NULL
);

-- Checkouts, renewals, returns and holds by every breakdown at once.
-- library is the library of branch (where it happened); owner_library
-- the copy's owner; patron_library the card's home library.
CREATE TABLE stats_circulation (
	day             text NOT NULL,
	action          text NOT NULL, -- checkout, renew, checkin, hold_placed, hold_filled, hold_collected, hold_not_collected, hold_cancelled
	library         text NOT NULL,
	branch          text NOT NULL,
	owner_library   text NOT NULL,
	patron_library  text NOT NULL,
	patron_category text NOT NULL,
	age_group       text NOT NULL,
	material        text NOT NULL,
	channel         text NOT NULL, -- kiosk, desk, web, system
	n               integer NOT NULL,
	PRIMARY KEY (day, action, branch, owner_library, patron_library, patron_category, age_group, material, channel)
);
CREATE INDEX stats_circulation_library ON stats_circulation (library, day);

-- Distinct borrowers per lending library and month ('' = the whole
-- consortium), counted in the roll-up: the IDs are never stored.
-- through_day says how much of the month the count has seen.
CREATE TABLE stats_active (
	month       text NOT NULL, -- 'YYYY-MM'
	library     text NOT NULL,
	through_day text NOT NULL,
	patrons     integer NOT NULL,
	PRIMARY KEY (month, library)
);

-- New cards by home library, category and age group.
CREATE TABLE stats_registrations (
	day       text NOT NULL,
	library   text NOT NULL,
	category  text NOT NULL,
	age_group text NOT NULL,
	n         integer NOT NULL,
	PRIMARY KEY (day, library, category, age_group)
);

-- The collection at the end of the day by owning branch and material,
-- and the copies added and withdrawn that day.
CREATE TABLE stats_collection (
	day       text NOT NULL,
	branch    text NOT NULL,
	library   text NOT NULL,
	material  text NOT NULL,
	items     integer NOT NULL,
	added     integer NOT NULL,
	withdrawn integer NOT NULL,
	PRIMARY KEY (day, branch, material)
);

-- The other services, one measure a row: events and attendance,
-- bookings and no-shows, questions, feedback and suggestions and their
-- answers, chats and their waits. seconds sums the measure's waits or
-- response times (0 where it has none), so the mean is seconds / n.
CREATE TABLE stats_services (
	day     text NOT NULL,
	library text NOT NULL,
	branch  text NOT NULL,
	measure text NOT NULL,
	n       integer NOT NULL,
	seconds integer NOT NULL,
	PRIMARY KEY (day, library, branch, measure)
);

-- The most borrowed titles of a month by lending library and material:
-- record IDs and counts only.
CREATE TABLE stats_top_titles (
	month     text NOT NULL,
	library   text NOT NULL,
	material  text NOT NULL,
	record_id bigint NOT NULL,
	loans     integer NOT NULL,
	PRIMARY KEY (month, library, material, record_id)
);

-- Door counters' counts, imported from CSV per branch.
CREATE TABLE stats_visitors (
	day      text NOT NULL,
	branch   text NOT NULL,
	visitors integer NOT NULL,
	PRIMARY KEY (day, branch)
);

-- The roll-up reads a day's loans and registrations by time, and finds
-- where a loan renewed on the web was lent; idle copies are those with no
-- recent loan.
CREATE INDEX loans_loaned_at ON loans (loaned_at);
CREATE INDEX loans_item ON loans (item_id, loaned_at);
CREATE INDEX patrons_created ON patrons (created);
