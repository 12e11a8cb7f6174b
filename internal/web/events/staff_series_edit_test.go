package events

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestWholeSeries changes a weekly series as a whole from an occurrence's
// editor (moving it to Tuesdays keeps the date someone signed up for),
// refuses a stale version, then cancels every date to come with a notice
// to the one signed up; Espoo's content role may do neither.
func TestWholeSeries(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		hki := e.StaffAt(t, "sisalto", library.RoleContent, "hki-oodi", "en")
		esp := e.StaffAt(t, "espoo", library.RoleContent, "esp-sello", "en")
		f := eventForm()
		f["weekdays"] = []string{"1"}
		f.Set("until", "2026-12-21")
		if resp, body := e.Do(t, "POST", "/admin/events/series", f, hki); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("creating the series = %d:\n%s", resp.StatusCode, webtest.HTMLText(body))
		}
		page, err := e.DB.StaffEvents(ctx, library.StaffEventFilter{Library: "helsinki"}, webtest.Now)
		if err != nil || page.Total != 4 {
			t.Fatalf("%d occurrences (%v), want 4", page.Total, err)
		}
		first := page.Events[0]
		if _, err := e.DB.SignUp(ctx, library.SignupRequest{EventID: first.ID, PatronID: e.Patron.ID}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		series := seriesURL(first.SeriesID)
		_, body := e.Do(t, "GET", "/admin/events/"+strconv.FormatInt(first.ID, 10), nil, hki)
		if !strings.Contains(body, `href="`+series+`"`) {
			t.Fatalf("an occurrence's editor does not link its series:\n%s", webtest.HTMLText(body))
		}
		resp, body := e.Do(t, "GET", series, nil, hki)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="2026-12-21"`) || !strings.Contains(body, `id="weekday-1" name="weekdays" value="1" checked`) {
			t.Fatalf("the series editor = %d, not filled with the rule:\n%s", resp.StatusCode, body)
		}
		if resp, _ := e.Do(t, "GET", series, nil, esp); resp.StatusCode != http.StatusForbidden {
			t.Errorf("Espoo's content role opens Helsinki's series: %d", resp.StatusCode)
		}

		sr, err := e.DB.EventSeries(ctx, first.SeriesID)
		if err != nil {
			t.Fatal(err)
		}
		g := eventForm()
		g["weekdays"] = []string{"2"} // Tuesdays
		g.Set("until", "2026-12-22")
		g.Set("version", strconv.FormatInt(sr.Version, 10))
		resp, body = e.Do(t, "POST", series, g, hki)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("changing the series = %d:\n%s", resp.StatusCode, webtest.HTMLText(body))
		}
		_, body = e.Do(t, "GET", resp.Header.Get("Location"), nil, hki)
		if !strings.Contains(body, "Dates with sign-ups kept as they were: 1.") {
			t.Errorf("the change is not summed up:\n%s", webtest.HTMLText(body))
		}
		if ev, err := e.DB.Event(ctx, first.ID); err != nil || ev.Cancelled() || library.LocalDate(ev.Start).String() != "2026-11-30" {
			t.Errorf("the date with a sign-up after the change: %+v %v", ev, err)
		}
		if resp, _ := e.Do(t, "POST", series, g, hki); resp.StatusCode != http.StatusConflict && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a stale version = %d, want a refusal", resp.StatusCode)
		}

		resp, body = e.Do(t, "POST", series+"/cancel", nil, hki)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.event_cancel_reason"))) {
			t.Errorf("cancelling without a reason = %d:\n%s", resp.StatusCode, webtest.HTMLText(body))
		}
		if resp, _ := e.Do(t, "POST", series+"/cancel", url.Values{"reason.fi": {"Sairastuminen"}}, esp); resp.StatusCode != http.StatusForbidden {
			t.Errorf("Espoo cancels Helsinki's series: %d", resp.StatusCode)
		}
		resp, _ = e.Do(t, "POST", series+"/cancel", url.Values{"reason.fi": {"Sairastuminen"}}, hki)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancelling the series = %d", resp.StatusCode)
		}
		page, _ = e.DB.StaffEvents(ctx, library.StaffEventFilter{Library: "helsinki"}, webtest.Now)
		for _, ev := range page.Events {
			if !ev.Cancelled() {
				t.Errorf("%s is not cancelled", ev.Start.In(library.Helsinki))
			}
		}
		if ev, _ := e.DB.Event(ctx, first.ID); ev.CancelReason["fi"] != "Sairastuminen" {
			t.Errorf("the occurrence's reason: %v", ev.CancelReason)
		}
	})
}

// TestDeleteDraft deletes a draft from its editor and refuses to delete
// a published event, which is cancelled instead.
func TestDeleteDraft(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		hki := e.StaffAt(t, "sisalto", library.RoleContent, "hki-oodi", "en")
		f := eventForm()
		f.Set("status", "draft")
		draft := saveEvent(t, e, "/admin/events", f, hki)
		path := "/admin/events/" + strconv.FormatInt(draft, 10)
		if _, body := e.Do(t, "GET", path, nil, hki); !strings.Contains(body, `action="`+path+`/delete"`) {
			t.Fatalf("a draft's editor has no delete button:\n%s", webtest.HTMLText(body))
		}
		if resp, _ := e.Do(t, "POST", path+"/delete", nil, hki); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("deleting the draft = %d", resp.StatusCode)
		}
		if _, err := e.DB.Event(ctx, draft); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("the deleted draft: %v", err)
		}
		published := saveEvent(t, e, "/admin/events", eventForm(), hki)
		path = "/admin/events/" + strconv.FormatInt(published, 10)
		if _, body := e.Do(t, "GET", path, nil, hki); strings.Contains(body, path+"/delete") {
			t.Errorf("a published event's editor offers to delete it")
		}
		if resp, _ := e.Do(t, "POST", path+"/delete", nil, hki); resp.StatusCode != http.StatusConflict {
			t.Errorf("deleting a published event = %d, want 409", resp.StatusCode)
		}
		if _, err := e.DB.Event(ctx, published); err != nil {
			t.Errorf("the published event is gone: %v", err)
		}
	})
}

// TestBranchStaffFindAttendees: branch staff, who keep the attendee lists
// but write no events, reach the lists from the events' list, without
// the editor's links.
func TestBranchStaffFindAttendees(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		hki := e.StaffAt(t, "sisalto", library.RoleContent, "hki-oodi", "en")
		desk := e.StaffAt(t, "tiski", library.RoleBranchStaff, "hki-oodi", "en")
		id := saveEvent(t, e, "/admin/events", eventForm(), hki)
		path := "/admin/events/" + strconv.FormatInt(id, 10)
		resp, body := e.Do(t, "GET", "/admin/events", nil, desk)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `href="`+path+`/attendees"`) {
			t.Fatalf("branch staff's list = %d, without the attendee list:\n%s", resp.StatusCode, webtest.HTMLText(body))
		}
		if strings.Contains(body, `href="`+path+`"`) || strings.Contains(body, `href="/admin/events/new"`) {
			t.Errorf("branch staff's list offers the editor")
		}
		if _, body := e.Do(t, "GET", "/admin", nil, desk); !strings.Contains(body, `href="/admin/events"`) {
			t.Errorf("the administration's front page does not lead branch staff to the events")
		}
	})
}
