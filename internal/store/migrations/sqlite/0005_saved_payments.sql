-- Saved searches with their alerts, and the fees an online payment is for.

CREATE TABLE saved_searches (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id      BIGINT NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	name           TEXT NOT NULL,
	query          TEXT NOT NULL,
	filters        TEXT NOT NULL, -- JSON object: facet → values
	sort           TEXT NOT NULL,
	alert          TEXT NOT NULL CHECK (alert IN ('none', 'daily', 'weekly')),
	created        TIMESTAMP NOT NULL,
	-- The alert's progress: when it last ran, the highest record ID the
	-- patron has been told of, and a version that a node running the
	-- alert claims with a conditional UPDATE.
	last_alert_at  TIMESTAMP NOT NULL,
	last_record_id BIGINT NOT NULL,
	alert_version  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX saved_searches_patron ON saved_searches (patron_id);
CREATE INDEX saved_searches_alert ON saved_searches (last_alert_at) WHERE alert <> 'none';

-- A pending payment's fees: fees.payment_id is set only once paid.
CREATE TABLE payment_fees (
	payment_id BIGINT NOT NULL REFERENCES payments (id),
	fee_id     BIGINT NOT NULL REFERENCES fees (id),
	PRIMARY KEY (payment_id, fee_id)
);
