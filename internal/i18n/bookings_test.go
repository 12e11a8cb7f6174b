package i18n

import (
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestBookingNames: every code of the bookings' domain has a name in
// every language, and every booking notice a subject, a body and a name
// on the staff's outbox, which fill in their fields.
func TestBookingNames(t *testing.T) {
	b := newBundle(t)
	var ids []string
	for _, k := range library.ResourceKinds {
		ids = append(ids, "resource.kind."+k)
	}
	for _, s := range library.BookingStatuses {
		ids = append(ids, "booking.status."+s)
	}
	for _, s := range library.BookingTopics {
		ids = append(ids, "booking.topic."+s)
	}
	for _, l := range library.HelpLanguages {
		ids = append(ids, "booking.help_lang."+l)
	}
	for _, k := range library.BookingNotices {
		ids = append(ids, "notice."+k+".subject", "notice."+k+".body", "notice.kind."+k)
	}
	ids = append(ids, "fee."+library.FeeBooking)
	params := map[string]any{"resource": "Studio 1", "branch": "Oodi", "date": "24.11.2026", "time": "14:00", "end": "16:00",
		"code": "123456", "reason": "Huolto", "link": "https://kirjasto.example/bookings/guest/t"}
	for _, lang := range b.Languages() {
		for _, id := range ids {
			if !b.Has(lang, id) {
				t.Errorf("%s: no message %q", lang, id)
			}
		}
		for _, k := range library.BookingNotices {
			for _, part := range []string{"subject", "body"} {
				got := b.T(lang, "notice."+k+"."+part, params)
				if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") || !strings.Contains(got, "Studio 1") {
					t.Errorf("%s: notice %s %s: %q", lang, k, part, got)
				}
			}
		}
		confirmed := b.T(lang, "notice.booking_confirmed.body", params)
		if !strings.Contains(confirmed, "123456") || !strings.Contains(confirmed, params["link"].(string)) {
			t.Errorf("%s: the confirmation leaves out the door code or the guest's link: %q", lang, confirmed)
		}
		params["code"], params["link"] = "", ""
		if got := b.T(lang, "notice.booking_confirmed.body", params); strings.Contains(got, "123456") || strings.HasSuffix(got, " ") {
			t.Errorf("%s: a confirmation without a code: %q", lang, got)
		}
		params["code"], params["link"] = "123456", "https://kirjasto.example/bookings/guest/t"
	}
}
