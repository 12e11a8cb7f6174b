package sip2

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ignoreDates leaves transaction dates out of comparisons: they are the
// fixture's clock, checked in TestNotLoggedIn.
var ignoreDates = cmpopts.IgnoreFields(CheckoutResponse{}, "TransactionDate")

// TestPatronAtKiosk walks a patron through a visit: status, checkout,
// information, renewals, checkin, end of session, message by message.
func TestPatronAtKiosk(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, true)
		c.login("sello-1", "esp-sello")

		// Patron status: the card is valid; the PIN only when given right.
		for _, tc := range []struct {
			name, pin string
			wantPIN   bool
			wantAF    []string
		}{
			{"no PIN", "", false, nil},
			{"wrong PIN", "9999", false, []string{"Kortin numero tai PIN-koodi on väärin."}},
			{"right PIN", ainoPIN, true, nil},
		} {
			t.Run("status "+tc.name, func(t *testing.T) {
				got := c.do(&PatronStatusRequest{InstitutionID: "kirjasto", PatronID: ainoCard, PatronPassword: tc.pin}).(*PatronStatusResponse)
				want := &PatronStatusResponse{Language: LanguageFinnish, TransactionDate: testNow, InstitutionID: "kirjasto",
					PatronID: ainoCard, PersonalName: "Virtanen, Aino", ValidPatron: true, ValidPassword: tc.wantPIN,
					Currency: "EUR", FeeAmount: "0.00", ScreenMessage: tc.wantAF}
				if diff := cmp.Diff(want, got, cmpopts.EquateApproxTime(0)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}

		got := c.do(&Checkout{InstitutionID: "kirjasto", PatronID: ainoCard, ItemID: "S1"}).(*CheckoutResponse)
		want := &CheckoutResponse{OK: true, MagneticMedia: Unknown, Desensitize: Yes, InstitutionID: "kirjasto",
			PatronID: ainoCard, ItemID: "S1", TitleID: "Seitsemän veljestä", DueDate: "21.12.2026", MediaType: "001",
			ScreenMessage: []string{"Seitsemän veljestä: eräpäivä 21.12.2026."}}
		if diff := cmp.Diff(want, got, ignoreDates); diff != "" {
			t.Errorf("checkout with the PIN given earlier in the session (-want +got):\n%s", diff)
		}
		got = c.do(&Checkout{InstitutionID: "kirjasto", PatronID: ainoCard, ItemID: "NOPE"}).(*CheckoutResponse)
		if got.OK || got.Desensitize != No || !cmp.Equal(got.ScreenMessage, []string{"Tällä viivakoodilla ei ole nidettä."}) {
			t.Errorf("checkout of an unknown item: %+v", got)
		}
		got = c.do(&Checkout{InstitutionID: "kirjasto", PatronID: ainoCard, ItemID: "S1", SCRenewalPolicy: true}).(*CheckoutResponse)
		if !got.OK || !got.RenewalOK {
			t.Errorf("checkout of an item the patron has, renewal policy on: %+v, want a renewal", got)
		}

		info := c.do(&PatronInformationRequest{Summary: ChargedItems, InstitutionID: "kirjasto", PatronID: ainoCard}).(*PatronInformationResponse)
		if diff := cmp.Diff([]string{"S1"}, info.ChargedItems); diff != "" || info.ChargedItemsCount != 1 || info.Email != "fi@example.fi" {
			t.Errorf("patron information: %+v\n%s", info, diff)
		}

		item := c.do(&ItemInformationRequest{InstitutionID: "kirjasto", ItemID: "S1"}).(*ItemInformationResponse)
		wantItem := &ItemInformationResponse{CirculationStatus: CircCharged, SecurityMarker: SecurityOther, FeeType: FeeOther,
			TransactionDate: testNow, DueDate: "21.12.2026", ItemID: "S1", TitleID: "Seitsemän veljestä", Owner: "espoo",
			MediaType: "001", PermanentLocation: "Sellon kirjasto", CurrentLocation: "Sellon kirjasto",
			ScreenMessage: []string{"Lainassa"}}
		if diff := cmp.Diff(wantItem, item, cmpopts.EquateApproxTime(0)); diff != "" {
			t.Errorf("item information (-want +got):\n%s", diff)
		}

		renew := c.do(&Renew{InstitutionID: "kirjasto", PatronID: ainoCard, ItemID: "S1"}).(*RenewResponse)
		if !renew.OK || renew.DueDate != "21.12.2026" {
			t.Errorf("renew: %+v", renew)
		}
		c.do(&Checkout{InstitutionID: "kirjasto", PatronID: ainoCard, ItemID: "M1"})
		all := c.do(&RenewAll{InstitutionID: "kirjasto", PatronID: ainoCard}).(*RenewAllResponse)
		if !all.OK || all.RenewedCount != 2 || len(all.RenewedItems) != 2 || all.UnrenewedCount != 0 {
			t.Errorf("renew all: %+v", all)
		}

		end := c.do(&EndPatronSession{InstitutionID: "kirjasto", PatronID: ainoCard}).(*EndSessionResponse)
		if !end.EndSession {
			t.Errorf("end session: %+v", end)
		}
		got = c.do(&Checkout{InstitutionID: "kirjasto", PatronID: ainoCard, ItemID: "M2"}).(*CheckoutResponse)
		if got.OK || !cmp.Equal(got.ScreenMessage, []string{"Näppäile PIN-koodisi."}) {
			t.Errorf("checkout after the session ended, without a PIN: %+v", got)
		}
		got = c.do(&Checkout{InstitutionID: "kirjasto", PatronID: "NOCARD", ItemID: "M2", PatronPassword: "1234"}).(*CheckoutResponse)
		if got.OK || !cmp.Equal(got.ScreenMessage, []string{"Kirjastokorttia ei tunnistettu."}) {
			t.Errorf("checkout to an unknown card: %+v", got)
		}

		in := c.do(&Checkin{InstitutionID: "kirjasto", ItemID: "S1", CurrentLocation: "esp-sello"}).(*CheckinResponse)
		wantIn := &CheckinResponse{OK: true, Resensitize: true, MagneticMedia: Unknown, TransactionDate: testNow,
			InstitutionID: "kirjasto", ItemID: "S1", PermanentLocation: "Sellon kirjasto", TitleID: "Seitsemän veljestä",
			SortBin: "shelf", MediaType: "001", ScreenMessage: []string{"Palautettu. Kiitos!"}}
		if diff := cmp.Diff(wantIn, in, cmpopts.EquateApproxTime(0)); diff != "" {
			t.Errorf("checkin (-want +got):\n%s", diff)
		}
		in = c.do(&Checkin{InstitutionID: "kirjasto", ItemID: "NOPE"}).(*CheckinResponse)
		if in.OK || !in.Alert || !cmp.Equal(in.ScreenMessage, []string{"Tällä viivakoodilla ei ole nidettä."}) {
			t.Errorf("checkin of an unknown item: %+v, want refused with an alert", in)
		}
	})
}

// TestCheckinRouting checks that a kiosk's checkin routes the item as the
// desk's does, and says so on the screen and in the sort bin, in the
// language of the patron at the kiosk or of the one who had the item.
func TestCheckinRouting(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		sello := library.Actor{Branch: "esp-sello"}
		lend := func(card, barcode string) {
			t.Helper()
			if _, err := f.db.Checkout(ctx, f.patronID(card), barcode, sello, f.now.Load().UTC()); err != nil {
				t.Fatal(err)
			}
		}
		hold := func(card, barcode, pickup string) {
			t.Helper()
			it, err := f.db.Item(ctx, barcode)
			if err != nil {
				t.Fatal(err)
			}
			h := library.Hold{PatronID: f.patronID(card), RecordID: it.RecordID, PickupBranch: pickup}
			if _, err := f.db.PlaceHold(ctx, h, library.Actor{}, f.now.Load().UTC()); err != nil {
				t.Fatal(err)
			}
		}
		lend(ainoCard, "S1")
		hold(erikCard, "S1", "hki-oodi") // the only copy is out: Erik waits for it at Oodi
		lend(ainoCard, "T1")             // Oodi's film, borrowed at Sello
		lend(erikCard, "M1")
		lend(erikCard, "M2")
		hold(ainoCard, "M1", "esp-sello") // both copies out: Aino waits at Sello

		tests := []struct {
			name, barcode string
			swedishKiosk  bool // the kiosk has a Swedish-speaking patron at it
			wantBin       string
			wantAF        string
		}{
			{"for a hold elsewhere, in the language of the patron who returned it", "S1", false,
				"transit:hki-oodi", "Palautettu. Aineisto on varattu: se lähtee kirjastoon Keskustakirjasto Oodi."},
			{"home to another branch", "T1", false,
				"transit:hki-oodi", "Palautettu. Aineisto palaa kirjastoon Keskustakirjasto Oodi."},
			{"for a hold here, in the kiosk's language", "M1", true,
				"hold_shelf", "Återlämnat. Materialet är reserverat: det går till reserveringshyllan här, hylla "},
			{"back on the shelf, in the language of the patron who returned it", "M2", false,
				"shelf", "Återlämnat. Tack!"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				c := f.dial(t, false)
				c.login("sello-1", "esp-sello")
				if tc.swedishKiosk {
					c.do(&PatronStatusRequest{Language: LanguageSwedish, PatronID: ainoCard})
				}
				got := c.do(&Checkin{ItemID: tc.barcode}).(*CheckinResponse)
				if !got.OK || got.SortBin != tc.wantBin || len(got.ScreenMessage) != 1 || !strings.HasPrefix(got.ScreenMessage[0], tc.wantAF) {
					t.Errorf("checkin %s: ok %v, bin %q, screen %q; want bin %q, screen %q",
						tc.barcode, got.OK, got.SortBin, got.ScreenMessage, tc.wantBin, tc.wantAF)
				}
				if got.Alert != (tc.wantBin != "shelf") {
					t.Errorf("checkin %s: alert %v", tc.barcode, got.Alert)
				}
			})
		}
		// The desk's rules ran: the item waits on Sello's hold shelf for Aino.
		if it, _ := f.db.Item(ctx, "M1"); it.Status != library.OnHoldShelf || it.Branch != "esp-sello" {
			t.Errorf("M1 after checkin: %s at %s", it.Status, it.Branch)
		}
		// And the desk's notices: Aino is told her hold is ready.
		notices, err := f.db.Notices(ctx, f.patronID(ainoCard))
		if err != nil {
			t.Fatal(err)
		}
		var ready []string
		for _, n := range notices {
			if n.Kind == library.NoticeHoldReady {
				ready = append(ready, n.Params["title"])
			}
		}
		if diff := cmp.Diff([]string{"Muumipeikko ja pyrstötähti"}, ready); diff != "" {
			t.Errorf("hold-ready notices after the kiosk's checkin (-want +got):\n%s", diff)
		}
	})
}
