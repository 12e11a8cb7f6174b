package library

import (
	"context"
	"slices"
	"time"
)

// Schedule is a branch's day across its resources, for the staff's
// schedule page: every booking of the day in any status, blocks included,
// and each resource's windows.
type Schedule struct {
	BranchID  string
	Date      Date
	Resources []Resource           // the branch's active resources, and withdrawn ones with bookings that day
	Windows   map[int64][]Interval // resource ID → when it may be booked that day
	Bookings  []BookingDetail      // in start order; access codes left out
}

// BlockRequest asks for staff time on a resource: maintenance, a class.
type BlockRequest struct {
	ResourceID int64
	Start, End time.Time
	Reason     string // required: residents see that the time is taken, staff why
	// Weeks repeats the block at the same Helsinki clock time every week,
	// this many times in all: 1 (or 0) is once, at most MaxBlockWeeks.
	Weeks int
}

// MaxBlockWeeks bounds a recurring block: a weekly class for a year.
const MaxBlockWeeks = 52

// HoursChange is a change of a branch's hours about to be saved: new
// weekly hours, or an exception to add (ID 0) or update. Exactly one of
// Weekly and Exception is set.
type HoursChange struct {
	BranchID  string
	Weekly    *[7]Day
	Version   int64 // the branch's version the weekly hours were edited from
	Exception *HoursException
}

// How ApplyHoursChange settles the bookings the new hours leave out.
const (
	SettleCancel = "cancel" // cancel them and tell the bookers
	SettleFlag   = "flag"   // keep them, marked FlagOutsideHours, and tell the bookers
)

// HoursChangeResult is what ApplyHoursChange did.
type HoursChangeResult struct {
	Branch    Branch         // after the change
	Exception HoursException // the exception saved, when the change was one
	Settled   []Booking      // the bookings cancelled or flagged
}

// NextFreeTime is a resource's next free slot, for a branch's page.
type NextFreeTime struct {
	Resource Resource
	Slot     Slot
	Found    bool // false when nothing is free within the resource's horizon
}

// Bookings is the booking of resources: what residents see and do, what
// staff do at the desk, and the sweeps. Instants are UTC; days and clock
// times are Helsinki's.
//
// Staff methods that change something take the staff member (by) and
// check Permit(by, ActBookings, the booking's branch) themselves, inside
// the transaction; pages still ask Permit before they show a form. The
// staff's reads (Booking, DaySchedule, PendingBookings,
// BookingsAffectedByHours) take no staff member: their pages ask Permit
// with ActBookings (ActBranches for the hours) at the branch first.
// Every state change happens in one transaction with its notice and
// audit entry.
//
// No two bookings of a resource that hold their time (Holds) overlap,
// buffers included, however many requests arrive at once: the store
// takes the resource's row lock before it checks and writes.
type Bookings interface {
	ResourceAdmin

	// Resources returns the resources f selects, by branch and name.
	Resources(ctx context.Context, f ResourceFilter) ([]Resource, error)
	// Resource returns one resource with its photos, or ENOTFOUND
	// (error.resource_not_found).
	Resource(ctx context.Context, id int64) (Resource, error)
	// ResourceAvailability returns a resource's grid from one day to
	// another (at most 31 days), seen at now.
	ResourceAvailability(ctx context.Context, id int64, from, to Date, now time.Time) (Availability, error)
	// BranchAvailability returns the grids of a branch's active
	// resources (of one kind, unless kind is ""), read in one go.
	BranchAvailability(ctx context.Context, branchID, kind string, from, to Date, now time.Time) ([]Availability, error)
	// NextFreeTimes returns when each active resource of a branch is
	// next free.
	NextFreeTimes(ctx context.Context, branchID string, now time.Time) ([]NextFreeTime, error)

	// Book makes a booking: a resident's (q.PatronID), a guest's (digital
	// help, q.Guest), or one staff make at the desk for either (q.By).
	// It is confirmed at once unless the resource needs approval and the
	// resident booked it themselves. A refused request writes nothing and
	// says why in its error's Key.
	Book(ctx context.Context, q BookingRequest, now time.Time) (Booked, error)
	// CancelBooking cancels a resident's own booking, until the
	// resource's cancellation time before it starts.
	CancelBooking(ctx context.Context, patronID, id int64, now time.Time) (Booking, error)
	// PatronBookings returns a resident's bookings that end at or after
	// since (all when since is zero), in start order, with access codes:
	// My Account and the resident's calendar feed.
	PatronBookings(ctx context.Context, patronID int64, since time.Time) ([]BookingDetail, error)
	// PatronBooking returns one of a resident's bookings, with its
	// access code (its .ics); another's is ENOTFOUND.
	PatronBooking(ctx context.Context, patronID, id int64) (BookingDetail, error)
	// GuestBooking returns the booking a guest's token is for, with its
	// access code; an unknown token is ENOTFOUND.
	GuestBooking(ctx context.Context, token string) (BookingDetail, error)
	// CancelGuestBooking cancels a guest's booking by its token, on the
	// same terms as CancelBooking.
	CancelGuestBooking(ctx context.Context, token string, now time.Time) (Booking, error)

	// Booking returns a booking for staff, without its access code.
	Booking(ctx context.Context, id int64) (BookingDetail, error)
	// DaySchedule returns a branch's day across its resources.
	DaySchedule(ctx context.Context, branchID string, day Date) (Schedule, error)
	// PendingBookings returns the requests awaiting approval within a
	// scope (a branch, a library, or the consortium), soonest first.
	PendingBookings(ctx context.Context, at Scope) ([]BookingDetail, error)
	ApproveBooking(ctx context.Context, id int64, by Staff, now time.Time) (Booking, error)
	DeclineBooking(ctx context.Context, id int64, reason string, by Staff, now time.Time) (Booking, error)
	// StaffCancelBooking cancels any booking that has not ended, with a
	// reason told to the booker.
	StaffCancelBooking(ctx context.Context, id int64, reason string, by Staff, now time.Time) (Booking, error)
	// CheckInBooking marks the booker come, from half an hour before the
	// start until the end; MarkNoShow marks them missing, from the start
	// on. A no-show counts towards the no-show rule.
	CheckInBooking(ctx context.Context, id int64, by Staff, now time.Time) (Booking, error)
	MarkNoShow(ctx context.Context, id int64, by Staff, now time.Time) (Booking, error)
	// AddBlock takes a resource's time for staff, once or weekly; it is
	// refused as a whole (error.booking_overlap) when any occurrence
	// clashes with a booking.
	AddBlock(ctx context.Context, q BlockRequest, by Staff, now time.Time) ([]Booking, error)
	// DeleteBlock removes a block, or with series every occurrence of
	// its series that has not started; it returns how many it removed.
	DeleteBlock(ctx context.Context, id int64, series bool, by Staff, now time.Time) (int, error)

	// NoShowRule returns the rule in force at a member library: its own,
	// else the consortium's (libraryID ""), else DefaultNoShowRule.
	NoShowRule(ctx context.Context, libraryID string) (NoShowRule, error)
	// SetNoShowRule sets a library's rule (the consortium's for ""),
	// or with nil removes it so that the wider rule applies. It checks
	// Permit(by, ActRules, the library's scope), as the loan rules do.
	SetNoShowRule(ctx context.Context, libraryID string, rule *NoShowRule, by Staff, now time.Time) error

	// BookingsAffectedByHours lists the future bookings (requested or
	// confirmed) that a change of hours would leave outside the hours,
	// for staff to see before saving it.
	BookingsAffectedByHours(ctx context.Context, ch HoursChange, now time.Time) ([]BookingDetail, error)
	// ApplyHoursChange saves the change (as SetWeeklyHours, AddException
	// or UpdateException would, Permit ActBranches) and, in the same
	// transaction, settles the bookings it leaves outside the hours
	// (SettleCancel or SettleFlag) with a notice to each booker.
	ApplyHoursChange(ctx context.Context, ch HoursChange, settle string, by Staff, now time.Time) (HoursChangeResult, error)

	// BookingReminders sends the reminder of each confirmed booking
	// starting within BookingReminderBefore, once; a sweep.
	BookingReminders(ctx context.Context, now time.Time) (int, error)
	// EraseBookingGuests forgets guests' details GuestRetention after
	// their bookings ended; a sweep.
	EraseBookingGuests(ctx context.Context, now time.Time) (int, error)
}

// BookingReminderBefore is how long before its start a booking's
// reminder goes out.
const BookingReminderBefore = 24 * time.Hour

// CheckInEarly is how long before its start a booking may be checked in.
const CheckInEarly = 30 * time.Minute

// Validate checks a change of hours: exactly one of Weekly and Exception,
// each as SetWeeklyHours and AddException check it (today is the day it
// is made), and settle, one of SettleCancel and SettleFlag ("" when
// only asking which bookings it affects). It sorts the periods.
func (ch *HoursChange) Validate(today Date, settle string) error {
	if settle != "" && settle != SettleCancel && settle != SettleFlag {
		return fieldErr("settle", "error.booking_settle", "unknown settlement %q", settle)
	}
	switch {
	case (ch.Weekly == nil) == (ch.Exception == nil):
		return fieldErr("hours", "error.booking_hours_change", "a change of hours is new weekly hours or one exception")
	case ch.Weekly != nil:
		h := Hours{Weekly: *ch.Weekly}
		if err := h.ValidateWeekly(); err != nil {
			return err
		}
		*ch.Weekly = h.Weekly
		return nil
	}
	if ch.Exception.BranchID == "" {
		ch.Exception.BranchID = ch.BranchID
	}
	if ch.Exception.BranchID != ch.BranchID {
		return fieldErr("hours", "error.booking_hours_change", "exception of %s in a change of %s", ch.Exception.BranchID, ch.BranchID)
	}
	return ch.Exception.Validate(today)
}

// Apply returns the hours a branch would have after the change, from its
// weekly hours and exceptions now.
func (ch HoursChange) Apply(weekly [7]Day, es []HoursException) Hours {
	if ch.Weekly != nil {
		weekly = *ch.Weekly
	}
	if e := ch.Exception; e != nil {
		// The exception replaces itself when updated; an exception it
		// overlaps would make saving it fail, so it is left out of the
		// preview too.
		es = slices.DeleteFunc(slices.Clone(es), func(x HoursException) bool {
			return (e.ID != 0 && x.ID == e.ID) || x.Overlaps(*e)
		})
		es = append(es, *e)
	}
	return Hours{Weekly: weekly, Exceptions: ExpandExceptions(es)}
}
