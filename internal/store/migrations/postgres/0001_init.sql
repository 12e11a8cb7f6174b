-- Kirjasto's first schema on PostgreSQL: the same tables as on SQLite,
-- with jsonb for nested values, timestamptz for instants and identity
-- columns for IDs.

CREATE TABLE settings (
	key   text PRIMARY KEY,
	value text NOT NULL
);

CREATE TABLE libraries (
	id   text PRIMARY KEY,
	name jsonb NOT NULL
);

CREATE TABLE branches (
	id            text PRIMARY KEY,
	library_id    text NOT NULL REFERENCES libraries (id),
	name          jsonb NOT NULL,
	street        text NOT NULL,
	postal_code   text NOT NULL,
	city          jsonb NOT NULL,
	lat           double precision NOT NULL,
	lon           double precision NOT NULL,
	phone         text NOT NULL,
	email         text NOT NULL,
	services      jsonb NOT NULL,
	accessibility jsonb NOT NULL,
	hours         jsonb NOT NULL
);
CREATE INDEX branches_library_id ON branches (library_id);

CREATE TABLE records (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	source_id    text NOT NULL UNIQUE,
	title        text NOT NULL,
	subtitle     text NOT NULL,
	authors      jsonb NOT NULL,
	subjects     jsonb NOT NULL,
	genres       jsonb NOT NULL,
	language     text NOT NULL,
	year         integer NOT NULL,
	publisher    text NOT NULL,
	material     text NOT NULL,
	isbns        jsonb NOT NULL,
	issns        jsonb NOT NULL,
	series       text NOT NULL,
	summary      text NOT NULL,
	audience     text NOT NULL,
	notes        jsonb NOT NULL,
	popularity   integer NOT NULL,
	marc         bytea,
	content_hash text NOT NULL,
	created      timestamptz NOT NULL,
	updated      timestamptz NOT NULL
);

CREATE TABLE items (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	record_id   bigint NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	barcode     text NOT NULL UNIQUE,
	home_branch text NOT NULL,
	branch      text NOT NULL,
	call_number text NOT NULL,
	shelf       text NOT NULL,
	collection  text NOT NULL,
	status      text NOT NULL CHECK (status IN ('available', 'on_loan', 'in_transit', 'on_hold_shelf', 'missing', 'in_repair')),
	due_at      timestamptz,
	updated     timestamptz NOT NULL
);
CREATE INDEX items_record_id ON items (record_id, branch, barcode);
CREATE INDEX items_due_at ON items (due_at) WHERE due_at IS NOT NULL;

CREATE TABLE change_log (
	seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	record_id bigint NOT NULL,
	at        timestamptz NOT NULL
);
