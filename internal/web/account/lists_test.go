package account

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestListsNeedSignIn(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for _, tt := range []struct{ method, path, want string }{
			{"GET", "/account/lists", "/signin?next=%2Faccount%2Flists"},
			{"GET", "/account/lists/1", "/signin?next=%2Faccount%2Flists%2F1"},
			{"POST", "/account/lists", "/signin?next=%2Faccount%2Flists"},
			{"POST", "/records/1/lists", "/signin?next=%2Frecords%2F1%2Flists"},
			{"POST", "/records/1/rating", "/signin?next=%2Frecords%2F1%2Frating"},
		} {
			var form url.Values
			if tt.method == "POST" {
				form = url.Values{"name": {"x"}}
			}
			resp, _ := e.Do(t, tt.method, tt.path, form)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tt.want {
				t.Errorf("%s %s: %d to %q, want 303 to %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Location"), tt.want)
			}
		}
		resp, _ := e.Do(t, "GET", "/api/v1/account/lists", nil)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/account/lists without a session: %d, want 401", resp.StatusCode)
		}
	})
}

func TestListsFlow(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		me := e.AsPatron("en")
		rec := e.Records["(TEST)1"]
		path := e.CreateList(t, me, "Summer reading")

		// From the record page: the form offers the list and a new one.
		_, body := e.Do(t, "GET", e.RecordPath("(TEST)1"), nil, me)
		for _, want := range []string{`action="/records/` + strconv.FormatInt(rec, 10) + `/lists"`, ">Summer reading</option>", `value="new"`} {
			if !strings.Contains(body, want) {
				t.Errorf("record page: no %q", want)
			}
		}
		id := strings.TrimPrefix(path, "/account/lists/")
		resp, _ := e.Do(t, "POST", e.RecordPath("(TEST)1")+"/lists", url.Values{"list": {id}}, me)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != path+"?done=added" {
			t.Fatalf("add to list: %d to %q", resp.StatusCode, loc)
		}
		resp, _ = e.Do(t, "POST", e.RecordPath("(TEST)f4")+"/lists", url.Values{"list": {"new"}, "name": {"Book club"}}, me)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add to a new list: %d", resp.StatusCode)
		}
		var lp listsPage
		webtest.APIGet(t, e, "/api/v1/account/lists", &lp)
		if len(lp.Lists) != 2 || lp.Lists[0].Name != "Book club" || lp.Lists[1].Count != 1 || lp.Lists[1].Shared {
			t.Errorf("GET /api/v1/account/lists = %+v", lp)
		}
		_, body = e.Do(t, "GET", path, nil, me)
		if !strings.Contains(body, "Tuntematon sotilas") {
			t.Errorf("list page does not show its record")
		}

		// Someone else gets 404 for every page and action of the list.
		_, saga := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		for _, tt := range []struct {
			method, path string
			form         url.Values
		}{
			{"GET", path, nil},
			{"GET", "/api/v1" + path, nil},
			{"POST", path + "/rename", url.Values{"name": {"Mine now"}}},
			{"POST", path + "/share", url.Values{}},
			{"POST", path + "/remove", url.Values{"record": {strconv.FormatInt(rec, 10)}}},
			{"POST", path + "/delete", url.Values{}},
			{"POST", e.RecordPath("(TEST)2") + "/lists", url.Values{"list": {id}}},
		} {
			resp, _ := e.Do(t, tt.method, tt.path, tt.form, "Cookie: "+saga+"; lang=en")
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("another patron's %s %s: %d, want 404", tt.method, tt.path, resp.StatusCode)
			}
		}

		// Share, read without signing in, make private: the link dies.
		e.Do(t, "POST", path+"/share", url.Values{}, me)
		var own listPage
		webtest.APIGet(t, e, "/api/v1"+path, &own)
		if !own.Shared || !strings.HasPrefix(own.ShareURL, "/lists/shared/") {
			t.Fatalf("shared list = %+v", own)
		}
		resp, body = e.Do(t, "GET", own.ShareURL+"?lang=sv", nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Summer reading") || !strings.Contains(body, "Tuntematon sotilas") {
			t.Errorf("shared list without signing in: %d", resp.StatusCode)
		}
		if strings.Contains(body, "Virtanen") {
			t.Error("shared list names its owner")
		}
		e.Do(t, "POST", path+"/private", url.Values{}, me)
		resp, _ = e.Do(t, "GET", own.ShareURL, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("revoked link: %d, want 404", resp.StatusCode)
		}

		// Rename, remove, delete.
		e.Do(t, "POST", path+"/rename", url.Values{"name": {"Autumn reading"}}, me)
		e.Do(t, "POST", path+"/remove", url.Values{"record": {strconv.FormatInt(rec, 10)}}, me)
		webtest.APIGet(t, e, "/api/v1"+path, &own)
		if own.Name != "Autumn reading" || len(own.Records) != 0 {
			t.Errorf("after rename and remove: %+v", own)
		}
		resp, body = e.Do(t, "POST", path+"/rename", url.Values{"name": {" "}}, me)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "lists.error.name_empty"))) {
			t.Errorf("empty name: %d", resp.StatusCode)
		}
		resp, _ = e.Do(t, "POST", path+"/delete", url.Values{}, me)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("delete: %d", resp.StatusCode)
		}
		resp, _ = e.Do(t, "GET", path, nil, me)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("deleted list: %d, want 404", resp.StatusCode)
		}
	})
}

func TestListLimitMessage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for i := range library.MaxLists {
			if _, err := e.DB.CreateList(context.Background(), e.Patron.ID, "L"+strconv.Itoa(i)); err != nil {
				t.Fatal(err)
			}
		}
		for _, lang := range webtest.Langs {
			resp, body := e.Do(t, "POST", "/account/lists", url.Values{"name": {"One too many"}}, e.AsPatron(lang))
			if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg(lang, "lists.error.too_many"))) {
				t.Errorf("%s: 101st list: %d, want 409 with the reason", lang, resp.StatusCode)
			}
			if !strings.Contains(body, `value="One too many"`) {
				t.Errorf("%s: the typed name is lost", lang)
			}
		}
	})
}

// ourIDs matches the message ids of lists and ratings.
var ourIDs = regexp.MustCompile(`\b(lists|ratings)\.[a-z_]+`)

func TestListsPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		l, err := e.DB.CreateList(ctx, e.Patron.ID, "Lukulista")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.DB.AddToList(ctx, e.Patron.ID, l.ID, e.Records["(TEST)1"]); err != nil {
			t.Fatal(err)
		}
		if err := e.DB.Rate(ctx, e.Patron.ID, e.Records["(TEST)1"], 4); err != nil {
			t.Fatal(err)
		}
		shared, err := e.DB.ShareList(ctx, e.Patron.ID, l.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range webtest.Langs {
			for _, tt := range []struct {
				path   string
				cookie string
			}{
				{"/account/lists", e.AsPatron(lang)},
				{"/account/lists?done=created", e.AsPatron(lang)},
				{web.ListURL(l.ID) + "?done=shared", e.AsPatron(lang)},
				{"/lists/shared/" + shared.ShareToken, "Cookie: lang=" + lang},
				{e.RecordPath("(TEST)1"), e.AsPatron(lang)},
				{e.RecordPath("(TEST)1"), "Cookie: lang=" + lang},
				{"/account", e.AsPatron(lang)},
			} {
				resp, body := e.Do(t, "GET", tt.path, nil, tt.cookie)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s: status %d", lang, tt.path, resp.StatusCode)
				}
				if !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s %s: no <html lang=%q>", lang, tt.path, lang)
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: page shows raw message id %q", lang, tt.path, id)
				}
				// Also ids that no catalogue has, and template fields left empty.
				for _, id := range ourIDs.FindAllString(body, -1) {
					t.Errorf("%s %s: page shows message id %q", lang, tt.path, id)
				}
				if strings.Contains(body, "<no value>") {
					t.Errorf("%s %s: a message lacks a value", lang, tt.path)
				}
				if strings.HasPrefix(tt.path, "/account") || strings.HasPrefix(tt.path, "/lists") {
					if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
						t.Errorf("%s %s: Cache-Control %q, want no-store", lang, tt.path, cc)
					}
				}
			}
		}
	})
}

// TestListsCrossOriginPostRefused: a form on another site cannot change
// a patron's lists or ratings, and no GET changes anything.
func TestListsCrossOriginPostRefused(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		l, err := e.DB.CreateList(ctx, e.Patron.ID, "Mine")
		if err != nil {
			t.Fatal(err)
		}
		path, rec := web.ListURL(l.ID), e.RecordPath("(TEST)1")
		for _, tt := range []struct {
			path string
			form url.Values
		}{
			{"/account/lists", url.Values{"name": {"Evil"}}},
			{path + "/share", url.Values{}},
			{path + "/rename", url.Values{"name": {"Evil"}}},
			{path + "/delete", url.Values{}},
			{rec + "/lists", url.Values{"list": {strconv.FormatInt(l.ID, 10)}}},
			{rec + "/rating", url.Values{"stars": {"1"}}},
		} {
			resp, _ := e.Do(t, "POST", tt.path, tt.form, e.AsPatron("en"), "Sec-Fetch-Site: cross-site", "Origin: https://evil.example")
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("cross-origin POST %s: %d, want 403", tt.path, resp.StatusCode)
			}
			// The same addresses by GET change nothing either.
			e.Do(t, "GET", tt.path+"?"+tt.form.Encode(), nil, e.AsPatron("en"))
		}
		got, entries, err := e.DB.List(ctx, e.Patron.ID, l.ID)
		if err != nil || got.Name != "Mine" || got.Shared() || len(entries) != 0 {
			t.Errorf("list after cross-origin posts and GETs: %+v, %d records, %v", got, len(entries), err)
		}
		if lists, _ := e.DB.Lists(ctx, e.Patron.ID); len(lists) != 1 {
			t.Errorf("%d lists, want 1", len(lists))
		}
		if r, _ := e.DB.RecordRating(ctx, e.Records["(TEST)1"]); r.Count != 0 {
			t.Errorf("rating %+v after cross-origin post and GET, want none", r)
		}
	})
}
