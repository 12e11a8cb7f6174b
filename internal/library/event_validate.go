package library

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Checking an event's fields (Event.Validate).

var languageCode = regexp.MustCompile(`^[a-z]{2,3}$`)

// Validate checks an event's fields and normalises them: trims texts,
// drops empty languages, sorts and deduplicates audiences and languages,
// clears the registration fields of an event without registration, and
// gives MaxPlaces its default. It does not check that the branch exists
// and belongs to the library: the store does.
func (e *Event) Validate() error {
	if err := ValidateID(e.Library); err != nil {
		return fieldErr("library", "error.event_library", "bad library %q", e.Library)
	}
	if e.Branch != "" {
		if err := ValidateID(e.Branch); err != nil {
			return fieldErr("branch", "error.event_branch", "bad branch %q", e.Branch)
		}
	}
	if err := e.validPlace(); err != nil {
		return err
	}
	if err := e.validTexts(); err != nil {
		return err
	}
	if err := e.validTimes(); err != nil {
		return err
	}
	if err := e.validCodes(); err != nil {
		return err
	}
	e.Image = strings.TrimSpace(e.Image)
	if len(e.Image) > maxNameLen || strings.ContainsAny(e.Image, " \t\r\n") {
		return fieldErr("image", "error.event_image", "bad image reference %q", e.Image)
	}
	if e.PriceCents < 0 || e.PriceCents > MaxEventPrice {
		return fieldErr("price", "error.event_price", "price %d cents out of range", e.PriceCents)
	}
	if err := e.validRegistration(); err != nil {
		return err
	}
	switch e.Status {
	case EventDraft:
		e.PublishAt = time.Time{}
	case EventPublished:
	default:
		return fieldErr("status", "error.event_status", "bad status %q: want draft or published", e.Status)
	}
	return nil
}

func (e *Event) validPlace() error {
	e.Room = strings.TrimSpace(e.Room)
	v := &e.Venue
	for _, s := range []*string{&v.Name, &v.Street, &v.PostalCode, &v.City} {
		*s = strings.TrimSpace(*s)
		if len(*s) > maxNameLen {
			return fieldErr("venue", "error.event_venue", "venue field longer than %d bytes", maxNameLen)
		}
	}
	if len(e.Room) > maxNameLen {
		return fieldErr("room", "error.event_room", "room longer than %d bytes", maxNameLen)
	}
	if e.Branch == "" && (v.Name == "" && v.Street == "") {
		return fieldErr("venue", "error.event_place_required", "neither a branch nor an outside address")
	}
	if !v.IsZero() && v.Name == "" && v.Street == "" {
		return fieldErr("venue", "error.event_venue", "an outside address needs a name or a street")
	}
	return nil
}

// eventTextKeys turn validText's keys, which speak of branches, into the
// event form's.
var eventTextKeys = map[string]string{
	"error.branch_language":         "error.event_language",
	"error.branch_text_long":        "error.event_text_long",
	"error.branch_finnish_required": "error.event_title_required",
}

// rekey gives an error of validText the event form's key.
func rekey(err error) error {
	var e *Error
	if errors.As(err, &e) && eventTextKeys[e.Key] != "" {
		e.Key = eventTextKeys[e.Key]
	}
	return err
}

func (e *Event) validTexts() error {
	for _, f := range []struct {
		name     string
		t        *Text
		max      int
		required bool
	}{
		{"title", &e.Title, maxNameLen, true},
		{"description", &e.Description, maxDescription, false},
		{"accessibility", &e.Accessibility, maxTextLen, false},
		{"price_note", &e.PriceNote, maxNameLen, false},
	} {
		t, err := validText(f.name, *f.t, f.max, f.required)
		if err != nil {
			return rekey(err)
		}
		*f.t = t
	}
	return nil
}

func (e *Event) validTimes() error {
	if e.Start.IsZero() || e.End.IsZero() {
		return fieldErr("start", "error.event_time_required", "start and end are required")
	}
	if !e.End.After(e.Start) {
		return fieldErr("end", "error.event_end_before_start", "ends %s, not after its start %s", e.End, e.Start)
	}
	if e.End.Sub(e.Start) > MaxEventLength {
		return fieldErr("end", "error.event_too_long", "lasts %s, longer than a year", e.End.Sub(e.Start))
	}
	e.Start, e.End = e.Start.UTC(), e.End.UTC()
	return nil
}

func (e *Event) validCodes() error {
	var err error
	if e.Audiences, err = validCodes("audiences", e.Audiences, func(s string) bool { return slices.Contains(EventAudiences, s) }); err != nil {
		return err
	}
	if !slices.Contains(EventCategories, e.Category) {
		return fieldErr("category", "error.event_category", "unknown category %q", e.Category)
	}
	if e.Languages, err = validCodes("languages", e.Languages, languageCode.MatchString); err != nil {
		return err
	}
	if len(e.Languages) > MaxEventLanguages {
		return fieldErr("languages", "error.event_languages", "more than %d languages", MaxEventLanguages)
	}
	return nil
}

// validCodes lower-cases, sorts and deduplicates codes, refusing any that
// known refuses.
func validCodes(field string, codes []string, known func(string) bool) ([]string, error) {
	var out []string
	for _, c := range codes {
		c = strings.ToLower(strings.TrimSpace(c))
		if !known(c) {
			return nil, fieldErr(field, "error.event_"+field, "unknown code %q", c)
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func (e *Event) validRegistration() error {
	if !e.Registration {
		e.Capacity, e.WaitingList, e.MaxPlaces, e.SignupOpens = 0, false, 0, time.Time{}
		return nil
	}
	if e.Capacity < 0 {
		return fieldErr("capacity", "error.event_capacity", "capacity %d below zero", e.Capacity)
	}
	if e.Capacity == 0 {
		e.WaitingList = false // nobody waits where there is no limit
	}
	if e.MaxPlaces == 0 {
		e.MaxPlaces = 1
	}
	if e.MaxPlaces < 1 || e.MaxPlaces > MaxEventPlaces || (e.Capacity > 0 && e.MaxPlaces > e.Capacity) {
		return fieldErr("max_places", "error.event_max_places", "places per sign-up %d out of range", e.MaxPlaces)
	}
	if !e.SignupOpens.IsZero() {
		if !e.SignupOpens.Before(e.Start) {
			return fieldErr("signup_opens", "error.event_signup_after_start", "sign-up opens %s, not before the start", e.SignupOpens)
		}
		e.SignupOpens = e.SignupOpens.UTC()
	}
	return nil
}

// ValidCancelReason checks the reason given for cancelling an event: some
// text, in at least one language, which every notice of the cancellation
// carries.
func ValidCancelReason(t Text) (Text, error) {
	out, err := validText("reason", t, maxTextLen, false)
	if err != nil {
		return nil, rekey(err)
	}
	if len(out) == 0 {
		return nil, fieldErr("reason", "error.event_cancel_reason", "no reason given")
	}
	return out, nil
}
