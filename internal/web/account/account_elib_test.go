package account

import (
	"context"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// My Account's overview counts the e-loans and e-holds beside the print
// ones and links the e-lending's page; so does its JSON twin.
func TestAccountOverviewCountsELending(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		ctx := context.Background()
		borrowed, queued := e.ETitle(t, webtest.OneCopy), e.ETitle(t, webtest.OneCopy)
		loan, _, err := e.DB.BorrowE(ctx, e.Patron.ID, borrowed, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.CompleteELoan(ctx, loan.ID, "https://distributor.example/licence", "application/vnd.readium.lcp.license.v1.0+json", ""); err != nil {
			t.Fatal(err)
		}
		other, _ := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		if _, _, err := e.DB.BorrowE(ctx, other.ID, queued, webtest.Now); err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.ReserveE(ctx, e.Patron.ID, queued, webtest.Now); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"fi", "ar"} {
			_, body := e.Do(t, "GET", "/account", nil, e.AsPatron(lang))
			want := `<a href="/account/elib">` + webtest.HTMLText(e.Bundle.N(lang, "elib_api.count.eloans", 1, nil)+", "+e.Bundle.N(lang, "elib_api.count.eholds", 1, nil))
			if !strings.Contains(body, want) {
				t.Errorf("%s /account: no %q\n%s", lang, want, body)
			}
		}
		var ap accountPage
		webtest.APIGet(t, e.CircEnv, "/api/v1/account", &ap)
		if ap.ELoans != 1 || ap.EHolds != 1 || ap.Loans != 0 {
			t.Errorf("GET /api/v1/account = %+v", ap)
		}
	})
}
