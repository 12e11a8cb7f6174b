package bookings

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// staffFixture is a test environment with a room and a digital help session
// at Oodi, and a staff cookie for Helsinki's library administrator.
type staffFixture struct {
	*webtest.CircEnv
	admin library.Staff // creates what the tests need directly in the store
	room  library.Resource
	help  library.Resource
	hki   string // cookie of Helsinki's library administrator
}

func newStaffFixture(t *testing.T, e *webtest.CircEnv) *staffFixture {
	t.Helper()
	ctx := context.Background()
	f := &staffFixture{CircEnv: e, hki: e.StaffAt(t, "hki-admin", library.RoleLibraryAdmin, "hki-oodi", "en")}
	var err error
	if f.admin, err = e.DB.CreateStaff(ctx, library.Staff{Username: "root", Name: "Root", Role: library.RoleAdmin, Branch: "hki-oodi"}, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	f.room = f.resource(t, library.Resource{BranchID: "hki-oodi", Kind: library.KindRoom, Name: library.Text{"fi": "Ryhmätila", "en": "Group room"},
		Capacity: 8, SlotMinutes: 30, MinMinutes: 30, MaxMinutes: 180, HorizonDays: 30})
	f.help = f.resource(t, library.Resource{BranchID: "hki-oodi", Kind: library.KindDigitalHelp, Name: library.Text{"fi": "Digituki", "en": "Digital help"},
		Capacity: 1, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 60, HorizonDays: 14})
	return f
}

func (f *staffFixture) resource(t *testing.T, r library.Resource) library.Resource {
	t.Helper()
	r, err := f.DB.CreateResource(context.Background(), r, f.admin, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// at is Helsinki's clock time h:m on the day n days after webtest.Now.
func staffAt(n, h, m int) time.Time {
	return library.LocalDate(webtest.Now).AddDays(n).In(library.Helsinki, library.NewClock(h, m))
}

// book books r for the environment's patron.
func (f *staffFixture) book(t *testing.T, r library.Resource, start time.Time, length time.Duration) library.Booking {
	t.Helper()
	b, err := f.DB.Book(context.Background(), library.BookingRequest{ResourceID: r.ID, PatronID: f.Patron.ID, Start: start, End: start.Add(length)}, webtest.Now)
	if err != nil {
		t.Fatalf("book %s at %s: %v", r.Name["fi"], start, err)
	}
	return b.Booking
}

func (f *staffFixture) booking(t *testing.T, id int64) library.BookingDetail {
	t.Helper()
	d, err := f.DB.Booking(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (f *staffFixture) count(t *testing.T) int {
	t.Helper()
	rs, err := f.DB.Resources(context.Background(), library.ResourceFilter{Withdrawn: true})
	if err != nil {
		t.Fatal(err)
	}
	return len(rs)
}

// resourceForm is a valid editor's form: a studio at Oodi.
func resourceForm() url.Values {
	return url.Values{"branch": {"hki-oodi"}, "kind": {library.KindRehearsalStudio}, "name.fi": {"Bändikämppä"},
		"name.en": {"Band room"}, "rules.fi": {"Siivoa jälkesi."}, "equipment.fi": {"Rumpusetti\nVahvistin"},
		"equipment.en": {"Drum kit\nAmplifier"}, "capacity": {"6"}, "slot_minutes": {"60"}, "min_minutes": {"60"},
		"max_minutes": {"180"}, "buffer_minutes": {"15"}, "horizon_days": {"14"}, "weekly_bookings": {"2"},
		"cancel_before_minutes": {"60"}, "min_age": {"15"}, "price": {"5,50"}, "self_service": {"on"}}
}

// fieldError reports whether body marks the field id invalid with msg
// beside it.
func fieldError(body, id, msg string) bool {
	return strings.Contains(body, `id="`+id+`-error"`) && strings.Contains(body, `aria-describedby="`+id+`-error"`) &&
		strings.Contains(body, webtest.HTMLText(msg))
}

// TestResourceEditor creates a resource through the form, edits it,
// refuses bad input at its field with nothing saved, and shows a version
// conflict.
func TestResourceEditor(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newStaffFixture(t, e)
		resp, body := e.Do(t, "GET", "/admin/resources/new", nil, f.hki)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `name="name.ar"`) {
			t.Fatalf("new form = %d:\n%s", resp.StatusCode, body)
		}
		resp, body = e.Do(t, "POST", "/admin/resources", resourceForm(), f.hki)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create = %d:\n%s", resp.StatusCode, body)
		}
		path := strings.TrimSuffix(resp.Header.Get("Location"), "?done=saved")
		id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/admin/resources/"), 10, 64)
		res, err := e.DB.Resource(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if res.Kind != library.KindRehearsalStudio || res.Price != 550 || res.MaxMinutes != 180 || !res.SelfService ||
			len(res.Equipment) != 2 || res.Equipment[1]["en"] != "Amplifier" || res.Rules["fi"] != "Siivoa jälkesi." {
			t.Fatalf("saved %+v", res)
		}
		_, body = e.Do(t, "GET", "/admin/resources?branch=hki-oodi", nil, f.hki)
		if !strings.Contains(body, "Band room") || !strings.Contains(body, "Group room") {
			t.Errorf("the list lacks the resources:\n%s", webtest.HTMLText(body))
		}

		n := f.count(t)
		for _, c := range []struct {
			name, field, key string
			set              url.Values
		}{
			{"slot longer than max", "max_minutes", "error.resource_lengths", url.Values{"slot_minutes": {"120"}, "min_minutes": {"120"}, "max_minutes": {"60"}}},
			{"negative price", "price", "error.resource_price", url.Values{"price": {"-2"}}},
			{"no Finnish name", "name-fi", "error.branch_finnish_required", url.Values{"name.fi": {""}}},
			{"not a number", "capacity", "bookings_staff.error.number", url.Values{"capacity": {"many"}}},
		} {
			form := resourceForm()
			for k, v := range c.set {
				form[k] = v
			}
			resp, body := e.Do(t, "POST", "/admin/resources", form, f.hki)
			if resp.StatusCode != http.StatusBadRequest || !fieldError(body, c.field, e.Msg("en", c.key)) {
				t.Errorf("%s: %d, want 400 at %s:\n%s", c.name, resp.StatusCode, c.field, body)
			}
		}
		if got := f.count(t); got != n {
			t.Errorf("%d resources after refused forms, want %d", got, n)
		}

		// An edit from the current version is saved; the same version
		// again is a conflict, shown, not saved.
		form := resourceForm()
		form.Set("version", strconv.FormatInt(res.Version, 10))
		form.Set("capacity", "4")
		if resp, body := e.Do(t, "POST", path, form, f.hki); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit = %d:\n%s", resp.StatusCode, body)
		}
		form.Set("capacity", "9")
		resp, body = e.Do(t, "POST", path, form, f.hki)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.resource_changed"))) {
			t.Errorf("a stale edit = %d:\n%s", resp.StatusCode, body)
		}
		if res, _ = e.DB.Resource(context.Background(), id); res.Capacity != 4 {
			t.Errorf("capacity %d after the conflict, want 4", res.Capacity)
		}

		// A file that is not an image is refused at the photo's field.
		resp, body = postPhoto(t, e, path+"/photos", []byte("not an image at all"), f.hki)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="photo-error"`) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("a text file as a photo = %d:\n%s", resp.StatusCode, body)
		}
		if res, _ = e.DB.Resource(context.Background(), id); len(res.Photos) != 0 {
			t.Errorf("%d photos after the refusal", len(res.Photos))
		}

		// Withdrawing and restoring.
		if resp, _ := e.Do(t, "POST", path+"/withdraw", url.Values{}, f.hki); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("withdraw = %d", resp.StatusCode)
		}
		if res, _ = e.DB.Resource(context.Background(), id); res.Active() {
			t.Error("still active after withdrawal")
		}
		if resp, _ := e.Do(t, "POST", path+"/restore", url.Values{}, f.hki); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("restore = %d", resp.StatusCode)
		}
	})
}

// postPhoto posts a multipart form with a file and a Finnish alt text.
func postPhoto(t *testing.T, e *webtest.CircEnv, path string, data []byte, cookie string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("alt.fi", "Kuva huoneesta")
	fw, err := mw.CreateFormFile("photo", "photo.jpg")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	name, value, _ := strings.Cut(cookie, ": ")
	req.Header.Set(name, value)
	rec := httptest.NewRecorder()
	e.Srv.Handler().ServeHTTP(rec, req)
	return rec.Result(), rec.Body.String()
}

// serverAt moves the environment's clock.
func serverAt(t *testing.T, e *webtest.CircEnv, now time.Time) {
	t.Helper()
	srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return now },
		PageSize: 10, Patrons: e.DB, Circulation: e.DB})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = srv
}

// signInAt signs in a new staff member at a branch with a session begun
// at now (a session idle since webtest.Now would have ended).
func signInAt(t *testing.T, e *webtest.CircEnv, username, role, branch string, now time.Time) string {
	t.Helper()
	ctx := context.Background()
	st, err := e.DB.CreateStaff(ctx, library.Staff{Username: username, Name: username, Role: role, Branch: branch}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := e.DB.NewSession(ctx, library.Session{StaffID: st.ID, Created: now})
	if err != nil {
		t.Fatal(err)
	}
	return "Cookie: " + web.StaffCookie + "=" + sess.Token + "; lang=en"
}
