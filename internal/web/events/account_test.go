package events

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestMyEvents lists a patron's sign-ups in My Account, a place and a
// place on the waiting list, cancels one (which promotes the next in
// line), and refuses to cancel another's.
func TestMyEvents(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		hki := e.StaffAt(t, "sisalto", library.RoleContent, "hki-oodi", "en")
		f := eventForm()
		f.Set("capacity", "1")
		f.Set("max_places", "1")
		id := saveEvent(t, e, "/admin/events", f, hki)
		other, otherCookie := e.NewPatron(t, "1001", "Korhonen, Mikko", "hki-oodi")
		first, err := e.DB.SignUp(ctx, library.SignupRequest{EventID: id, PatronID: other.ID}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		mine, err := e.DB.SignUp(ctx, library.SignupRequest{EventID: id, PatronID: e.Patron.ID}, webtest.Now)
		if err != nil || mine.Signup.Status != library.SignupWaiting {
			t.Fatalf("my sign-up %+v %v, want the waiting list", mine.Signup, err)
		}
		resp, body := e.Do(t, "GET", "/account/events", nil, e.AsPatron("en"))
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `href="/events/`+strconv.FormatInt(id, 10)+`"`) ||
			!strings.Contains(body, "Waiting list, number 1") || !strings.Contains(body, `aria-current="page">My events`) {
			t.Fatalf("My events = %d:\n%s", resp.StatusCode, webtest.HTMLText(body))
		}
		if resp, _ := e.Do(t, "GET", "/account/events", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("My events signed out = %d, want the sign-in", resp.StatusCode)
		}

		// Another's sign-up is not mine to cancel.
		path := "/account/events/" + strconv.FormatInt(first.Signup.ID, 10) + "/cancel"
		if resp, _ := e.Do(t, "POST", path, nil, e.AsPatron("en")); resp.StatusCode != http.StatusNotFound {
			t.Errorf("cancelling another's sign-up = %d, want 404", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "POST", path, nil, "Cookie: "+otherCookie+"; lang=en"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancelling one's own sign-up = %d", resp.StatusCode)
		}
		_, body = e.Do(t, "GET", "/account/events?done=cancelled", nil, e.AsPatron("en"))
		if !strings.Contains(body, "Places: 1") {
			t.Errorf("I was not promoted to the freed place:\n%s", webtest.HTMLText(body))
		}
		_, body = e.Do(t, "GET", "/account/events?done=cancelled", nil, "Cookie: "+otherCookie+"; lang=en")
		if !strings.Contains(body, e.Msg("en", "events_account.none")) || !strings.Contains(body, e.Msg("en", "events_account.done_cancelled")) {
			t.Errorf("the cancelled sign-up is still listed:\n%s", webtest.HTMLText(body))
		}
	})
}
