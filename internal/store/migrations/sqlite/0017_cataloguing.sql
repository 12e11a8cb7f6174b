-- Cataloguing: records carry a version for the optimistic check of
-- concurrent edits (a cataloguer's save names the version they edited);
-- items get a replacement price and the statuses cataloguers set: lost,
-- damaged and withdrawn (a withdrawn copy stays on record until deleted).
ALTER TABLE records ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE items ADD COLUMN price INTEGER NOT NULL DEFAULT 0; -- cents

-- SQLite cannot alter a CHECK constraint, and rebuilding items the usual
-- way needs foreign_keys off, which a migration's transaction cannot do:
-- with them on, renaming items would take the foreign keys of loans,
-- holds and transits along with it. A constraint that only widens is the
-- case SQLite's documentation gives for editing the schema text instead
-- (https://www.sqlite.org/lang_altertable.html#otheralter): no stored row
-- changes meaning. The table created and dropped after the edit moves the
-- schema cookie on, so that every connection reloads the schema; RESET
-- reloads this one's; and the table's CHECK fails the migration should
-- the edit not have found its text.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
	SET sql = replace(sql, '''on_hold_shelf'', ''missing'', ''in_repair''))',
		'''on_hold_shelf'', ''missing'', ''in_repair'', ''lost'', ''damaged'', ''withdrawn''))')
	WHERE type = 'table' AND name = 'items';
PRAGMA writable_schema = OFF;
CREATE TABLE migration_0017_check (edited INTEGER NOT NULL CHECK (edited = 1));
INSERT INTO migration_0017_check (edited)
	SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'items' AND sql LIKE '%''withdrawn''))%';
DROP TABLE migration_0017_check;
PRAGMA writable_schema = RESET;
