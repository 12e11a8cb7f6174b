package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestBrowserFromEmptyDatabase is the proof that a consortium can set
// itself up and run from nothing but the product: kirjasto init on an
// empty database, kirjasto serve, and from then on only the web pages, in
// a browser, as the people of a library would use them. Nothing is put in
// the database behind the pages' back.
//
// The administrator sets up a city with two branches and their weekly
// hours, a desk clerk with the branch role at one of them, a cataloguer
// (branch staff do not catalogue: permission.go) and loan rules. The
// clerk registers a patron and reads the PIN off the letter; the
// cataloguer catalogues a record and adds a copy at each branch; the
// patron signs in with the PIN, finds the record in the search at once
// and reserves it; the clerk checks a copy out to the patron, and the
// loan is on the patron's page under the new rules.
//
// Forms are sent from the keyboard (focus on the button, Enter), and axe
// checks each administration, desk and cataloguing page the story visits
// in Finnish and in Arabic (right to left).
func TestBrowserFromEmptyDatabase(t *testing.T) {
	exe := need(t, findChromium, "chromium not found: install it with `apt-get install chromium` (Debian)")
	axePath := need(t, findAxe, "axe-core not found: run `npm ci` at the repository root")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // the tests may run as root, in a container
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("lang", "fi-FI"),
	)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	browser, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(browser); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	for i, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := dbArgs(t, dialect)
			out, ok := runIn(t, adminPassword+"\n", append([]string{"init",
				"--name", "fi=Testikaupunkien kirjastot", "--name", "sv=Testtädernas bibliotek", "--name", "en=Test City Libraries",
				"--admin", "admin", "--admin-name", "Aino Ylläpitäjä"}, args...)...)
			if !ok {
				t.Fatalf("kirjasto init --admin: %s", out)
			}
			env := &browserEnv{axe: string(axe), browser: browser, i18n: bundle,
				srv: start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)}
			// The pages' markup is the same on both databases: axe runs
			// on the first.
			s := &setupStory{t: t, env: env, axe: i == 0, word: "Qorvandelin"}
			s.run()
		})
	}
}

// setupStory is the story's state: what each step made, for the next.
type setupStory struct {
	t    *testing.T
	env  *browserEnv
	axe  bool   // run axe on the pages visited
	word string // the unique word of the record's title

	today time.Time // in Helsinki

	clerk, cataloguer string // usernames
	card, pin         string // the patron's, off the PIN letter
	voidPIN           string // the first letter's, which the second voided
	record            string // the public page of the record
	barcodes          []string
}

const (
	storyLibrary  = "testila"
	storyBranchA  = "testila-keskus"
	storyBranchB  = "testila-kyla"
	storyPassword = "clerk's own long password"
)

// run tells the story: the administrator sets up, the clerk registers,
// the cataloguer catalogues, the patron reserves, the clerk lends.
func (s *setupStory) run() {
	s.today = time.Now().In(library.Helsinki)
	admin := s.env.newTab(s.t)
	s.signInStaff(admin, "admin", adminPassword, "/admin")
	s.createLibrary(admin)
	s.createBranch(admin, storyBranchA, "Testilan keskustakirjasto", "Kirjastokatu 1")
	s.createBranch(admin, storyBranchB, "Testilan kyläkirjasto", "Kylätie 7")
	s.clerk = s.createStaff(admin, "virkailija", "Ville Virkailija", library.RoleBranchStaff, storyBranchA)
	s.cataloguer = s.createStaff(admin, "luetteloija", "Liisa Luetteloija", library.RoleCataloguer, storyBranchA)
	s.makeRules(admin)
	s.cardRange(admin)
	s.t.Log("set up by the administrator: a library, two branches with hours, two staff members, loan rules, a range of card numbers")

	clerk := s.env.newTab(s.t)
	s.signInStaff(clerk, s.clerk, storyPassword, "/desk")
	s.registerPatron(clerk)
	s.t.Logf("the clerk registered patron %s and handed over the PIN letter", s.card)

	cataloguer := s.env.newTab(s.t)
	s.signInStaff(cataloguer, s.cataloguer, storyPassword, "/catalogue")
	s.catalogue(cataloguer)
	s.t.Logf("the cataloguer catalogued %s with copies %v", s.record, s.barcodes)

	patron := s.env.newTab(s.t)
	s.findAndReserve(patron)
	s.t.Log("the patron signed in with the PIN, found the record and reserved it")

	s.checkOut(clerk, patron)
	s.t.Logf("the clerk checked %s out to the patron, due in 21 days under the new rules", s.barcodes[0])
}

// signInStaff opens the staff page start, which sends a visitor to the
// staff sign-in, signs in there from the keyboard and checks that the
// sign-in leads back to start.
func (s *setupStory) signInStaff(tb *tab, username, password, start string) {
	tb.t.Helper()
	tb.open(start + "?lang=fi")
	if !strings.HasPrefix(tb.location(), "/staff/signin") {
		s.t.Fatalf("%s without signing in shows %s, want the staff sign-in", start, tb.location())
	}
	tb.fill("#username", username)
	tb.fill("#password", password)
	tb.submit(`form.account-form button[type=submit]`)
	if loc := tb.location(); loc != start+"?lang=fi" {
		s.t.Fatalf("staff sign-in as %s led to %s, want %s: %s", username, loc, start, tb.text("main"))
	}
}

// submit sends a form as a keyboard user does: the focus on its button
// sel, then Enter.
func (tb *tab) submit(sel string) {
	tb.t.Helper()
	tb.do(chromedp.Focus(chromedp.CSS(sel)))
	tb.pressAndLoad(kb.Enter)
}

// fillID types text into the field whose id is id (ids of the admin's
// forms hold dots, which a CSS #selector would read as classes).
func (tb *tab) fillID(id, text string) {
	tb.t.Helper()
	tb.fill(`[id="`+id+`"]`, text)
}

// checkPage runs axe on the tab's page in Finnish and in Arabic, by
// opening it again in each, and leaves the tab on the page in Finnish.
// Only GET pages are checked so: a page a POST answered is checked as
// it is (checkHere).
func (s *setupStory) checkPage(tb *tab) {
	tb.t.Helper()
	if !s.axe {
		return
	}
	path, _, _ := strings.Cut(tb.location(), "#")
	path = langParam.ReplaceAllString(path, "$1")
	path = strings.TrimSuffix(strings.TrimSuffix(path, "?"), "&")
	for _, lang := range []string{"ar", "fi"} {
		tb.open(path + sep(path) + "lang=" + lang)
		s.checkHere(tb, lang)
	}
}

var langParam = regexp.MustCompile(`([?&])lang=[a-z]+&?`)

// checkHere runs axe on the tab's page as it is, in lang.
func (s *setupStory) checkHere(tb *tab, lang string) {
	tb.t.Helper()
	if !s.axe {
		return
	}
	if got := eval[string](tb, "document.documentElement.lang"); got != lang {
		s.t.Errorf("%s: lang=%q, want %q", tb.location(), got, lang)
	}
	if lang == "ar" && eval[string](tb, "document.documentElement.dir") != "rtl" {
		s.t.Errorf("%s: the Arabic page is not right to left", tb.location())
	}
	tb.checkAxe()
	tb.checkHeadings()
}

// done fails the story unless the page says, as a status, that the step
// was done.
func (s *setupStory) done(tb *tab, step string) {
	tb.t.Helper()
	if !eval[bool](tb, `!!document.querySelector('main [role=status]')`) || eval[bool](tb, `!!document.querySelector('main [role=alert], main .field-error')`) {
		s.t.Fatalf("%s: not done, on %s: %s", step, tb.location(), tb.text("main"))
	}
}

// createLibrary creates the member library, the city, with its names in
// three languages.
func (s *setupStory) createLibrary(tb *tab) {
	s.checkPage(tb)
	tb.click(`main a[href="/admin/libraries"]`)
	s.checkPage(tb)
	tb.fill("#id", storyLibrary)
	tb.fill("#name-fi", "Testilan kaupunginkirjasto")
	tb.fill("#name-sv", "Testilä stadsbibliotek")
	tb.fill("#name-en", "Testilä City Library")
	tb.submit(`form[action="/admin/libraries"] button[type=submit]`)
	if tb.location() != "/admin/libraries/"+storyLibrary+"?done=created" {
		s.t.Fatalf("creating the library led to %s: %s", tb.location(), tb.text("main"))
	}
	s.done(tb, "create the library")
	s.checkPage(tb)
}

// createBranch creates a branch of the library and gives it weekly hours:
// open every day, so that a due date falls on the day the rules make it.
func (s *setupStory) createBranch(tb *tab, id, name, street string) {
	tb.open("/admin/libraries/" + storyLibrary + "?lang=fi")
	tb.click(`main a[href="/admin/libraries/` + storyLibrary + `/branches/new"]`)
	s.checkPage(tb)
	tb.fill("#id", id)
	tb.fill("#name-fi", name)
	tb.fillID("address.street", street)
	tb.fillID("address.postal_code", "99100")
	tb.fill("#phone", "+358 9 123 4567")
	tb.submit(`main form button[type=submit]`)
	if want := "/admin/branches/" + id + "/hours?done=created"; tb.location() != want {
		s.t.Fatalf("creating branch %s led to %s, want %s: %s", id, tb.location(), want, tb.text("main"))
	}
	s.done(tb, "create branch "+id)
	s.checkPage(tb)
	for wd := range 7 {
		staffed, self := "10:00-20:00", "07:00-10:00, 20:00-22:00"
		if wd == 0 || wd == 6 {
			staffed, self = "10:00-16:00", ""
		}
		tb.fillID("staffed-"+string(rune('0'+wd)), staffed)
		tb.fillID("self-"+string(rune('0'+wd)), self)
	}
	tb.submit(`main form button[type=submit]`)
	if want := "/admin/branches/" + id + "/hours?done=saved"; tb.location() != want {
		s.t.Fatalf("saving %s's hours led to %s: %s", id, tb.location(), tb.text("main"))
	}
	s.done(tb, "save the hours of "+id)
	// The site shows the hours at once.
	tb.open("/libraries/" + id + "?lang=fi")
	if got := tb.text("main"); !strings.Contains(got, "20.00") && !strings.Contains(got, "20:00") {
		s.t.Errorf("the public page of %s shows no closing time 20:00 after the hours were saved: %.300s", id, got)
	}
}

// createStaff creates a staff account with a password of its own, and
// returns the username.
func (s *setupStory) createStaff(tb *tab, username, name, role, branch string) string {
	tb.open("/admin/staff?lang=fi")
	if s.axe && username == "virkailija" {
		s.checkPage(tb)
	}
	tb.click(`main a[href="/admin/staff/new"]`)
	if s.axe && username == "virkailija" {
		s.checkPage(tb)
	}
	tb.fill("#username", username)
	tb.fill("#name", name)
	tb.do(chromedp.SetValue(chromedp.CSS("#role"), role))
	tb.do(chromedp.SetValue(chromedp.CSS("#library"), storyLibrary))
	tb.do(chromedp.SetValue(chromedp.CSS("#branch"), branch))
	tb.fill("#password", storyPassword)
	tb.submit(`form.account-form button[type=submit]`)
	if !strings.HasPrefix(tb.location(), "/admin/staff/") || !strings.Contains(tb.location(), "done=created") {
		s.t.Fatalf("creating staff member %s led to %s: %s", username, tb.location(), tb.text("main"))
	}
	s.done(tb, "create staff member "+username)
	if s.axe && username == "virkailija" {
		s.checkPage(tb)
	}
	return username
}

// cardRange gives the library a range of card numbers with a check
// digit, from which the desk takes the next number.
func (s *setupStory) cardRange(tb *tab) {
	tb.open("/desk/patrons?lang=fi")
	tb.click(`main a[href="/desk/patrons/cards"]`)
	s.checkPage(tb)
	for field, v := range map[string]string{"prefix": "2799", "length": "11", "next": "1", "last": "999999"} {
		tb.fill("#"+field+"-"+storyLibrary, v)
	}
	tb.do(chromedp.Focus(chromedp.CSS("#check-" + storyLibrary)))
	tb.press(" ")
	tb.submit(`form:has(#check-` + storyLibrary + `) button[type=submit]`)
	if tb.location() != "/desk/patrons/cards?done=1" {
		s.t.Fatalf("saving the card range led to %s: %s", tb.location(), tb.text("main"))
	}
	s.done(tb, "save the card range")
}

// storyRule is the catch-all rule of the story's loan rules, with a
// maximum of renewals no default has, so that the patron's loan shows
// the rules took effect.
var storyRule = map[string]string{"LoanDays": "21", "MaxRenewals": "3", "MaxLoans": "40",
	"FeePerDay": "0,30", "MaxFee": "6", "ReplacementFee": "25", "ProcessingFee": "5"}

// makeRules saves a version of the loan rules effective today whose one
// row is a catch-all: any category, any material, any library.
func (s *setupStory) makeRules(tb *tab) {
	tb.open("/admin?lang=fi")
	tb.click(`main a[href="/admin/rules"]`)
	s.checkPage(tb)
	tb.click(`main a[href="/admin/rules/edit"]`)
	s.checkPage(tb)
	// Remove the rows the editor starts from, and type the catch-all into
	// the first empty row.
	n := eval[int](tb, `(() => { const boxes = [...document.querySelectorAll('input[id$="-remove"]')];
		boxes.forEach(b => b.checked = true); return boxes.length; })()`)
	if n == 0 {
		s.t.Fatal("the rules editor offers no rows to remove")
	}
	row := eval[string](tb, `(document.querySelector('table.rules-edit tr.blank') || {}).id || ""`)
	if row == "" {
		s.t.Fatal("the rules editor has no empty row")
	}
	for field, v := range storyRule {
		tb.fill("#"+row+"-"+field, v)
	}
	if !eval[bool](tb, `document.querySelector('#`+row+`-HoldsAllowed').checked`) {
		tb.do(chromedp.Focus(chromedp.CSS("#" + row + "-HoldsAllowed")))
		tb.press(" ")
	}
	tb.do(chromedp.SetValue(chromedp.CSS("#effective"), s.today.Format("2006-01-02")))
	tb.submit(`form.rules-form button[value=save]`)
	if !strings.HasPrefix(tb.location(), "/admin/rules?saved=") {
		s.t.Fatalf("saving the rules led to %s: %s", tb.location(), tb.text("main"))
	}
	s.checkPage(tb)
	// The rule applies at once to any patron and item.
	tb.open("/admin/rules/explain?lang=fi&category=adult&material=book&library=" + storyLibrary)
	s.checkPage(tb)
	rows := eval[int](tb, `document.querySelectorAll('table.rules-verdicts tbody tr').length`)
	wins := eval[int](tb, `document.querySelectorAll('table.rules-verdicts tbody tr.wins').length`)
	if rows != 1 || wins != 1 {
		s.t.Errorf("the rules in force today: %d rows, %d winning, want the one catch-all, winning: %s", rows, wins, tb.text("main"))
	}
}

// registerPatron registers a patron at the clerk's desk with a PIN
// letter, then issues a new PIN in Arabic (as for a patron who lost the
// first letter), and keeps the card and the second PIN.
func (s *setupStory) registerPatron(tb *tab) {
	s.checkPage(tb)
	tb.click(`nav.subnav a[href="/desk/patrons"]`)
	s.checkPage(tb)
	tb.click(`main a[href="/desk/patrons/new"]`)
	s.checkPage(tb)
	tb.fill("#reg-family", "Lukija")
	tb.fill("#reg-given", "Leena")
	tb.do(chromedp.SetValue(chromedp.CSS("#reg-birth"), "1990-04-15"))
	tb.fill("#reg-street", "Lukijankuja 3")
	tb.fill("#reg-postal", "99100")
	tb.fill("#reg-city", "Testilä")
	tb.fill("#reg-email", "leena.lukija@example.org")
	// The card is left empty: the next number of the library's range.
	if !eval[bool](tb, `document.querySelector('#reg-pin-letter').checked`) {
		s.t.Errorf("registration does not offer the PIN letter first")
		tb.do(chromedp.Click(chromedp.CSS("#reg-pin-letter")))
	}
	tb.submit(`form.account-form button[type=submit]`)
	first := s.readLetter(tb, "fi")

	// The patron's page, and a new PIN on a letter in Arabic.
	tb.click(`main a[href^="/desk/patrons/"]`)
	patron := tb.location()
	s.checkPage(tb)
	tb.open(patron + "?lang=ar")
	tb.submit(`main form[action$="/pin"] button[type=submit]`)
	s.pin, s.voidPIN = s.readLetter(tb, "ar"), first
	if s.pin == first {
		s.t.Errorf("the new PIN letter has the PIN of the first, %s", first)
	}
}

// readLetter reads the card number and PIN off the PIN letter the tab
// shows, in lang.
func (s *setupStory) readLetter(tb *tab, lang string) string {
	tb.t.Helper()
	letter := eval[[]string](tb, `[...document.querySelectorAll('article.pin-letter dd')].map(d => d.innerText.trim())`)
	pin := tb.text(`article.pin-letter dd.secret`)
	if len(letter) < 2 || !regexp.MustCompile(`^[0-9]{4,8}$`).MatchString(pin) {
		s.t.Fatalf("no PIN letter on %s: %s", tb.location(), tb.text("main"))
	}
	if s.card == "" {
		s.card = letter[0]
		if !regexp.MustCompile(`^2799000001[0-9]$`).MatchString(s.card) {
			s.t.Errorf("the PIN letter gives the card %q, want the first of the range, 2799000001 and a check digit", s.card)
		}
	} else if letter[0] != s.card {
		s.t.Errorf("the new PIN letter gives the card %q, want %q", letter[0], s.card)
	}
	s.checkHere(tb, lang)
	return pin
}

// catalogue creates a record with the record form and adds a copy at each
// branch.
func (s *setupStory) catalogue(tb *tab) {
	s.checkPage(tb)
	tb.click(`main a[href="/catalogue/new"]`)
	s.checkPage(tb)
	tb.fill("#f-title", s.word+" arvoitus")
	tb.fill("#f-author-0", "Kirjoittaja, Kaisa")
	tb.fill("#f-publisher", "Testikustannus")
	tb.fill("#f-year", "2026")
	tb.do(chromedp.SetValue(chromedp.CSS("#f-material"), string(library.Book)))
	tb.submit(`form.catalogue-form button[type=submit]`)
	loc := tb.location()
	id, ok := strings.CutPrefix(strings.TrimSuffix(loc, "?saved=1"), "/catalogue/records/")
	if !ok || !strings.HasSuffix(loc, "?saved=1") {
		s.t.Fatalf("saving the record led to %s: %s", loc, tb.text("main"))
	}
	s.done(tb, "save the record")
	s.record = "/records/" + id
	s.checkPage(tb)
	tb.click(`main nav a[href="/catalogue/records/` + id + `/items"]`)
	s.checkPage(tb)
	for i, branch := range []string{storyBranchA, storyBranchB} {
		barcode := "QV00" + string(rune('1'+i))
		tb.fill("#f-barcode", barcode)
		tb.do(chromedp.SetValue(chromedp.CSS("#f-branch"), branch))
		tb.fill("#f-call_number", "84.2 KIR")
		tb.fill("#f-price", "24,90")
		tb.submit(`form.catalogue-form button[type=submit]`)
		if !strings.Contains(tb.location(), "/items?added="+barcode) {
			s.t.Fatalf("adding copy %s at %s led to %s: %s", barcode, branch, tb.location(), tb.text("main"))
		}
		s.done(tb, "add copy "+barcode)
		s.barcodes = append(s.barcodes, barcode)
	}
	s.checkPage(tb)
}

// findAndReserve signs the patron in with the card and the PIN of the
// letter, finds the record by its unique word at once and reserves it
// for pickup at the first branch.
func (s *setupStory) findAndReserve(tb *tab) {
	tb.open("/signin?lang=fi")
	tb.fill("#card", s.card)
	tb.fill("#pin", s.voidPIN)
	tb.submit(`form.account-form button[type=submit]`)
	if !strings.HasPrefix(tb.location(), "/signin") {
		s.t.Fatalf("the PIN of the first letter still signs in after a new one was issued: %s", tb.location())
	}
	tb.fill("#card", s.card)
	tb.fill("#pin", s.pin)
	tb.submit(`form.account-form button[type=submit]`)
	if strings.HasPrefix(tb.location(), "/signin") {
		s.t.Fatalf("the patron's sign-in with the PIN of the letter failed: %s", tb.text("main"))
	}
	tb.fill("#q", s.word)
	tb.pressAndLoad(kb.Enter)
	hits := eval[[]string](tb, `[...document.querySelectorAll('ol.hits h3 a')].map(a => a.pathname)`)
	if !slices.Contains(hits, s.record) {
		s.t.Fatalf("searching %q right after cataloguing finds %v, want %s: %s", s.word, hits, s.record, tb.text("main"))
	}
	tb.click(`ol.hits h3 a[href="` + s.record + `"]`)
	if !eval[bool](tb, `!!document.querySelector('#pickup')`) {
		tb.click("section.reserve a.button")
	}
	tb.do(chromedp.SetValue(chromedp.CSS("#pickup"), storyBranchA))
	tb.submit("section.reserve button[type=submit]")
	if !eval[bool](tb, `!!document.querySelector('main .notice.ok[role=status]')`) {
		s.t.Fatalf("hold not placed: %s", tb.text("main"))
	}
	tb.open("/account/holds")
	if got := tb.text("ul.holds"); !strings.Contains(got, s.word) {
		s.t.Fatalf("the patron's holds %q lack the new hold", got)
	}
}

// checkOut checks the copy at the pickup branch out to the patron at the
// clerk's desk, and finds it on the patron's loans, under the new rules.
func (s *setupStory) checkOut(clerk, patron *tab) {
	clerk.open("/desk?lang=fi")
	clerk.fill("#card", s.card)
	clerk.submit(`form:has(#card) button[type=submit]`)
	if got := clerk.text("#patron-name"); !strings.Contains(got, s.card) {
		s.t.Fatalf("looking up %s at the desk shows %q", s.card, got)
	}
	s.checkPage(clerk)
	clerk.fill("#checkout-barcode", s.barcodes[0])
	clerk.submit(`form[action="/desk/checkout"] button[type=submit]`)
	if ok := clerk.text("ul.messages li.ok"); !strings.Contains(ok, s.barcodes[0]) {
		s.t.Fatalf("checking out %s: %q %q", s.barcodes[0], ok, clerk.text("ul.messages"))
	}
	patron.open("/account/loans?lang=fi")
	loans := eval[[]string](patron, `[...document.querySelectorAll('ul.loans input[name=barcode]')].map(i => i.value)`)
	if !slices.Equal(loans, s.barcodes[:1]) {
		s.t.Fatalf("the patron's loans are %v, want %v", loans, s.barcodes[:1])
	}
	want := s.env.i18n.T("fi", "account.loans.renewals", map[string]any{"Count": 0, "Max": 3})
	if meta := patron.text("ul.loans li.loan .meta"); !strings.Contains(meta, want) {
		s.t.Errorf("the loan says %q, want %q: the rules saved today (3 renewals) do not apply", meta, want)
	}
	// 21 days, as the rule says; both branches are open every day, so
	// the due date is not moved to an open day.
	due := s.today.AddDate(0, 0, 21)
	if got, want := patron.text("ul.loans li.loan"), fmt.Sprintf("%d.%d.%d", due.Day(), due.Month(), due.Year()); !strings.Contains(got, want) {
		s.t.Errorf("the loan says %q, want it due on %s, 21 days from today", got, want)
	}
	patron.open("/account/holds?lang=fi")
	if got := patron.text("ul.holds"); strings.Contains(got, s.word) {
		s.t.Errorf("the hold is still waiting after the checkout: %q", got)
	}
}
