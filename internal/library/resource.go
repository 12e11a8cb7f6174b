package library

import (
	"context"
	"slices"
	"time"
)

// Resource kinds: what a branch lends by the hour rather than by the
// loan. Their names are in the message catalogues under
// "resource.kind." + kind.
const (
	KindRoom            = "room"             // a meeting or group room
	KindRehearsalStudio = "studio-rehearsal" // a band or practice room
	KindRecordingStudio = "studio-recording" // a room with recording gear
	KindInstrument      = "instrument"       // a digital piano, a drum kit: played in the library
	KindEquipment       = "equipment"        // a 3D printer, a sewing machine, a VHS digitiser
	KindDigitalHelp     = "digital-help"     // an hour of guidance from staff or a volunteer
)

// ResourceKinds lists every kind, in the order a page offers them.
var ResourceKinds = []string{KindRoom, KindRehearsalStudio, KindRecordingStudio, KindInstrument, KindEquipment, KindDigitalHelp}

// IsStudio reports whether kind is a music studio, whose bookings get an
// access code for the door.
func IsStudio(kind string) bool { return kind == KindRehearsalStudio || kind == KindRecordingStudio }

// Resource is something a branch's residents book for a time: a room, a
// studio, an instrument or a machine used in the library, or a digital
// help session. Lengths are in minutes; a zero limit is no limit.
type Resource struct {
	ID            int64
	BranchID      string // immutable once created
	LibraryID     string // the branch's member library; read only
	Kind          string // one of ResourceKinds
	Name          Text   // Finnish required
	Description   Text
	Rules         Text // house rules the booker accepts: "leave the room as you found it"
	Accessibility Text
	Equipment     []Text // one entry an item: "digital piano", "two microphones"
	Photos        []ResourcePhoto
	// Capacity is how many people fit; 1 for an instrument or a help
	// session.
	Capacity int
	// SlotMinutes is the grid bookings start and end on; every booking
	// is a whole number of slots, from MinMinutes to MaxMinutes long.
	SlotMinutes int
	MinMinutes  int
	MaxMinutes  int
	// BufferMinutes keeps the resource free after (and before) every
	// booking: time to clean up, tune, or let the next group in.
	BufferMinutes int
	// HorizonDays is how many days ahead a booking may start: 14 books
	// up to two weeks from today.
	HorizonDays int
	// WeeklyBookings and WeeklyMinutes limit one person's bookings of
	// this resource in a week (Monday to Sunday, Helsinki); 0 is no limit.
	WeeklyBookings int
	WeeklyMinutes  int
	// CancelBeforeMinutes is how long before its start the booker may
	// still cancel a booking; staff may cancel until it ends.
	CancelBeforeMinutes int
	MinAge              int  // 0 for no age limit
	NeedsApproval       bool // bookings are requests until staff confirm them
	// SelfService lets the resource be booked in the branch's
	// self-service hours as well as its staffed hours.
	SelfService bool
	Price       int64 // euro cents a booking; 0 is free
	// WithdrawnAt is when the resource stopped taking bookings (zero
	// while it is active).
	WithdrawnAt time.Time
	Created     time.Time
	Updated     time.Time
	// Version counts the resource's changes; an update must name the
	// version it was made from.
	Version int64
}

// Active reports whether the resource takes bookings.
func (r Resource) Active() bool { return r.WithdrawnAt.IsZero() }

// Slot returns the resource's slot length.
func (r Resource) Slot() time.Duration { return time.Duration(r.SlotMinutes) * time.Minute }

// Buffer returns the time kept free around each booking.
func (r Resource) Buffer() time.Duration { return time.Duration(r.BufferMinutes) * time.Minute }

// ResourcePhoto is one photo of a resource, stored as a branch photo is
// (re-encoded JPEG in the sizes PhotoFull and PhotoThumb). Pages put Hash
// in the photo's URL, so a new photo is a new URL.
type ResourcePhoto struct {
	ID     int64
	Alt    Text // what the photo shows, for screen readers; Finnish required
	Width  int  // of the full size
	Height int
	Hash   string // of the full size
}

// Limits of a resource's settings. A booking is at most a day long so
// that a query for one week's bookings need look back one day only.
const (
	MaxBookingMinutes = 24 * 60
	MaxBufferMinutes  = 4 * 60
	MaxHorizonDays    = 366
	MaxResourcePhotos = 6
	maxEquipment      = 50
	maxCapacity       = 10000
	maxPrice          = 100000 // 1000 €
)

// Validate checks a resource's settings and normalises its texts.
func (r *Resource) Validate() error {
	if err := ValidateID(r.BranchID); err != nil {
		return fieldErr("branch", "error.resource_branch", "bad branch %q", r.BranchID)
	}
	if !slices.Contains(ResourceKinds, r.Kind) {
		return fieldErr("kind", "error.resource_kind", "unknown kind %q", r.Kind)
	}
	var err error
	if r.Name, err = validText("name", r.Name, maxNameLen, true); err != nil {
		return err
	}
	for _, t := range []struct {
		field string
		text  *Text
	}{{"description", &r.Description}, {"rules", &r.Rules}, {"accessibility", &r.Accessibility}} {
		if *t.text, err = validText(t.field, *t.text, maxTextLen, false); err != nil {
			return err
		}
	}
	if len(r.Equipment) > maxEquipment {
		return fieldErr("equipment", "error.resource_equipment", "%d pieces of equipment; at most %d", len(r.Equipment), maxEquipment)
	}
	var eq []Text
	for _, e := range r.Equipment {
		e, err := validText("equipment", e, maxNameLen, false)
		if err != nil {
			return err
		}
		if len(e) > 0 {
			if e["fi"] == "" {
				return fieldErr("equipment", "error.branch_finnish_required", "equipment: the Finnish text is required")
			}
			eq = append(eq, e)
		}
	}
	r.Equipment = eq
	return r.validateNumbers()
}

// validateNumbers checks the lengths, limits and price.
func (r *Resource) validateNumbers() error {
	switch {
	case r.Capacity < 1 || r.Capacity > maxCapacity:
		return fieldErr("capacity", "error.resource_capacity", "capacity %d: want 1 to %d", r.Capacity, maxCapacity)
	case r.SlotMinutes < 5 || r.SlotMinutes > MaxBookingMinutes || r.SlotMinutes%5 != 0:
		return fieldErr("slot_minutes", "error.resource_slot", "slot of %d minutes: want 5 to 1440 in steps of 5", r.SlotMinutes)
	case r.MinMinutes < r.SlotMinutes || r.MinMinutes%r.SlotMinutes != 0:
		return fieldErr("min_minutes", "error.resource_lengths", "minimum %d minutes: want a whole number of %d-minute slots", r.MinMinutes, r.SlotMinutes)
	case r.MaxMinutes < r.MinMinutes || r.MaxMinutes > MaxBookingMinutes || r.MaxMinutes%r.SlotMinutes != 0:
		return fieldErr("max_minutes", "error.resource_lengths", "maximum %d minutes: want whole slots from the minimum %d to %d", r.MaxMinutes, r.MinMinutes, MaxBookingMinutes)
	case r.BufferMinutes < 0 || r.BufferMinutes > MaxBufferMinutes:
		return fieldErr("buffer_minutes", "error.resource_buffer", "buffer of %d minutes: want 0 to %d", r.BufferMinutes, MaxBufferMinutes)
	case r.HorizonDays < 1 || r.HorizonDays > MaxHorizonDays:
		return fieldErr("horizon_days", "error.resource_horizon", "horizon of %d days: want 1 to %d", r.HorizonDays, MaxHorizonDays)
	case r.WeeklyBookings < 0 || r.WeeklyMinutes < 0 || r.WeeklyBookings > 100 || r.WeeklyMinutes > 7*24*60:
		return fieldErr("weekly_bookings", "error.resource_weekly", "weekly limit %d bookings, %d minutes", r.WeeklyBookings, r.WeeklyMinutes)
	case r.WeeklyMinutes > 0 && r.WeeklyMinutes < r.MinMinutes:
		return fieldErr("weekly_minutes", "error.resource_weekly", "weekly limit of %d minutes is shorter than the minimum booking %d", r.WeeklyMinutes, r.MinMinutes)
	case r.CancelBeforeMinutes < 0 || r.CancelBeforeMinutes > 14*24*60:
		return fieldErr("cancel_before_minutes", "error.resource_cancel", "cancellation %d minutes before: want 0 to 14 days", r.CancelBeforeMinutes)
	case r.MinAge < 0 || r.MinAge > 120:
		return fieldErr("min_age", "error.resource_age", "age limit %d", r.MinAge)
	case r.Price < 0 || r.Price > maxPrice:
		return fieldErr("price", "error.resource_price", "price %d cents: want 0 to %d", r.Price, maxPrice)
	case r.Price > 0 && r.Kind == KindDigitalHelp:
		return fieldErr("price", "error.resource_price", "digital help is free: guests without a card book it")
	}
	return nil
}

// ResourceFilter selects resources. Zero fields do not filter.
type ResourceFilter struct {
	BranchID  string
	LibraryID string
	Kind      string
	// Withdrawn includes withdrawn resources (staff pages); the public
	// pages leave it false.
	Withdrawn bool
}

// ResourceAdmin defines a branch's bookable resources. The store checks
// Permit(by, ActResources, the resource's branch) in the transaction and
// writes the audit trail there; updates name the Version they were made
// from and fail with ECONFLICT (error.resource_changed) when another
// change came first.
type ResourceAdmin interface {
	CreateResource(ctx context.Context, r Resource, by Staff, now time.Time) (Resource, error)
	UpdateResource(ctx context.Context, r Resource, by Staff, now time.Time) (Resource, error)
	// WithdrawResource stops a resource taking bookings, and cancels its
	// future bookings with a notice to each booker; it returns how many
	// it cancelled. RestoreResource takes bookings again.
	WithdrawResource(ctx context.Context, id int64, by Staff, now time.Time) (int, error)
	RestoreResource(ctx context.Context, id int64, by Staff, now time.Time) (Resource, error)
	// AddResourcePhoto checks, resizes and stores a photo (JPEG, PNG or
	// WebP; see SetBranchPhoto), at most MaxResourcePhotos a resource.
	AddResourcePhoto(ctx context.Context, resourceID int64, data []byte, alt Text, by Staff, now time.Time) (ResourcePhoto, error)
	DeleteResourcePhoto(ctx context.Context, resourceID, photoID int64, by Staff, now time.Time) error
	// ResourcePhotoFile returns one size (PhotoFull or PhotoThumb) of a
	// photo with its bytes, for serving with its Hash as the ETag.
	ResourcePhotoFile(ctx context.Context, resourceID, photoID int64, variant string) (Photo, error)
}

// ValidAlt checks a photo's text: what it shows, for those who cannot
// see it, with Finnish required.
func ValidAlt(alt Text) (Text, error) { return validText("alt", alt, maxNameLen, true) }
