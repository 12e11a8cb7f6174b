package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/demo"
)

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&b, "\n\t… and %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n\t%v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

// axeRules are the rule sets the site must pass: WCAG 2.1 A and AA.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}, resultTypes: ['violations']})
	.then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))})))`

// axeRunNoContrast is axeRun without the colour-contrast rule, which
// takes about two thirds of axe's time on a page. The walk of every page
// in every language uses it where contrast cannot differ from a language
// already checked: colours and sizes come from the style sheet, not the
// text, and every left-to-right language in Latin or Cyrillic letters is
// laid out alike. The first language and Arabic (right to left, another
// script and font) are checked with every rule.
const axeRunNoContrast = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']},
	rules: {'color-contrast': {enabled: false}}, resultTypes: ['violations']})
	.then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))})))`

// axe runs axe-core on the tab's page and returns what it finds.
func (tb *tab) axe() []axeViolation {
	tb.t.Helper()
	return tb.axeWith(axeRun)
}

func (tb *tab) axeWith(run string) []axeViolation {
	tb.t.Helper()
	if !eval[bool](tb, `typeof axe !== 'undefined'`) {
		eval[bool](tb, tb.env.axe+"\n;true")
	}
	return eval[[]axeViolation](tb, run)
}

// checkAxe reports every violation axe-core finds on the tab's page.
func (tb *tab) checkAxe() {
	tb.t.Helper()
	tb.reportAxe(tb.axe())
}

// checkAxeButContrast is checkAxe without the colour-contrast rule; see
// axeRunNoContrast for where that is enough.
func (tb *tab) checkAxeButContrast() {
	tb.t.Helper()
	tb.reportAxe(tb.axeWith(axeRunNoContrast))
}

func (tb *tab) reportAxe(vs []axeViolation) {
	tb.t.Helper()
	for _, v := range vs {
		tb.t.Errorf("%s [%s]: %s", tb.location(), eval[string](tb, "document.documentElement.lang"), v)
	}
}

// headingSkips lists the headings whose level is more than one below
// the heading before them, and a page whose first heading is not h1.
const headingSkips = `(() => {
	let prev = 0, bad = [];
	for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6')) {
		const level = +h.tagName[1];
		if (level > prev + 1) bad.push(h.tagName + ' after ' + (prev ? 'h' + prev : 'nothing') + ': ' + h.textContent.trim().slice(0, 60));
		prev = level;
	}
	return bad;
})()`

// checkHeadings reports headings that skip a level.
func (tb *tab) checkHeadings() {
	tb.t.Helper()
	for _, s := range eval[[]string](tb, headingSkips) {
		tb.t.Errorf("%s: heading level skipped: %s", tb.location(), s)
	}
}

// languages returns the languages the page's switcher offers.
func (tb *tab) languages() []string {
	tb.t.Helper()
	langs := eval[[]string](tb, `[...document.querySelectorAll('nav.langs a[hreflang]')].map(a => a.hreflang)`)
	if len(langs) < 4 {
		tb.t.Fatalf("the language switcher offers %v, want at least fi, sv, en, ru", langs)
	}
	return langs
}

// firstLink returns the path of the first link in the page matching sel.
func (tb *tab) firstLink(sel string) string {
	tb.t.Helper()
	href := eval[string](tb, `(document.querySelector(`+jsString(sel)+`)||{}).pathname||""`)
	if href == "" {
		tb.t.Fatalf("%s: no link %s", tb.location(), sel)
	}
	return href
}

// sitePages lists the main pages of the site by who may see them.
type sitePages struct {
	public, patron, guardian, staff []string
	admin                           []string // the administration's, for the consortium administrator
}

// discoverPages finds a record, a library, a child and a patron to show,
// by following the site's own links.
func (env *browserEnv) discoverPages(t *testing.T) sitePages {
	tb := env.newTab(t)
	tb.open("/search?q=")
	record := tb.firstLink(`ol.hits a[href^="/records/"]`)
	work := tb.firstLink(`ol.hits a[href^="/works/"]`)
	tb.open("/search?q=&online=now")
	etitle := tb.firstLink(`ol.hits a[href^="/elib/"]`)
	tb.open("/libraries")
	lib := tb.firstLink(`main a[href^="/libraries/"]`)
	tb.open("/news")
	news := tb.firstLink(`ol.news-list a[href^="/news/"]`)
	tb.open("/events")
	event := tb.firstLink(`li.event-card h3 a`)
	tb.open("/picks")
	pick := tb.firstLink(`main h2 a[href^="/picks/"], main h3 a[href^="/picks/"]`)
	tb.open("/bookings")
	resource := tb.firstLink(`main h3 a[href^="/bookings/resources/"]`)
	ps := sitePages{
		public: []string{"/", "/search?q=kissa", "/search?q=", record, "/libraries", lib,
			"/signin", "/staff/signin", "/pin/forgot", work, "/setup/no-such-link", "/register", "/pin/first",
			"/news", news, "/pages/saavutettavuus", "/events", event, "/picks", pick, "/bookings", resource, "/chat", etitle},
		patron: []string{"/account", "/account/loans", "/account/holds", "/account/fees",
			"/account/lists", "/account/searches", "/account/messages", "/account/profile",
			"/account/pin", "/account/history", "/account/privacy", "/account/privacy/close", "/account/card", "/account/apps", record, "/account/confirm",
			"/account/events", "/account/bookings", "/account/elib", "/account/elib/apps", etitle},
		guardian: []string{"/account/children"},
		staff: []string{"/desk", "/desk?card=" + env.patrons[0].CardNumber, "/desk/picklist",
			"/desk/holdshelf", "/desk/transit", "/staff/outbox", "/admin", "/admin/account",
			"/admin/events", "/admin/bookings?branch=hki-oodi", "/admin/bookings/requests",
			"/admin/chat", "/admin/chat/answers", "/admin/chat/hours", "/admin/stats"},
		admin: []string{"/admin/staff", "/admin/staff/new", "/admin/audit",
			"/admin/rules", "/admin/rules/edit", "/admin/rules/explain?category=child&material=dvd&library=espoo",
			"/admin/libraries", "/admin/libraries/helsinki", "/admin/libraries/helsinki/holidays",
			"/admin/libraries/helsinki/branches/new", "/admin/branches/hki-oodi", "/admin/branches/hki-oodi/close",
			"/admin/branches/hki-oodi/hours", "/admin/branches/hki-oodi/calendar", "/admin/branches/hki-oodi/photo",
			"/admin/events/new", "/admin/events/series/new", "/admin/picks", "/admin/picks/new",
			"/admin/resources?branch=hki-oodi", "/admin/resources/new?branch=hki-oodi", "/admin/bookings/new?branch=hki-oodi",
			"/admin/bookings/blocks/new?branch=hki-oodi", "/admin/bookings/no-shows",
			"/admin/elib", "/admin/elib/rules", "/admin/elib/stats", "/admin/stats", "/admin/stats/national"},
	}
	a := env.staffTab(t, env.admin(t))
	a.open("/admin/staff")
	ps.admin = append(ps.admin, a.firstLink(`main table a[href^="/admin/staff/"]`))
	a.open("/admin/news")
	ps.admin = append(ps.admin, "/admin/news", a.firstLink(`main table a[href^="/admin/news/"]`))
	a.open("/admin/pages")
	ps.admin = append(ps.admin, "/admin/pages", a.firstLink(`main table a[href^="/admin/pages/"]`))
	a.open("/admin/events")
	ev := a.firstLink(`table.events-admin-list th a`)
	a.open("/admin/events?view=upcoming&page=2")
	series := a.firstLink(`table.events-admin-list th a`)
	a.open(series)
	if eval[bool](a, `!!document.querySelector('a[href^="/admin/series/"]')`) {
		series = a.firstLink(`a[href^="/admin/series/"]`)
	}
	a.open("/admin/picks")
	ps.admin = append(ps.admin, ev, ev+"/attendees", ev+"/cancel", ev+"/image", series, a.firstLink(`main table th a[href^="/admin/picks/"]`))
	a.open("/admin/resources?branch=hki-oodi")
	ps.admin = append(ps.admin, a.firstLink(`main table th a[href^="/admin/resources/"]`))
	ps.staff = append(ps.staff, env.askPages(a)...)
	ps.admin = append(ps.admin, "/admin/ask")
	ps.staff = append(ps.staff, env.patronDeskPages(t)...)
	ps.admin = append(ps.admin, env.cataloguePages(a, strings.TrimPrefix(record, "/records/"))...)
	g := env.patronTab(t, env.guardian(t))
	g.open("/account/children")
	ps.guardian = append(ps.guardian, g.firstLink(`main a[href^="/account/children/"]`))
	return ps
}

// askPages sends Helsinki a guest's question and feedback, as the forms
// do, and returns the staff's pages of questions and feedback with the
// two items' own, for Helsinki's desk staff.
func (env *browserEnv) askPages(a *tab) []string {
	a.t.Helper()
	a.open("/ask")
	for _, form := range []string{
		`{path: '/ask', library: 'helsinki', topic: 'loans', text: 'Saavutettavuuskoe', answer_by: 'email', name: 'Testi', email: 'testi@example.fi'}`,
		`{path: '/feedback', kind: 'idea', target: 'library:helsinki', text: 'Saavutettavuuskoe', consent: 'on'}`,
	} {
		ok := eval[bool](a, `(f => fetch(f.path, {method: 'POST', body: new URLSearchParams(f), redirect: 'manual'}).then(r => r.type === 'opaqueredirect'))(`+form+`)`)
		if !ok {
			a.t.Fatalf("sending %s was not redirected to its thank-you page", form)
		}
	}
	a.open("/admin/ask/questions?library=helsinki")
	question := a.firstLink(`table.ask-staff-list th a`)
	a.open("/admin/ask/feedback?library=helsinki")
	feedback := a.firstLink(`table.ask-staff-list th a`)
	return []string{"/admin/ask", "/admin/ask/questions", "/admin/ask/feedback", question, feedback}
}

// guardian returns the demo patron who manages a child's card.
func (env *browserEnv) guardian(t *testing.T) demo.DemoPatron {
	for _, p := range env.patrons {
		if p.Name == "Korhonen, Mikko" {
			return p
		}
	}
	t.Fatal("no guardian among the demo patrons")
	return demo.DemoPatron{}
}

// testAccessibility runs axe-core and the heading check on every main
// page, in every language the site offers, as a visitor, a patron, a
// guardian and staff (colour contrast in the first language and Arabic:
// see axeRunNoContrast). The first language is seen in a desktop window;
// the others on a 320 px phone, where the same page load also checks
// that nothing scrolls sideways (the Reflow test does the first
// language at that size), so each page is loaded once per language.
func (env *browserEnv) testAccessibility(t *testing.T) {
	pages := env.pages
	t.Run("axe finds faults", func(t *testing.T) {
		// The checks below pass only when axe finds nothing; make sure it
		// does find what it should.
		tb := env.newTab(t)
		tb.open("/")
		eval[bool](tb, `document.querySelector('main').append(document.createElement('img'), Object.assign(document.createElement('input'), {type: 'text'})) === undefined`)
		// A region that scrolls and holds nothing to focus: what the
		// layout-only run (axeRunLayout, the Reflow test) must find.
		eval[bool](tb, `document.querySelector('main').append(Object.assign(document.createElement('div'),
			{style: 'overflow:auto;height:2em;width:5em', innerText: 'x '.repeat(400)})) === undefined`)
		var layout []string
		for _, v := range tb.axeWith(axeRunLayout) {
			layout = append(layout, v.ID)
		}
		if !slices.Contains(layout, "scrollable-region-focusable") {
			t.Errorf("axe's layout run found %v on a page with a scrolling region nothing in it can focus", layout)
		}
		for _, run := range []string{axeRun, axeRunNoContrast} {
			var ids []string
			for _, v := range tb.axeWith(run) {
				ids = append(ids, v.ID)
			}
			if !slices.Contains(ids, "image-alt") || !slices.Contains(ids, "label") {
				t.Errorf("axe found %v on a page with an image without alt and an unlabelled field, want image-alt and label", ids)
			}
		}
	})
	visitor := env.newTab(t)
	visitor.open("/")
	langs := visitor.languages()
	t.Run("form errors", func(t *testing.T) { env.testFormErrors(t, langs) })
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			// Each language has tabs of its own, so that the languages
			// can be checked side by side.
			t.Parallel()
			visitor, patron := env.newTab(t), env.patronTab(t, env.patrons[0])
			guardian, staff := env.patronTab(t, env.guardian(t)), env.staffTab(t, env.staff[1])
			admin := env.staffTab(t, env.admin(t))
			phone := lang != langs[0]
			contrast := lang == langs[0] || lang == "ar"
			for _, set := range []pageSet{{visitor, pages.public}, {patron, pages.patron}, {guardian, pages.guardian}, {staff, pages.staff}, {admin, pages.admin}} {
				if phone {
					set.tab.setViewport(reflowViewports[0].viewport)
				}
				for i, path := range set.paths {
					if i == 0 {
						path += sep(path) + "lang=" + lang
					}
					set.tab.open(path)
					if got := eval[string](set.tab, "document.documentElement.lang"); got != lang {
						t.Errorf("%s: lang=%q, want %q", path, got, lang)
					}
					if contrast {
						set.tab.checkAxe()
					} else {
						set.tab.checkAxeButContrast()
					}
					set.tab.checkHeadings()
					if phone {
						set.tab.checkReflow(path, lang)
					}
				}
			}
		})
	}
}

// sep is the separator before one more query parameter of path.
func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

// fieldErrors lists what is wrong with a form's error messages: each must
// be tied to its field by aria-describedby, the field marked
// aria-invalid, and every invalid field described by its error.
const fieldErrors = `(() => {
	const bad = [], errs = [...document.querySelectorAll('.field-error')];
	if (!errs.length) bad.push('no error shown at a field');
	for (const e of errs) {
		const f = e.id && document.querySelector('[aria-describedby~="' + e.id + '"]');
		if (!f) bad.push('error not tied to a field: ' + e.innerText);
		else if (f.getAttribute('aria-invalid') !== 'true') bad.push(f.id + ' has an error but is not aria-invalid');
	}
	for (const f of document.querySelectorAll('[aria-invalid=true]')) {
		const ids = (f.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
		if (!ids.some(id => document.getElementById(id)?.classList.contains('field-error'))) bad.push(f.id + ' is invalid but described by no error');
	}
	return bad;
})()`

// testFormErrors sends forms with what they must refuse and checks that
// the errors are shown at, and tied to, their fields, in every language.
func (env *browserEnv) testFormErrors(t *testing.T, langs []string) {
	visitor, patron := env.newTab(t), env.patronTab(t, env.patron(t, "Nguyen, Linh"))
	forms := []struct {
		tab    *tab
		path   string
		fields map[string]string // what to type where; the rest is left empty
	}{
		{visitor, "/signin", nil},
		{visitor, "/staff/signin", nil},
		// /pin/forgot has no form on the demo, which sends no e-mail: the
		// page sends the patron to a library (checked with the pages above).
		{patron, "/account/pin", nil},
		{patron, "/account/profile", map[string]string{"#email": "not an address"}},
		{env.staffTab(t, env.admin(t)), "/admin/rules/edit", map[string]string{"#r0-LoanDays": "-1"}},
	}
	for _, lang := range langs {
		for _, f := range forms {
			tb := *f.tab
			tb.t = t
			tb.open(f.path + "?lang=" + lang)
			for sel, text := range f.fields {
				tb.fill(sel, text)
			}
			tb.click("form.account-form button[type=submit], form.rules-form button[type=submit]")
			for _, e := range eval[[]string](&tb, fieldErrors) {
				t.Errorf("%s [%s]: %s", f.path, lang, e)
			}
			if lang == langs[0] {
				tb.checkAxe() // the language does not change the markup
			}
		}
	}
}
