package library

import (
	"fmt"
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
// hours no longer cover it (see HoursSettle).
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
// events' type: someone without a library card), for the weekly limit: the e-mail address in lower case, else the phone number's digits
// with the Finnish country code.
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

// Age returns the age in whole years on day of someone born on birth.
func Age(birth, day Date) int {
	age := day.Year - birth.Year
	if day.Month < birth.Month || day.Month == birth.Month && day.Day < birth.Day {
		age--
	}
	return age
}

// Booker is what the rules need to know of the person booking.
type Booker struct {
	BirthDate Date   // zero when not known
	Category  string // decides the age when BirthDate is unknown
	Guest     bool   // a guest: age is not asked (digital help has no age limit)
	// NoShows are the starts of the person's bookings marked no-show,
	// for NoShowRule.BlockedUntil.
	NoShows []time.Time
}

// assumedAdult is the age taken for a card holder of the adult or staff
// category whose birth date is not known: accounts made before
// registration asked for one are adults' cards, issued at 15 or later,
// and most are far older; one of a child's card is taken for ChildAge-1.
const assumedAdult = 18

// AgeOn returns the booker's age on day, known or assumed from the card's
// category.
func (b Booker) AgeOn(day Date) int {
	switch {
	case b.BirthDate != (Date{}):
		return Age(b.BirthDate, day)
	case b.Category == CategoryChild:
		return ChildAge - 1
	}
	return assumedAdult
}

// BookingCheck is everything deciding on a new booking needs, read by the
// store in one go while it holds the resource's lock, so that Check is a
// pure function and two requests for the same time cannot both pass.
type BookingCheck struct {
	Resource Resource
	Hours    Hours
	Want     Interval
	Now      time.Time
	Booker   Booker
	Rule     NoShowRule
	// Taken are the holding bookings and blocks of the resource that
	// may touch Want (within a day and the buffer of it).
	Taken []Interval
	// Week are the booker's holding bookings of the resource in the week
	// (Monday to Sunday in Helsinki) of Want's start.
	Week []Interval
	// Staff relaxes nothing but approval: a desk booking follows the
	// resource's rules as the resident's own would.
	Staff bool
}

// Check applies the resource's rules to a wanted time, in the order a
// resident can act on: the resource, the length, the time, the person,
// the others' bookings. It returns nil or the first rule broken, as an
// *Error whose Key names it.
func (c BookingCheck) Check() error {
	r, w := c.Resource, c.Want
	length := int(w.Duration() / time.Minute)
	switch {
	case !r.Active():
		return &Error{Code: ECONFLICT, Key: "error.booking_withdrawn", Message: "the resource is withdrawn"}
	case w.Duration()%r.Slot() != 0:
		return fieldErr("end", "error.booking_slot", "%d minutes is not a whole number of %d-minute slots", length, r.SlotMinutes)
	case length < r.MinMinutes:
		return &Error{Code: EINVALID, Key: "error.booking_too_short", Count: r.MinMinutes,
			Message: fmt.Sprintf("%d minutes; at least %d", length, r.MinMinutes)}
	case length > r.MaxMinutes:
		return &Error{Code: EINVALID, Key: "error.booking_too_long", Count: r.MaxMinutes,
			Message: fmt.Sprintf("%d minutes; at most %d", length, r.MaxMinutes)}
	case w.Start.Before(c.Now):
		return &Error{Code: EINVALID, Key: "error.booking_past", Message: fmt.Sprintf("starts %s, before now %s", w.Start, c.Now)}
	case Horizon(r, c.Now).Before(DateOf(w.Start.In(Helsinki))):
		return &Error{Code: EINVALID, Key: "error.booking_beyond_horizon",
			Message: fmt.Sprintf("starts %s, more than %d days ahead", w.Start, r.HorizonDays)}
	case !OnGrid(r, c.Hours, w):
		return &Error{Code: EINVALID, Key: "error.booking_outside_hours",
			Message: fmt.Sprintf("%s–%s is not whole slots within the opening hours", w.Start, w.End)}
	case !c.Booker.Guest && r.MinAge > 0 && c.Booker.AgeOn(DateOf(w.Start.In(Helsinki))) < r.MinAge:
		return &Error{Code: EFORBIDDEN, Key: "error.booking_under_age", Count: r.MinAge,
			Message: fmt.Sprintf("under the age limit %d", r.MinAge)}
	}
	if until := c.Rule.BlockedUntil(c.Booker.NoShows); c.Now.Before(until) {
		return &Error{Code: EFORBIDDEN, Key: "error.booking_no_show_block",
			Message: fmt.Sprintf("blocked from booking until %s after %d no-shows", until, c.Rule.Count)}
	}
	if err := weekly(r, c.Week, w); err != nil {
		return err
	}
	for _, t := range c.Taken {
		if w.Overlaps(t, r.Buffer()) {
			return &Error{Code: ECONFLICT, Key: "error.booking_overlap",
				Message: fmt.Sprintf("%s–%s overlaps a booking %s–%s (buffer %d min)", w.Start, w.End, t.Start, t.End, r.BufferMinutes)}
		}
	}
	return nil
}

// weekly checks the resource's weekly limit for one person.
func weekly(r Resource, week []Interval, w Interval) error {
	if r.WeeklyBookings > 0 && len(week)+1 > r.WeeklyBookings {
		return &Error{Code: ECONFLICT, Key: "error.booking_weekly_limit", Count: r.WeeklyBookings,
			Message: fmt.Sprintf("%d bookings this week already; at most %d", len(week), r.WeeklyBookings)}
	}
	if r.WeeklyMinutes == 0 {
		return nil
	}
	used := w.Duration()
	for _, b := range week {
		used += b.Duration()
	}
	if used > time.Duration(r.WeeklyMinutes)*time.Minute {
		return &Error{Code: ECONFLICT, Key: "error.booking_weekly_minutes", Count: r.WeeklyMinutes,
			Message: fmt.Sprintf("%v in the week; at most %d minutes", used, r.WeeklyMinutes)}
	}
	return nil
}

// WeekOf returns the week (Monday 00:00 to the next Monday 00:00,
// Helsinki) that t falls in.
func WeekOf(t time.Time) Interval {
	d := DateOf(t.In(Helsinki))
	monday := d.AddDays(-((int(d.Weekday()) + 6) % 7))
	return Interval{monday.In(Helsinki, 0), monday.AddDays(7).In(Helsinki, 0)}
}

// Horizon returns the last day on which a booking of r may start, seen
// at now.
func Horizon(r Resource, now time.Time) Date {
	return DateOf(now.In(Helsinki)).AddDays(r.HorizonDays)
}

// CanCancel reports whether the booker may still cancel b at now: it
// still holds its time and starts at least the resource's cancellation
// time from now.
func CanCancel(r Resource, b Booking, now time.Time) error {
	if b.Status != BookingRequested && b.Status != BookingConfirmed {
		return &Error{Code: ECONFLICT, Key: "error.booking_not_open", Message: "booking is " + b.Status}
	}
	if b.Status == BookingConfirmed && now.After(b.Start.Add(-time.Duration(r.CancelBeforeMinutes)*time.Minute)) {
		return &Error{Code: ECONFLICT, Key: "error.booking_cancel_late",
			Message: fmt.Sprintf("starts %s; cancellable until %d minutes before", b.Start, r.CancelBeforeMinutes)}
	}
	return nil
}

// NoShowRule bars residents who do not come: Count no-shows within
// WindowDays block new bookings for BlockDays after the last of them.
// A Count of 0 turns the rule off. A member library may set its own
// rule; otherwise the consortium's, else DefaultNoShowRule, applies (at
// the library of the resource booked), and it counts the resident's
// no-shows at every library, since the card is one.
type NoShowRule struct {
	Count      int
	WindowDays int
	BlockDays  int
}

// DefaultNoShowRule is "three no-shows in 90 days block new bookings for
// 30 days".
var DefaultNoShowRule = NoShowRule{Count: 3, WindowDays: 90, BlockDays: 30}

// Validate checks a rule's numbers.
func (n NoShowRule) Validate() error {
	if n.Count < 0 || n.Count > 100 || n.WindowDays < 0 || n.WindowDays > 366 || n.BlockDays < 0 || n.BlockDays > 366 ||
		(n.Count > 0 && (n.WindowDays < 1 || n.BlockDays < 1)) {
		return fieldErr("count", "error.booking_no_show_rule", "bad no-show rule %+v", n)
	}
	return nil
}

// BlockedUntil returns when the rule's block after these no-shows ends
// (zero if they cause none). Any Count of them within WindowDays block
// for BlockDays from the last of those.
func (n NoShowRule) BlockedUntil(noShows []time.Time) time.Time {
	var until time.Time
	if n.Count < 1 || len(noShows) < n.Count {
		return until
	}
	ts := slices.Clone(noShows)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	window := time.Duration(n.WindowDays) * 24 * time.Hour
	for i := n.Count - 1; i < len(ts); i++ {
		if ts[i].Sub(ts[i-n.Count+1]) <= window {
			if end := ts[i].Add(time.Duration(n.BlockDays) * 24 * time.Hour); end.After(until) {
				until = end
			}
		}
	}
	return until
}

// Lookback is how far back the no-shows that can still block a booking
// lie: the window and the block.
func (n NoShowRule) Lookback() time.Duration {
	return time.Duration(n.WindowDays+n.BlockDays) * 24 * time.Hour
}
