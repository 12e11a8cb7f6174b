-- Live chat (issue 16, point 1): chats, their messages, who is on duty,
-- the chat hours, the clients shut out after an abusive session and
-- staff's saved answers. A queue of '' is the consortium's, which is why
-- queue has no foreign key; the store checks it.

-- A chat keeps its counts and times after AnonymiseChats has erased
-- what identifies the resident (name, patron, client, secret) and the
-- messages' texts: they feed the statistics.
CREATE TABLE chats (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	queue           text NOT NULL,
	patron_id       bigint REFERENCES patrons (id),
	name            text NOT NULL DEFAULT '',
	lang            text NOT NULL,
	client          text NOT NULL DEFAULT '', -- a key for the resident's address, never the address
	secret_hash     text NOT NULL DEFAULT '', -- SHA-256 of the resident's secret; '' once anonymised
	status          text NOT NULL CHECK (status IN ('waiting', 'active', 'ended')),
	staff_id        bigint REFERENCES staff (id),
	ended_by        text NOT NULL DEFAULT '',
	created_at      timestamptz NOT NULL,
	taken_at        timestamptz, -- first taken, for waiting times
	ended_at        timestamptz,
	last_message_id bigint NOT NULL DEFAULT 0,
	last_message_at timestamptz NOT NULL,
	messages        bigint NOT NULL DEFAULT 0, -- how many the resident and staff wrote
	transcripts     integer NOT NULL DEFAULT 0, -- how many were sent (MaxChatTranscripts)
	anonymised_at   timestamptz
);
CREATE INDEX chats_queue ON chats (status, queue, created_at);
CREATE INDEX chats_patron ON chats (patron_id);
CREATE INDEX chats_ended ON chats (ended_at) WHERE anonymised_at IS NULL;

-- Message IDs are one sequence for every chat; within a chat they are
-- written under the chat's row lock, so they commit in ID order and a
-- client that asks for the messages after the last it has misses none.
CREATE TABLE chat_messages (
	id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chat_id bigint NOT NULL REFERENCES chats (id),
	sender  text NOT NULL CHECK (sender IN ('resident', 'staff', 'system')),
	author  text NOT NULL DEFAULT '',
	body    text NOT NULL,
	params  text NOT NULL DEFAULT '{}',
	sent_at timestamptz NOT NULL
);
CREATE INDEX chat_messages_chat ON chat_messages (chat_id, id);
CREATE INDEX chat_messages_rate ON chat_messages (chat_id, sender, sent_at);

-- A staff member on duty for a queue until a time: a heartbeat the
-- staff page renews, so a closed browser goes off duty by itself.
CREATE TABLE chat_duty (
	staff_id bigint NOT NULL REFERENCES staff (id),
	queue    text NOT NULL,
	until    timestamptz NOT NULL,
	PRIMARY KEY (staff_id, queue)
);
CREATE INDEX chat_duty_queue ON chat_duty (queue, until);

-- Weekly chat hours in Helsinki wall-clock time.
CREATE TABLE chat_hours (
	queue    text NOT NULL,
	weekday  integer NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	opens    text NOT NULL,
	closes   text NOT NULL,
	PRIMARY KEY (queue, weekday, opens)
);

-- Clients (and patrons) shut out after staff ended an abusive session.
CREATE TABLE chat_blocks (
	id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	client    text NOT NULL DEFAULT '',
	patron_id bigint REFERENCES patrons (id),
	chat_id   bigint NOT NULL REFERENCES chats (id),
	until     timestamptz NOT NULL
);
CREATE INDEX chat_blocks_client ON chat_blocks (client, until);
CREATE INDEX chat_blocks_patron ON chat_blocks (patron_id, until);

CREATE TABLE chat_answers (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	library_id text NOT NULL, -- '' for the consortium's
	lang       text NOT NULL,
	title      text NOT NULL,
	body       text NOT NULL,
	updated_by bigint REFERENCES staff (id),
	updated_at timestamptz NOT NULL
);
CREATE INDEX chat_answers_library ON chat_answers (library_id, lang, title);
