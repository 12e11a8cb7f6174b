package sip2

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestLostCard checks that a card reported lost neither lends nor signs
// in at a kiosk, and that the kiosk says it was reported lost rather than
// not recognised.
func TestLostCard(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		staff, err := f.db.CreateStaff(ctx, library.Staff{Username: "desk", Name: "Desk", Branch: "esp-sello"}, "long enough password")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.ReplaceCard(ctx, staff, f.patronID(ainoCard), "2000000099", library.CardLost, time.Now()); err != nil {
			t.Fatal(err)
		}
		c := f.dial(t, true)
		c.login("sello-1", "esp-sello")
		got := c.do(&Checkout{PatronID: ainoCard, PatronPassword: ainoPIN, ItemID: "S1"}).(*CheckoutResponse)
		lost := f.srv.i18n.T("fi", "error.card_lost", nil)
		if got.OK || len(got.ScreenMessage) != 1 || got.ScreenMessage[0] != lost {
			t.Errorf("checkout with a lost card: OK %v, %q; want refused with %q", got.OK, got.ScreenMessage, lost)
		}
		st := c.do(&PatronStatusRequest{PatronID: ainoCard, PatronPassword: ainoPIN}).(*PatronStatusResponse)
		if st.ValidPatron || st.ValidPassword {
			t.Errorf("patron status of a lost card: %+v", st)
		}
		if got := c.do(&Checkout{PatronID: "2000000099", PatronPassword: ainoPIN, ItemID: "S1"}).(*CheckoutResponse); !got.OK {
			t.Errorf("checkout with the new card: %+v", got)
		}
	})
}
