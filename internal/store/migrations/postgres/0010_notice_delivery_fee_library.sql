-- What became of each notice, told truthfully, and which library charged
-- each fee (the PostgreSQL twin of sqlite/0010_notice_delivery_fee_library.sql).
--
-- notices.delivery is 'waiting' until the sender has dealt with a notice,
-- then 'sent' (a mail server accepted it; sent_at says when) or why it was
-- not sent: 'account' (the patron reads messages in My Account only),
-- 'no_mail_server', 'no_sms_gateway', 'no_address'. Earlier versions set
-- sent_at on every notice they dealt with, sent or not: text messages and
-- account-only ones were never sent, and for e-mail nobody can tell now
-- whether a mail server took it ('unknown').
ALTER TABLE notices ADD COLUMN delivery TEXT NOT NULL DEFAULT 'waiting';
UPDATE notices SET delivery = CASE channel
		WHEN 'account' THEN 'account'
		WHEN 'sms' THEN 'no_sms_gateway'
		ELSE 'unknown' END,
	sent_at = NULL
	WHERE sent_at IS NOT NULL;
DROP INDEX notices_pending;
CREATE INDEX notices_waiting ON notices (created, id) WHERE delivery = 'waiting';

-- fees.library_id is the member library that charged the fee: the owner of
-- the copy it is for, else the patron's home library. Only its staff (and
-- administrators) take the fee at a desk.
ALTER TABLE fees ADD COLUMN library_id TEXT NOT NULL DEFAULT '';
UPDATE fees SET library_id = COALESCE(
	(SELECT b.library_id FROM items i JOIN branches b ON b.id = i.home_branch WHERE i.barcode = fees.barcode AND fees.barcode <> ''),
	(SELECT p.home_library FROM patrons p WHERE p.id = fees.patron_id),
	'');
