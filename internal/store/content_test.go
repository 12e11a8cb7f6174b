package store_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// news is a news item of lib, published at at (a draft when at is zero).
func news(lib, title string, at time.Time) library.NewsItem {
	n := library.NewsItem{Library: lib, Title: library.Text{"fi": title, "en": title + " (en)"},
		Summary: library.Text{"fi": "Tiivistelmä"}, Body: library.Text{"fi": "Teksti *Markdownina*."},
		Publication: library.Publication{Status: library.StatusDraft}}
	if !at.IsZero() {
		n.Publication = library.Publication{Status: library.StatusPublished, PublishAt: at}
	}
	return n
}

func contentPage(lib, slug, kind string) library.Page {
	return library.Page{Library: lib, Slug: slug, Kind: kind, Title: library.Text{"fi": "Sivu " + slug},
		Body: library.Text{"fi": "# Otsikko\n\nTeksti."}, Publication: library.Publication{Status: library.StatusDraft}}
}

func newsTitles(ns []library.NewsItem) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Title["fi"])
	}
	return out
}

// TestNewsLifecycle creates, edits, schedules, publishes, unpublishes and
// deletes news items, and checks what the public and staff lists show at
// each moment.
func TestNewsLifecycle(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustDo(t, db.PutConsortium(ctx, circConsortium()))
		ed := rulesAdmin(t, db, "editor", library.RoleAdmin, "")
		hour := func(h int) time.Time { return circNow.Add(time.Duration(h) * time.Hour) }

		old, err := db.CreateNews(ctx, news("", "Konsortion uutinen", hour(-48)), ed, hour(-49))
		mustDo(t, err)
		esp, err := db.CreateNews(ctx, news("espoo", "Espoon uutinen", hour(-1)), ed, hour(-2))
		mustDo(t, err)
		_, err = db.CreateNews(ctx, news("helsinki", "Helsingin uutinen", hour(-2)), ed, hour(-3))
		mustDo(t, err)
		draft, err := db.CreateNews(ctx, news("espoo", "Espoon luonnos", time.Time{}), ed, hour(-3))
		mustDo(t, err)
		later, err := db.CreateNews(ctx, news("espoo", "Espoon tuleva", hour(24)), ed, hour(-1))
		mustDo(t, err)
		if esp.Author != ed.ID || esp.Version != 1 || !esp.Created.Equal(hour(-2)) {
			t.Errorf("created %+v", esp)
		}

		list := func(f library.NewsFilter) []string {
			t.Helper()
			ns, total, err := db.News(ctx, f)
			mustDo(t, err)
			if f.Limit == 0 && total != len(ns) {
				t.Errorf("total %d for %d items", total, len(ns))
			}
			return newsTitles(ns)
		}
		public := library.NewsFilter{PublicAt: circNow}
		want := []string{"Espoon uutinen", "Helsingin uutinen", "Konsortion uutinen"}
		if diff := cmp.Diff(want, list(public)); diff != "" {
			t.Errorf("public now (-want +got):\n%s", diff)
		}
		espoo := library.NewsFilter{Libraries: []string{"", "espoo"}, PublicAt: circNow}
		if diff := cmp.Diff([]string{"Espoon uutinen", "Konsortion uutinen"}, list(espoo)); diff != "" {
			t.Errorf("Espoo's and the consortium's (-want +got):\n%s", diff)
		}
		// Staff see drafts and what is scheduled, newest first.
		staff := library.NewsFilter{Libraries: []string{"espoo"}}
		if diff := cmp.Diff([]string{"Espoon tuleva", "Espoon uutinen", "Espoon luonnos"}, list(staff)); diff != "" {
			t.Errorf("staff's list (-want +got):\n%s", diff)
		}
		// The scheduled item shows once its time comes.
		tomorrow := library.NewsFilter{PublicAt: hour(24)}
		if got := list(tomorrow); len(got) != 4 || got[0] != "Espoon tuleva" {
			t.Errorf("public tomorrow: %v", got)
		}
		// Paging.
		page, total, err := db.News(ctx, library.NewsFilter{PublicAt: circNow, Offset: 1, Limit: 1})
		mustDo(t, err)
		if total != 3 || len(page) != 1 || page[0].ID == esp.ID {
			t.Errorf("second page of one: %v of %d", newsTitles(page), total)
		}

		// Edit: the texts change, the library does not.
		edit := esp
		edit.Library = "helsinki"
		edit.Title = library.Text{"fi": "Espoon uutinen, korjattu", "sv": "Esbo nyheter"}
		edit.Summary = library.Text{}
		edited, err := db.UpdateNews(ctx, edit, ed, circNow)
		mustDo(t, err)
		if edited.Library != "espoo" || edited.Version != 2 || edited.Title["sv"] != "Esbo nyheter" || len(edited.Summary) != 0 {
			t.Errorf("edited %+v", edited)
		}
		// A stale edit is refused and changes nothing.
		edit.Title = library.Text{"fi": "Vanhasta versiosta"}
		_, err = db.UpdateNews(ctx, edit, ed, circNow)
		wantKey(t, err, "error.content_changed")
		if got, _ := db.NewsItem(ctx, esp.ID); got.Title["fi"] != "Espoon uutinen, korjattu" {
			t.Errorf("after a refused edit: %q", got.Title["fi"])
		}

		// Publish the draft now, unpublish an old one.
		p, err := db.PublishNews(ctx, draft.ID, time.Time{}, ed, circNow)
		mustDo(t, err)
		if !p.Public(circNow) || !p.PublishAt.Equal(circNow) {
			t.Errorf("published draft: %+v", p.Publication)
		}
		u, err := db.UnpublishNews(ctx, old.ID, ed, circNow)
		mustDo(t, err)
		if u.Status != library.StatusDraft || !u.PublishAt.IsZero() {
			t.Errorf("unpublished: %+v", u.Publication)
		}
		want = []string{"Espoon luonnos", "Espoon uutinen, korjattu", "Helsingin uutinen"}
		if diff := cmp.Diff(want, list(public)); diff != "" {
			t.Errorf("public after publishing and unpublishing (-want +got):\n%s", diff)
		}
		mustDo(t, db.DeleteNews(ctx, later.ID, ed, circNow))
		_, err = db.NewsItem(ctx, later.ID)
		wantKey(t, err, "error.news_not_found")
		wantKey(t, db.DeleteNews(ctx, later.ID, ed, circNow), "error.news_not_found")
		_, err = db.PublishNews(ctx, later.ID, time.Time{}, ed, circNow)
		wantKey(t, err, "error.news_not_found")
	})
}

// TestNewsRefused: bad input is refused with its key, and nothing is
// written, not even an audit entry.
func TestNewsRefused(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustDo(t, db.PutConsortium(ctx, circConsortium()))
		ed := rulesAdmin(t, db, "editor", library.RoleAdmin, "")
		for _, tt := range []struct {
			name, key string
			change    func(n *library.NewsItem)
		}{
			{"no Finnish title", "error.content_finnish_required", func(n *library.NewsItem) { n.Title = library.Text{"sv": "Bara svenska"} }},
			{"blank Finnish title", "error.content_finnish_required", func(n *library.NewsItem) { n.Title["fi"] = "  " }},
			{"body of a megabyte", "error.content_too_long", func(n *library.NewsItem) { n.Body["fi"] = strings.Repeat("a", 1<<20) }},
			{"title too long", "error.content_too_long", func(n *library.NewsItem) { n.Title["fi"] = strings.Repeat("ä", library.MaxContentTitle+1) }},
			{"unknown language", "error.content_language", func(n *library.NewsItem) { n.Body["de"] = "Deutsch" }},
			{"a language without its title", "error.content_title_missing", func(n *library.NewsItem) { n.Body["sv"] = "Text på svenska" }},
			{"unknown status", "error.content_status", func(n *library.NewsItem) { n.Status = "secret" }},
			{"published without a time", "error.content_publish_at", func(n *library.NewsItem) { n.Status = library.StatusPublished }},
			{"unknown library", "error.content_library", func(n *library.NewsItem) { n.Library = "turku" }},
			{"malformed library", "error.library_not_found", func(n *library.NewsItem) { n.Library = "Turku!" }},
		} {
			t.Run(tt.name, func(t *testing.T) {
				before := lastAuditID(t, db)
				n := news("espoo", "Uutinen", time.Time{})
				tt.change(&n)
				_, err := db.CreateNews(ctx, n, ed, circNow)
				wantKey(t, err, tt.key)
				if library.ErrorCode(err) != library.EINVALID {
					t.Errorf("code %s, want invalid", library.ErrorCode(err))
				}
				if ns, total, _ := db.News(ctx, library.NewsFilter{}); total != 0 {
					t.Errorf("a refused item was written: %v", newsTitles(ns))
				}
				if after := lastAuditID(t, db); after != before {
					t.Errorf("a refused item wrote an audit entry")
				}
			})
		}
	})
}

// TestPages covers pages: by slug, one of each kind per library, unique
// slugs within a library (the same slug in another library is fine), and
// the order of the lists.
func TestPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustDo(t, db.PutConsortium(ctx, circConsortium()))
		ed := rulesAdmin(t, db, "editor", library.RoleAdmin, "")

		mk := func(p library.Page) library.Page {
			t.Helper()
			p, err := db.CreatePage(ctx, p, ed, circNow)
			mustDo(t, err)
			return p
		}
		free := mk(contentPage("", "kirjastokortti", library.PageOther))
		priv := mk(contentPage("", "tietosuoja", library.PagePrivacy))
		about := mk(contentPage("", "tietoa", library.PageAbout))
		espAbout := mk(contentPage("espoo", "tietoa", library.PageAbout))

		_, err := db.CreatePage(ctx, contentPage("", "tietoa", library.PageOther), ed, circNow)
		wantKey(t, err, "error.page_slug_taken")
		_, err = db.CreatePage(ctx, contentPage("", "meista", library.PageAbout), ed, circNow)
		wantKey(t, err, "error.page_kind_taken")
		_, err = db.CreatePage(ctx, contentPage("", "Huono Osoite", library.PageOther), ed, circNow)
		wantKey(t, err, "error.page_slug")
		_, err = db.CreatePage(ctx, contentPage("", "ohje", "manual"), ed, circNow)
		wantKey(t, err, "error.page_kind")
		noBody := contentPage("", "tyhja", library.PageOther)
		noBody.Body = library.Text{}
		_, err = db.CreatePage(ctx, noBody, ed, circNow)
		wantKey(t, err, "error.content_finnish_required")
		// Renaming onto a taken slug is refused too.
		stale := free
		stale.Slug = "tietosuoja"
		_, err = db.UpdatePage(ctx, stale, ed, circNow)
		wantKey(t, err, "error.page_slug_taken")

		got, err := db.PageBySlug(ctx, "espoo", "tietoa")
		mustDo(t, err)
		if got.ID != espAbout.ID {
			t.Errorf("Espoo's tietoa is page %d, want %d", got.ID, espAbout.ID)
		}
		_, err = db.PageBySlug(ctx, "helsinki", "tietoa")
		wantKey(t, err, "error.page_not_found")

		slugs := func(f library.PageFilter) []string {
			t.Helper()
			ps, err := db.Pages(ctx, f)
			mustDo(t, err)
			var out []string
			for _, p := range ps {
				out = append(out, p.Library+"/"+p.Slug)
			}
			return out
		}
		if diff := cmp.Diff([]string{"/tietoa", "/tietosuoja", "/kirjastokortti", "espoo/tietoa"}, slugs(library.PageFilter{})); diff != "" {
			t.Errorf("all pages, in kind order (-want +got):\n%s", diff)
		}
		if got := slugs(library.PageFilter{Libraries: []string{""}, PublicAt: circNow}); len(got) != 0 {
			t.Errorf("public drafts: %v", got)
		}
		_, err = db.PublishPage(ctx, priv.ID, time.Time{}, ed, circNow)
		mustDo(t, err)
		_, err = db.PublishPage(ctx, about.ID, circNow.Add(time.Hour), ed, circNow)
		mustDo(t, err)
		if diff := cmp.Diff([]string{"/tietosuoja"}, slugs(library.PageFilter{Libraries: []string{""}, PublicAt: circNow})); diff != "" {
			t.Errorf("public now (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"/tietoa", "/tietosuoja"}, slugs(library.PageFilter{Libraries: []string{""}, PublicAt: circNow.Add(time.Hour)})); diff != "" {
			t.Errorf("public in an hour (-want +got):\n%s", diff)
		}
		_, err = db.UnpublishPage(ctx, priv.ID, ed, circNow)
		mustDo(t, err)
		mustDo(t, db.DeletePage(ctx, free.ID, ed, circNow))
		// The slug is free again.
		mk(contentPage("", "kirjastokortti", library.PageOther))
	})
}

// TestContentAudited: each change writes one audit entry with the acting
// staff member and the item's library; reading writes none.
func TestContentAudited(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustDo(t, db.PutConsortium(ctx, circConsortium()))
		ed := rulesAdmin(t, db, "espoo-editor", library.RoleContent, "espoo")
		var n library.NewsItem
		var p library.Page
		var err error
		for _, s := range []struct {
			action string
			do     func() error
		}{
			{library.AuditNewsCreate, func() error {
				n, err = db.CreateNews(ctx, news("espoo", "Uutinen", time.Time{}), ed, circNow)
				return err
			}},
			{library.AuditNewsUpdate, func() error { n.Title["sv"] = "Nyhet"; n, err = db.UpdateNews(ctx, n, ed, circNow); return err }},
			{library.AuditNewsPublish, func() error { _, err = db.PublishNews(ctx, n.ID, time.Time{}, ed, circNow); return err }},
			{library.AuditNewsUnpublish, func() error { _, err = db.UnpublishNews(ctx, n.ID, ed, circNow); return err }},
			{library.AuditNewsDelete, func() error { return db.DeleteNews(ctx, n.ID, ed, circNow) }},
			{library.AuditPageCreate, func() error {
				p, err = db.CreatePage(ctx, contentPage("espoo", "ohje", library.PageApp), ed, circNow)
				return err
			}},
			{library.AuditPageUpdate, func() error { p.Slug = "sovellus"; p, err = db.UpdatePage(ctx, p, ed, circNow); return err }},
			{library.AuditPagePublish, func() error { _, err = db.PublishPage(ctx, p.ID, time.Time{}, ed, circNow); return err }},
			{library.AuditPageUnpublish, func() error { _, err = db.UnpublishPage(ctx, p.ID, ed, circNow); return err }},
			{library.AuditPageDelete, func() error { return db.DeletePage(ctx, p.ID, ed, circNow) }},
		} {
			before := lastAuditID(t, db)
			if err := s.do(); err != nil {
				t.Fatalf("%s: %v", s.action, err)
			}
			var fresh []library.AuditEntry
			for _, e := range auditRows(t, db, library.AuditFilter{Limit: 10}) {
				if e.ID > before {
					fresh = append(fresh, e)
				}
			}
			if len(fresh) != 1 || fresh[0].Action != s.action || fresh[0].StaffID != ed.ID || fresh[0].Library != "espoo" {
				t.Errorf("%s wrote %+v, want one entry of the action by %d for espoo", s.action, fresh, ed.ID)
			}
		}
	})
}

// TestPagesConcurrent: editors creating the same slug at once get one
// page and refusals, never a server error, on both databases.
func TestPagesConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustDo(t, db.PutConsortium(ctx, circConsortium()))
		ed := rulesAdmin(t, db, "editor", library.RoleAdmin, "")
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = db.CreatePage(ctx, contentPage("vantaa", "saavutettavuus", library.PageAccessibility), ed, circNow)
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case library.ErrorCode(err) != library.ECONFLICT:
				t.Errorf("concurrent create: %v, want a conflict", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d pages created at once, want 1", ok)
		}
	})
}

// TestNewsConcurrentEdits: editors saving the same version at once get
// one save and conflicts, on both databases; the item has the one save.
func TestNewsConcurrentEdits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustDo(t, db.PutConsortium(ctx, circConsortium()))
		ed := rulesAdmin(t, db, "editor", library.RoleAdmin, "")
		n, err := db.CreateNews(ctx, news("espoo", "Alku", time.Time{}), ed, circNow)
		mustDo(t, err)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				edit := n
				edit.Title = library.Text{"fi": "Versio " + strconv.Itoa(i)}
				_, errs[i] = db.UpdateNews(ctx, edit, ed, circNow)
			})
		}
		wg.Wait()
		saved := -1
		for i, err := range errs {
			switch {
			case err == nil:
				if saved >= 0 {
					t.Errorf("edits %d and %d both saved", saved, i)
				}
				saved = i
			case library.ErrorKey(err) != "error.content_changed":
				t.Errorf("edit %d: %v, want a conflict", i, err)
			}
		}
		got, err := db.NewsItem(ctx, n.ID)
		mustDo(t, err)
		if saved < 0 || got.Version != 2 || got.Title["fi"] != "Versio "+strconv.Itoa(saved) {
			t.Errorf("saved edit %d; the item is %q at version %d", saved, got.Title["fi"], got.Version)
		}
	})
}
