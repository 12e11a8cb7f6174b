package library

import (
	"context"
	"time"
)

// Notice kinds. The message catalogues have "notice.<kind>.subject" and
// "notice.<kind>.body" for each, filled in from the notice's Params.
const (
	NoticePINReset    = "pin_reset"    // Params: link
	NoticeHoldReady   = "hold_ready"   // Params: title, branch, shelf, pickup_by
	NoticeHoldExpired = "hold_expired" // Params: title, branch
	NoticeDueSoon     = "due_soon"     // Params: title, due
	NoticeOverdue     = "overdue"      // Params: title, due
	NoticeRenewed     = "renewed"      // Params: title, due
	NoticeAdultCard   = "adult_card"   // a child's card became an adult's (ChildAge); no params

	// Events: Params title, date, time, branch (a branch ID, or an outside
	// address as text), room, and as each says.
	NoticeEventRegistered = "event_registered" // places, link (to cancel)
	NoticeEventWaiting    = "event_waiting"    // position, link (to cancel)
	NoticeEventPromoted   = "event_promoted"   // places
	NoticeEventCancelled  = "event_cancelled"  // reason
	NoticeEventReminder   = "event_reminder"   // places
	// NoticeEventChanged tells those signed up that the event moved in
	// time or place: was_date, was_time, was_branch are where it was.
	NoticeEventChanged = "event_changed"
)

// Deliveries: what became of a notice's e-mail or text message. A notice
// is "sent" only when its channel (a mail server, an SMS gateway) accepted
// it; every other state says truthfully why it was not (the message is in
// My Account either way).
// Their names are in the catalogues under "notice.delivery." + state.
const (
	DeliveryWaiting      = "waiting"        // not yet tried, or tried, failed, and tried again later
	DeliverySent         = "sent"           // a mail server or SMS gateway accepted it
	DeliveryAccountOnly  = "account"        // the patron reads messages in My Account only
	DeliveryNoMailServer = "no_mail_server" // e-mail wanted, but no mail server is configured
	DeliveryNoSMSGateway = "no_sms_gateway" // text message wanted, but no SMS gateway is configured
	DeliveryNoAddress    = "no_address"     // the patron gave no e-mail address, or no valid mobile number
	DeliveryFailed       = "failed"         // refused, or tried until the back-off gave up; the outbox says why
	DeliveryUnknown      = "unknown"        // dealt with by an old version that did not record whether it was sent
)

// Deliveries lists every delivery state, for tests that walk them all.
var Deliveries = []string{DeliveryWaiting, DeliverySent, DeliveryAccountOnly, DeliveryNoMailServer,
	DeliveryNoSMSGateway, DeliveryNoAddress, DeliveryFailed, DeliveryUnknown}

// Notice is a message to a patron: an e-mail or SMS when the patron wants
// one, and always a message in My Account. Notices are written to an
// outbox in the same transaction as the event they tell of and sent later,
// so a notice goes out if and only if its event happened.
type Notice struct {
	ID       int64
	PatronID int64 // 0 for a notice to a guest
	// Guest is the addressee of a notice to someone without a library
	// card (a guest who signed up for an event); nil for a patron's
	// notice. A guest's notice goes to their e-mail address, else their
	// phone, in their Lang; it is in nobody's My Account.
	Guest    *Guest
	Kind     string
	Params   map[string]string // the message's template fields, as text
	Channel  string            // the patron's channel when it was written
	Created  time.Time
	Delivery string    // one of the Delivery states
	SentAt   time.Time // when its channel accepted it; zero unless Delivery is DeliverySent
	ReadAt   time.Time // zero until the patron has seen it in My Account
	Attempts int       // how many times a sender has claimed it
	// Interrupted says a node began sending it and stopped (died)
	// before recording what became of it: its channel may have it
	// already. Only a claimed notice says so.
	Interrupted bool
}

// OutboxNotice is a notice as the staff's outbox shows it: whose it is by
// name, and whether it went out, but not its body, which may hold a
// secret (a PIN reset link) or more of the patron's reading than staff
// need to see.
type OutboxNotice struct {
	ID         int64
	PatronName string
	Kind       string
	Channel    string
	Created    time.Time
	Delivery   string
	SentAt     time.Time
	Failed     bool   // waiting after a failed try; it is tried again
	Reason     string // why the last try failed, as the mail server or SMS gateway said; "" if none did
	Guest      bool   // to a guest without a library card (PatronName is the guest's name)
}

// Notices is the outbox and the patrons' messages.
type Notices interface {
	// Notices returns a patron's messages, newest first.
	Notices(ctx context.Context, patronID int64) ([]Notice, error)
	// MarkNoticesRead marks all of a patron's messages read.
	MarkNoticesRead(ctx context.Context, patronID int64, now time.Time) error
	// RecentNotices returns the newest notices of the patrons whose home
	// library is libraryID (of all patrons when it is ""), for the staff's
	// view of the outbox.
	RecentNotices(ctx context.Context, libraryID string, limit int) ([]OutboxNotice, error)
	// RequestPINReset starts a forgotten-PIN reset for the patron with the
	// given card number or e-mail address: it writes a pin_reset notice
	// with a one-time link. It returns nil whether or not such a patron
	// exists, so the form does not tell which cards or addresses are known.
	RequestPINReset(ctx context.Context, cardOrEmail string, now time.Time) error
	// CheckResetToken returns nil if a reset token can still be used, else
	// the error ResetPIN would give.
	CheckResetToken(ctx context.Context, token string, now time.Time) error
	// ResetPIN sets a new PIN with a reset token and ends the patron's
	// sessions. A used, expired or unknown token is EINVALID with Key
	// "error.reset_invalid".
	ResetPIN(ctx context.Context, token, newPIN string, now time.Time) error
}
