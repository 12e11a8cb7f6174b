-- Live chat (issue 16, point 1): chats, their messages, who is on duty,
-- the chat hours, the clients shut out after an abusive session and
-- staff's saved answers. A queue of '' is the consortium's, which is why
-- queue has no foreign key; the store checks it.

-- A chat keeps its counts and times after AnonymiseChats has erased
-- what identifies the resident (name, patron, client, secret) and the
-- messages' texts: they feed the statistics.
CREATE TABLE chats (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	queue           TEXT NOT NULL,
	patron_id       INTEGER REFERENCES patrons (id),
	name            TEXT NOT NULL DEFAULT '',
	lang            TEXT NOT NULL,
	client          TEXT NOT NULL DEFAULT '', -- a key for the resident's address, never the address
	secret_hash     TEXT NOT NULL DEFAULT '', -- SHA-256 of the resident's secret; '' once anonymised
	status          TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'ended')),
	staff_id        INTEGER REFERENCES staff (id),
	ended_by        TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMP NOT NULL,
	taken_at        TIMESTAMP, -- first taken, for waiting times
	ended_at        TIMESTAMP,
	last_message_id INTEGER NOT NULL DEFAULT 0,
	last_message_at TIMESTAMP NOT NULL,
	messages        INTEGER NOT NULL DEFAULT 0, -- how many the resident and staff wrote
	transcripts     INTEGER NOT NULL DEFAULT 0, -- how many were sent (MaxChatTranscripts)
	anonymised_at   TIMESTAMP
);
CREATE INDEX chats_queue ON chats (status, queue, created_at);
CREATE INDEX chats_patron ON chats (patron_id);
CREATE INDEX chats_ended ON chats (ended_at) WHERE anonymised_at IS NULL;

-- Message IDs are one sequence for every chat; within a chat they are
-- written under the chat's row lock, so they commit in ID order and a
-- client that asks for the messages after the last it has misses none.
CREATE TABLE chat_messages (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	chat_id INTEGER NOT NULL REFERENCES chats (id),
	sender  TEXT NOT NULL CHECK (sender IN ('resident', 'staff', 'system')),
	author  TEXT NOT NULL DEFAULT '',
	body    TEXT NOT NULL,
	params  TEXT NOT NULL DEFAULT '{}',
	sent_at TIMESTAMP NOT NULL
);
CREATE INDEX chat_messages_chat ON chat_messages (chat_id, id);
CREATE INDEX chat_messages_rate ON chat_messages (chat_id, sender, sent_at);

-- A staff member on duty for a queue until a time: a heartbeat the
-- staff page renews, so a closed browser goes off duty by itself.
CREATE TABLE chat_duty (
	staff_id INTEGER NOT NULL REFERENCES staff (id),
	queue    TEXT NOT NULL,
	until    TIMESTAMP NOT NULL,
	PRIMARY KEY (staff_id, queue)
);
CREATE INDEX chat_duty_queue ON chat_duty (queue, until);

-- Weekly chat hours in Helsinki wall-clock time.
CREATE TABLE chat_hours (
	queue    TEXT NOT NULL,
	weekday  INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	opens    TEXT NOT NULL,
	closes   TEXT NOT NULL,
	PRIMARY KEY (queue, weekday, opens)
);

-- Clients (and patrons) shut out after staff ended an abusive session.
CREATE TABLE chat_blocks (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	client    TEXT NOT NULL DEFAULT '',
	patron_id INTEGER REFERENCES patrons (id),
	chat_id   INTEGER NOT NULL REFERENCES chats (id),
	until     TIMESTAMP NOT NULL
);
CREATE INDEX chat_blocks_client ON chat_blocks (client, until);
CREATE INDEX chat_blocks_patron ON chat_blocks (patron_id, until);

CREATE TABLE chat_answers (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	library_id TEXT NOT NULL, -- '' for the consortium's
	lang       TEXT NOT NULL,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,
	updated_by INTEGER REFERENCES staff (id),
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX chat_answers_library ON chat_answers (library_id, lang, title);
