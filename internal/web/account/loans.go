package account

import (
	"context"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// loansPage is /account/loans and GET /api/v1/account/loans.
type loansPage struct {
	Loans []web.LoanView `json:"loans"`
	// Results are the outcomes of a renewal just asked for, one a loan;
	// empty on a plain GET.
	Results []web.RenewView `json:"results,omitempty"`
}

func (s *server) serveLoans(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	lp, err := s.loansPage(r.Context(), lang, p)
	if err != nil {
		return err
	}
	if outcomes := s.takeRenewed(w, r); outcomes != nil {
		lp.Results = s.renewedViews(lang, lp.Loans, outcomes)
	}
	s.Render(w, r, http.StatusOK, "account_loans", s.I18n().T(lang, "account.loans.title", nil), lp)
	return nil
}

// renewLoans renews the loan whose barcode the form names, or every loan
// when it names none (the "renew all" button), and sends the patron back
// to their loans, where a message for each renewal asked for waits.
func (s *server) renewLoans(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	results, err := s.Renew(r.Context(), p, r.PostFormValue("barcode"), web.WebActor(p))
	if err != nil {
		return err
	}
	s.setRenewed(w, r, results)
	http.Redirect(w, r, "/account/loans", http.StatusSeeOther)
	return nil
}

func (s *server) loansPage(ctx context.Context, lang string, p library.Patron) (*loansPage, error) {
	loans, err := s.Circulation().Loans(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	views, err := s.LoanViews(ctx, lang, p, loans)
	if err != nil {
		return nil, err
	}
	return &loansPage{Loans: views}, nil
}
