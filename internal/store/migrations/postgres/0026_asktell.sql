-- Ask, tell, suggest (issue 16): residents' questions to a library,
-- feedback on a library, a branch or the web service, and purchase
-- suggestions. A library ID of '' on feedback is the web service (the
-- consortium's), which is why library_id has no foreign key; the store
-- checks it.

CREATE TABLE questions (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	library_id  text NOT NULL,
	topic       text NOT NULL,
	body        text NOT NULL,
	answer_by   text NOT NULL CHECK (answer_by IN ('email', 'account')),
	patron_id   bigint REFERENCES patrons (id),
	guest_name  text NOT NULL DEFAULT '',
	guest_email text NOT NULL DEFAULT '',
	lang        text NOT NULL,
	status      text NOT NULL CHECK (status IN ('new', 'assigned', 'answered', 'closed')),
	assigned_to bigint REFERENCES staff (id),
	answer      text NOT NULL DEFAULT '',
	answered_by bigint REFERENCES staff (id),
	created_at  timestamptz NOT NULL,
	assigned_at timestamptz, -- the first assignment, for response times
	answered_at timestamptz,
	closed_at   timestamptz,
	updated_at  timestamptz NOT NULL
);
CREATE INDEX questions_library ON questions (library_id, status, created_at);
CREATE INDEX questions_patron ON questions (patron_id, created_at);

CREATE TABLE feedback (
	id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind              text NOT NULL CHECK (kind IN ('praise', 'complaint', 'idea')),
	library_id        text NOT NULL, -- '' for the web service
	branch_id         text NOT NULL DEFAULT '',
	body              text NOT NULL,
	consent           boolean NOT NULL DEFAULT false, -- to publish, rewritten by staff
	patron_id         bigint REFERENCES patrons (id),
	guest_name        text NOT NULL DEFAULT '',
	guest_email       text NOT NULL DEFAULT '',
	lang              text NOT NULL,
	status            text NOT NULL CHECK (status IN ('new', 'assigned', 'answered', 'closed')),
	assigned_to       bigint REFERENCES staff (id),
	answer            text NOT NULL DEFAULT '',
	answered_by       bigint REFERENCES staff (id),
	created_at        timestamptz NOT NULL,
	assigned_at       timestamptz,
	answered_at       timestamptz,
	closed_at         timestamptz,
	updated_at        timestamptz NOT NULL,
	published_summary text NOT NULL DEFAULT '',
	published_answer  text NOT NULL DEFAULT '',
	published_at      timestamptz
);
CREATE INDEX feedback_library ON feedback (library_id, status, created_at);
CREATE INDEX feedback_patron ON feedback (patron_id, created_at);
CREATE INDEX feedback_published ON feedback (library_id, published_at);

-- A suggestion's patron_id is NULL once the patron's account is closed:
-- the suggestion stays, nameless, in the counts of what was asked for.
CREATE TABLE suggestions (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patron_id     bigint REFERENCES patrons (id),
	library_id    text NOT NULL REFERENCES libraries (id),
	title         text NOT NULL,
	author        text NOT NULL DEFAULT '',
	isbn          text NOT NULL DEFAULT '', -- ISBN-13, or ''
	edition_key   text NOT NULL,
	material      text NOT NULL,
	language      text NOT NULL DEFAULT '',
	why           text NOT NULL DEFAULT '',
	pickup_branch text NOT NULL DEFAULT '',
	status        text NOT NULL CHECK (status IN ('new', 'accepted', 'declined', 'owned', 'fulfilled')),
	reason        text NOT NULL DEFAULT '',
	record_id     bigint REFERENCES records (id) ON DELETE SET NULL,
	hold_id       bigint, -- no key: a hold may be deleted when its patron's account closes
	decided_by    bigint REFERENCES staff (id),
	created_at    timestamptz NOT NULL,
	decided_at    timestamptz,
	fulfilled_at  timestamptz
);
CREATE INDEX suggestions_patron ON suggestions (patron_id, created_at);
CREATE INDEX suggestions_group ON suggestions (library_id, edition_key, status);
CREATE INDEX suggestions_accepted ON suggestions (status, isbn);
