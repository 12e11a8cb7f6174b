package account

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

var feedPath = regexp.MustCompile(`https?://[^/"]+(/calendar/[A-Za-z0-9_-]{40,}/loans\.ics)`)

// dueFeed makes (or resets) the patron's feed on My Account and returns
// its path as the page shows it.
func dueFeed(t *testing.T, e *webtest.CircEnv) string {
	t.Helper()
	res, _ := e.Do(t, "POST", "/account/apps/calendar", url.Values{}, e.AsPatron("en"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /account/apps/calendar: %d", res.StatusCode)
	}
	res, body := e.Do(t, "GET", res.Header.Get("Location"), nil, e.AsPatron("en"))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "api.feed.done"))) {
		t.Fatalf("apps page after reset: %d\n%s", res.StatusCode, body)
	}
	m := feedPath.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no feed address on the page:\n%s", body)
	}
	return m[1]
}

// feedEvents fetches a feed without a session and returns each event's
// properties by name (the first of each, so the event's own DESCRIPTION
// and not its alarm's).
func feedEvents(t *testing.T, e *webtest.CircEnv, path string) []map[string]string {
	t.Helper()
	res, body := e.Do(t, "GET", path, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	lines := webtest.ICalLines(t, body)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("not one VCALENDAR: %q ... %q", lines[0], lines[len(lines)-1])
	}
	var out []map[string]string
	for _, ev := range webtest.ICalEvents(lines) {
		props := map[string]string{}
		for _, l := range ev {
			name, value, _ := strings.Cut(l, ":")
			if _, seen := props[name]; !seen {
				props[name] = value
			}
		}
		for _, need := range []string{"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "SUMMARY"} {
			if props[need] == "" {
				t.Errorf("event without %s: %q", need, ev)
			}
		}
		out = append(out, props)
	}
	return out
}

func TestDueDateFeed(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		long := "Pitkä, pitkä; hyvin pitkä otsikko\\ joka ylittää rivin 75 oktetin rajan – ääkköset mukana"
		_, err := e.DB.UpsertRecords(ctx, []library.RecordWithItems{{
			Record: library.Record{SourceID: "(TEST)long", Title: long, Language: "fin", Material: library.Book},
			Items:  []library.Item{{Barcode: "L-1", HomeBranch: "hki-oodi", Branch: "hki-oodi", Status: library.Available}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		a := e.Checkout(t, e.Patron, "T1-1", webtest.Now)
		b := e.Checkout(t, e.Patron, "L-1", webtest.Now.Add(24*60*60*1e9))

		res2, body := e.Do(t, "GET", "/account/apps", nil, e.AsPatron("en"))
		if res2.StatusCode != http.StatusOK || feedPath.MatchString(body) || !strings.Contains(body, e.Msg("en", "api.feed.create")) {
			t.Fatalf("apps page before any feed: %d\n%s", res2.StatusCode, body)
		}
		first := dueFeed(t, e)
		evs := feedEvents(t, e, first)
		got := map[string]string{}
		for _, ev := range evs {
			got[ev["UID"]] = ev["DTSTART;VALUE=DATE"] + " " + ev["SUMMARY"]
		}
		date := func(l library.Loan) string {
			return library.DateOf(l.DueAt.In(library.Helsinki)).String()
		}
		compact := func(d string) string { return strings.ReplaceAll(d, "-", "") }
		// The calendar app asks in no language, and this patron has not
		// chosen one: Finnish.
		summary := func(title string) string { return web.ICalEscape(e.Msg("fi", "api.due.summary", "Title", title)) }
		want := map[string]string{
			"loan-" + itoa(a.ID) + "@kirjasto": compact(date(a)) + " " + summary("Tuntematon sotilas"),
			"loan-" + itoa(b.ID) + "@kirjasto": compact(date(b)) + " " + summary(long),
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}

		// A renewal moves the loan's event: same UID, a later date.
		renewed, err := e.DB.Renew(ctx, e.Patron.ID, "T1-1", library.Actor{PatronID: e.Patron.ID}, webtest.Now.Add(7*24*60*60*1e9))
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range feedEvents(t, e, first) {
			if ev["UID"] == "loan-"+itoa(a.ID)+"@kirjasto" && ev["DTSTART;VALUE=DATE"] != compact(date(renewed)) {
				t.Errorf("renewed loan's event on %s, want %s", ev["DTSTART;VALUE=DATE"], compact(date(renewed)))
			}
		}

		// Resetting makes a new address and the old one a 404.
		second := dueFeed(t, e)
		if second == first {
			t.Fatal("reset kept the address")
		}
		if res, _ := e.Do(t, "GET", first, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("old address after reset: %d, want 404", res.StatusCode)
		}
		if n := len(feedEvents(t, e, second)); n != 2 {
			t.Errorf("new address: %d events, want 2", n)
		}
		if res, _ := e.Do(t, "GET", "/calendar/nonsense/loans.ics", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("unknown key: %d, want 404", res.StatusCode)
		}
	})
}

func TestAppsPageInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		if _, err := e.DB.NewAPIToken(context.Background(), e.Patron.ID, "", webtest.Now); err != nil {
			t.Fatal(err)
		}
		dueFeed(t, e)
		for _, lang := range e.Bundle.Languages() {
			res, body := e.Do(t, "GET", "/account/apps", nil, e.AsPatron(lang))
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", lang, res.StatusCode)
			}
			for _, key := range []string{"api.apps.title", "api.feed.reset", "api.tokens.unnamed", "api.tokens.revoke"} {
				if !strings.Contains(body, webtest.HTMLText(e.Msg(lang, key))) {
					t.Errorf("%s: the page lacks %s (%q)", lang, key, e.Msg(lang, key))
				}
			}
			if head := `<html lang="` + lang + `" dir="` + e.Msg(lang, "meta.dir") + `">`; !strings.Contains(body, head) {
				t.Errorf("%s: no %s", lang, head)
			}
			for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
				t.Errorf("%s: the page shows raw message id %q", lang, id)
			}
		}
	})
}

func TestRevokeAppFromAccount(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		tok, err := e.DB.NewAPIToken(context.Background(), e.Patron.ID, "Lukulista", webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		_, otherCookie := e.NewPatron(t, "1002", "Nieminen, Aapo", "")
		path := "/account/apps/tokens/" + itoa(tok.ID) + "/revoke"
		if res, _ := e.Do(t, "POST", path, url.Values{}); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
			t.Errorf("revoke without a session: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if res, _ := e.Do(t, "POST", path, url.Values{}, "Cookie: "+otherCookie); res.StatusCode != http.StatusNotFound {
			t.Errorf("another patron's revoke: %d, want 404", res.StatusCode)
		}
		if res, _ := e.Do(t, "POST", path, url.Values{}, e.AsPatron("en")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		if _, err := e.DB.APITokenByValue(context.Background(), tok.Token, webtest.Now); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("token after revoking on My Account: %v", err)
		}
	})
}
