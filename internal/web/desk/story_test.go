package desk

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// clock is a test clock that the story moves forward.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// person is one person's HTTP client with its own cookies.
type person struct {
	t    *testing.T
	base string
	c    *http.Client
	lang string
}

func newPerson(t *testing.T, base, lang string) *person {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &person{t: t, base: base, c: &http.Client{Jar: jar}, lang: lang}
}

func (b *person) do(method, path string, form url.Values) string {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", b.lang)
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	if resp.StatusCode >= 400 {
		b.t.Fatalf("%s %s: %d\n%s", method, path, resp.StatusCode, data)
	}
	return webtest.WithoutBdi(string(data))
}

func (b *person) get(path string) string                   { return b.do("GET", path, nil) }
func (b *person) post(path string, form url.Values) string { return b.do("POST", path, form) }

// storyConsortium is Espoo's Sello and Vantaa's Tikkurila, open every day.
func storyConsortium() library.Consortium {
	open := library.Hours{Weekly: webtest.Week(webtest.Hours(9, 20), nil)}
	return library.Consortium{
		Libraries: []library.Library{
			{ID: "espoo", Name: webtest.Text("Espoon kaupunginkirjasto", "Esbo stadsbibliotek", "Espoo City Library", "Городская библиотека Эспоо")},
			{ID: "vantaa", Name: webtest.Text("Vantaan kaupunginkirjasto", "Vanda stadsbibliotek", "Vantaa City Library", "Городская библиотека Вантаа")},
		},
		Branches: []library.Branch{
			{ID: "esp-sello", LibraryID: "espoo", Name: webtest.Text("Sellon kirjasto", "Sellobiblioteket", "Sello Library", "Библиотека Селло"), Hours: open},
			{ID: "van-tikkurila", LibraryID: "vantaa", Name: webtest.Text("Tikkurilan kirjasto", "Dickursby bibliotek", "Tikkurila Library", "Библиотека Тиккурила"), Hours: open},
		},
	}
}

// TestStoryAcrossCityLines is issue 3's story, through the web as the
// patron and the staff at two desks see it: a patron in Vantaa reserves a
// title whose only free copy sits in Espoo; Espoo's pick list shows it;
// checking it in at Espoo sends it to Vantaa; checking it in at Vantaa
// puts it on the hold shelf and sends a notice; the patron borrows it,
// renews it, returns it late and sees the fee.
func TestStoryAcrossCityLines(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher([]byte("pepper"), auth.TestParams)})
		c := storyConsortium()
		if err := db.PutConsortium(ctx, c); err != nil {
			t.Fatal(err)
		}
		res, err := db.UpsertRecords(ctx, []library.RecordWithItems{{
			Record: library.Record{SourceID: "(STORY)1", Title: "Tuntematon sotilas", Authors: []library.Contributor{{Name: "Linna, Väinö", Role: "author"}},
				Language: "fin", Year: 1954, Material: library.Book, Audience: library.AudienceAdult},
			Items: []library.Item{
				{Barcode: "S-1", HomeBranch: "esp-sello", Branch: "esp-sello", CallNumber: "84.2 LIN", Collection: "adult", Status: library.Available},
				{Barcode: "V-1", HomeBranch: "van-tikkurila", Branch: "van-tikkurila", CallNumber: "84.2 LIN", Collection: "adult", Status: library.InRepair},
			},
		}})
		if err != nil {
			t.Fatal(err)
		}
		recordID := strconv.FormatInt(res[0].ID, 10)
		if _, err := db.CreatePatron(ctx, library.Patron{CardNumber: "27000000000042", Name: "Nguyen, Linh", HomeLibrary: "vantaa",
			PickupBranch: "van-tikkurila", Category: library.CategoryAdult, Lang: "en", NoticeChannel: library.ChannelAccount}, "2468"); err != nil {
			t.Fatal(err)
		}
		for _, s := range []library.Staff{{Username: "sello", Name: "Sello desk", Role: library.RoleBranchStaff, Branch: "esp-sello"},
			{Username: "tikkurila", Name: "Tikkurila desk", Role: library.RoleBranchStaff, Branch: "van-tikkurila"}} {
			if _, err := db.CreateStaff(ctx, s, "a long staff password"); err != nil {
				t.Fatal(err)
			}
		}
		ix := search.New(search.Config{Branches: search.BranchCities(c.Branches)})
		if err := ix.Rebuild(ctx, db, nil); err != nil {
			t.Fatal(err)
		}
		bundle, err := i18n.New()
		if err != nil {
			t.Fatal(err)
		}
		clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, library.Helsinki)}
		srv, err := webtest.NewServer(web.Config{Store: db, Search: ix, I18n: bundle, Now: clk.Now, Patrons: db, Circulation: db})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		msg := func(id string, args ...any) string {
			return webtest.HTMLText(bundle.T("en", id, webtest.Pairs(args...)))
		}
		want := func(page, where string, wants ...string) {
			t.Helper()
			for _, w := range wants {
				if !strings.Contains(page, w) {
					t.Errorf("%s: no %q", where, w)
				}
			}
		}

		// Sessions end after half an hour idle, and days pass in this
		// story: each person signs in again when they come back.
		linh := newPerson(t, ts.URL, "en")
		signIn := func() { linh.post("/signin", url.Values{"card": {"27000000000042"}, "pin": {"2468"}}) }
		staffIn := func(p *person, user string) {
			p.post("/staff/signin", url.Values{"username": {user}, "password": {"a long staff password"}})
		}
		signIn()
		page := linh.post("/records/"+recordID+"/hold", url.Values{"branch": {"van-tikkurila"}})
		want(page, "hold placed", "Tuntematon sotilas")

		sello := newPerson(t, ts.URL, "en")
		staffIn(sello, "sello")
		want(sello.get("/desk/picklist?branch=esp-sello"), "Sello's pick list", "<td>S-1</td>")
		want(sello.post("/desk/checkin", url.Values{"branch": {"esp-sello"}, "barcode": {"S-1"}}),
			"check-in at Sello", msg("desk.route.transit_hold", "Branch", "Tikkurila Library"))

		clk.Add(26 * time.Hour)
		tikkurila := newPerson(t, ts.URL, "en")
		staffIn(tikkurila, "tikkurila")
		want(tikkurila.get("/desk/transit?branch=van-tikkurila"), "Tikkurila's transit list", "<td>S-1</td>")
		page = tikkurila.post("/desk/checkin", url.Values{"branch": {"van-tikkurila"}, "barcode": {"S-1"}})
		if !strings.Contains(page, webtest.HTMLText(strings.SplitN(bundle.T("en", "desk.route.hold_shelf", map[string]any{"Shelf": "\x00"}), "\x00", 2)[0])) {
			t.Errorf("check-in at Tikkurila does not put S-1 on the hold shelf:\n%s", page)
		}
		signIn()
		want(linh.get("/account/holds"), "Linh's holds", msg("hold.status.ready"))
		notices, err := db.Notices(ctx, mustPatron(t, db, "27000000000042").ID)
		if err != nil || !hasNotice(notices, library.NoticeHoldReady) {
			t.Errorf("no hold-ready notice for Linh: %+v, %v", notices, err)
		}

		want(tikkurila.post("/desk/checkout", url.Values{"branch": {"van-tikkurila"}, "card": {"27000000000042"}, "barcode": {"S-1"}}),
			"checkout at Tikkurila", `name="barcode" value="S-1"`)
		want(linh.get("/account/loans"), "Linh's loans", "Tuntematon sotilas")
		clk.Add(7 * 24 * time.Hour)
		signIn()
		linh.post("/account/loans/renew", url.Values{"barcode": {"S-1"}})
		loans, err := db.Loans(ctx, mustPatron(t, db, "27000000000042").ID)
		if err != nil || len(loans) != 1 || loans[0].Renewals != 1 {
			t.Fatalf("after renewing: %+v, %v", loans, err)
		}

		clk.Add(60 * 24 * time.Hour) // well past the renewed due date
		staffIn(tikkurila, "tikkurila")
		tikkurila.post("/desk/checkin", url.Values{"branch": {"van-tikkurila"}, "barcode": {"S-1"}})
		fees, err := db.Fees(ctx, mustPatron(t, db, "27000000000042").ID)
		if err != nil || len(fees) != 1 || fees[0].Kind != library.FeeOverdue || fees[0].Amount <= 0 {
			t.Fatalf("after the late return: fees %+v, %v", fees, err)
		}
		signIn()
		want(linh.get("/account/fees"), "Linh's fees", msg("fee.overdue"), "Tuntematon sotilas")
	})
}

func mustPatron(t *testing.T, db *store.DB, card string) library.Patron {
	t.Helper()
	p, err := db.PatronByCard(context.Background(), card)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func hasNotice(ns []library.Notice, kind string) bool {
	for _, n := range ns {
		if n.Kind == kind {
			return true
		}
	}
	return false
}
