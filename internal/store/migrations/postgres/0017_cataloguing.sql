-- Cataloguing: records carry a version for the optimistic check of
-- concurrent edits (a cataloguer's save names the version they edited);
-- items get a replacement price and the statuses cataloguers set: lost,
-- damaged and withdrawn (a withdrawn copy stays on record until deleted).
ALTER TABLE records ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE items ADD COLUMN price bigint NOT NULL DEFAULT 0; -- cents
ALTER TABLE items DROP CONSTRAINT items_status_check;
ALTER TABLE items ADD CONSTRAINT items_status_check CHECK (status IN ('available', 'on_loan', 'in_transit',
	'on_hold_shelf', 'missing', 'in_repair', 'lost', 'damaged', 'withdrawn'));
