package library

import (
	"net/mail"
	"strings"
	"time"
)

// Signing up for events.
//
// Residents sign up with their library card (a patron) or, without one,
// as a guest with a name and an e-mail address or a phone number. A
// sign-up takes 1 to MaxPlaces places. While places are left it is
// registered; when the event is full and has a waiting list it waits, in
// the order sign-ups arrived; otherwise it is refused. When a registered
// sign-up is cancelled (or the capacity grows), the first sign-ups on the
// waiting list whose places fit are promoted, in order, each with a
// notice. Capacity holds under concurrency: the store decides every
// sign-up and cancellation of an event under a lock on the event's row.
//
// Every sign-up gets a cancellation token: random, shown once in the
// confirmation (the page and the notice carry EventCancelPath(token)),
// stored only as a hash, and never shown on staff pages. The same card,
// e-mail address or phone number cannot sign up for one event twice
// while its first sign-up stands.

// Sign-up statuses.
const (
	SignupRegistered = "registered" // has a place
	SignupWaiting    = "waiting"    // on the waiting list
	SignupCancelled  = "cancelled"  // cancelled by the person or by staff
	SignupAttended   = "attended"   // marked present by staff
	SignupNoShow     = "no_show"    // marked absent by staff
)

// SignupStatuses lists every sign-up status, for forms and tests.
var SignupStatuses = []string{SignupRegistered, SignupWaiting, SignupCancelled, SignupAttended, SignupNoShow}

// Guest is someone without a library card: who signed up, and where the
// event's notices go (the e-mail address if given, else a text message to
// the phone). Lang is the language of the page they signed up on, which
// their notices are written in.
type Guest struct {
	Name  string
	Email string
	Phone string
	Lang  string
}

// Limits of a guest's details.
const maxGuestName = 200

var guestPhone = phonePattern // digits, spaces, hyphens and parentheses, an optional leading +

// Validate checks and trims a guest's details: a name, and an e-mail
// address or a phone number (at least one, each well formed). An unknown
// Lang becomes Finnish.
func (g *Guest) Validate() error {
	g.Name = strings.Join(strings.Fields(g.Name), " ")
	g.Email = strings.TrimSpace(g.Email)
	g.Phone = strings.TrimSpace(g.Phone)
	if g.Name == "" || len(g.Name) > maxGuestName {
		return fieldErr("name", "error.event_guest_name", "guest name missing or longer than %d bytes", maxGuestName)
	}
	if g.Email == "" && g.Phone == "" {
		return fieldErr("email", "error.event_guest_contact", "neither an e-mail address nor a phone number")
	}
	if g.Email != "" && !validEmail(g.Email) {
		return fieldErr("email", "error.event_guest_email", "bad e-mail address")
	}
	if g.Phone != "" && !validPhone(g.Phone) {
		return fieldErr("phone", "error.event_guest_phone", "bad phone number")
	}
	if !knownLanguage(g.Lang) {
		g.Lang = "fi"
	}
	return nil
}

// validEmail accepts a bare address with a dotted domain: what a mail
// server can deliver to.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	_, domain, _ := strings.Cut(s, "@")
	return err == nil && a.Address == s && a.Name == "" && len(s) <= maxNameLen &&
		strings.Contains(strings.Trim(domain, "."), ".")
}

// validPhone accepts a number a text message can reach: international
// (+358 40 ...), or Finnish with its leading 0, with 7 to 15 digits.
func validPhone(s string) bool {
	if !guestPhone.MatchString(s) || !(strings.HasPrefix(s, "+") || strings.HasPrefix(s, "0")) {
		return false
	}
	n := 0
	for _, r := range s {
		if '0' <= r && r <= '9' {
			n++
		}
	}
	return n >= 7 && n <= 15
}

// SignupRequest is a request to sign up for an event: by a patron (PatronID) or
// by a guest (Guest), never both.
type SignupRequest struct {
	EventID  int64
	PatronID int64
	Guest    *Guest
	Places   int // 1 when 0
}

// Validate checks the request's shape: who signs up and how many places
// (at least 1; the event's MaxPlaces is the store's to check).
func (s *SignupRequest) Validate() error {
	switch {
	case s.PatronID != 0 && s.Guest != nil:
		return fieldErr("guest", "error.event_signup_who", "both a patron and a guest")
	case s.PatronID == 0 && s.Guest == nil:
		return fieldErr("guest", "error.event_signup_who", "neither a patron nor a guest")
	case s.Guest != nil:
		if err := s.Guest.Validate(); err != nil {
			return err
		}
	}
	if s.Places == 0 {
		s.Places = 1
	}
	if s.Places < 1 || s.Places > MaxEventPlaces {
		return &Error{Code: EINVALID, Key: "error.event_places", Message: "places out of range", Count: MaxEventPlaces}
	}
	return nil
}

// Signup is one sign-up for an event as the store keeps it.
type Signup struct {
	ID       int64
	EventID  int64
	PatronID int64  // 0 for a guest
	Name     string // the patron's or the guest's
	Places   int
	Status   string // one of SignupStatuses
	// Position is the place on the waiting list, 1 first; 0 unless
	// Status is SignupWaiting.
	Position   int
	Lang       string // a guest's notice language; "" for a patron, whose own language is used
	ByStaff    int64  // the staff member who signed them up at the desk; 0 if they did
	Created    time.Time
	PromotedAt time.Time // when it moved from the waiting list to a place
	Cancelled  time.Time
	Marked     time.Time // when attendance was marked
}

// Active reports whether the sign-up stands (has a place, waits, or was
// marked).
func (r Signup) Active() bool { return r.Status != SignupCancelled }

// SignedUp is what a sign-up made: the sign-up, the event as it is
// now, and the cancellation token, which only this answer ever carries.
type SignedUp struct {
	Signup Signup
	Event  Event
	Token  string
}

// RegisteredEvent is a sign-up with its event, for My Account's "my
// events" and the cancellation page.
type RegisteredEvent struct {
	Signup Signup
	Event  Event
}

// Attendee is a row of an event's attendee list: who, how many places,
// which status, and their contact details for telling them of a change
// (the printable list needs only the name and places).
type Attendee struct {
	Signup
	Card  string // the patron's card number; "" for a guest
	Email string
	Phone string
	Guest bool
}

// AttendeeList is an event with its sign-ups: those with a place first,
// then the waiting list in order, then the cancelled.
type AttendeeList struct {
	Event     Event
	Attendees []Attendee
}

// EventCancelPath is the path of the page where a sign-up is cancelled
// with its token; the store's confirmation notices link to it (under the
// site's public address) and the web routes serve it.
func EventCancelPath(token string) string {
	return "/events/registrations/" + token + "/cancel"
}
