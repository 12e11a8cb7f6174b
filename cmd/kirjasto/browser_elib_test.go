package main

import (
	"strconv"
	"strings"
	"testing"
)

// journeyELending is the e-library's round: Liisa borrows a one-copy
// e-book and finds it in My Account; Anna, finding none free, reserves
// it; Liisa returns it, and Anna is told it is ready for her and
// borrows it within her window.
func (env *browserEnv) journeyELending(t *testing.T) {
	liisa := env.patronTab(t, env.patron(t, "Mäkinen, Liisa"))
	anna := env.patronTab(t, env.patron(t, "Grönroos, Anna"))
	id := env.oneCopyETitle(liisa)
	loanOf := func(path string) string { return `li.elib-loan:has(a[href="/records/` + id + `"]) ` + path }
	holdOf := func(path string) string { return `li.elib-hold:has(a[href="/records/` + id + `"]) ` + path }

	liisa.open("/elib/" + id + "?lang=fi")
	title := liisa.text("h1")
	liisa.submit(`form[action="/elib/` + id + `/borrow"] button[type=submit]`)
	if !strings.HasPrefix(liisa.location(), "/account/elib?done=borrowed") || !eval[bool](liisa, `!!document.querySelector(`+jsString(loanOf(`a[rel=noreferrer]`))+`)`) {
		t.Fatalf("borrowing led to %s: %s", liisa.location(), liisa.text("main"))
	}
	liisa.checkAxe()
	// Her reading app's shelf (the OPDS loans feed, read here with her
	// session) lists it too.
	if !env.opdsShelfHas(liisa, title) {
		t.Errorf("Liisa's OPDS loans feed lacks %q", title)
	}

	anna.open("/elib/" + id + "?lang=sv")
	if got, want := anna.text("p.avail"), env.i18n.T("sv", "elib_web.avail.none_first", nil); !strings.HasPrefix(got, want) {
		t.Errorf("with the one licence lent, the page says %q, want %q first", got, want)
	}
	anna.submit(`form[action="/elib/` + id + `/reserve"] button[type=submit]`)
	if !strings.HasPrefix(anna.location(), "/account/elib?done=reserved") || anna.text(holdOf("dl")) == "" {
		t.Fatalf("reserving led to %s: %s", anna.location(), anna.text("main"))
	}

	liisa.open("/account/elib?lang=fi")
	liisa.submit(loanOf(`form[action$="/return"] button[type=submit]`))
	if !strings.HasPrefix(liisa.location(), "/account/elib?done=returned") {
		t.Fatalf("returning led to %s: %s", liisa.location(), liisa.text("main"))
	}
	if env.opdsShelfHas(liisa, title) {
		t.Errorf("Liisa's OPDS loans feed still lists %q after the return", title)
	}

	anna.open("/account/messages?lang=sv")
	// The page isolates the title from the words around it (bidi).
	subject := env.i18n.T("sv", "notice.elib_offered.subject", map[string]any{"title": "\u2068" + title + "\u2069"})
	if !strings.Contains(anna.text("main"), subject) {
		t.Errorf("Anna's messages lack %q: %s", subject, anna.text("main"))
	}
	anna.open("/account/elib?lang=sv")
	anna.submit(holdOf(`form[action="/elib/` + id + `/borrow"] button[type=submit]`))
	if !strings.HasPrefix(anna.location(), "/account/elib?done=borrowed") || !eval[bool](anna, `!!document.querySelector(`+jsString(loanOf(`a[rel=noreferrer]`))+`)`) {
		t.Fatalf("borrowing the offer led to %s: %s", anna.location(), anna.text("main"))
	}
	anna.checkAxe()
	anna.submit(loanOf(`form[action$="/return"] button[type=submit]`))
}

// oneCopyETitle finds, through the catalogue's "online now" e-books, one
// with one licence and that one free, and returns its record ID.
func (env *browserEnv) oneCopyETitle(tb *tab) string {
	tb.t.Helper()
	free := env.i18n.T("en", "elib_web.avail.free", map[string]any{"Free": 1, "Total": 1})
	for page := 1; page <= 5; page++ {
		tb.open("/search?q=&material=ebook&online=now&lang=en&page=" + strconv.Itoa(page))
		id := eval[string](tb, `(async () => {
			for (const a of document.querySelectorAll('ol.hits a[href^="/records/"]')) {
				const id = a.pathname.split('/')[2];
				const page = await fetch('/elib/' + id + '?lang=en').then(r => r.text());
				if (page.includes(`+jsString(free)+`)) return id;
			}
			return '';
		})()`)
		if id != "" {
			return id
		}
	}
	tb.t.Fatal("no e-book with one free licence among the catalogue's first pages of e-books")
	return ""
}

// opdsShelfHas reports whether the tab's patron's OPDS 2 loans feed lists
// a publication of the title.
func (env *browserEnv) opdsShelfHas(tb *tab, title string) bool {
	tb.t.Helper()
	return eval[bool](tb, `fetch('/opds/loans', {headers: {Accept: 'application/opds+json'}})
		.then(r => r.ok ? r.json() : Promise.reject(new Error('GET /opds/loans: ' + r.status)))
		.then(f => (f.publications || []).some(p => p.metadata && p.metadata.title === `+jsString(title)+`))`)
}
