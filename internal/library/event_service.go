package library

import (
	"context"
	"time"
)

// EventFilter selects public events for the calendar, the API and the
// feeds. Zero fields do not filter; within a list any value matches (an
// event for children or for families), and the fields narrow each other.
type EventFilter struct {
	Library string // a member library (a city)
	Branch  string
	// From and To bound the Helsinki dates the events fall on, both
	// included: an event is in when it overlaps them. A zero From is
	// "from now": what has not ended yet.
	From, To   Date
	Audiences  []string
	Categories []string
	Languages  []string // event languages
	// Text matches words of the title and description in any language
	// (case and accents folded; every word must occur).
	Text     string
	FreeOnly bool
	SeriesID int64
	Limit    int // 20 when 0; at most 200
	Offset   int
}

// EventPage is a page of events in order of start, and how many there
// are in all.
type EventPage struct {
	Events []Event
	Total  int
}

// Staff views of events (StaffEventFilter.View).
const (
	ViewUpcoming  = "upcoming"  // everything not ended yet, drafts and cancelled included
	ViewDrafts    = "drafts"    // drafts
	ViewScheduled = "scheduled" // published for a later time
	ViewPast      = "past"      // ended, latest first
)

// StaffEventFilter selects events for the staff's lists. Library and
// Branch narrow it to what the staff member may work on.
type StaffEventFilter struct {
	Library string
	Branch  string
	View    string // ViewUpcoming when ""
	Limit   int    // 50 when 0; at most 500
	Offset  int
}

// Events is the events calendar and its sign-ups. Every method takes the
// moment it acts at (now): publication, sign-up opening and reminders
// are decided by it, so tests move time freely.
//
// Staff methods take the staff member (by) and ask Permit themselves:
// ActContent at the event's Scope (and, when an edit moves it, at the new
// one) to create, edit, publish and cancel; ActAttendees at the event's
// Scope for the attendee list, attendance and desk sign-ups. Creating,
// changing, publishing and cancelling are written to the audit trail in
// their own transaction. Updates name the Version they were made from
// and fail with ECONFLICT (error.event_changed) when another came first.
type Events interface {
	// Public reading. Only what is public at now (Event.Public).
	UpcomingEvents(ctx context.Context, f EventFilter, now time.Time) (EventPage, error)
	// PublicEvent returns one event, or ENOTFOUND when it is not public.
	PublicEvent(ctx context.Context, id int64, now time.Time) (Event, error)
	// BranchEvents returns the next n public events of a branch.
	BranchEvents(ctx context.Context, branchID string, n int, now time.Time) ([]Event, error)

	// Staff reading: any status.
	Event(ctx context.Context, id int64) (Event, error)
	EventSeries(ctx context.Context, seriesID int64) (Series, error)
	StaffEvents(ctx context.Context, f StaffEventFilter, now time.Time) (EventPage, error)

	// Staff writing (ActContent).
	CreateEvent(ctx context.Context, by Staff, e Event, now time.Time) (Event, error)
	// UpdateEvent changes an event; an occurrence of a series becomes a
	// one-off change (Changed). A capacity below the places taken, and
	// turning registration off or the event back to a draft while
	// sign-ups stand, are refused; a larger capacity promotes from the
	// waiting list.
	UpdateEvent(ctx context.Context, by Staff, e Event, now time.Time) (Event, error)
	// PublishEvent publishes a draft at at (now when zero: a later at
	// schedules it).
	PublishEvent(ctx context.Context, by Staff, id int64, at, now time.Time) (Event, error)
	// DeleteEvent removes a draft that was never published (a series'
	// occurrence is cancelled instead); anything else is ECONFLICT
	// (error.event_not_draft).
	DeleteEvent(ctx context.Context, by Staff, id int64, now time.Time) error
	// CancelEvent cancels an event and sends everyone registered or
	// waiting a notice with the reason; it returns how many were told.
	CancelEvent(ctx context.Context, by Staff, id int64, reason Text, now time.Time) (Event, int, error)
	// SetEventImage checks an uploaded image and makes it the event's
	// (Event.Image is then its hash); DeleteEventImage removes it.
	SetEventImage(ctx context.Context, by Staff, eventID int64, data []byte, now time.Time) (Event, error)
	DeleteEventImage(ctx context.Context, by Staff, eventID int64, now time.Time) error
	// EventImage returns an event's image in one size (PhotoFull or
	// PhotoThumb), or ENOTFOUND.
	EventImage(ctx context.Context, eventID int64, variant string) (Photo, error)
	CreateSeries(ctx context.Context, by Staff, s Series, now time.Time) (SeriesChange, error)
	// UpdateSeries regenerates the future occurrences from s (see
	// event.go); s.Version is the version it was made from.
	UpdateSeries(ctx context.Context, by Staff, s Series, now time.Time) (SeriesChange, error)
	// CancelSeries cancels every future occurrence (with notices, like
	// CancelEvent) and ends the series.
	CancelSeries(ctx context.Context, by Staff, seriesID int64, reason Text, now time.Time) (SeriesChange, error)

	// Signing up. SignUp is the resident's own (a patron signed in, or a
	// guest); DeskSignUp is staff signing someone up (ActAttendees).
	SignUp(ctx context.Context, s SignupRequest, now time.Time) (SignedUp, error)
	DeskSignUp(ctx context.Context, by Staff, s SignupRequest, now time.Time) (SignedUp, error)
	// SignupByToken finds a sign-up by its cancellation token, or
	// ENOTFOUND (error.event_token).
	SignupByToken(ctx context.Context, token string) (RegisteredEvent, error)
	// CancelByToken cancels the sign-up of a token: the link in the
	// confirmation, for guests and patrons alike.
	CancelByToken(ctx context.Context, token string, now time.Time) (RegisteredEvent, error)
	// CancelSignup cancels one of a patron's own sign-ups.
	CancelSignup(ctx context.Context, patronID, signupID int64, now time.Time) (RegisteredEvent, error)
	// PatronEvents returns a patron's sign-ups that stand, for events not
	// yet ended, in order of start ("my events").
	PatronEvents(ctx context.Context, patronID int64, now time.Time) ([]RegisteredEvent, error)

	// Attendees (ActAttendees).
	Attendees(ctx context.Context, by Staff, eventID int64) (AttendeeList, error)
	// MarkAttendance sets a registered sign-up to SignupAttended or
	// SignupNoShow (or back to SignupRegistered).
	MarkAttendance(ctx context.Context, by Staff, signupID int64, status string, now time.Time) (Signup, error)
	// StaffCancelSignup cancels someone's sign-up for them (they called
	// the library), promoting from the waiting list.
	StaffCancelSignup(ctx context.Context, by Staff, signupID int64, now time.Time) (Signup, error)

	// Sweeps.
	// EventReminders queues a reminder to everyone registered for an
	// event that starts within a day; each only once, however many nodes
	// run it.
	EventReminders(ctx context.Context, now time.Time) (int, error)
	// EraseEventGuests removes guests' names and contact details from
	// sign-ups and notices GuestRetention after their event ended.
	EraseEventGuests(ctx context.Context, now time.Time) (int, error)
}

// GuestRetention is how long a guest's name and contact details are kept
// after the event: long enough to answer a question about it, no longer.
const GuestRetention = 30 * 24 * time.Hour
