package library

import (
	"fmt"
	"strings"
	"time"
)

// Events: what the libraries put on (story times, language cafés, author
// visits, concerts, exhibitions), for residents to find and sign up for.
//
// The model, and why:
//
//   - An Event is one occurrence with a start and an end instant, stored
//     in UTC and meant in Helsinki time (Helsinki). Everything residents
//     do with an event (find it, sign up, get a reminder, subscribe to a
//     feed) is per occurrence, so every occurrence is a row of its own.
//   - A Series is a recurring event: a template Event and a weekly rule
//     (Recurrence: weekdays, every N weeks, from a date until a date or
//     for a count, with exception dates skipped), bounded to
//     MaxOccurrences dates within MaxSeriesSpan so that no series is
//     endless. The store materialises the rule's dates as Event rows
//     with SeriesID set, so capacity, sign-ups, search and feeds work per
//     occurrence unchanged. Wall-clock times are the rule's: a 10:00
//     story time is at 10:00 Helsinki time before and after the clocks
//     change.
//   - A one-off change to a single occurrence (another time or room, or
//     cancelling that one date) is an ordinary edit of its row
//     (UpdateEvent, CancelEvent), which marks it Changed. Editing the
//     series regenerates its future occurrences from the new template
//     and rule: an occurrence whose date is still in the rule is updated
//     in place (its ID, and so its links, stay), one whose date left the
//     rule is removed, new dates get new rows. Occurrences that are
//     Changed, or that people have signed up for, are never touched by a
//     series edit: SeriesChange.Kept lists them with the reason, so the
//     editor can see what was left and change them one by one. Past
//     occurrences are never touched.
//   - Publication: Status is EventDraft, EventPublished or
//     EventCancelled. A published event is public from PublishAt (set to
//     the moment of publishing when none is given), so a future PublishAt
//     is a scheduled publication. Every query takes a now and shows the
//     public only what is public at now. A cancelled event that was
//     public stays listed, marked cancelled, so that nobody comes in vain.
//   - Sign-ups (see event_registration.go) are per occurrence.

// Event statuses.
const (
	EventDraft     = "draft"     // seen by staff only
	EventPublished = "published" // public from PublishAt
	EventCancelled = "cancelled" // cancelled by staff; still listed if it was public
)

// Audiences an event is for. Names are in the catalogues under
// "event.audience." + code.
const (
	ForChildren = "children"
	ForYoung    = "young" // young people, teenagers
	ForAdults   = "adults"
	ForSeniors  = "seniors"
	ForFamilies = "families"
)

// EventAudiences lists every audience, in the order forms show them.
var EventAudiences = []string{ForChildren, ForYoung, ForAdults, ForSeniors, ForFamilies}

// Event categories. Names are in the catalogues under "event.category." +
// code.
const (
	AuthorVisit  = "author_visit"
	StoryTime    = "story_time"
	LanguageCafe = "language_cafe"
	DigitalHelp  = "digital_help"
	Music        = "music"
	Workshop     = "workshop"
	Exhibition   = "exhibition"
	Concert      = "concert"
	ReadingGroup = "reading_group"
	OtherEvent   = "other"
)

// EventCategories lists every category, in the order forms show them.
var EventCategories = []string{AuthorVisit, StoryTime, LanguageCafe, DigitalHelp,
	Music, Workshop, Exhibition, Concert, ReadingGroup, OtherEvent}

// Limits of what an event may hold.
const (
	MaxEventPlaces    = 20                   // places one sign-up may take at most (MaxPlaces)
	MaxEventLength    = 366 * 24 * time.Hour // an exhibition may run for a year, no longer
	MaxEventPrice     = 100_000              // cents: 1,000 euros
	MaxEventLanguages = 10
	maxDescription    = 20_000 // bytes of Markdown per language
)

// Venue is an outside place where a library holds an event (outreach: a
// school, a market square, a day centre).
type Venue struct {
	Name       string // "Leppävaaran koulu"
	Street     string
	PostalCode string
	City       string
}

// IsZero reports whether no venue is given.
func (v Venue) IsZero() bool { return v == Venue{} }

// String writes the venue on one line, for notices and calendars.
func (v Venue) String() string {
	var parts []string
	for _, s := range []string{v.Name, v.Street, strings.TrimSpace(v.PostalCode + " " + v.City)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// Event is one occurrence of something a library puts on.
type Event struct {
	ID int64
	// SeriesID is the series this is an occurrence of; 0 for a single
	// event. OccurrenceDate is the date of the series' rule it stands
	// for, which stays when a one-off change moves it to another day.
	SeriesID       int64
	OccurrenceDate Date
	// Changed marks an occurrence edited on its own (a one-off change):
	// editing the series leaves it as it is.
	Changed bool

	Library string // the member library that holds it; required
	Branch  string // the branch that holds it; "" for a library-wide event at a Venue
	Room    string // within the branch: "Kuutio", "Satuhuone"; free text
	Venue   Venue  // an outside address; zero when the event is at Branch

	Title         Text // Finnish required
	Description   Text // Markdown source, rendered and sanitised by the pages
	Accessibility Text // step-free access, induction loop, sign language ...

	Start, End time.Time // instants; End after Start

	Audiences []string // of EventAudiences; none means everyone
	Category  string   // one of EventCategories
	Languages []string // languages spoken at the event, as ISO 639-1 codes ("fi", "uk"); none means not stated
	Image     string   // a reference to an image (its ID or path); "" for none

	PriceCents int  // 0 is free
	PriceNote  Text // "Students 5 €", "Tickets from the library's desk"

	// Registration says whether people sign up. The fields after it
	// apply only when it is true (Validate clears them otherwise).
	Registration bool
	Capacity     int       // places in all; 0 is no limit
	WaitingList  bool      // sign-ups beyond Capacity wait for a free place
	MaxPlaces    int       // places one sign-up may take (a parent with children); 1 by default
	SignupOpens  time.Time // zero: sign-up is open as soon as the event is public

	Status       string    // EventDraft, EventPublished or EventCancelled
	PublishAt    time.Time // a published event is public from then; zero while a draft
	CancelReason Text      // why it was cancelled, as told to those who signed up
	CancelledAt  time.Time

	Version          int64 // counts changes; an update names the version it was made from
	Created, Updated time.Time

	// Read from the sign-ups, never written: places taken (by sign-ups
	// registered or marked attended or no-show), and the sign-ups and
	// places waiting.
	Taken, WaitingSignups, WaitingPlaces int
}

// Scope is where the event's staff actions happen: its branch, or its
// library for a library-wide event. Creating, editing and cancelling
// need ActContent there, the attendee list ActAttendees.
func (e Event) Scope() Scope {
	if e.Branch == "" {
		return LibraryScope(e.Library)
	}
	return BranchScope(e.Library, e.Branch)
}

// Public reports whether residents see the event at now: published (or
// cancelled after it was public) and its publication time has come.
func (e Event) Public(now time.Time) bool {
	return (e.Status == EventPublished || e.Status == EventCancelled) &&
		!e.PublishAt.IsZero() && !e.PublishAt.After(now)
}

// Scheduled reports whether the event is published for a later time.
func (e Event) Scheduled(now time.Time) bool {
	return e.Status == EventPublished && e.PublishAt.After(now)
}

// Cancelled reports whether staff cancelled the event.
func (e Event) Cancelled() bool { return e.Status == EventCancelled }

// Free reports whether the event costs nothing.
func (e Event) Free() bool { return e.PriceCents == 0 }

// PlacesLeft is how many places are free, or -1 when there is no limit
// (or no registration).
func (e Event) PlacesLeft() int {
	if !e.Registration || e.Capacity == 0 {
		return -1
	}
	return max(0, e.Capacity-e.Taken)
}

// Full reports whether a sign-up of one place would not get a place.
func (e Event) Full() bool { return e.PlacesLeft() == 0 }

// SignupError says why no one may sign up for e at now, or nil if they
// may. It does not look at the places left: a full event with a waiting
// list still takes sign-ups.
func (e Event) SignupError(now time.Time) error {
	switch {
	case e.Status == EventCancelled:
		return eventErr(ECONFLICT, "error.event_cancelled", "event %d is cancelled", e.ID)
	case !e.Registration:
		return eventErr(EINVALID, "error.event_no_registration", "event %d needs no registration", e.ID)
	case !now.Before(e.Start):
		return eventErr(ECONFLICT, "error.event_started", "event %d has started", e.ID)
	case now.Before(e.SignupOpens):
		return eventErr(ECONFLICT, "error.event_signup_not_open", "sign-up to event %d opens at %s", e.ID, e.SignupOpens)
	}
	return nil
}

// eventErr returns a library error with a catalogue key.
func eventErr(code, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Message: fmt.Sprintf(format, args...)}
}

// LocalDate is the Helsinki date an instant falls on.
func LocalDate(t time.Time) Date { return DateOf(t.In(Helsinki)) }

// LocalClock is the Helsinki time of day of an instant.
func LocalClock(t time.Time) Clock {
	l := t.In(Helsinki)
	return NewClock(l.Hour(), l.Minute())
}
