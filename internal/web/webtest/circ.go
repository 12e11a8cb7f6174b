package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
)

// CircEnv is the web test environment with circulation: a server that
// has the store as its Patrons and Circulation, a signed-in patron and
// a signed-in staff member at Oodi.
type CircEnv struct {
	*Env
	Patron       library.Patron
	PatronCookie string // "name=token" for a Cookie header
	Staff        library.Staff
	StaffCookie  string
}

// ForEachCircEnv runs fn on a fresh CircEnv on each test database.
func ForEachCircEnv(t *testing.T, fn func(t *testing.T, e *CircEnv)) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		fn(t, NewCircEnv(t, db))
	})
}

// NewCircEnv returns the environment with circulation on db.
func NewCircEnv(t *testing.T, db *store.DB) *CircEnv {
	t.Helper()
	e := &CircEnv{Env: NewEnv(t, db)}
	srv, err := NewServer(web.Config{Store: db, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return Now },
		PageSize: 10, Patrons: db, Circulation: db, Broker: e.Broker})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = srv
	e.Patron, e.PatronCookie = e.NewPatron(t, "1000", "Virtanen, Aino", "esp-sello")
	ctx := context.Background()
	e.Staff, err = db.CreateStaff(ctx, library.Staff{Username: "oodi", Name: "Oodin asiakaspalvelu", Branch: "hki-oodi"}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := db.NewSession(ctx, library.Session{StaffID: e.Staff.ID, Created: Now})
	if err != nil {
		t.Fatal(err)
	}
	e.StaffCookie = web.StaffCookie + "=" + sess.Token
	return e
}

// NewPatron creates a patron with a session and returns the patron and
// the session's cookie.
func (e *CircEnv) NewPatron(t *testing.T, card, name, pickup string) (library.Patron, string) {
	t.Helper()
	ctx := context.Background()
	p, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: card, Name: name, PickupBranch: pickup, HomeLibrary: "espoo"}, "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := e.DB.NewSession(ctx, library.Session{PatronID: p.ID, Created: Now})
	if err != nil {
		t.Fatal(err)
	}
	return p, web.PatronCookie + "=" + sess.Token
}

// Do sends a request with a form (for POST) and headers ("Name: value"),
// and returns the page without the markup that isolates data (WithoutBdi).
func (e *CircEnv) Do(t *testing.T, method, path string, form url.Values, headers ...string) (*http.Response, string) {
	t.Helper()
	resp, body := e.DoRaw(t, method, path, form, headers...)
	return resp, WithoutBdi(body)
}

// DoRaw is do with the page as the server sent it.
func (e *CircEnv) DoRaw(t *testing.T, method, path string, form url.Values, headers ...string) (*http.Response, string) {
	t.Helper()
	req := newRequest(method, path, form)
	addHeaders(req, headers)
	return serve(e.Srv, req)
}

// AsPatron and AsStaff are Cookie headers, with a language.
func (e *CircEnv) AsPatron(lang string) string { return "Cookie: " + e.PatronCookie + "; lang=" + lang }
func (e *CircEnv) AsStaff(lang string) string  { return "Cookie: " + e.StaffCookie + "; lang=" + lang }

// Checkout lends an item to a patron at Oodi, at a time of the test's choosing.
func (e *CircEnv) Checkout(t *testing.T, p library.Patron, barcode string, at time.Time) library.Loan {
	t.Helper()
	l, err := e.DB.Checkout(context.Background(), p.ID, barcode, library.Actor{Branch: "hki-oodi"}, at)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// HTMLText is a message as html/template writes it into a page.
func HTMLText(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

// APIGet reads a JSON answer of the signed-in patron.
func APIGet(t *testing.T, e *CircEnv, path string, v any) {
	t.Helper()
	resp, body := e.Do(t, "GET", path+"?lang=en", nil, "Cookie: "+e.PatronCookie)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// PostThenGet posts a form as a patron's browser would, wants the answer
// to be a redirect (303), and follows it with the cookies the answer set,
// as a browser does. It returns where it went and that page's body.
func (e *CircEnv) PostThenGet(t *testing.T, path string, form url.Values, cookie string) (string, string) {
	t.Helper()
	resp, _ := e.Do(t, "POST", path, form, cookie)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || loc == "" {
		t.Fatalf("POST %s: %d to %q, want 303 and a page to see", path, resp.StatusCode, loc)
	}
	for _, c := range resp.Cookies() {
		if c.MaxAge >= 0 {
			cookie += "; " + c.Name + "=" + c.Value
		}
	}
	page, _, _ := strings.Cut(loc, "#") // the fragment stays in the browser
	resp, body := e.Do(t, "GET", page, nil, cookie)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s after POST %s: %d", loc, path, resp.StatusCode)
	}
	return loc, body
}

// DeskPost posts a desk form as the staff member at Oodi and follows the
// redirect, as a browser does, with the flash the POST set. It fails the
// test unless the POST answered 303 to the desk, and then returns the
// POST's own answer.
func (e *CircEnv) DeskPost(t *testing.T, path string, form url.Values, lang string) (*http.Response, string) {
	t.Helper()
	resp, body := e.Do(t, "POST", path, form, e.AsStaff(lang))
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/desk?") {
		// Not Fatal: concurrent tests call this from their own goroutines.
		t.Errorf("POST %s: %d to %q, want 303 to the desk\n%s", path, resp.StatusCode, loc, body)
		return resp, body
	}
	cookie := e.AsStaff(lang)
	for _, c := range resp.Cookies() {
		if c.MaxAge > 0 {
			cookie += "; " + c.Name + "=" + c.Value
		}
	}
	return e.Do(t, "GET", loc, nil, cookie)
}

// StaffAt signs in a new staff member with a role at a branch and returns
// their Cookie header, with a language.
func (e *CircEnv) StaffAt(t *testing.T, username, role, branch, lang string) string {
	t.Helper()
	ctx := context.Background()
	st, err := e.DB.CreateStaff(ctx, library.Staff{Username: username, Name: username, Role: role, Branch: branch}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := e.DB.NewSession(ctx, library.Session{StaffID: st.ID, Created: Now})
	if err != nil {
		t.Fatal(err)
	}
	return "Cookie: " + web.StaffCookie + "=" + sess.Token + "; lang=" + lang
}

// PlaceHold reserves a record for the CircEnv's patron and returns the
// hold's id as a path segment.
func (e *CircEnv) PlaceHold(t *testing.T, source, pickup string) string {
	t.Helper()
	form := url.Values{"branch": {pickup}}
	resp, body := e.Do(t, "POST", "/records/"+strconv.FormatInt(e.Records[source], 10)+"/hold", form, e.AsPatron("fi"))
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reserve %s: status %d: %s", source, resp.StatusCode, body)
	}
	holds, err := e.DB.Holds(context.Background(), e.Patron.ID)
	if err != nil || len(holds) == 0 {
		t.Fatalf("holds after reserving: %v, %v", holds, err)
	}
	return strconv.FormatInt(holds[len(holds)-1].ID, 10)
}

// CreateList makes a list by the form and returns its page's path.
func (e *CircEnv) CreateList(t *testing.T, cookie, name string) string {
	t.Helper()
	resp, body := e.Do(t, "POST", "/account/lists", url.Values{"name": {name}}, cookie)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/account/lists/") {
		t.Fatalf("create list: %d to %q: %s", resp.StatusCode, loc, body)
	}
	path, _, _ := strings.Cut(loc, "?")
	return path
}

// OptIn turns the reading history on for the test's patron.
func (e *CircEnv) OptIn(t *testing.T) {
	t.Helper()
	resp, _ := e.Do(t, "POST", "/account/history/optin", url.Values{"on": {"1"}}, e.AsPatron("en"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("opt in: status %d", resp.StatusCode)
	}
}

// History returns the patron's reading history.
func (e *CircEnv) History(t *testing.T) []library.HistoryEntry {
	t.Helper()
	h, err := e.DB.ReadingHistory(context.Background(), e.Patron.ID)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// NewChild creates a child's card with guardian g.
func (e *CircEnv) NewChild(t *testing.T, g library.Patron) library.Patron {
	t.Helper()
	c, err := e.DB.CreatePatron(context.Background(), library.Patron{CardNumber: "5000", Name: "Virtanen, Veikko",
		Category: library.CategoryChild, HomeLibrary: "espoo", GuardianID: g.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Pairs makes a message's template data of name, value pairs.
func Pairs(args ...any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[fmt.Sprint(args[i])] = args[i+1]
	}
	return m
}

// PostFile posts data as the multipart form's file field to path, with
// the cookie, as a browser uploads a photo.
func (e *CircEnv) PostFile(t *testing.T, path, field string, data []byte, cookie string) *httptest.ResponseRecorder {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, field+".png")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "http://kirjasto.test"+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Cookie", strings.TrimPrefix(cookie, "Cookie: "))
	w := httptest.NewRecorder()
	e.Srv.Handler().ServeHTTP(w, req)
	return w
}

// PNG returns a w×h PNG image with a red diagonal.
func PNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
