package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// liveCall is one request to a documented operation and the status the
// fixture makes it answer with.
type liveCall struct {
	route string // the operation, as a mux pattern
	path  string // with the path's parameters and a query filled in
	body  string // JSON, for POST
	token string // a bearer token, or "" for none
	want  int
	// header is sent too ("Name: value"), such as a session's cookie.
	header []string
}

// liveData fills the store with everything the answers can show: loans
// on time and overdue, holds in every state, fees unpaid and paid,
// messages, a reading history, a child's card, a shared list, a rating,
// several tokens, a work with editions in two formats, and a blocked
// card; and returns the calls that show them, and the errors.
func liveData(t *testing.T, e *webtest.ELibEnv) []liveCall {
	t.Helper()
	ctx := context.Background()
	at := func(days int) time.Time { return webtest.Now.AddDate(0, 0, days) }
	desk := library.Actor{Branch: "hki-oodi"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	rec := func(source string) string { return id(e.Records[source]) }

	// A second edition of Tuntematon sotilas, as an e-book, makes a
	// work with two formats, one of them online.
	added, err := e.DB.UpsertRecords(ctx, []library.RecordWithItems{{Record: library.Record{
		SourceID: "(TEST)1e", Title: "Tuntematon sotilas", Authors: []library.Contributor{{Name: "Linna, Väinö", Role: "author"}},
		Language: "fin", Year: 2017, Material: library.EBook, Audience: library.AudienceAdult, ISSNs: []string{"1234-567X"},
		Links: []library.Link{{URL: "https://ekirjasto.example/tuntematon-sotilas", Text: "Lue e-kirjana"}, {URL: "https://ekirjasto.example/nayte"}},
	}}})
	must(err)
	e.Records["(TEST)1e"] = added[0].ID
	// A licence makes it an e-title whose availability is its licences
	// in words, with the page to borrow it (AvailabilitySummary.elib).
	buyer, err := e.DB.CreateStaff(ctx, library.Staff{Username: "licences", Name: "Licences", Role: library.RoleAdmin, Branch: "hki-oodi"}, "a long enough password")
	must(err)
	_, err = e.DB.UpsertLicences(ctx, buyer, []library.Licence{{RecordID: added[0].ID, Distributor: "testdist", Identifier: "urn:lic:live",
		Model: library.ModelODL, Concurrency: 1}}, webtest.Now)
	must(err)
	must(e.Index.Rebuild(ctx, e.DB, nil))

	p, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: "1001", Name: "Nieminen, Aapo", HomeLibrary: "helsinki"}, "2468")
	must(err)
	other, _ := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
	must(e.DB.SetHistoryOptIn(ctx, p.ID, true, false))

	// Loans: two on time, one overdue; three returned late, one of
	// whose fees is paid; the others stay under the limit that blocks.
	e.Checkout(t, p, "F1-0", webtest.Now)
	e.Checkout(t, p, "T1-2", webtest.Now)
	e.Checkout(t, p, "F5-0", at(-40))
	for _, bc := range []string{"F2-0", "F8-0", "F14-0"} {
		e.Checkout(t, p, bc, at(-32))
		_, err := e.DB.Checkin(ctx, bc, desk, at(-2))
		must(err)
	}
	fees, err := e.DB.Fees(ctx, p.ID)
	must(err)
	if len(fees) != 3 {
		t.Fatalf("fees %+v", fees)
	}
	must(e.DB.PayFees(ctx, p.ID, []int64{fees[1].ID}, desk, at(-1)))

	// Holds: every copy of f4, f10, f13 and f16 is on loan to someone
	// else. The copy of f4 comes back at the pickup branch (ready), of
	// f22 too, f10 elsewhere (in transit); f13 waits in the queue, f16
	// is paused.
	hold := func(source, pickup string) library.Hold {
		t.Helper()
		h, err := e.DB.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: e.Records[source], PickupBranch: pickup}, web.WebActor(p), webtest.Now)
		must(err)
		return h
	}
	for _, n := range []string{"4", "10", "13", "16", "22"} {
		e.Checkout(t, other, "F"+n+"-0", at(-1))
		e.Checkout(t, other, "F"+n+"-1", at(-1))
	}
	hold("(TEST)f4", "hki-oodi")
	hold("(TEST)f22", "hki-oodi")
	hold("(TEST)f10", "esp-sello")
	hold("(TEST)f13", "hki-oodi")
	frozen := hold("(TEST)f16", "hki-oodi")
	must(e.DB.FreezeHold(ctx, p.ID, frozen.ID, library.Date{Year: 2026, Month: 12, Day: 15}, webtest.Now))
	for _, bc := range []string{"F4-0", "F22-0", "F10-0"} {
		_, err := e.DB.Checkin(ctx, bc, desk, webtest.Now)
		must(err)
	}
	cancel := hold("(TEST)f3", "hki-oodi")

	child, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: "1009", Name: "Nieminen, Eino", Category: library.CategoryChild,
		HomeLibrary: "espoo", GuardianID: p.ID}, "")
	must(err)
	_, err = e.DB.CreatePatron(ctx, library.Patron{CardNumber: "1010", Name: "Nieminen, Aino", Category: library.CategoryChild,
		HomeLibrary: "espoo", GuardianID: p.ID}, "")
	must(err)
	e.Checkout(t, child, "F11-0", webtest.Now)
	_, err = e.DB.PlaceHold(ctx, library.Hold{PatronID: child.ID, RecordID: e.Records["(TEST)f13"], PickupBranch: "hki-oodi"}, web.WebActor(child), webtest.Now)
	must(err)

	list, err := e.DB.CreateList(ctx, p.ID, "Luettavaa")
	must(err)
	for _, source := range []string{"(TEST)1", "(TEST)3"} {
		must(e.DB.AddToList(ctx, p.ID, list.ID, e.Records[source]))
	}
	list, err = e.DB.ShareList(ctx, p.ID, list.ID, true)
	must(err)
	_, err = e.DB.CreateList(ctx, p.ID, "Lapsille")
	must(err)
	must(e.DB.Rate(ctx, p.ID, e.Records["(TEST)1"], 4))

	blocked, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: "1002", Name: "Salo, Kerttu", HomeLibrary: "espoo"}, "1357")
	must(err)
	e.Checkout(t, blocked, "F19-0", webtest.Now)
	must(e.DB.BlockCard(ctx, blocked.ID, "Kirja palauttamatta", desk, webtest.Now))

	newToken := func(pid int64, name string) library.APIToken {
		t.Helper()
		tok, err := e.DB.NewAPIToken(ctx, pid, name, webtest.Now)
		must(err)
		return tok
	}
	sess, err := e.DB.NewSession(ctx, library.Session{PatronID: p.ID, Created: webtest.Now})
	must(err)
	cookie := "Cookie: " + web.PatronCookie + "=" + sess.Token
	crossSite := []string{cookie, "Sec-Fetch-Site: cross-site"}
	tok := newToken(p.ID, "test").Token
	old := newToken(p.ID, "old phone")
	last := newToken(p.ID, "last").Token
	blockedTok := newToken(blocked.ID, "").Token
	// E-lending, from the distributor double: the patron borrows a
	// one-copy e-title (renewed and returned below, once the library
	// lengthens its loans), reserves a second that another patron has,
	// is offered a third the other returned, and borrows a fourth.
	eRenewed, eWaited, eOffered, eFree := e.ETitle(t, webtest.OneCopy), e.ETitle(t, webtest.OneCopy), e.ETitle(t, webtest.OneCopy), e.ETitle(t, webtest.OneCopy)
	eBody := func(rid int64) string { return `{"record_id": ` + id(rid) + `}` }
	if res, body := liveDo(e.CircEnv, "POST", liveCall{path: "/api/v1/account/eloans", body: eBody(eRenewed), token: tok}); res.StatusCode != http.StatusCreated {
		t.Fatalf("borrowing an e-title: %d %s", res.StatusCode, body)
	}
	eLoans, err := e.DB.ELoans(ctx, p.ID, webtest.Now)
	must(err)
	must(e.DB.SetELimits(ctx, e.Admin, "", library.ELimits{Loans: 5, Holds: 5, LoanDays: 21}))
	for _, rid := range []int64{eWaited, eOffered} {
		_, _, err := e.DB.BorrowE(ctx, other.ID, rid, webtest.Now)
		must(err)
	}
	eOffer, err := e.DB.ReserveE(ctx, p.ID, eOffered, webtest.Now)
	must(err)
	otherELoans, err := e.DB.ELoans(ctx, other.ID, webtest.Now)
	must(err)
	for _, l := range otherELoans {
		if l.RecordID == eOffered {
			_, err := e.DB.ReturnE(ctx, other.ID, l.ID, webtest.Now)
			must(err)
		}
	}
	eLoanPath := "/api/v1/account/eloans/" + id(eLoans[0].ID)
	workID := e.Srv.Works().WorkOf(ctx, e.Records["(TEST)1"])

	// News of Espoo and of the consortium, a draft, and Espoo's page.
	pub := library.Publication{Status: library.StatusPublished, PublishAt: at(-1)}
	editor := library.Staff{Role: library.RoleAdmin}
	news, err := e.DB.CreateNews(ctx, library.NewsItem{Library: "espoo", Title: library.Text{"fi": "Sellon remontti", "sv": "Sellos renovering"},
		Summary: library.Text{"fi": "Sello suljetaan viikoksi."}, Body: library.Text{"fi": "Sello on **kiinni**."}, Publication: pub}, editor, webtest.Now)
	must(err)
	_, err = e.DB.CreateNews(ctx, library.NewsItem{Title: library.Text{"fi": "Kimpan uutinen"}, Publication: pub}, editor, webtest.Now)
	must(err)
	draft, err := e.DB.CreateNews(ctx, library.NewsItem{Title: library.Text{"fi": "Luonnos"}, Publication: library.Publication{Status: library.StatusDraft}}, editor, webtest.Now)
	must(err)
	_, err = e.DB.CreatePage(ctx, library.Page{Library: "espoo", Slug: "tietoa", Kind: library.PageAbout, Title: library.Text{"fi": "Espoon kirjastot"},
		Body: library.Text{"fi": "Espoossa on monta kirjastoa."}, Publication: pub}, editor, webtest.Now)
	must(err)

	// Bookable resources: a studio at Oodi with a photo, digital help at
	// Oodi, a room at Sello, whose staff training day has a note. The
	// patron has booked digital help (a topic, a language, a message) and
	// the studio (a door code), which is cancelled below.
	admin := library.Staff{Role: library.RoleAdmin}
	studio, err := e.DB.CreateResource(ctx, library.Resource{BranchID: "hki-oodi", Kind: library.KindRehearsalStudio,
		Name: library.Text{"fi": "Bändikämppä"}, Equipment: []library.Text{{"fi": "Rumpusetti"}}, Capacity: 6,
		SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120, HorizonDays: 14, CancelBeforeMinutes: 60}, admin, webtest.Now)
	must(err)
	_, err = e.DB.AddResourcePhoto(ctx, studio.ID, testPNG(t), library.Text{"fi": "Rumpusetti"}, admin, webtest.Now)
	must(err)
	helpDesk, err := e.DB.CreateResource(ctx, library.Resource{BranchID: "hki-oodi", Kind: library.KindDigitalHelp,
		Name: library.Text{"fi": "Digituki"}, Capacity: 1, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 60, HorizonDays: 21}, admin, webtest.Now)
	must(err)
	room, err := e.DB.CreateResource(ctx, library.Resource{BranchID: "esp-sello", Kind: library.KindRoom, Name: library.Text{"fi": "Ryhmätila"},
		Capacity: 8, SlotMinutes: 30, MinMinutes: 30, MaxMinutes: 240, HorizonDays: 30}, admin, webtest.Now)
	must(err)
	slot := func(day, hour int) time.Time { return time.Date(2026, 11, 23+day, hour, 0, 0, 0, library.Helsinki) }
	_, err = e.DB.Book(ctx, library.BookingRequest{ResourceID: helpDesk.ID, Start: slot(1, 12), End: slot(1, 13), PatronID: p.ID,
		Topic: library.TopicApp, HelpLang: "fi", Message: "Sovellus ei aukea"}, webtest.Now)
	must(err)
	gone, err := e.DB.Book(ctx, library.BookingRequest{ResourceID: studio.ID, Start: slot(3, 18), End: slot(3, 19), PatronID: p.ID}, webtest.Now)
	must(err)
	bookBody := func(day, hour, minutes int) string {
		return `{"resource_id": ` + id(studio.ID) + `, "start": "` + slot(day, hour).UTC().Format(time.RFC3339) + `", "minutes": ` + strconv.Itoa(minutes) + `}`
	}
	// Events: a story time with a guest's sign-up, an author visit whose
	// sign-up opens later, and a concert at an outside venue, full with a
	// guest and the patron.
	evAdmin, err := e.DB.CreateStaff(ctx, library.Staff{Username: "tapahtumat", Name: "Tapahtumat", Role: library.RoleAdmin}, "a long enough password")
	must(err)
	story, err := e.DB.CreateEvent(ctx, evAdmin, library.Event{Library: "helsinki", Branch: "hki-oodi", Room: "Satuhuone",
		Title: library.Text{"fi": "Satutuokio", "en": "Story time"}, Description: library.Text{"fi": "Satuja *pienille*."},
		Accessibility: library.Text{"fi": "Esteetön."}, PriceNote: library.Text{"fi": "Vapaa pääsy."},
		Start: at(7), End: at(7).Add(time.Hour), Audiences: []string{library.ForChildren}, Category: library.StoryTime,
		Languages: []string{"fi"}, Registration: true, Capacity: 10, WaitingList: true, MaxPlaces: 2,
		Status: library.EventPublished}, at(-1))
	must(err)
	_, err = e.DB.CreateEvent(ctx, evAdmin, library.Event{Library: "helsinki", Branch: "hki-kallio", Title: library.Text{"fi": "Kirjailijavierailu"},
		Start: at(9), End: at(9).Add(time.Hour), Category: library.AuthorVisit, Registration: true, SignupOpens: at(1),
		Status: library.EventPublished}, at(-1))
	must(err)
	concert, err := e.DB.CreateEvent(ctx, evAdmin, library.Event{Library: "espoo",
		Venue: library.Venue{Name: "Kauppatori", Street: "Eteläranta 1", PostalCode: "00170", City: "Helsinki"},
		Title: library.Text{"fi": "Konsertti"}, Start: at(8), End: at(8).Add(time.Hour), Category: library.Concert, PriceCents: 500,
		Registration: true, Capacity: 2, MaxPlaces: 1, Status: library.EventPublished}, at(-1))
	must(err)
	guest := func(name string) *library.Guest { return &library.Guest{Name: name, Email: name + "@example.fi"} }
	_, err = e.DB.SignUp(ctx, library.SignupRequest{EventID: concert.ID, Guest: guest("eka")}, webtest.Now)
	must(err)
	_, err = e.DB.SignUp(ctx, library.SignupRequest{EventID: concert.ID, PatronID: p.ID}, webtest.Now)
	must(err)
	signed, err := e.DB.SignUp(ctx, library.SignupRequest{EventID: story.ID, Guest: guest("kolmas")}, webtest.Now)
	must(err)
	concertReg := "/api/v1/events/" + id(concert.ID) + "/registrations"
	// Librarians' picks: Oodi's with a text and a note, the consortium's
	// bare one, and a draft.
	oodiPick, err := e.DB.CreatePick(ctx, library.Pick{Library: "helsinki", Branch: "hki-oodi", Title: library.Text{"fi": "Oodi suosittelee", "en": "Oodi recommends"},
		Text: library.Text{"fi": "Sodan *kuvauksia*."}, Publication: pub, Records: []library.PickRecord{
			{RecordID: e.Records["(TEST)1"], Note: library.Text{"fi": "Klassikko."}}, {RecordID: e.Records["(TEST)1e"]}, {RecordID: e.Records["(TEST)2"]}}}, editor, webtest.Now)
	must(err)
	_, err = e.DB.CreatePick(ctx, library.Pick{Title: library.Text{"fi": "Kimpan valinta"}, Publication: pub}, editor, webtest.Now)
	must(err)
	draftPick, err := e.DB.CreatePick(ctx, library.Pick{Title: library.Text{"fi": "Luonnos"}, Publication: library.Publication{Status: library.StatusDraft}}, editor, webtest.Now)
	must(err)

	// The statistics of the loans above, rolled up as the sweep would.
	for d := today(at(-60)); !today(webtest.Now).Before(d); d = d.AddDays(1) {
		must(e.DB.RollUpStats(ctx, d))
	}

	ok := http.StatusOK
	calls := []liveCall{
		{"GET /api/v1/stats", "/api/v1/stats?from=2026-09&to=2026-11", "", "", ok, nil},
		{"GET /api/v1/stats", "/api/v1/stats?library=helsinki&month=2026-11&limit=1", "", "", ok, nil},
		{"GET /api/v1/stats", "/api/v1/stats?from=2026-13", "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/stats", "/api/v1/stats?library=nowhere", "", "", http.StatusBadRequest, nil},
		{"GET /api/openapi.json", "/api/openapi.json", "", "", ok, nil},
		{"GET /api/v1/search", "/api/v1/search?q=kokoelma", "", "", ok, nil},
		{"GET /api/v1/search", "/api/v1/search?q=kokoelma&page=2&sort=newest&material=book&material=cd", "", "", ok, nil},
		{"GET /api/v1/search", "/api/v1/search?q=sotilas&group=works", "", "", ok, nil},
		{"GET /api/v1/search", "/api/v1/search?q=sotilas&group=works&available_city=helsinki", "", "", ok, nil},
		{"GET /api/v1/search", "/api/v1/search?q=sotilsa", "", "", ok, nil},
		{"GET /api/v1/search", "/api/v1/search?q=zzzzqqq", "", "", ok, nil},
		{"GET /api/v1/works/{id}", "/api/v1/works/" + workID, "", "", ok, nil},
		{"GET /api/v1/works/{id}", "/api/v1/works/" + e.Srv.Works().WorkOf(ctx, e.Records["(TEST)2"]), "", "", ok, nil},
		{"GET /api/v1/records/{id}", "/api/v1/records/" + rec("(TEST)1"), "", "", ok, nil},
		{"GET /api/v1/records/{id}", "/api/v1/records/" + rec("(TEST)2") + "?lang=ar", "", "", ok, nil},
		{"GET /api/v1/records/{id}", "/api/v1/records/" + rec("(TEST)3"), "", "", ok, nil},
		{"GET /api/v1/records/{id}", "/api/v1/records/" + rec("(TEST)1e"), "", "", ok, nil},
		{"GET /api/v1/records/{id}/availability", "/api/v1/records/" + rec("(TEST)1") + "/availability", "", "", ok, nil},
		{"GET /api/v1/records/{id}/availability", "/api/v1/records/" + rec("(TEST)2") + "/availability", "", "", ok, nil},
		{"GET /api/v1/suggest", "/api/v1/suggest?q=tun", "", "", ok, nil},
		{"GET /api/v1/suggest", "/api/v1/suggest?q=linna&n=3", "", "", ok, nil},
		{"GET /api/v1/suggest", "/api/v1/suggest?q=kirjastot", "", "", ok, nil},
		{"GET /api/v1/lists/shared/{token}", "/api/v1/lists/shared/" + list.ShareToken + "?limit=1", "", "", ok, nil},
		{"GET /api/v1/libraries", "/api/v1/libraries?lang=sv", "", "", ok, nil},
		{"GET /api/v1/libraries/{id}", "/api/v1/libraries/hki-oodi", "", "", ok, nil},
		{"GET /api/v1/libraries/{id}", "/api/v1/libraries/esp-sello?lang=en", "", "", ok, nil},
		{"GET /api/v1/libraries/{id}", "/api/v1/libraries/hki-kallio", "", "", ok, nil},
		{"GET /api/v1/news", "/api/v1/news?limit=1", "", "", ok, nil},
		{"GET /api/v1/picks", "/api/v1/picks?limit=1", "", "", ok, nil},
		{"GET /api/v1/picks", "/api/v1/picks?library=helsinki&lang=en", "", "", ok, nil},
		{"GET /api/v1/picks/{id}", "/api/v1/picks/" + id(oodiPick.ID), "", "", ok, nil},
		{"GET /api/v1/picks/{id}", "/api/v1/picks/" + id(oodiPick.ID) + "?lang=sv", "", "", ok, nil},
		{"GET /api/v1/news", "/api/v1/news?library=espoo&lang=en", "", "", ok, nil},
		{"GET /api/v1/news/{id}", "/api/v1/news/" + id(news.ID), "", "", ok, nil},
		{"GET /api/v1/news/{id}", "/api/v1/news/" + id(news.ID) + "?lang=sv", "", "", ok, nil},
		{"GET /api/v1/pages/{slug}", "/api/v1/pages/tietoa?library=espoo", "", "", ok, nil},
		{"GET /api/v1/events", "/api/v1/events?limit=1", "", "", ok, nil},
		{"GET /api/v1/events", "/api/v1/events?branch=hki-kallio", "", "", ok, nil},
		{"GET /api/v1/events", "/api/v1/events?lang=en&library=helsinki&audience=children&category=story_time&language=fi&free=1&from=2026-11-23&to=2026-12-31&q=satuja", "", "", ok, nil},
		{"GET /api/v1/events/{id}", "/api/v1/events/" + id(story.ID), "", "", ok, nil},
		{"GET /api/v1/events/{id}", "/api/v1/events/" + id(concert.ID) + "?lang=en", "", "", ok, nil},
		{"POST /api/v1/events/{id}/registrations", "/api/v1/events/" + id(story.ID) + "/registrations", `{"name": "Maija", "email": "maija@example.fi", "places": 2}`, "", http.StatusCreated, nil},
		{"POST /api/v1/events/{id}/registrations", "/api/v1/events/" + id(story.ID) + "/registrations", `{}`, "", http.StatusCreated, []string{"Authorization: Bearer " + tok}},
		{"DELETE /api/v1/events/registrations/{token}", "/api/v1/events/registrations/" + signed.Token, "", "", http.StatusNoContent, nil},
		{"GET /api/v1/account/events", "/api/v1/account/events?limit=1", "", tok, ok, nil},
		{"POST /api/v1/tokens", "/api/v1/tokens", `{"card": "1001", "pin": "2468", "name": "test"}`, "", http.StatusCreated, nil},
		{"GET /api/v1/tokens", "/api/v1/tokens?limit=2", "", tok, ok, nil},
		{"DELETE /api/v1/tokens/{id}", "/api/v1/tokens/" + id(old.ID), "", tok, http.StatusNoContent, nil},
		{"GET /api/v1/account", "/api/v1/account", "", tok, ok, nil},
		{"GET /api/v1/account", "/api/v1/account", "", blockedTok, ok, nil},
		{"GET /api/v1/account/card", "/api/v1/account/card", "", tok, ok, nil},
		{"GET /api/v1/account/loans", "/api/v1/account/loans?limit=1", "", tok, ok, nil},
		{"GET /api/v1/account/loans", "/api/v1/account/loans?offset=1", "", tok, ok, nil},
		{"POST /api/v1/account/loans/{barcode}/renew", "/api/v1/account/loans/T1-2/renew", "", tok, ok, nil},
		{"POST /api/v1/account/holds", "/api/v1/account/holds", `{"record_id": ` + rec("(TEST)f6") + `, "pickup_branch": "esp-sello", "item": "F6-1"}`, tok, http.StatusCreated, nil},
		{"GET /api/v1/account/holds", "/api/v1/account/holds", "", tok, ok, nil},
		{"GET /api/v1/account/holds", "/api/v1/account/holds?limit=1", "", tok, ok, nil},
		{"DELETE /api/v1/account/holds/{id}", "/api/v1/account/holds/" + id(cancel.ID), "", tok, http.StatusNoContent, nil},
		{"GET /api/v1/account/fees", "/api/v1/account/fees?limit=1", "", tok, ok, nil},
		{"GET /api/v1/account/messages", "/api/v1/account/messages?limit=1", "", tok, ok, nil},
		{"GET /api/v1/account/history", "/api/v1/account/history?limit=1", "", tok, ok, nil},
		{"GET /api/v1/account/children", "/api/v1/account/children?limit=1", "", tok, ok, nil},
		{"GET /api/v1/account/children/{id}", "/api/v1/account/children/" + id(child.ID), "", tok, ok, nil},
		{"GET /api/v1/account/lists", "/api/v1/account/lists", "", tok, ok, nil},
		{"GET /api/v1/account/lists", "/api/v1/account/lists?limit=1", "", tok, ok, nil},
		{"GET /api/v1/account/lists/{id}", "/api/v1/account/lists/" + id(list.ID) + "?limit=1", "", tok, ok, nil},

		{"GET /api/v1/resources", "/api/v1/resources", "", "", ok, nil},
		{"GET /api/v1/resources", "/api/v1/resources?kind=studio&city=helsinki&lang=en", "", "", ok, nil},
		{"GET /api/v1/resources/{id}", "/api/v1/resources/" + id(studio.ID), "", "", ok, nil},
		{"GET /api/v1/resources/{id}/availability", "/api/v1/resources/" + id(room.ID) + "/availability?from=2026-11-23&to=2026-11-24", "", "", ok, nil},
		{"GET /api/v1/account/bookings", "/api/v1/account/bookings", "", tok, ok, nil},
		{"POST /api/v1/account/bookings", "/api/v1/account/bookings", bookBody(1, 18, 120), tok, http.StatusCreated, nil},
		{"DELETE /api/v1/account/bookings/{id}", "/api/v1/account/bookings/" + id(gone.Booking.ID), "", tok, http.StatusNoContent, nil},
		{"GET /api/v1/resources", "/api/v1/resources?kind=spaceship", "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/resources/{id}", "/api/v1/resources/999999", "", "", http.StatusNotFound, nil},
		{"GET /api/v1/resources/{id}/availability", "/api/v1/resources/" + id(room.ID) + "/availability?from=2026-11-23&to=2027-01-23", "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/resources/{id}/availability", "/api/v1/resources/999999/availability", "", "", http.StatusNotFound, nil},
		{"POST /api/v1/account/bookings", "/api/v1/account/bookings", bookBody(1, 18, 60), tok, http.StatusConflict, nil},
		{"POST /api/v1/account/bookings", "/api/v1/account/bookings", bookBody(1, 10, 300), tok, http.StatusBadRequest, nil},
		{"POST /api/v1/account/bookings", "/api/v1/account/bookings", bookBody(2, 10, 60), "", http.StatusForbidden, crossSite},
		{"DELETE /api/v1/account/bookings/{id}", "/api/v1/account/bookings/999999", "", tok, http.StatusNotFound, nil},
		{"GET /api/v1/records/{id}/eavailability", "/api/v1/records/" + id(eFree) + "/eavailability", "", "", ok, nil},
		{"POST /api/v1/account/eholds", "/api/v1/account/eholds", eBody(eWaited), tok, http.StatusCreated, nil},
		{"GET /api/v1/records/{id}/eavailability", "/api/v1/records/" + id(eWaited) + "/eavailability?lang=sv", "", "", ok, []string{"Authorization: Bearer " + tok}},
		{"GET /api/v1/account/eholds", "/api/v1/account/eholds", "", tok, ok, nil},
		{"DELETE /api/v1/account/eholds/{id}", "/api/v1/account/eholds/" + id(eOffer.ID), "", tok, http.StatusNoContent, nil},
		{"GET /api/v1/account/eloans", "/api/v1/account/eloans", "", tok, ok, nil},
		{"POST /api/v1/account/eloans/{id}/renew", eLoanPath + "/renew", "", tok, ok, nil},
		{"POST /api/v1/account/eloans/{id}/return", eLoanPath + "/return", "", tok, http.StatusNoContent, nil},
		{"POST /api/v1/account/eloans", "/api/v1/account/eloans", eBody(eFree), tok, http.StatusCreated, nil},
		{"POST /api/v1/account/eloans", "/api/v1/account/eloans?lang=en", eBody(eWaited), tok, http.StatusConflict, nil},
		{"POST /api/v1/account/eholds", "/api/v1/account/eholds", `{"record_id": "x"}`, tok, http.StatusBadRequest, nil},
		{"POST /api/v1/account/eloans/{id}/return", "/api/v1/account/eloans/999999/return", "", tok, http.StatusNotFound, nil},
		{"GET /api/v1/records/{id}/eavailability", "/api/v1/records/" + rec("(TEST)1") + "/eavailability", "", "", http.StatusNotFound, nil},
		{"DELETE /api/v1/account/bookings/{id}", "/api/v1/account/bookings/" + id(gone.Booking.ID), "", tok, http.StatusConflict, nil},
		{"DELETE /api/v1/account/bookings/{id}", "/api/v1/account/bookings/" + id(gone.Booking.ID), "", "", http.StatusForbidden, crossSite},

		// Errors, in the one format, each with the code of its status.
		{"GET /api/v1/search", "/api/v1/search?page=0", "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/search", "/api/v1/search?q=kokoelma&page=99", "", "", http.StatusNotFound, nil},
		{"GET /api/v1/search", "/api/v1/search?sort=random", "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/works/{id}", "/api/v1/works/nosuchwork", "", "", http.StatusNotFound, nil},
		{"GET /api/v1/records/{id}", "/api/v1/records/999999", "", "", http.StatusNotFound, nil},
		{"GET /api/v1/records/{id}/availability", "/api/v1/records/0/availability", "", "", http.StatusNotFound, nil},
		{"GET /api/v1/suggest", "/api/v1/suggest?q=tun&n=11", "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/lists/shared/{token}", "/api/v1/lists/shared/nosuchtoken", "", "", http.StatusNotFound, nil},
		{"GET /api/v1/libraries/{id}", "/api/v1/libraries/nowhere", "", "", http.StatusNotFound, nil},
		{"GET /api/v1/news", "/api/v1/news?library=turku", "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/picks", "/api/v1/picks?library=turku", "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/picks/{id}", "/api/v1/picks/" + id(draftPick.ID), "", "", http.StatusNotFound, nil},
		{"GET /api/v1/picks/{id}", "/api/v1/picks/x?lang=" + strings.Repeat("x", 300), "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/news/{id}", "/api/v1/news/" + id(draft.ID), "", "", http.StatusNotFound, nil},
		{"GET /api/v1/news/{id}", "/api/v1/news/x?lang=" + strings.Repeat("x", 300), "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/pages/{slug}", "/api/v1/pages/tietoa", "", "", http.StatusNotFound, nil},
		{"GET /api/v1/pages/{slug}", "/api/v1/pages/tietoa?library=" + strings.Repeat("x", 300), "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/events", "/api/v1/events?from=soon", "", "", http.StatusBadRequest, nil},
		{"GET /api/v1/events/{id}", "/api/v1/events/999999", "", "", http.StatusNotFound, nil},
		{"POST /api/v1/events/{id}/registrations", concertReg, `{"name": "toka", "email": "toka@"}`, "", http.StatusBadRequest, nil},
		{"POST /api/v1/events/{id}/registrations", concertReg, `{}`, "no such token", http.StatusUnauthorized, nil},
		{"POST /api/v1/events/{id}/registrations", "/api/v1/events/999999/registrations", `{"name": "toka", "email": "toka@example.fi"}`, "", http.StatusNotFound, nil},
		{"POST /api/v1/events/{id}/registrations", concertReg, `{"name": "toka", "email": "toka@example.fi"}`, "", http.StatusConflict, nil},
		{"POST /api/v1/events/{id}/registrations", concertReg, `{}`, "", http.StatusForbidden, crossSite},
		{"DELETE /api/v1/events/registrations/{token}", "/api/v1/events/registrations/" + signed.Token, "", "", http.StatusConflict, nil},
		{"DELETE /api/v1/events/registrations/{token}", "/api/v1/events/registrations/nosuchtoken", "", "", http.StatusNotFound, nil},
		{"DELETE /api/v1/events/registrations/{token}", "/api/v1/events/registrations/nosuchtoken", "", "", http.StatusForbidden, crossSite},
		{"POST /api/v1/tokens", "/api/v1/tokens", `{"card": "1001", "pin": "0000"}`, "", http.StatusUnauthorized, nil},
		{"POST /api/v1/tokens", "/api/v1/tokens", `{"card": `, "", http.StatusBadRequest, nil},
		{"DELETE /api/v1/tokens/{id}", "/api/v1/tokens/999999", "", tok, http.StatusNotFound, nil},
		{"GET /api/v1/account/loans", "/api/v1/account/loans?limit=0", "", tok, http.StatusBadRequest, nil},
		{"POST /api/v1/account/loans/{barcode}/renew", "/api/v1/account/loans/NOSUCH/renew", "", tok, http.StatusNotFound, nil},
		{"POST /api/v1/account/loans/{barcode}/renew", "/api/v1/account/loans/F19-0/renew", "", blockedTok, http.StatusForbidden, nil},
		{"POST /api/v1/account/holds", "/api/v1/account/holds", `{"record_id": ` + rec("(TEST)f4") + `, "pickup_branch": "hki-oodi"}`, tok, http.StatusConflict, nil},
		{"POST /api/v1/account/holds", "/api/v1/account/holds", `{"record_id": 999999, "pickup_branch": "hki-oodi"}`, tok, http.StatusBadRequest, nil},
		{"POST /api/v1/account/holds", "/api/v1/account/holds", `{"record_id": ` + rec("(TEST)f7") + `, "pickup_branch": "hki-oodi"}`, blockedTok, http.StatusForbidden, nil},
		{"DELETE /api/v1/account/holds/{id}", "/api/v1/account/holds/999999", "", tok, http.StatusNotFound, nil},
		{"GET /api/v1/account/children/{id}", "/api/v1/account/children/" + id(p.ID), "", tok, http.StatusNotFound, nil},
		{"GET /api/v1/account/lists/{id}", "/api/v1/account/lists/999999", "", tok, http.StatusNotFound, nil},
		{"GET /api/v1/account", "/api/v1/account", "", "no such token", http.StatusUnauthorized, nil},
		{"GET /api/v1/account", "/api/v1/account", "", "", ok, []string{cookie}},
		{"POST /api/v1/account/loans/{barcode}/renew", "/api/v1/account/loans/T1-2/renew", "", "", http.StatusForbidden, crossSite},
		{"POST /api/v1/account/holds", "/api/v1/account/holds", `{"record_id": ` + rec("(TEST)f9") + `, "pickup_branch": "hki-oodi"}`, "", http.StatusForbidden, crossSite},
		{"DELETE /api/v1/account/holds/{id}", "/api/v1/account/holds/" + id(frozen.ID), "", "", http.StatusForbidden, crossSite},
		{"POST /api/v1/tokens", "/api/v1/tokens", `{"card": "1001", "pin": "2468"}`, "", http.StatusForbidden, crossSite},
		{"DELETE /api/v1/tokens/{id}", "/api/v1/tokens/" + id(old.ID), "", "", http.StatusForbidden, crossSite},
		{"DELETE /api/v1/tokens/current", "/api/v1/tokens/current", "", "", http.StatusForbidden, crossSite},

		// Signing out goes last but one: the calls above need the token.
		{"DELETE /api/v1/tokens/current", "/api/v1/tokens/current", "", last, http.StatusNoContent, nil},
		{"GET /api/v1/tokens", "/api/v1/tokens", "", last, http.StatusUnauthorized, nil},
	}
	// Every operation that needs a sign-in refuses a request without one.
	for _, c := range slices.Clone(calls) {
		if c.token != "" && c.want < 300 {
			calls = append(calls, liveCall{c.route, c.path, c.body, "", http.StatusUnauthorized, nil})
		}
	}
	// A card is locked after wrong PINs (403), and a client that keeps
	// trying is told to wait (429); the test sends until both happen.
	for range 5 {
		calls = append(calls, liveCall{"POST /api/v1/tokens", "/api/v1/tokens", `{"card": "1002", "pin": "0000"}`, "", 0, nil})
	}
	calls = append(calls, liveCall{"POST /api/v1/tokens", "/api/v1/tokens", `{"card": "1002", "pin": "1357"}`, "", http.StatusForbidden, nil})
	for range 10 {
		calls = append(calls, liveCall{"POST /api/v1/tokens", "/api/v1/tokens", `{"card": "9999", "pin": "0000"}`, "", 0, nil})
	}
	return calls
}

// TestOpenAPIResponsesMatchSchemas calls every documented operation on a
// real server over both databases, with data that shows every optional
// field, and validates each answer, errors included, against its schema;
// then checks that the answers showed every property the document
// describes and every status it lists (but 500), so that no part of the
// document goes unchecked.
func TestOpenAPIResponsesMatchSchemas(t *testing.T) {
	rs, err := compileResponses(web.OpenAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		doc := loadOpenAPI(t)
		seen := map[string]bool{}
		statuses := map[string]bool{}
		for _, c := range liveData(t, e) {
			method, path, _ := strings.Cut(c.route, " ")
			// An operation that needs a sign-in says so, and only then.
			if secured := doc.Paths[path][strings.ToLower(method)].Security != nil; c.want/100 == 2 && c.header == nil && secured != (c.token != "") {
				t.Errorf("%s: security documented %v, but the call succeeds with token %q", c.route, secured, c.token)
			}
			res, body := liveDo(e.CircEnv, method, c)
			if c.want != 0 && res.StatusCode != c.want {
				t.Errorf("%s %s: status %d, want %d: %.500s", method, c.path, res.StatusCode, c.want, body)
			}
			if err := rs.check(c.route, res, body); err != nil {
				t.Errorf("%s %s: %v", method, c.path, err)
			}
			if _, pattern := web.Mux(e.Srv).Handler(httptest.NewRequest(method, c.path, nil)); pattern != c.route {
				t.Errorf("%s %s is served by %q, not %q", method, c.path, pattern, c.route)
			}
			rs.coverBody(c.route, res.StatusCode, body, seen)
			statuses[c.route+" "+strconv.Itoa(res.StatusCode)] = true
			if ptr, _, err := rs.responsePointer(c.route, res.StatusCode); err == nil {
				statuses[strings.TrimSuffix(ptr, "/content/application~1json/schema")] = true
			}
		}
		for _, prop := range rs.properties() {
			if !seen[prop] && !unseenProps[prop] {
				t.Errorf("no answer showed %s: make the test's data show it", prop)
			}
		}
		// Every success of every operation, and every error response,
		// has been checked; a fault of the server (500) is checked by
		// TestOpenAPIInternalErrorMatchesSchema.
		for _, route := range documentedRoutes(doc) {
			method, path, _ := strings.Cut(route, " ")
			for status, r := range doc.Paths[path][strings.ToLower(method)].Responses {
				if status < "300" && !statuses[route+" "+status] {
					t.Errorf("%s %s: no call answered with it", route, status)
				}
				if r.Ref != "" && !strings.HasSuffix(r.Ref, "/InternalError") && !statuses[r.Ref] {
					t.Errorf("%s: no call answered with %s", route, r.Ref)
				}
			}
		}
	})
}

// liveDo sends a call to the server.
func liveDo(e *webtest.CircEnv, method string, c liveCall) (*http.Response, string) {
	req := httptest.NewRequest(method, "http://kirjasto.test"+c.path, strings.NewReader(c.body))
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for _, h := range c.header {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
	w := httptest.NewRecorder()
	e.Srv.Handler().ServeHTTP(w, req)
	return w.Result(), w.Body.String()
}

// unseenProps are the properties the test's data cannot show, and why.
var unseenProps = map[string]bool{
	// Estimates for results of more than 20,000 records.
	"SearchResult.works_approximate": true,
	"Facet.approximate":              true,
}

// TestOpenAPIInternalErrorMatchesSchema checks a fault's answer, which the
// test above leaves out: a server whose database has gone away.
func TestOpenAPIInternalErrorMatchesSchema(t *testing.T) {
	rs, err := compileResponses(web.OpenAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	e := webtest.NewEnv(t, storetest.Open(t, "sqlite"))
	if err := e.DB.Close(); err != nil {
		t.Fatal(err)
	}
	res, body := e.Get(t, "/api/v1/libraries/hki-oodi")
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500: %s", res.StatusCode, body)
	}
	if err := rs.check("GET /api/v1/libraries/{id}", res, body); err != nil {
		t.Error(err)
	}
}

// testPNG is a small picture, for a resource's photo.
func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		img.Set(x, x%48, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// today is t's date in Helsinki.
func today(t time.Time) library.Date { return library.DateOf(t.In(library.Helsinki)) }
