package bookings

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestSignInComesBackToTheSlot follows a resident who is not signed in
// from a free time's button through the sign-in form, with the site's
// own next=, back to the booking form of the same time.
func TestSignInComesBackToTheSlot(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		r, err := e.DB.CreateResource(context.Background(), library.Resource{BranchID: "hki-oodi", Kind: library.KindEquipment,
			Name: library.Text{"fi": "3D-tulostin"}, Capacity: 1, SlotMinutes: 30, MinMinutes: 30, MaxMinutes: 120, HorizonDays: 14},
			library.Staff{Role: library.RoleAdmin}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		b := e.Browser()
		form := resourceURL(r.ID) + "/book?start=" + url.QueryEscape(startParam(at(1, 10)))
		resp, _ := b.Do(t, "GET", form, nil)
		signin := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || signin != signinURL(form) {
			t.Fatalf("GET %s: %d to %s", form, resp.StatusCode, signin)
		}
		_, page := b.Do(t, "GET", signin, nil)
		if !strings.Contains(page, `value="`+webtest.HTMLText(form)+`"`) && !strings.Contains(page, `value="`+form+`"`) {
			t.Fatalf("the sign-in form does not keep the way back:\n%s", page)
		}
		resp, _ = b.Do(t, "POST", "/signin", url.Values{"card": {webtest.TestCard}, "pin": {webtest.TestPIN}, "next": {form}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != form {
			t.Fatalf("signed in to %d %s, want %s", resp.StatusCode, resp.Header.Get("Location"), form)
		}
		resp, page = b.Do(t, "GET", form, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="booking-form"`) || !strings.Contains(page, `value="`+startParam(at(1, 10))+`"`) {
			t.Errorf("back at the form: %d\n%.2000s", resp.StatusCode, page)
		}
	})
}
