package sip2

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestRaceKiosksLoanLimit has many kiosks lend different items to one
// patron at the same moment: exactly the loan limit's worth succeed.
func TestRaceKiosksLoanLimit(t *testing.T) {
	const kiosks, maxLoans = 8, 3
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		pol := library.DefaultPolicy()
		pol.MaxLoans = maxLoans
		if err := f.db.SetPolicy(ctx, pol); err != nil {
			t.Fatal(err)
		}
		var barcodes []string
		for i := range kiosks {
			barcodes = append(barcodes, fmt.Sprintf("R%d:esp-sello", i))
		}
		f.title("Rinnakkaiset maailmat", library.Book, barcodes...)

		clients := make([]*client, kiosks)
		for i := range clients {
			clients[i] = f.dial(t, true)
			clients[i].login("sello-1", "esp-sello")
			if st := clients[i].do(&PatronStatusRequest{PatronID: ainoCard, PatronPassword: ainoPIN}).(*PatronStatusResponse); !st.ValidPassword {
				t.Fatalf("kiosk %d: PIN refused", i)
			}
		}
		results := make([]*CheckoutResponse, kiosks)
		errs := make([]error, kiosks)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, c := range clients {
			wg.Go(func() {
				<-start
				var resp Body
				resp, errs[i] = c.try(&Checkout{PatronID: ainoCard, ItemID: fmt.Sprintf("R%d", i)})
				results[i], _ = resp.(*CheckoutResponse)
			})
		}
		close(start)
		wg.Wait()
		ok := 0
		for i, r := range results {
			switch {
			case errs[i] != nil:
				t.Errorf("kiosk %d: %v", i, errs[i])
			case r.OK:
				ok++
			case len(r.ScreenMessage) != 1 || r.ScreenMessage[0] != "Lainojen enimmäismäärä on täynnä.":
				t.Errorf("kiosk %d refused with %q, want the loan limit", i, r.ScreenMessage)
			}
		}
		if ok != maxLoans {
			t.Errorf("%d checkouts succeeded, want the limit %d", ok, maxLoans)
		}
		loans, err := f.db.Loans(ctx, f.patronID(ainoCard))
		if err != nil || len(loans) != maxLoans {
			t.Errorf("patron has %d loans (%v), want %d", len(loans), err, maxLoans)
		}
	})
}
