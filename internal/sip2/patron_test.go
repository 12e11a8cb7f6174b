package sip2

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestFees charges an overdue fee at a kiosk's checkin and pays it with
// Fee Paid, which records the payment as the desk does.
func TestFees(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, true)
		c.login("sello-1", "esp-sello")
		if got := c.do(&Checkout{PatronID: ainoCard, PatronPassword: ainoPIN, ItemID: "S1"}).(*CheckoutResponse); !got.OK {
			t.Fatalf("checkout: %+v", got)
		}
		f.setNow(testNow.AddDate(0, 0, 40)) // 12 days after the due date: 12 × 0,20 €
		in := c.do(&Checkin{ItemID: "S1"}).(*CheckinResponse)
		if diff := cmp.Diff([]string{"Palautettu. Kiitos!", "Myöhästymismaksu: 2,40 €."}, in.ScreenMessage); diff != "" {
			t.Errorf("checkin of a late item (-want +got):\n%s", diff)
		}

		info := c.do(&PatronInformationRequest{Summary: FineItems, PatronID: ainoCard}).(*PatronInformationResponse)
		fees, err := f.db.Fees(context.Background(), f.patronID(ainoCard))
		if err != nil || len(fees) != 1 {
			t.Fatalf("fees: %v %v", fees, err)
		}
		wantFine := fmt.Sprintf("%d 2,40 € Myöhästymismaksu: Seitsemän veljestä", fees[0].ID)
		if info.FineItemsCount != 1 || info.FeeAmount != "2.40" || !cmp.Equal(info.FineItems, []string{wantFine}) {
			t.Errorf("patron information: count %d, amount %q, fines %q; want %q", info.FineItemsCount, info.FeeAmount, info.FineItems, wantFine)
		}

		for _, tc := range []struct {
			name, amount, feeID string
			accepted            bool
			wantAF              string
		}{
			{"too little", "2.00", "", false, "Maksu ei vastaa maksujasi: 2,40 €."},
			{"not a number", "kaksi", "", false, "Maksu ei vastaa maksujasi: 2,40 €."},
			{"another fee", "2.40", "999999", false, "Sinulla ei ole maksettavia maksuja."},
			{"the fee by its ID", "2,40", fmt.Sprint(fees[0].ID), true, "Maksu 2,40 € vastaanotettu. Kiitos!"},
			{"again", "2.40", "", false, "Sinulla ei ole maksettavia maksuja."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got := c.do(&FeePaid{FeeType: FeeOverdue, PaymentType: PaymentCash, Currency: "EUR", FeeAmount: tc.amount,
					PatronID: ainoCard, FeeID: tc.feeID, TransactionID: "K-1"}).(*FeePaidResponse)
				want := &FeePaidResponse{PaymentAccepted: tc.accepted, TransactionDate: got.TransactionDate,
					PatronID: ainoCard, TransactionID: "K-1", ScreenMessage: []string{tc.wantAF}}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("fee paid (-want +got):\n%s", diff)
				}
			})
		}
		fees, _ = f.db.Fees(context.Background(), f.patronID(ainoCard))
		if len(fees) != 1 || fees[0].PaidAt.IsZero() {
			t.Errorf("after payment: %+v, want the fee paid", fees)
		}
	})
}

// TestBlockAndEnable checks Block Patron (01) and Patron Enable (25).
func TestBlockAndEnable(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, true)
		c.login("sello-1", "esp-sello")
		st := c.do(&BlockPatron{CardRetained: true, PatronID: erikCard, BlockedCardMessage: "card left in the kiosk"}).(*PatronStatusResponse)
		if !st.Status[PatronChargeDenied] || !st.ValidPatron || !cmp.Equal(st.ScreenMessage, []string{"Bibliotekskortet är spärrat. Kontakta bibliotekets personal."}) {
			t.Errorf("block patron answered %+v", st)
		}
		co := c.do(&Checkout{PatronID: erikCard, PatronPassword: erikPIN, ItemID: "M1"}).(*CheckoutResponse)
		if co.OK {
			t.Errorf("a blocked card borrowed: %+v", co)
		}
		en := c.do(&PatronEnable{PatronID: erikCard, PatronPassword: erikPIN}).(*PatronEnableResponse)
		if en.Status[PatronChargeDenied] || !en.ValidPassword || en.Language != LanguageSwedish ||
			!cmp.Equal(en.ScreenMessage, []string{"Ditt bibliotekskort fungerar igen."}) {
			t.Errorf("patron enable answered %+v", en)
		}
		if co := c.do(&Checkout{PatronID: erikCard, ItemID: "M1"}).(*CheckoutResponse); !co.OK {
			t.Errorf("checkout after enable: %+v", co)
		}
		if st := c.do(&BlockPatron{PatronID: "NOCARD"}).(*PatronStatusResponse); st.ValidPatron || !st.Status[PatronChargeDenied] {
			t.Errorf("block of an unknown card answered %+v", st)
		}
	})
}

// TestHolds places, moves and cancels a hold at a kiosk.
func TestHolds(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if _, err := f.db.Checkout(ctx, f.patronID(ainoCard), "S1", library.Actor{Branch: "esp-sello"}, testNow); err != nil {
			t.Fatal(err)
		}
		c := f.dial(t, false)
		c.login("roaming", "hki-oodi")
		tests := []struct {
			name    string
			req     *Hold
			wantOK  bool
			wantBS  string
			wantBR  string
			wantAF  string
			wantNow int // holds the patron has afterwards
		}{
			{"place, at the patron's pickup branch", &Hold{Mode: HoldAdd, PatronID: erikCard, PatronPassword: erikPIN, ItemID: "S1"},
				true, "hki-oodi", "1", "Reserverat: Seitsemän veljestä. Hämtas på Centrumbiblioteket Ode.", 1},
			{"place twice", &Hold{Mode: HoldAdd, PatronID: erikCard, ItemID: "S1"},
				false, "", "", "", 1},
			{"move", &Hold{Mode: HoldChange, PatronID: erikCard, ItemID: "S1", PickupLocation: "esp-sello"},
				true, "esp-sello", "1", "Seitsemän veljestä: hämtas på Sellobiblioteket.", 1},
			{"cancel", &Hold{Mode: HoldDelete, PatronID: erikCard, ItemID: "S1"},
				true, "esp-sello", "", "Reserveringen har avbokats: Seitsemän veljestä.", 0},
			{"cancel what is not there", &Hold{Mode: HoldDelete, PatronID: erikCard, ItemID: "S1"},
				false, "", "", "", 0},
			{"no item", &Hold{Mode: HoldAdd, PatronID: erikCard}, false, "", "", "", 0},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got := c.do(tc.req).(*HoldResponse)
				if got.OK != tc.wantOK || (tc.wantOK && (got.PickupLocation != tc.wantBS || got.QueuePosition != tc.wantBR ||
					!cmp.Equal(got.ScreenMessage, []string{tc.wantAF}))) {
					t.Errorf("hold answered %+v", got)
				}
				if !tc.wantOK && (len(got.ScreenMessage) != 1 || strings.TrimSpace(got.ScreenMessage[0]) == "") {
					t.Errorf("a refused hold without a reason: %+v", got)
				}
				holds, err := f.db.Holds(ctx, f.patronID(erikCard))
				if err != nil || len(holds) != tc.wantNow {
					t.Errorf("patron has holds %+v (%v), want %d", holds, err, tc.wantNow)
				}
			})
		}
	})
}

// TestPatronInformationLists checks the summary field's lists, their
// paging, and that they need the PIN.
func TestPatronInformationLists(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, true)
		c.login("sello-1", "esp-sello")
		for _, barcode := range []string{"S1", "M1", "T1"} {
			if got := c.do(&Checkout{PatronID: ainoCard, PatronPassword: ainoPIN, ItemID: barcode}).(*CheckoutResponse); !got.OK {
				t.Fatalf("checkout %s: %+v", barcode, got)
			}
		}
		all := c.do(&PatronInformationRequest{Summary: ChargedItems, PatronID: ainoCard}).(*PatronInformationResponse)
		if len(all.ChargedItems) != 3 || all.ChargedItemsCount != 3 || all.ChargedItemsLimit != 100 {
			t.Fatalf("charged items %q, count %d, limit %d", all.ChargedItems, all.ChargedItemsCount, all.ChargedItemsLimit)
		}
		// The limits are four-digit fields on the wire.
		wire, err := c.codec.Encode(&PatronInformationRequest{PatronID: ainoCard}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if raw := c.sendRaw(string(wire)); !regexp.MustCompile(`\|BZ[0-9]{4}\|CB0100\|`).MatchString(raw) {
			t.Errorf("patron information %q: want BZ and CB as four digits", raw)
		}
		for _, tc := range []struct {
			start, end string
			want       []string
		}{
			{"2", "3", all.ChargedItems[1:3]},
			{"3", "", all.ChargedItems[2:]},
			{"", "1", all.ChargedItems[:1]},
			{"4", "9", nil},
			{"x", "y", all.ChargedItems},
		} {
			got := c.do(&PatronInformationRequest{Summary: ChargedItems, PatronID: ainoCard, StartItem: tc.start, EndItem: tc.end}).(*PatronInformationResponse)
			if diff := cmp.Diff(tc.want, got.ChargedItems); diff != "" {
				t.Errorf("items %q to %q (-want +got):\n%s", tc.start, tc.end, diff)
			}
		}

		// Another kiosk, no PIN: counts, but neither lists nor contact details.
		other := f.dial(t, false)
		other.login("sello-1", "")
		got := other.do(&PatronInformationRequest{Summary: ChargedItems, PatronID: ainoCard}).(*PatronInformationResponse)
		if got.ChargedItemsCount != 3 || got.ChargedItems != nil || got.Email != "" || got.HomeAddress != "" || got.ValidPassword {
			t.Errorf("without the PIN: %+v", got)
		}

		// Erik waits for S1, on loan to Aino.
		if got := other.do(&Hold{Mode: HoldAdd, PatronID: erikCard, PatronPassword: erikPIN, ItemID: "S1"}).(*HoldResponse); !got.OK {
			t.Fatalf("hold: %+v", got)
		}
		holds := other.do(&PatronInformationRequest{Summary: UnavailableHoldItems, Language: LanguageEnglish, PatronID: erikCard}).(*PatronInformationResponse)
		if holds.UnavailableHoldsCount != 1 || holds.HoldItemsCount != 0 || !cmp.Equal(holds.UnavailableHoldItems, []string{"Seitsemän veljestä"}) ||
			holds.Language != LanguageEnglish {
			t.Errorf("holds: %+v", holds)
		}
	})
}

func TestAmounts(t *testing.T) {
	for _, tc := range []struct {
		in    string
		cents int64
		ok    bool
	}{
		{"2.50", 250, true}, {"2,5", 250, true}, {"0.05", 5, true}, {" 12 ", 1200, true},
		{"2.505", 0, false}, {".50", 0, false}, {"-1.00", 0, false}, {"", 0, false}, {"1e3", 0, false},
	} {
		cents, ok := parseAmount(tc.in)
		if cents != tc.cents || ok != tc.ok {
			t.Errorf("parseAmount(%q) = %d, %v; want %d, %v", tc.in, cents, ok, tc.cents, tc.ok)
		}
	}
	for cents, want := range map[int64]string{0: "0.00", 5: "0.05", 250: "2.50", 123456: "1234.56", -240: "-2.40"} {
		if got := amount(cents); got != want {
			t.Errorf("amount(%d) = %q, want %q", cents, got, want)
		}
	}
}

// TestPatronEnableWithoutPIN checks that Patron Enable (25) without the
// card's PIN, or with a wrong one, says what Patron Status (23) says: the
// card is valid (BL Y), the PIN is not (CQ N), and the block stays.
func TestPatronEnableWithoutPIN(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, false)
		c.login("sello-1", "esp-sello")
		c.do(&BlockPatron{PatronID: erikCard, BlockedCardMessage: "card left in the kiosk"})
		for _, tc := range []struct{ name, pin string }{{"no PIN", ""}, {"wrong PIN", "9999"}} {
			t.Run(tc.name, func(t *testing.T) {
				c.do(&EndPatronSession{PatronID: erikCard})
				en := c.do(&PatronEnable{PatronID: erikCard, PatronPassword: tc.pin}).(*PatronEnableResponse)
				st := c.do(&PatronStatusRequest{PatronID: erikCard, PatronPassword: tc.pin}).(*PatronStatusResponse)
				if !en.ValidPatron || en.ValidPassword || en.PatronID != erikCard || en.PersonalName == "" {
					t.Errorf("patron enable answered BL %v CQ %v AA %q AE %q, want a valid card, a PIN not valid",
						en.ValidPatron, en.ValidPassword, en.PatronID, en.PersonalName)
				}
				wantAF := st.ScreenMessage // the PIN is wrong
				if tc.pin == "" {
					wantAF = []string{f.srv.i18n.T("sv", "sip2.pin_needed", nil)}
				}
				if st.ValidPatron != en.ValidPatron || st.ValidPassword != en.ValidPassword || !cmp.Equal(en.ScreenMessage, wantAF) {
					t.Errorf("patron enable answered BL %v CQ %v %q; patron status BL %v CQ %v %q",
						en.ValidPatron, en.ValidPassword, en.ScreenMessage, st.ValidPatron, st.ValidPassword, st.ScreenMessage)
				}
				if !en.Status[PatronChargeDenied] {
					t.Errorf("the card was enabled without its PIN: %+v", en)
				}
			})
		}
		en := c.do(&PatronEnable{PatronID: "NOCARD", PatronPassword: "1234"}).(*PatronEnableResponse)
		if en.ValidPatron || en.ValidPassword {
			t.Errorf("patron enable of an unknown card answered %+v", en)
		}
	})
}

// TestSupportedMessagesAreTrue checks every flag of ACS Status (98)
// against what the server does: a message flagged Y is answered, one
// flagged N is refused as not supported, and "status update ok" is Y as
// long as a kiosk may block and enable patrons.
func TestSupportedMessagesAreTrue(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, false)
		c.login("sello-1", "esp-sello")
		st := c.do(&SCStatus{ProtocolVersion: "2.00"}).(*ACSStatus)
		notSupported := f.srv.i18n.T("fi", "sip2.not_supported", nil)
		requests := [len(SupportedMessages{})]Body{
			SupportsPatronStatus:      &PatronStatusRequest{PatronID: ainoCard},
			SupportsCheckout:          &Checkout{PatronID: ainoCard, ItemID: "S1"},
			SupportsCheckin:           &Checkin{ItemID: "S1"},
			SupportsBlockPatron:       &BlockPatron{PatronID: "NOCARD"},
			SupportsStatus:            &SCStatus{ProtocolVersion: "2.00"},
			SupportsResend:            &RequestACSResend{},
			SupportsLogin:             &Login{UserID: "sello-1", Password: "kiosk-secret"},
			SupportsPatronInformation: &PatronInformationRequest{PatronID: ainoCard},
			SupportsEndPatronSession:  &EndPatronSession{PatronID: ainoCard},
			SupportsFeePaid:           &FeePaid{PatronID: ainoCard, FeeAmount: "1.00"},
			SupportsItemInformation:   &ItemInformationRequest{ItemID: "S1"},
			SupportsItemStatusUpdate:  &ItemStatusUpdate{ItemID: "S1", ItemProperties: "x"},
			SupportsPatronEnable:      &PatronEnable{PatronID: ainoCard},
			SupportsHold:              &Hold{Mode: HoldAdd, PatronID: ainoCard, ItemID: "S1"},
			SupportsRenew:             &Renew{PatronID: ainoCard, ItemID: "S1"},
			SupportsRenewAll:          &RenewAll{PatronID: ainoCard},
		}
		for i, req := range requests {
			resp := c.do(req)
			answered := !slices.ContainsFunc(ToMessage(resp).Fields, func(f Field) bool { return f.ID == "AF" && f.Value == notSupported })
			if answered != st.Supported[i] {
				t.Errorf("BX position %d (message %s) says %v, but the server answered %v: %#v", i, req.Code(), st.Supported[i], answered, resp)
			}
		}
		if patronUpdates := st.Supported[SupportsBlockPatron] || st.Supported[SupportsPatronEnable]; st.StatusUpdateOK != patronUpdates {
			t.Errorf("status update ok is %v, though block patron and patron enable are supported: %v", st.StatusUpdateOK, patronUpdates)
		}
	})
}
