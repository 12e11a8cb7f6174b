package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
)

// testJourneys walks the main journeys of residents and staff through the
// site, as a person would: typing, clicking and reading what the page says.
func (env *browserEnv) testJourneys(t *testing.T) {
	t.Run("search, filter, reserve, see the hold", env.journeyReserve)
	t.Run("renew a loan", env.journeyRenew)
	t.Run("change language midway", env.journeyLanguage)
	t.Run("wrong PIN", env.journeyWrongPIN)
	t.Run("desk checkout and checkin", env.journeyDesk)
	t.Run("opening hours on a phone", env.journeyHoursOnPhone)
	t.Run("events: a weekly series, a guest signs up and cancels", env.journeyEvents)
	t.Run("book a studio", env.journeyBookStudio)
	t.Run("digital help in Arabic without a card", env.journeyDigitalHelpInArabic)
	t.Run("suggestion becomes a hold", env.journeySuggestion)
	t.Run("Chat: a Russian resident and a Finnish librarian", env.journeyChat)
	t.Run("e-library: borrow, reserve, return, borrow the offer", env.journeyELending)
}

// journeyHoursOnPhone reads a branch's opening hours on a 320 px phone in
// every language: both weeks' tables fit without scrolling sideways, so
// no column (such as a holiday's name) is out of sight.
func (env *browserEnv) journeyHoursOnPhone(t *testing.T) {
	tb := env.newTab(t)
	tb.setViewport(viewport{"320px", 320, 640, 1})
	tb.open("/libraries")
	lib := tb.firstLink(`main a[href^="/libraries/"]`)
	for _, lang := range tb.languages() {
		tb.open(lib + "?lang=" + lang)
		if n := eval[int](tb, `document.querySelectorAll('table.hours').length`); n != 2 {
			t.Errorf("%s [%s]: %d tables of hours, want this week and next", lib, lang, n)
		}
		cut := eval[[]string](tb, `[...document.querySelectorAll('table.hours')].filter(t =>
			t.parentElement.scrollWidth > t.parentElement.clientWidth + 1).map(t => t.innerText.slice(0, 40))`)
		if len(cut) > 0 {
			t.Errorf("%s [%s]: the hours scroll sideways on a phone: %q", lib, lang, cut)
		}
	}
}

// patron returns the demo patron called name.
func (env *browserEnv) patron(t *testing.T, name string) demo.DemoPatron {
	t.Helper()
	for _, p := range env.patrons {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no demo patron %q", name)
	return demo.DemoPatron{}
}

// search types q into the search box of the page and submits it.
func (tb *tab) search(q string) {
	tb.t.Helper()
	tb.fill("#q", q)
	tb.click(`form.searchbox button[type=submit]`)
	if !strings.HasPrefix(tb.location(), "/search") {
		tb.t.Fatalf("searching %q led to %s", q, tb.location())
	}
}

func (env *browserEnv) journeyReserve(t *testing.T) {
	// James Smith has no preferred pickup library, so he must choose one.
	p := env.patron(t, "Smith, James")
	tb := env.newTab(t)
	tb.open("/")
	tb.search("kissa")
	before := tb.text("p.total")

	// Filter by the first value of the first facet.
	facet := strings.TrimSpace(tb.text("section.facets li a"))
	tb.click("section.facets li a")
	if chips := tb.text("section.selected .chips"); chips == "" {
		t.Fatalf("after choosing the filter %q no filter is shown as selected", facet)
	}
	if after := tb.text("p.total"); after == before {
		t.Errorf("filter %q left the total at %q", facet, after)
	}

	// Open the first hit and reserve it, signing in on the way.
	title := strings.TrimSpace(tb.text("ol.hits h3 a"))
	tb.click("ol.hits h3 a")
	if got := strings.TrimSpace(tb.text("main h1")); got != title {
		t.Fatalf("record page h1 = %q, want %q", got, title)
	}
	record := tb.location()
	tb.click("section.reserve a.button")
	if !strings.HasPrefix(tb.location(), "/signin") {
		t.Fatalf("reserving without signing in led to %s, want the sign-in page", tb.location())
	}
	tb.signIn(p)
	if tb.location() != record+"#reserve" {
		t.Fatalf("after signing in: %s, want back at %s#reserve", tb.location(), record)
	}
	// The reserve form's heading has the focus, so the keyboard and the
	// screen reader go on from the form, not from the top of the page.
	if id := eval[string](tb, `document.activeElement.id`); id != "reserve" {
		t.Errorf("after signing in the focus is on #%s, want #reserve", id)
	}
	pickup := eval[string](tb, `[...document.querySelectorAll('#pickup option')].map(o => o.value).find(v => v) || ""`)
	if pickup == "" {
		t.Fatal("the pickup list offers no library")
	}
	tb.do(chromedp.SetValue(chromedp.CSS("#pickup"), pickup))
	tb.click("section.reserve button[type=submit]")
	if !eval[bool](tb, `!!document.querySelector('main .notice.ok[role=status]')`) {
		t.Fatalf("hold not placed: %s", tb.text("main"))
	}

	tb.click(`main a[href="/account/holds"]`)
	titles := eval[[]string](tb, `[...document.querySelectorAll('ul.holds .item-title')].map(h => h.innerText.trim())`)
	if !slices.Contains(titles, title) {
		t.Errorf("My Account's holds %q lack the new hold %q", titles, title)
	}
}

func (env *browserEnv) journeyRenew(t *testing.T) {
	tb := env.patronTab(t, env.patron(t, "Virtanen, Aino"))
	tb.open("/account")
	tb.click(`nav.subnav a[href="/account/loans"]`)
	loans := eval[[]string](tb, `[...document.querySelectorAll('ul.loans input[name=barcode]')].map(i => i.value)`)
	if len(loans) == 0 {
		t.Fatal("the demo patron has no loans to renew")
	}
	renewals := func(barcode string) string {
		return eval[string](tb, `[...document.querySelectorAll('ul.loans li.loan')].filter(li =>
			li.querySelector('input[name=barcode]').value === `+jsString(barcode)+`).map(li => li.querySelector('.meta').innerText)[0] || ""`)
	}
	// Renew the loan due last: it is not overdue and nobody waits for it.
	barcode := loans[len(loans)-1]
	before := renewals(barcode)
	tb.click(`ul.loans li.loan:last-child form button[type=submit]`)
	if ok := tb.text("section.results li.ok"); ok == "" {
		t.Fatalf("renewing %s: no success shown: %s", barcode, tb.text("section.results"))
	}
	if after := renewals(barcode); after == before {
		t.Errorf("loan %s still says %q after renewing", barcode, after)
	}
}

func (env *browserEnv) journeyLanguage(t *testing.T) {
	tb := env.newTab(t)
	tb.open("/?lang=fi")
	tb.search("kissa")
	fiHeading := tb.text("main h1")

	tb.click(`nav.langs a[hreflang="sv"]`)
	if lang := eval[string](tb, "document.documentElement.lang"); lang != "sv" {
		t.Fatalf("after choosing Svenska the page is in %q", lang)
	}
	if h := tb.text("main h1"); h == fiHeading || !strings.Contains(h, "kissa") {
		t.Errorf("Swedish results heading %q: want it translated from %q, still about kissa", h, fiHeading)
	}
	if q := eval[string](tb, "document.querySelector('#q').value"); q != "kissa" {
		t.Errorf("the search box holds %q after the language change, want kissa", q)
	}

	// The journey goes on in Swedish: a record, then the libraries.
	tb.click("ol.hits h3 a")
	tb.click(`nav.menu a[href="/libraries"]`)
	if lang := eval[string](tb, "document.documentElement.lang"); lang != "sv" {
		t.Errorf("two pages on, the page is in %q, want sv", lang)
	}
	if label, want := tb.text(`nav.menu a[href="/libraries"]`), env.i18n.T("sv", "nav.libraries", nil); label != want {
		t.Errorf("menu says %q, want the Swedish %q", label, want)
	}
}

func (env *browserEnv) journeyWrongPIN(t *testing.T) {
	p := env.patron(t, "Lindqvist, Saga")
	tb := env.newTab(t)
	tb.open("/signin?lang=en")
	tb.fill("#card", p.CardNumber)
	wrong := "0000"
	if p.PIN == wrong {
		wrong = "1111"
	}
	tb.fill("#pin", wrong)
	tb.click(`form.account-form button[type=submit]`)

	if !strings.HasPrefix(tb.location(), "/signin") {
		t.Fatalf("a wrong PIN led to %s", tb.location())
	}
	// The error is tied to the PIN field, so a screen reader reads it there.
	field := eval[map[string]string](tb, `(() => {
		const pin = document.querySelector('#pin');
		const ids = (pin.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
		return {invalid: pin.getAttribute('aria-invalid') || '',
			message: ids.map(id => (document.getElementById(id) || {}).innerText || '').join(' ').trim()};
	})()`)
	if field["message"] == "" {
		t.Error("the PIN field is described by no error message")
	}
	if field["invalid"] != "true" && !eval[bool](tb, `!!document.querySelector('[role=alert]')`) {
		t.Errorf("wrong PIN: field %v, and no alert", field)
	}
	tb.checkAxe()

	// And nobody is signed in.
	tb.open("/account")
	if !strings.HasPrefix(tb.location(), "/signin") {
		t.Errorf("after a wrong PIN /account shows %s, want the sign-in page", tb.location())
	}
}

func (env *browserEnv) journeyDesk(t *testing.T) {
	from := env.patron(t, "Holmström, Erik")
	to := env.patron(t, "Grönroos, Anna")
	// The consortium's administrator, who may receive an item at whichever
	// city's branch it travels to; a city's own staff act only for its
	// branches.
	tb := env.staffTab(t, env.admin(t))
	tb.open("/")
	tb.click(`nav.menu a[href="/desk"]`)

	lookUp := func(card string) {
		tb.fill("#card", card)
		tb.click(`form:has(#card) button[type=submit]`)
		if got := tb.text("#patron-name"); !strings.Contains(got, card) {
			t.Fatalf("looking up %s shows %q", card, got)
		}
	}
	loanBarcodes := func() []string {
		return eval[[]string](tb, `[...document.querySelectorAll('section.patron tbody tr td:first-child')].map(td => td.innerText.trim())`)
	}

	// Check in Erik's loans until one, after going home to its own branch
	// if it must, is back on a shelf, free to lend again.
	lookUp(from.CardNumber)
	loans := loanBarcodes()
	if len(loans) == 0 {
		t.Fatal("the demo patron has no loans to check in")
	}
	checkin := func(barcode string) string {
		tb.fill("#checkin-barcode", barcode)
		tb.click(`form[action="/desk/checkin"] button[type=submit]`)
		if got := tb.text("#route-h"); !strings.Contains(got, barcode) {
			t.Fatalf("checking in %s shows %q", barcode, got)
		}
		return eval[string](tb, `document.querySelector('section.route').className`)
	}
	barcode, routes := "", []string{}
	for _, b := range loans {
		route := checkin(b)
		if slices.Contains(loanBarcodes(), b) {
			t.Errorf("after the checkin %s is still on Erik's loans", b)
		}
		if strings.Contains(route, "route-transit") {
			// Switch the desk to the branch the page names, as staff
			// there would, and receive the item.
			home := eval[string](tb, `(() => { const text = document.querySelector('section.route .route-text').innerText;
				return ([...document.querySelectorAll('#branch option')].filter(o => text.includes(o.text))
					.sort((a, b) => b.text.length - a.text.length)[0] || {}).value || ""; })()`)
			if home == "" {
				t.Fatalf("checkin of %s names no branch of the list: %s", b, tb.text("section.route"))
			}
			tb.do(chromedp.SetValue(chromedp.CSS("#branch"), home))
			tb.click(`form.branch-switch button[type=submit]`)
			route = checkin(b)
		}
		routes = append(routes, route)
		if strings.Contains(route, "route-shelf") {
			barcode = b
			break
		}
	}
	if barcode == "" {
		t.Fatalf("none of Erik's loans %v went back on a shelf: %v", loans, routes)
	}

	// Check it out to Anna.
	lookUp(to.CardNumber)
	tb.fill("#checkout-barcode", barcode)
	tb.click(`form[action="/desk/checkout"] button[type=submit]`)
	if ok := tb.text("ul.messages li.ok"); !strings.Contains(ok, barcode) {
		t.Fatalf("checking out %s: %q %q", barcode, ok, tb.text("ul.messages"))
	}
	if !slices.Contains(loanBarcodes(), barcode) {
		t.Errorf("after the checkout Anna's loans %v lack %s", loanBarcodes(), barcode)
	}
}

// admin is the demo's consortium administrator.
func (env *browserEnv) admin(t *testing.T) demo.DemoStaff {
	t.Helper()
	for _, s := range env.staff {
		if s.Role == library.RoleAdmin {
			return s
		}
	}
	t.Fatal("the demo has no administrator")
	return demo.DemoStaff{}
}
