package elib

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// accountPage is My Account's e-loans and e-holds.
type accountPage struct {
	Done  string // what was just done: borrowed, reserved, returned, cancelled
	Loans []library.ELoan
	Holds []holdView
}

// holdView is an e-hold with when a place is expected.
type holdView struct {
	library.EHold
	Around time.Time // zero: no estimate
}

// dones are the notices the page shows after a POST; anything else in
// done= is ignored.
var dones = map[string]bool{"borrowed": true, "reserved": true, "returned": true, "renewed": true, "cancelled": true}

// serveAccount lists the patron's open e-loans, with the link each
// opens at, and their e-holds in queue or on offer.
func (s *server) serveAccount(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	pg, err := s.accountPage(r, p)
	if err != nil {
		return err
	}
	if d := r.URL.Query().Get("done"); dones[d] {
		pg.Done = d
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "elib_account", s.I18n().T(s.Lang(r), "elib_web.account.title", nil), &pg)
	return nil
}

// accountPage reads the patron's open e-loans and their e-holds in
// queue or on offer, for the page and the API alike.
func (s *server) accountPage(r *http.Request, p library.Patron) (accountPage, error) {
	el, err := s.elib()
	if err != nil {
		return accountPage{}, err
	}
	now := s.Now()
	loans, err := el.ELoans(r.Context(), p.ID, now)
	if err != nil {
		return accountPage{}, err
	}
	holds, err := el.EHolds(r.Context(), p.ID, now)
	if err != nil {
		return accountPage{}, err
	}
	var pg accountPage
	for _, l := range loans {
		if l.Returned.IsZero() && l.Link != "" {
			pg.Loans = append(pg.Loans, l)
		}
	}
	for _, h := range holds {
		if h.Status == library.EHoldWaiting || h.Status == library.EHoldOffered {
			v := holdView{EHold: h}
			if h.EstimatedWait > 0 {
				v.Around = now.Add(h.EstimatedWait)
			}
			pg.Holds = append(pg.Holds, v)
		}
	}
	return pg, nil
}

// postReturn returns an e-loan and shows My Account's e-loans.
func (s *server) postReturn(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	if err := s.returnLoan(r, p, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("returned"), http.StatusSeeOther)
	return nil
}

// returnLoan returns an e-loan, for the page and for reading apps alike:
// first to the distributor, so that a place the store frees is free
// there too, then in the store. The loan must be the patron's own before
// the distributor hears of it.
func (s *server) returnLoan(r *http.Request, p library.Patron, loanID string) error {
	el, err := s.elib()
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(loanID, 10, 64)
	if err != nil {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.bad_id", Message: "e-loan id " + loanID}
	}
	ctx := r.Context()
	now := s.Now()
	loans, err := el.ELoans(ctx, p.ID, now)
	if err != nil {
		return err
	}
	var loan library.ELoan
	for _, l := range loans {
		if l.ID == id && l.Returned.IsZero() {
			loan = l
		}
	}
	if loan.ID == 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "elib_web.error.no_loan", Message: "no open e-loan " + loanID}
	}
	if loan.StatusURL != "" {
		if err := s.returnToDistributor(r, el, loan); err != nil {
			return distributorError(s, r, err)
		}
	}
	_, err = el.ReturnE(ctx, p.ID, loan.ID, now)
	return err
}

// returnToDistributor returns the loan through its licence's
// distributor.
func (s *server) returnToDistributor(r *http.Request, el library.ELibrary, loan library.ELoan) error {
	c, err := s.clientOf(r.Context(), el, loan)
	if err != nil {
		return err
	}
	_, err = c.Return(r.Context(), loan.StatusURL)
	return err
}

// postCancel cancels an e-hold.
func (s *server) postCancel(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	if err := s.cancelHold(r, p, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("cancelled"), http.StatusSeeOther)
	return nil
}

// cancelHold cancels one of the patron's e-holds, for the page and the
// API alike.
func (s *server) cancelHold(r *http.Request, p library.Patron, holdID string) error {
	el, err := s.elib()
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(holdID, 10, 64)
	if err != nil {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.bad_id", Message: "e-hold id " + holdID}
	}
	return el.CancelEHold(r.Context(), p.ID, id, s.Now())
}
