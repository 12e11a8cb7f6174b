-- Patron registration at the desk and online: birth dates, provisional
-- accounts, strong identification, blocks with who and when, the keys
-- staff search by, card ranges and retired card numbers.

ALTER TABLE patrons ADD COLUMN birth_date TEXT NOT NULL DEFAULT ''; -- 'YYYY-MM-DD' or '' when not known
-- Search keys written with the name and phone: the name folded (lower
-- case, accents off, words separated by single spaces, a leading space)
-- and the phone's digits. Rows from before this migration get lower(name)
-- until the account is next saved by the registration code.
ALTER TABLE patrons ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE patrons ADD COLUMN phone_key TEXT NOT NULL DEFAULT '';
ALTER TABLE patrons ADD COLUMN blocked_by INTEGER;
ALTER TABLE patrons ADD COLUMN blocked_at TIMESTAMP;
ALTER TABLE patrons ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE patrons ADD COLUMN confirmed_at TIMESTAMP;
ALTER TABLE patrons ADD COLUMN confirmed_by INTEGER; -- staff ID; NULL when confirmed by strong identification
-- A keyed hash of the identity provider's stable subject; the subject
-- itself (possibly a national identity number) is never stored.
ALTER TABLE patrons ADD COLUMN identity_hash TEXT;
-- A one-time code for choosing the PIN at first sign-in (argon2id hash).
ALTER TABLE patrons ADD COLUMN first_pin_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE patrons ADD COLUMN first_pin_expires TIMESTAMP;
ALTER TABLE patrons ADD COLUMN merged_into INTEGER REFERENCES patrons (id);

UPDATE patrons SET name_key = ' ' || trim(lower(replace(replace(name, ', ', ' '), ',', ' '))) WHERE closed_at IS NULL;

CREATE UNIQUE INDEX patrons_identity ON patrons (identity_hash) WHERE identity_hash IS NOT NULL;
CREATE INDEX patrons_birth_date ON patrons (birth_date) WHERE birth_date <> '';
CREATE INDEX patrons_phone_key ON patrons (phone_key) WHERE phone_key <> '';

-- A member library's block of card numbers. next_number moves with a
-- conditional UPDATE, so simultaneous registrations get distinct numbers.
CREATE TABLE card_ranges (
	library_id  TEXT PRIMARY KEY REFERENCES libraries (id),
	prefix      TEXT NOT NULL,
	length      INTEGER NOT NULL,
	next_number INTEGER NOT NULL,
	last_number INTEGER NOT NULL,
	check_digit INTEGER NOT NULL DEFAULT 0
);

-- Retired card numbers: a lost card scanned at the desk or a kiosk is
-- "reported lost", not unknown, and never signs in or borrows.
CREATE TABLE patron_cards (
	card_number TEXT PRIMARY KEY,
	patron_id   INTEGER NOT NULL REFERENCES patrons (id),
	status      TEXT NOT NULL CHECK (status IN ('lost', 'replaced', 'merged')),
	retired_at  TIMESTAMP NOT NULL,
	retired_by  INTEGER -- staff ID
);
CREATE INDEX patron_cards_patron ON patron_cards (patron_id);
