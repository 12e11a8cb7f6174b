-- Summaries of stats_circulation for the statistics pages (issue 18,
-- point 7: any page over a year under 200 ms at Helmet's volume). A year
-- of stats_circulation at Helmet's volume is millions of rows, as every
-- day is broken down by every column at once; a page sums them a dozen
-- ways. These two hold the same counts with fewer rows: by day with only
-- the place and the action (the trends and the summary), and by month with
-- every breakdown (materials, channels, the cross-city flow, age groups).
-- The roll-up rewrites a day's and its month's rows with the day's own
-- (RollUpStats); CirculationStats reads whichever answers the query.
CREATE TABLE stats_circulation_days (
	day     TEXT NOT NULL,
	action  TEXT NOT NULL,
	library TEXT NOT NULL,
	branch  TEXT NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (day, action, library, branch)
);
CREATE INDEX stats_circulation_days_library ON stats_circulation_days (library, branch, day);

CREATE TABLE stats_circulation_months (
	month           TEXT NOT NULL, -- 'YYYY-MM'
	action          TEXT NOT NULL,
	library         TEXT NOT NULL,
	branch          TEXT NOT NULL,
	owner_library   TEXT NOT NULL,
	patron_library  TEXT NOT NULL,
	patron_category TEXT NOT NULL,
	age_group       TEXT NOT NULL,
	material        TEXT NOT NULL,
	channel         TEXT NOT NULL,
	n               INTEGER NOT NULL,
	PRIMARY KEY (month, action, library, branch, owner_library, patron_library, patron_category, age_group, material, channel)
);
CREATE INDEX stats_circulation_months_library ON stats_circulation_months (library, branch, month);

-- A library's or a branch's services over a period.
CREATE INDEX stats_services_place ON stats_services (library, branch, day);

INSERT INTO stats_circulation_days (day, action, library, branch, n)
	SELECT day, action, library, branch, sum(n) FROM stats_circulation GROUP BY day, action, library, branch;
INSERT INTO stats_circulation_months (month, action, library, branch, owner_library, patron_library, patron_category, age_group, material, channel, n)
	SELECT substr(day, 1, 7), action, library, branch, owner_library, patron_library, patron_category, age_group, material, channel, sum(n)
	FROM stats_circulation GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
