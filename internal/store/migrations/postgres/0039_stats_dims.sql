-- Summaries for the statistics dashboard (issue 18, point 7: any scope
-- over a year under 200 ms at Helmet's volume). The summaries of 0031
-- still hold a row per branch, so a city's or the consortium's page added
-- up hundreds of thousands of them. stats_circulation_dims holds the
-- counts one breakdown at a time (dim: day, material, channel, age_group,
-- patron_category, owner_library, patron_library; value: the day or the
-- breakdown's value) at three levels: per branch, per library (branch
-- '*') and for the whole consortium (library and branch '*'), so a page
-- reads a few thousand rows whatever its scope. The services, the
-- collection's additions and the door counts get monthly summaries too. The roll-up rewrites
-- a month's rows after the day's own (RollUpStats, summarise).
CREATE TABLE stats_circulation_dims (
	dim     text NOT NULL,
	branch  text NOT NULL, -- '*': the library's (or the consortium's) total
	library text NOT NULL, -- '*': the consortium's total
	month   text NOT NULL, -- 'YYYY-MM'
	action  text NOT NULL,
	value   text NOT NULL,
	n       bigint NOT NULL,
	PRIMARY KEY (dim, branch, library, month, action, value)
);

CREATE TABLE stats_services_months (
	month   text NOT NULL,
	library text NOT NULL,
	branch  text NOT NULL,
	measure text NOT NULL,
	n       bigint NOT NULL,
	seconds bigint NOT NULL,
	PRIMARY KEY (month, library, branch, measure)
);

CREATE TABLE stats_collection_months (
	month     text NOT NULL,
	branch    text NOT NULL,
	library   text NOT NULL,
	material  text NOT NULL,
	added     bigint NOT NULL,
	withdrawn bigint NOT NULL,
	PRIMARY KEY (month, branch, material)
);

-- The door counters' counts by month, rewritten by the import (and the
-- roll-up) for the months they touch.
CREATE TABLE stats_visitors_months (
	month    text NOT NULL,
	branch   text NOT NULL,
	visitors bigint NOT NULL,
	PRIMARY KEY (month, branch)
);

-- The summaries of what was rolled up before this migration.
INSERT INTO stats_circulation_dims (dim, branch, library, month, action, value, n)
	SELECT 'day', branch, library, substr(day, 1, 7), action, day, sum(n) FROM stats_circulation_days GROUP BY branch, library, substr(day, 1, 7), action, day
UNION ALL
	SELECT 'day', '*', library, substr(day, 1, 7), action, day, sum(n) FROM stats_circulation_days GROUP BY library, substr(day, 1, 7), action, day
UNION ALL
	SELECT 'day', '*', '*', substr(day, 1, 7), action, day, sum(n) FROM stats_circulation_days GROUP BY substr(day, 1, 7), action, day
UNION ALL
	SELECT 'material', branch, library, month, action, material, sum(n) FROM stats_circulation_months GROUP BY branch, library, month, action, material
UNION ALL
	SELECT 'material', '*', library, month, action, material, sum(n) FROM stats_circulation_months GROUP BY library, month, action, material
UNION ALL
	SELECT 'material', '*', '*', month, action, material, sum(n) FROM stats_circulation_months GROUP BY month, action, material
UNION ALL
	SELECT 'channel', branch, library, month, action, channel, sum(n) FROM stats_circulation_months GROUP BY branch, library, month, action, channel
UNION ALL
	SELECT 'channel', '*', library, month, action, channel, sum(n) FROM stats_circulation_months GROUP BY library, month, action, channel
UNION ALL
	SELECT 'channel', '*', '*', month, action, channel, sum(n) FROM stats_circulation_months GROUP BY month, action, channel
UNION ALL
	SELECT 'age_group', branch, library, month, action, age_group, sum(n) FROM stats_circulation_months GROUP BY branch, library, month, action, age_group
UNION ALL
	SELECT 'age_group', '*', library, month, action, age_group, sum(n) FROM stats_circulation_months GROUP BY library, month, action, age_group
UNION ALL
	SELECT 'age_group', '*', '*', month, action, age_group, sum(n) FROM stats_circulation_months GROUP BY month, action, age_group
UNION ALL
	SELECT 'patron_category', branch, library, month, action, patron_category, sum(n) FROM stats_circulation_months GROUP BY branch, library, month, action, patron_category
UNION ALL
	SELECT 'patron_category', '*', library, month, action, patron_category, sum(n) FROM stats_circulation_months GROUP BY library, month, action, patron_category
UNION ALL
	SELECT 'patron_category', '*', '*', month, action, patron_category, sum(n) FROM stats_circulation_months GROUP BY month, action, patron_category
UNION ALL
	SELECT 'owner_library', branch, library, month, action, owner_library, sum(n) FROM stats_circulation_months GROUP BY branch, library, month, action, owner_library
UNION ALL
	SELECT 'owner_library', '*', library, month, action, owner_library, sum(n) FROM stats_circulation_months GROUP BY library, month, action, owner_library
UNION ALL
	SELECT 'owner_library', '*', '*', month, action, owner_library, sum(n) FROM stats_circulation_months GROUP BY month, action, owner_library
UNION ALL
	SELECT 'patron_library', branch, library, month, action, patron_library, sum(n) FROM stats_circulation_months GROUP BY branch, library, month, action, patron_library
UNION ALL
	SELECT 'patron_library', '*', library, month, action, patron_library, sum(n) FROM stats_circulation_months GROUP BY library, month, action, patron_library
UNION ALL
	SELECT 'patron_library', '*', '*', month, action, patron_library, sum(n) FROM stats_circulation_months GROUP BY month, action, patron_library;
INSERT INTO stats_services_months (month, library, branch, measure, n, seconds)
	SELECT substr(day, 1, 7), library, branch, measure, sum(n), sum(seconds) FROM stats_services
	GROUP BY substr(day, 1, 7), library, branch, measure;
INSERT INTO stats_collection_months (month, branch, library, material, added, withdrawn)
	SELECT substr(day, 1, 7), branch, min(library), material, sum(added), sum(withdrawn) FROM stats_collection
	GROUP BY substr(day, 1, 7), branch, material;
INSERT INTO stats_visitors_months (month, branch, visitors)
	SELECT substr(day, 1, 7), branch, sum(visitors) FROM stats_visitors GROUP BY substr(day, 1, 7), branch;
