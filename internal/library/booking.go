package library

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Booking statuses. Their names are in the message catalogues under
// "booking.status." + status.
//
//	requested ─┬─ confirmed ─┬─ checked_in
//	           │             ├─ no_show
//	           ├─ declined   └─ cancelled
//	           └─ cancelled
const (
	BookingRequested = "requested"  // waits for staff to approve it
	BookingConfirmed = "confirmed"  // the time is the booker's
	BookingDeclined  = "declined"   // staff said no to the request
	BookingCancelled = "cancelled"  // by the booker, by staff, or by a change of hours
	BookingCheckedIn = "checked_in" // the booker came
	BookingNoShow    = "no_show"    // the booker did not come (see NoShowRule)
)

// BookingStatuses lists every status, for filters and tests.
var BookingStatuses = []string{BookingRequested, BookingConfirmed, BookingDeclined, BookingCancelled, BookingCheckedIn, BookingNoShow}

// Holds reports whether a booking in status keeps its time from others:
// cancelled, declined and missed bookings free it.
func Holds(status string) bool {
	return status == BookingRequested || status == BookingConfirmed || status == BookingCheckedIn
}

// Digital help topics: what a resident wants help with. Their names are
// in the catalogues under "booking.topic." + topic.
const (
	TopicELibrary      = "e-library"      // e-books, e-audiobooks, the digital magazines
	TopicApp           = "app"            // the library's app and My Account
	TopicSuomiFi       = "suomi-fi"       // Suomi.fi identification and e-services
	TopicVideoCalls    = "video-calls"    // calling family, a doctor's remote appointment
	TopicOnlineBanking = "online-banking" // banking codes and payments
	TopicNewPhone      = "new-phone"      // setting up a new phone or tablet
	TopicOther         = "other"
)

// BookingTopics lists every digital help topic, in the order a form
// offers them.
var BookingTopics = []string{TopicELibrary, TopicApp, TopicSuomiFi, TopicVideoCalls, TopicOnlineBanking, TopicNewPhone, TopicOther}

// HelpLanguages are the languages digital help may be asked in: the
// site's languages and the others the consortium's helpers commonly speak.
// Their names are in the catalogues under "booking.help_lang." + code.
var HelpLanguages = append(slices.Clone(Languages), "uk", "fa")

// Why a booking was cancelled, kept in Booking.Cause.
const (
	CauseBooker    = "booker"    // the resident (or guest) cancelled it
	CauseStaff     = "staff"     // staff cancelled it
	CauseHours     = "hours"     // the branch's hours changed
	CauseWithdrawn = "withdrawn" // the resource was withdrawn
)

// FlagOutsideHours marks a booking staff kept although the branch's new
// hours no longer cover it (see ApplyHoursChange and SettleFlag).
const FlagOutsideHours = "outside_hours"

// Booking notices, to the resident (in My Account too) or the guest.
// Params: resource (its name in the booker's language), branch (a branch
// ID), date (2006-01-02, Helsinki), time and end (15:04, Helsinki), and as
// each says.
const (
	NoticeBookingRequested          = "booking_requested"         // staff will confirm or decline it
	NoticeBookingConfirmed          = "booking_confirmed"         // code: a studio door's access code, else ""
	NoticeBookingDeclined           = "booking_declined"          // reason
	NoticeBookingCancelled          = "booking_cancelled"         // the booker cancelled it
	NoticeBookingCancelledByLibrary = "booking_cancelled_library" // reason (may be "")
	NoticeBookingCancelledHours     = "booking_cancelled_hours"   // the branch's hours changed
	NoticeBookingHoursChanged       = "booking_hours_changed"     // kept, though the new hours leave it out
	NoticeBookingReminder           = "booking_reminder"          // code
)

// BookingNotices lists the booking notice kinds, for tests that walk
// them all.
var BookingNotices = []string{NoticeBookingRequested, NoticeBookingConfirmed, NoticeBookingDeclined,
	NoticeBookingCancelled, NoticeBookingCancelledByLibrary, NoticeBookingCancelledHours,
	NoticeBookingHoursChanged, NoticeBookingReminder}

// FeeBooking is the kind of the fee a paid booking charges.
const FeeBooking = "booking"

// Interval is a span of time from Start up to End.
type Interval struct {
	Start, End time.Time
}

// Duration returns the interval's length.
func (i Interval) Duration() time.Duration { return i.End.Sub(i.Start) }

// Overlaps reports whether i and j share a moment once each is widened by
// gap on both sides: two bookings of a resource with a buffer of gap
// clash unless gap lies between them.
func (i Interval) Overlaps(j Interval, gap time.Duration) bool {
	return i.Start.Before(j.End.Add(gap)) && j.Start.Before(i.End.Add(gap))
}

// Key returns what identifies a guest across bookings (Guest is the
// events' type: someone without a library card), for the weekly limit:
// the e-mail address in lower case, else the phone number's digits with
// the Finnish country code.
func (g Guest) Key() string {
	if g.Email != "" {
		return "email:" + strings.ToLower(g.Email)
	}
	var b strings.Builder
	for _, r := range g.Phone {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		d = "358" + d[1:]
	}
	return "phone:" + d
}

// Booking is a resource's time given to someone: a resident with a card,
// a guest (digital help only), or staff blocking it (Block).
type Booking struct {
	ID         int64
	ResourceID int64
	Start, End time.Time // UTC
	Status     string
	PatronID   int64  // the resident; 0 for a guest and for a staff block
	Guest      *Guest // digital help booked without a card; nil otherwise
	Topic      string
	HelpLang   string
	Message    string // the booker's note to staff
	// AccessCode opens a self-service studio door for the booking's time.
	// The store fills it in only for the booker's own views (their
	// bookings, the guest's token); staff pages never see it.
	AccessCode string
	// Block marks a staff booking (maintenance, a weekly class) rather
	// than a resident's: Reason says why, SeriesID groups a recurring one.
	Block    bool
	Reason   string // a block's reason, or why staff declined or cancelled
	SeriesID int64
	// StaffID is the staff member who made the booking: a block, or a
	// booking on a resident's behalf at the desk. 0 when the resident
	// booked.
	StaffID   int64
	Cause     string // why it was cancelled (Cause* constants)
	Flag      string // FlagOutsideHours, or ""
	Price     int64  // cents, at the time of booking
	FeeID     int64  // the fee charged for it; 0 if free
	Created   time.Time
	Updated   time.Time
	CheckedIn time.Time
	Version   int64 // counts changes: the SEQUENCE of its calendar entry
}

// Interval returns the booking's time.
func (b Booking) Interval() Interval { return Interval{b.Start, b.End} }

// IsGuest reports whether a guest without a card made the booking.
func (b Booking) IsGuest() bool { return b.Guest != nil }

// ICalUID is the booking's UID in calendars: stable, so that a change
// moves the entry rather than adding one.
func (b Booking) ICalUID() string { return "booking-" + strconv.FormatInt(b.ID, 10) + "@kirjasto" }

// BookingDetail is a booking with what pages show beside it.
type BookingDetail struct {
	Booking
	Resource Resource
	// BookerName is the resident's or guest's name, or the staff
	// member's for a block.
	BookerName string
}

// BookingRequest asks for a booking.
type BookingRequest struct {
	ResourceID int64
	Start, End time.Time
	PatronID   int64  // the resident (also at the desk); 0 for a guest
	Guest      *Guest // digital help without a card
	Topic      string
	HelpLang   string
	Message    string
	// By is the staff member booking on a resident's (or guest's)
	// behalf at the desk; nil when they book themselves. A desk booking
	// needs no approval: staff are the ones who would give it.
	By *Staff
}

const maxMessageLen = 1000

// Validate checks the parts of a request that need nothing else: the
// booker, and the topic and language of digital help.
func (q *BookingRequest) Validate(r Resource) error {
	q.Message = strings.TrimSpace(q.Message)
	if len(q.Message) > maxMessageLen || !utf8.ValidString(q.Message) {
		return fieldErr("message", "error.booking_message", "message longer than %d bytes", maxMessageLen)
	}
	if !q.End.After(q.Start) {
		return fieldErr("end", "error.booking_too_short", "ends %s before it starts %s", q.End, q.Start)
	}
	switch {
	case q.PatronID == 0 && q.Guest == nil:
		return fieldErr("patron", "error.booking_booker", "a booking needs a resident or a guest")
	case q.PatronID != 0 && q.Guest != nil:
		return fieldErr("patron", "error.booking_booker", "a booking is for a resident or a guest, not both")
	case q.PatronID == 0 && r.Kind != KindDigitalHelp:
		return fieldErr("patron", "error.booking_card_required", "only digital help is booked without a card")
	case q.PatronID == 0:
		if err := q.Guest.Validate(); err != nil {
			return err
		}
	}
	if r.Kind != KindDigitalHelp {
		q.Topic, q.HelpLang = "", ""
		return nil
	}
	if !slices.Contains(BookingTopics, q.Topic) {
		return fieldErr("topic", "error.booking_topic", "unknown topic %q", q.Topic)
	}
	if !slices.Contains(HelpLanguages, q.HelpLang) {
		return fieldErr("help_lang", "error.booking_help_lang", "unknown language %q", q.HelpLang)
	}
	return nil
}

// BookingGuestPath is the path of the page where a guest sees and
// cancels their booking with its token; the store's notices to the guest
// link to it (under the site's public address), and the web routes serve
// it.
func BookingGuestPath(token string) string { return "/bookings/guest/" + token }

// Booked is a new booking, and for a guest the token that lets them see
// and cancel it: given once, kept by the store only as a hash.
type Booked struct {
	Booking    Booking
	GuestToken string
}
