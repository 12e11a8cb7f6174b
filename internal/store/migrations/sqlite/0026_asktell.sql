-- Ask, tell, suggest (issue 16): residents' questions to a library,
-- feedback on a library, a branch or the web service, and purchase
-- suggestions. A library ID of '' on feedback is the web service (the
-- consortium's), which is why library_id has no foreign key; the store
-- checks it.

CREATE TABLE questions (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	library_id  TEXT NOT NULL,
	topic       TEXT NOT NULL,
	body        TEXT NOT NULL,
	answer_by   TEXT NOT NULL CHECK (answer_by IN ('email', 'account')),
	patron_id   INTEGER REFERENCES patrons (id),
	guest_name  TEXT NOT NULL DEFAULT '',
	guest_email TEXT NOT NULL DEFAULT '',
	lang        TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('new', 'assigned', 'answered', 'closed')),
	assigned_to INTEGER REFERENCES staff (id),
	answer      TEXT NOT NULL DEFAULT '',
	answered_by INTEGER REFERENCES staff (id),
	created_at  TIMESTAMP NOT NULL,
	assigned_at TIMESTAMP, -- the first assignment, for response times
	answered_at TIMESTAMP,
	closed_at   TIMESTAMP,
	updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX questions_library ON questions (library_id, status, created_at);
CREATE INDEX questions_patron ON questions (patron_id, created_at);

CREATE TABLE feedback (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	kind              TEXT NOT NULL CHECK (kind IN ('praise', 'complaint', 'idea')),
	library_id        TEXT NOT NULL, -- '' for the web service
	branch_id         TEXT NOT NULL DEFAULT '',
	body              TEXT NOT NULL,
	consent           INTEGER NOT NULL DEFAULT 0, -- to publish, rewritten by staff
	patron_id         INTEGER REFERENCES patrons (id),
	guest_name        TEXT NOT NULL DEFAULT '',
	guest_email       TEXT NOT NULL DEFAULT '',
	lang              TEXT NOT NULL,
	status            TEXT NOT NULL CHECK (status IN ('new', 'assigned', 'answered', 'closed')),
	assigned_to       INTEGER REFERENCES staff (id),
	answer            TEXT NOT NULL DEFAULT '',
	answered_by       INTEGER REFERENCES staff (id),
	created_at        TIMESTAMP NOT NULL,
	assigned_at       TIMESTAMP,
	answered_at       TIMESTAMP,
	closed_at         TIMESTAMP,
	updated_at        TIMESTAMP NOT NULL,
	published_summary TEXT NOT NULL DEFAULT '',
	published_answer  TEXT NOT NULL DEFAULT '',
	published_at      TIMESTAMP
);
CREATE INDEX feedback_library ON feedback (library_id, status, created_at);
CREATE INDEX feedback_patron ON feedback (patron_id, created_at);
CREATE INDEX feedback_published ON feedback (library_id, published_at);

-- A suggestion's patron_id is NULL once the patron's account is closed:
-- the suggestion stays, nameless, in the counts of what was asked for.
CREATE TABLE suggestions (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	patron_id     INTEGER REFERENCES patrons (id),
	library_id    TEXT NOT NULL REFERENCES libraries (id),
	title         TEXT NOT NULL,
	author        TEXT NOT NULL DEFAULT '',
	isbn          TEXT NOT NULL DEFAULT '', -- ISBN-13, or ''
	edition_key   TEXT NOT NULL,
	material      TEXT NOT NULL,
	language      TEXT NOT NULL DEFAULT '',
	why           TEXT NOT NULL DEFAULT '',
	pickup_branch TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL CHECK (status IN ('new', 'accepted', 'declined', 'owned', 'fulfilled')),
	reason        TEXT NOT NULL DEFAULT '',
	record_id     INTEGER REFERENCES records (id) ON DELETE SET NULL,
	hold_id       INTEGER, -- no key: a hold may be deleted when its patron's account closes
	decided_by    INTEGER REFERENCES staff (id),
	created_at    TIMESTAMP NOT NULL,
	decided_at    TIMESTAMP,
	fulfilled_at  TIMESTAMP
);
CREATE INDEX suggestions_patron ON suggestions (patron_id, created_at);
CREATE INDEX suggestions_group ON suggestions (library_id, edition_key, status);
CREATE INDEX suggestions_accepted ON suggestions (status, isbn);
