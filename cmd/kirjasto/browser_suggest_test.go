package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// journeySuggestion closes the loop of a purchase suggestion: a resident
// suggests a title the catalogue lacks, Helsinki's staff accept it on
// their suggestions' pages, the administrator catalogues a record with
// its ISBN, and the resident finds the hold in My Account, placed by the
// catalogue's save without anyone naming the record.
func (env *browserEnv) journeySuggestion(t *testing.T) {
	const title, isbn = "Kevään kirjasto-opas", "979-12-0099-990-4"
	p := env.patron(t, "Holmström, Erik")
	resident := env.patronTab(t, p)
	resident.open("/account/suggestions/new?lang=en")
	resident.fill("#title", title)
	resident.fill("#author", "Opas, Olli")
	resident.fill("#isbn", isbn)
	resident.fill("#why", "Uusille kävijöille.")
	resident.submit(`form.ask-form button[type=submit]`)
	if !strings.HasPrefix(resident.location(), "/account/asked") {
		t.Fatalf("suggesting led to %s: %s", resident.location(), resident.text("main"))
	}

	staff := env.staffTab(t, env.staffNamed(t, "helsinki-staff"))
	staff.open("/admin/suggestions?lang=en")
	link := eval[string](staff, `[...document.querySelectorAll('table.suggest-groups th a')].filter(a =>
		a.innerText.trim() === `+jsString(title)+`).map(a => a.getAttribute('href'))[0] || ""`)
	if link == "" {
		t.Fatalf("the staff's list lacks the suggestion: %s", staff.text("main"))
	}
	staff.click(`table.suggest-groups a[href="` + link + `"]`)
	staff.checkAxe()
	staff.submit(`form[action$="/accept"] button[type=submit]`)
	if done := staff.text(`main .notice.ok[role=status]`); done == "" || !strings.HasPrefix(staff.location(), link+"?done=accepted") {
		t.Fatalf("accepting led to %s: %s", staff.location(), staff.text("main"))
	}
	// A decision refused is told at its field.
	staff.submit(`form[action$="/owned"] button[type=submit]`)
	if staff.text("#owned_record-error") == "" {
		t.Errorf("marking owned without a record: no message at the field: %s", staff.text("main"))
	}
	staff.checkAxe()

	admin := env.staffTab(t, env.admin(t))
	admin.open("/catalogue/new?lang=en")
	admin.fill("#f-title", title)
	admin.fill("#f-author-0", "Opas, Olli")
	admin.fill("#f-isbn-0", isbn)
	admin.fill("#f-year", "2026")
	admin.do(chromedp.SetValue(chromedp.CSS("#f-material"), string(library.Book)))
	admin.submit(`form.catalogue-form button[type=submit]`)
	if !strings.HasSuffix(admin.location(), "?saved=1") {
		t.Fatalf("saving the record led to %s: %s", admin.location(), admin.text("main"))
	}

	resident.open("/account/holds?lang=en")
	titles := eval[[]string](resident, `[...document.querySelectorAll('ul.holds .item-title')].map(h => h.innerText.trim())`)
	if !slices.Contains(titles, title) {
		t.Errorf("My Account's holds %q lack the suggested title %q", titles, title)
	}
	// The staff's pages pass axe, with their headings in order, in every
	// language.
	staff.open(link + "?lang=en")
	for _, lang := range staff.languages() {
		for _, path := range []string{"/admin/suggestions?lang=" + lang, "/admin/suggestions?status=fulfilled&lang=" + lang, link + "?lang=" + lang} {
			staff.open(path)
			staff.checkAxe()
			staff.checkHeadings()
		}
	}
	staff.open(link + "?lang=en")
	if got := staff.text("table.suggest-group tbody"); !strings.Contains(got, env.i18n.T("en", "suggestion.status.fulfilled", nil)) {
		t.Errorf("the staff's page of the group says %q, want it arrived", got)
	}
}
