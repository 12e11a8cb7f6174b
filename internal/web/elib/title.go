package elib

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/web"
)

// titlePage is an e-title's availability with Borrow and Reserve.
type titlePage struct {
	Record    library.Record
	RecordURL string
	Has       bool // it has licences (or is open access)
	Avail     library.EAvailability
	Text      string // the availability in words
	Open      bool   // open access only: download, nothing to borrow
	// Download is an open-access title's download: Kirjasto's own copy
	// or the distributor's link; "" sends the resident to the record's
	// links.
	Download  string
	CanBorrow bool // a place is free; else Reserve
	SignedIn  bool
	SignIn    string
	// Refusal is why the patron's Borrow or Reserve was refused, shown
	// at the button they pressed.
	Refusal string
}

// record reads the path's record and refuses one that is not an
// e-title with 404.
func (s *server) record(r *http.Request) (library.Record, error) {
	id, err := web.ParseRecordID(r.PathValue("id"))
	if err != nil {
		return library.Record{}, err
	}
	rec, err := s.Store().Record(r.Context(), id)
	if err != nil {
		return library.Record{}, err
	}
	if !isE(rec.Material) {
		return library.Record{}, &library.Error{Code: library.ENOTFOUND, Key: "elib_web.error.not_e",
			Message: "record " + strconv.FormatInt(id, 10) + " is not an e-title"}
	}
	return rec, nil
}

// serveTitle shows an e-title's availability in words and what the
// patron can do: borrow when a place is free, else reserve.
func (s *server) serveTitle(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.record(r)
	if err != nil {
		return err
	}
	pg, err := s.titlePage(r, rec)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "elib_title", rec.Title, &pg)
	return nil
}

// titlePage reads the title's availability for the one asking: a
// signed-in patron sees the licences that lend to them (a member
// library's own lend to its own patrons only), a guest every licence.
func (s *server) titlePage(r *http.Request, rec library.Record) (titlePage, error) {
	el, err := s.elib()
	if err != nil {
		return titlePage{}, err
	}
	now := s.Now()
	p, signedIn := s.CurrentPatron(r)
	av, err := el.EAvailabilityFor(r.Context(), p.HomeLibrary, []int64{rec.ID}, now)
	if err != nil {
		return titlePage{}, err
	}
	a, has := av[rec.ID]
	pg := titlePage{Record: rec, RecordURL: web.RecordURL(rec.ID), Has: has, Avail: a, SignedIn: signedIn,
		SignIn: "/signin?next=" + url.QueryEscape(r.URL.Path)}
	if has {
		pg.Text = s.EAvailabilityText(s.Lang(r), a, now)
		pg.Open = a.Open && a.Total == 0 && !a.Unlimited
		pg.CanBorrow = a.Unlimited || a.Free > 0
	}
	if pg.Open {
		if pg.Download, err = openDownload(r.Context(), el, rec.ID); err != nil {
			return titlePage{}, err
		}
	}
	return pg, nil
}

// refused shows the title's page again with why the patron's Borrow or
// Reserve was refused beside its button, with the refusal's status; an
// internal failure still goes to the error page.
func (s *server) refused(w http.ResponseWriter, r *http.Request, rec library.Record, err error) error {
	status := web.HTTPStatus(library.ErrorCode(err))
	if status >= http.StatusInternalServerError || status == http.StatusNotFound {
		return err
	}
	pg, perr := s.titlePage(r, rec)
	if perr != nil {
		return err
	}
	pg.Refusal = s.ErrorText(s.Lang(r), err)
	web.NoStore(w)
	s.Render(w, r, status, "elib_title", rec.Title, &pg)
	return nil
}

// postBorrow lends the title and shows My Account's e-loans.
func (s *server) postBorrow(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	rec, err := s.record(r)
	if err != nil {
		return err
	}
	if _, err := s.borrow(r, p, rec.ID); err != nil {
		return s.refused(w, r, rec, err)
	}
	http.Redirect(w, r, doneURL("borrowed"), http.StatusSeeOther)
	return nil
}

// borrow lends a title, for the page and for reading apps (OPDS) alike:
// the store takes a licence, the distributor checks it out (outside the
// store's transaction), and the store keeps the distributor's link; a
// checkout the distributor refuses is undone.
func (s *server) borrow(r *http.Request, p library.Patron, recordID int64) (library.ELoan, error) {
	el, err := s.elib()
	if err != nil {
		return library.ELoan{}, err
	}
	ctx := r.Context()
	loan, lic, err := el.BorrowE(ctx, p.ID, recordID, s.Now())
	if err != nil {
		return library.ELoan{}, err
	}
	st, err := s.checkout(ctx, lic, loan, p)
	if err != nil {
		// The request may be cancelled; the undo must still happen.
		if aerr := el.AbortELoan(context.WithoutCancel(ctx), loan.ID, s.Now()); aerr != nil {
			s.LogFailure(r, "aborting an e-loan", aerr, "loan", loan.ID)
		}
		return library.ELoan{}, distributorError(s, r, err)
	}
	link, _ := st.Licence()
	return el.CompleteELoan(context.WithoutCancel(ctx), loan.ID, link.Href, link.Type, st.Self())
}

// checkout asks the licence's distributor for the loan.
func (s *server) checkout(ctx context.Context, lic library.Licence, loan library.ELoan, p library.Patron) (odl.Status, error) {
	c := s.Distributor(lic.Distributor)
	if c == nil {
		return odl.Status{}, library.Errorf(library.EINTERNAL, "no client for distributor %q", lic.Distributor)
	}
	// The distributor knows the patron by a pseudonym: never the card
	// or the name, the same for every loan, and not to be turned back
	// into the ID without the server's pepper.
	return c.Checkout(ctx, lic, odl.CheckoutRequest{CheckoutID: strconv.FormatInt(loan.ID, 10),
		PatronID: s.Pseudonym("elib patron", strconv.FormatInt(p.ID, 10)), Expires: loan.Due})
}

// distributorError keeps a distributor's refusals (no place left, an
// expired licence: their messages are in odl.toml) and turns its
// failures, which are no fault of the patron's, into a plain "try again
// later", logged.
func distributorError(s *server, r *http.Request, err error) error {
	if library.ErrorCode(err) != library.EINTERNAL {
		return err
	}
	s.LogFailure(r, "e-library distributor", err)
	return &library.Error{Code: library.ECONFLICT, Key: "elib_web.error.distributor", Message: err.Error()}
}

// postReserve queues the patron for the title.
func (s *server) postReserve(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	rec, err := s.record(r)
	if err != nil {
		return err
	}
	el, err := s.elib()
	if err != nil {
		return err
	}
	if _, err := el.ReserveE(r.Context(), p.ID, rec.ID, s.Now()); err != nil {
		return s.refused(w, r, rec, err)
	}
	http.Redirect(w, r, doneURL("reserved"), http.StatusSeeOther)
	return nil
}
