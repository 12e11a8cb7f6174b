-- E-statistics (issue 17, point 6): each library's e-lending per title
-- and day, and its distinct e-borrowers per title and month. Counts only:
-- like the other statistics tables (0029) they hold no patron's ID.
-- library is the library whose patron borrowed or reserved (an e-loan's
-- library, whose rules and budget it counts against); cost is the euro
-- cents the day's cost-per-circulation loans spent of its budget.
CREATE TABLE stats_elib (
	day       text NOT NULL, -- 'YYYY-MM-DD', Helsinki
	library   text NOT NULL,
	record_id bigint NOT NULL,
	loans     integer NOT NULL,
	holds     integer NOT NULL,
	cost      integer NOT NULL,
	PRIMARY KEY (day, library, record_id)
);
CREATE INDEX stats_elib_library ON stats_elib (library, day);

-- Distinct e-borrowers of a month so far, counted at roll-up time: per
-- library and title, record_id 0 for all the library's e-titles, and
-- library '' for the whole consortium. through_day says how much of the
-- month the count has seen, as in stats_active.
CREATE TABLE stats_elib_borrowers (
	month       text NOT NULL, -- 'YYYY-MM'
	library     text NOT NULL,
	record_id   bigint NOT NULL,
	through_day text NOT NULL,
	borrowers   integer NOT NULL,
	PRIMARY KEY (month, library, record_id)
);
