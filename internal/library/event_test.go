package library

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// storyTime is a valid event: a story time at Sello next Monday.
func storyTime() Event {
	start := time.Date(2026, time.November, 23, 10, 0, 0, 0, Helsinki)
	return Event{
		Library: "espoo", Branch: "esp-sello", Room: "Satuhuone",
		Title:        Text{"fi": "Satutunti", "sv": "Sagostund"},
		Description:  Text{"fi": "Satuja **pienille**."},
		Start:        start,
		End:          start.Add(45 * time.Minute),
		Audiences:    []string{ForFamilies, ForChildren},
		Category:     StoryTime,
		Languages:    []string{"fi"},
		Registration: true, Capacity: 20, WaitingList: true, MaxPlaces: 4,
		Status: EventPublished,
	}
}

func TestEventValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(e *Event)
		key    string
	}{
		{"valid", func(e *Event) {}, ""},
		{"no library", func(e *Event) { e.Library = "" }, "error.event_library"},
		{"bad branch", func(e *Event) { e.Branch = "Sello!" }, "error.event_branch"},
		{"no place at all", func(e *Event) { e.Branch = "" }, "error.event_place_required"},
		{"outside address without a branch", func(e *Event) {
			e.Branch = ""
			e.Venue = Venue{Name: "Leppävaaran koulu", City: "Espoo"}
		}, ""},
		{"venue with only a city", func(e *Event) { e.Venue = Venue{City: "Espoo"} }, "error.event_venue"},
		{"no Finnish title", func(e *Event) { e.Title = Text{"sv": "Sagostund"} }, "error.event_title_required"},
		{"blank Finnish title", func(e *Event) { e.Title = Text{"fi": "   "} }, "error.event_title_required"},
		{"unknown text language", func(e *Event) { e.Description["xx"] = "?" }, "error.event_language"},
		{"no start", func(e *Event) { e.Start = time.Time{} }, "error.event_time_required"},
		{"ends before it starts", func(e *Event) { e.End = e.Start.Add(-time.Minute) }, "error.event_end_before_start"},
		{"ends as it starts", func(e *Event) { e.End = e.Start }, "error.event_end_before_start"},
		{"lasts over a year", func(e *Event) { e.End = e.Start.AddDate(1, 1, 0) }, "error.event_too_long"},
		{"unknown audience", func(e *Event) { e.Audiences = []string{"dogs"} }, "error.event_audiences"},
		{"no category", func(e *Event) { e.Category = "" }, "error.event_category"},
		{"bad language code", func(e *Event) { e.Languages = []string{"Finnish"} }, "error.event_languages"},
		{"image with a space", func(e *Event) { e.Image = "a b.jpg" }, "error.event_image"},
		{"negative price", func(e *Event) { e.PriceCents = -1 }, "error.event_price"},
		{"negative capacity", func(e *Event) { e.Capacity = -1 }, "error.event_capacity"},
		{"places over capacity", func(e *Event) { e.Capacity = 3 }, "error.event_max_places"},
		{"places over the limit", func(e *Event) { e.Capacity = 0; e.MaxPlaces = MaxEventPlaces + 1 }, "error.event_max_places"},
		{"sign-up opens after the start", func(e *Event) { e.SignupOpens = e.Start.Add(time.Hour) }, "error.event_signup_after_start"},
		{"cancelled through Validate", func(e *Event) { e.Status = EventCancelled }, "error.event_status"},
		{"no status", func(e *Event) { e.Status = "" }, "error.event_status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := storyTime()
			tt.change(&e)
			err := e.Validate()
			if tt.key == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || ErrorKey(err) != tt.key {
				t.Fatalf("Validate = %v (key %s); want EINVALID %s", err, ErrorKey(err), tt.key)
			}
		})
	}
}

func TestEventValidateNormalises(t *testing.T) {
	e := storyTime()
	e.Title["en"] = "  "
	e.Languages = []string{"EN", "fi", "en"}
	e.Registration = false // the sign-up fields go with it
	e.SignupOpens = e.Start.Add(-time.Hour)
	e.Status = EventDraft
	e.PublishAt = e.Start
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	got := struct {
		Title                  Text
		Audiences, Languages   []string
		Capacity, MaxPlaces    int
		WaitingList            bool
		SignupOpens, PublishAt time.Time
		Loc                    string
	}{e.Title, e.Audiences, e.Languages, e.Capacity, e.MaxPlaces, e.WaitingList, e.SignupOpens, e.PublishAt, e.Start.Location().String()}
	want := got
	want.Title = Text{"fi": "Satutunti", "sv": "Sagostund"}
	want.Audiences = []string{ForChildren, ForFamilies}
	want.Languages = []string{"en", "fi"}
	want.Capacity, want.MaxPlaces, want.WaitingList = 0, 0, false
	want.SignupOpens, want.PublishAt = time.Time{}, time.Time{}
	want.Loc = "UTC"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("normalised event (-want +got):\n%s", diff)
	}

	e = storyTime()
	e.Capacity, e.MaxPlaces = 0, 0
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	if e.WaitingList || e.MaxPlaces != 1 {
		t.Errorf("no limit: waiting list %v, max places %d; want false, 1", e.WaitingList, e.MaxPlaces)
	}
}

func TestEventSignupError(t *testing.T) {
	e := storyTime()
	e.SignupOpens = e.Start.Add(-7 * 24 * time.Hour)
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(e *Event)
		now    time.Time
		key    string
	}{
		{"open", func(e *Event) {}, e.Start.Add(-time.Hour), ""},
		{"before sign-up opens", func(e *Event) {}, e.SignupOpens.Add(-time.Second), "error.event_signup_not_open"},
		{"as sign-up opens", func(e *Event) {}, e.SignupOpens, ""},
		{"as it starts", func(e *Event) {}, e.Start, "error.event_started"},
		{"after it started", func(e *Event) {}, e.End, "error.event_started"},
		{"cancelled", func(e *Event) { e.Status = EventCancelled }, e.Start.Add(-time.Hour), "error.event_cancelled"},
		{"no registration", func(e *Event) { e.Registration = false }, e.Start.Add(-time.Hour), "error.event_no_registration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := e
			tt.change(&ev)
			err := ev.SignupError(tt.now)
			if got := errKey(err); got != tt.key {
				t.Errorf("SignupError = %v; want key %q", err, tt.key)
			}
		})
	}
}

func errKey(err error) string {
	if err == nil {
		return ""
	}
	return ErrorKey(err)
}

func TestEventPublic(t *testing.T) {
	now := time.Date(2026, time.November, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		status    string
		publishAt time.Time
		public    bool
		scheduled bool
	}{
		{EventDraft, time.Time{}, false, false},
		{EventPublished, now.Add(-time.Hour), true, false},
		{EventPublished, now, true, false},
		{EventPublished, now.Add(time.Hour), false, true},
		{EventCancelled, now.Add(-time.Hour), true, false},
		{EventCancelled, time.Time{}, false, false},
	}
	for _, tt := range tests {
		e := Event{Status: tt.status, PublishAt: tt.publishAt}
		if e.Public(now) != tt.public || e.Scheduled(now) != tt.scheduled {
			t.Errorf("%s published at %v: Public %v, Scheduled %v; want %v, %v",
				tt.status, tt.publishAt, e.Public(now), e.Scheduled(now), tt.public, tt.scheduled)
		}
	}
}

func TestGuestValidate(t *testing.T) {
	tests := []struct {
		name string
		g    Guest
		key  string
	}{
		{"email", Guest{Name: "Maija Meikäläinen", Email: "maija@example.fi"}, ""},
		{"Finnish mobile", Guest{Name: "Maija", Phone: "040 123 4567"}, ""},
		{"international", Guest{Name: "Maija", Phone: "+46 70 123 45 67"}, ""},
		{"both", Guest{Name: "Maija", Email: "maija@example.fi", Phone: "+358401234567"}, ""},
		{"no name", Guest{Name: "  ", Email: "maija@example.fi"}, "error.event_guest_name"},
		{"no contact", Guest{Name: "Maija"}, "error.event_guest_contact"},
		{"email without a domain", Guest{Name: "Maija", Email: "maija@localhost"}, "error.event_guest_email"},
		{"email with a name", Guest{Name: "Maija", Email: "Maija <maija@example.fi>"}, "error.event_guest_email"},
		{"phone with letters", Guest{Name: "Maija", Phone: "040 CALL ME"}, "error.event_guest_phone"},
		{"phone too short", Guest{Name: "Maija", Phone: "040 12"}, "error.event_guest_phone"},
		{"phone without 0 or +", Guest{Name: "Maija", Phone: "401234567"}, "error.event_guest_phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.g
			if got := errKey(g.Validate()); got != tt.key {
				t.Errorf("Validate key %q; want %q", got, tt.key)
			}
		})
	}
	g := Guest{Name: "  Maija   Meikäläinen ", Email: " maija@example.fi ", Lang: "xx"}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	if want := (Guest{Name: "Maija Meikäläinen", Email: "maija@example.fi", Lang: "fi"}); g != want {
		t.Errorf("normalised guest %+v; want %+v", g, want)
	}
}

func TestSignupRequestValidate(t *testing.T) {
	guest := &Guest{Name: "Maija", Email: "maija@example.fi"}
	tests := []struct {
		name string
		s    SignupRequest
		key  string
	}{
		{"patron", SignupRequest{PatronID: 1}, ""},
		{"guest", SignupRequest{Guest: guest, Places: 3}, ""},
		{"nobody", SignupRequest{}, "error.event_signup_who"},
		{"both", SignupRequest{PatronID: 1, Guest: guest}, "error.event_signup_who"},
		{"no places", SignupRequest{PatronID: 1, Places: -1}, "error.event_places"},
		{"too many places", SignupRequest{PatronID: 1, Places: MaxEventPlaces + 1}, "error.event_places"},
		{"bad guest", SignupRequest{Guest: &Guest{Name: "Maija"}}, "error.event_guest_contact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			if got := errKey(s.Validate()); got != tt.key {
				t.Errorf("Validate key %q; want %q", got, tt.key)
			}
		})
	}
}

func TestValidCancelReason(t *testing.T) {
	if _, err := ValidCancelReason(Text{"fi": " "}); errKey(err) != "error.event_cancel_reason" {
		t.Errorf("blank reason: %v", err)
	}
	if r, err := ValidCancelReason(Text{"en": " Illness "}); err != nil || r["en"] != "Illness" {
		t.Errorf("reason in English: %v, %v", r, err)
	}
}
