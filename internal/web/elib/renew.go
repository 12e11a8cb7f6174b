package elib

import (
	"context"
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
)

// postRenew renews an e-loan and shows My Account's e-loans.
func (s *server) postRenew(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	if _, err := s.renew(r, p, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("renewed"), http.StatusSeeOther)
	return nil
}

// renew renews an e-loan, for the page and the API alike: first in the
// store, which refuses while others wait, then at the distributor with
// the new end; a renewal the distributor refuses is undone, so the two
// never disagree on the end.
func (s *server) renew(r *http.Request, p library.Patron, loanID string) (library.ELoan, error) {
	el, err := s.elib()
	if err != nil {
		return library.ELoan{}, err
	}
	id, err := strconv.ParseInt(loanID, 10, 64)
	if err != nil {
		return library.ELoan{}, &library.Error{Code: library.ENOTFOUND, Key: "error.bad_id", Message: "e-loan id " + loanID}
	}
	ctx := r.Context()
	loan, prev, err := el.RenewE(ctx, p.ID, id, s.Now())
	if err != nil {
		return library.ELoan{}, err
	}
	if loan.StatusURL != "" {
		c, err := s.clientOf(ctx, el, loan)
		if err == nil {
			_, err = c.Renew(ctx, loan.StatusURL, loan.Due)
		}
		if err != nil {
			if rerr := el.RevertRenewE(context.WithoutCancel(ctx), loan.ID, prev); rerr != nil {
				s.LogFailure(r, "reverting an e-loan's renewal", rerr, "loan", loan.ID)
			}
			return library.ELoan{}, distributorError(s, r, err)
		}
	}
	return loan, nil
}

// clientOf returns the ODL client of the distributor of the loan's
// licence.
func (s *server) clientOf(ctx context.Context, el library.ELibrary, loan library.ELoan) (*odl.Client, error) {
	ls, err := el.Licences(ctx, loan.RecordID)
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		if l.ID != loan.LicenceID {
			continue
		}
		if c := s.Distributor(l.Distributor); c != nil {
			return c, nil
		}
		return nil, library.Errorf(library.EINTERNAL, "no client for distributor %q", l.Distributor)
	}
	return nil, library.Errorf(library.EINTERNAL, "e-loan %d: licence %d not found", loan.ID, loan.LicenceID)
}
