package account

import (
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The account's JSON twins of the pages, for the signed-in patron of the
// session cookie or of an app's bearer token (apitoken.go). They are built
// by the same functions as the pages, and change the same things the
// pages' forms do. See docs/api.md.

// accountAPIRoutes registers what an app may change: renewing a loan,
// placing and cancelling holds.
func (s *server) accountAPIRoutes(mux *http.ServeMux) {
	api := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), true)) }
	api("POST /api/v1/account/loans/{barcode}/renew", s.apiRenew)
	api("POST /api/v1/account/holds", s.apiPlaceHold)
	api("DELETE /api/v1/account/holds/{id}", s.apiCancelHold)
}

func (s *server) apiAccount(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ap, err := s.accountPage(r.Context(), s.Lang(r), p)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, ap)
	return nil
}

func (s *server) apiLoans(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lp, err := s.loansPage(r.Context(), s.Lang(r), p)
	if err != nil {
		return err
	}
	return web.WritePaged(w, r, lp, &lp.Loans)
}

func (s *server) apiHolds(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	hp, err := s.holdsPage(r.Context(), s.Lang(r), p)
	if err != nil {
		return err
	}
	return web.WritePaged(w, r, hp, &hp.Holds)
}

func (s *server) apiFees(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	fp, err := s.feesPage(r.Context(), s.Lang(r), p)
	if err != nil {
		return err
	}
	return web.WritePaged(w, r, fp, &fp.Fees)
}

// apiRenew renews one loan and answers with it, or with why not in the
// error format (a refusal is a 409 conflict or 403 for a blocked card).
func (s *server) apiRenew(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ctx := r.Context()
	l, err := s.Circulation().Renew(ctx, p.ID, r.PathValue("barcode"), web.WebActor(p), s.Now())
	if err != nil {
		return err
	}
	views, err := s.LoanViews(ctx, s.Lang(r), p, []library.Loan{l})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]web.LoanView{"loan": views[0]})
	return nil
}

// holdRequest is the body of POST /api/v1/account/holds, as JSON or a form.
type holdRequest struct {
	RecordID     int64  `json:"record_id"`
	PickupBranch string `json:"pickup_branch"`
	Item         string `json:"item"` // a barcode, for a hold on one copy
}

// apiPlaceHold reserves a title (or one copy of it) for pickup at a
// branch, and answers 201 with the hold as GET /account/holds shows it.
func (s *server) apiPlaceHold(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ctx := r.Context()
	var hr holdRequest
	if web.IsJSON(r) {
		if err := web.ReadJSON(w, r, &hr); err != nil {
			return err
		}
	} else {
		hr.RecordID, _ = strconv.ParseInt(r.PostFormValue("record_id"), 10, 64)
		hr.PickupBranch, hr.Item = r.PostFormValue("pickup_branch"), r.PostFormValue("item")
	}
	if hr.RecordID <= 0 {
		return web.Invalid("error.api_record_id", "record_id %d", hr.RecordID)
	}
	if _, err := s.Store().Record(ctx, hr.RecordID); err != nil {
		if library.ErrorCode(err) == library.ENOTFOUND {
			return web.Invalid("error.api_record_id", "record %d: %v", hr.RecordID, err)
		}
		return err
	}
	hold := library.Hold{PatronID: p.ID, RecordID: hr.RecordID, PickupBranch: hr.PickupBranch}
	if hr.Item != "" {
		it, err := s.Store().Item(ctx, hr.Item)
		if library.ErrorCode(err) == library.ENOTFOUND || (err == nil && it.RecordID != hr.RecordID) {
			return &library.Error{Code: library.EINVALID, Key: "error.hold_copy", Message: "copy " + hr.Item + " is not of the record"}
		}
		if err != nil {
			return err
		}
		hold.ItemID = it.ID
	}
	h, err := s.Circulation().PlaceHold(ctx, hold, web.WebActor(p), s.Now())
	if err != nil {
		return err
	}
	hp, err := s.holdsPage(ctx, s.Lang(r), p)
	if err != nil {
		return err
	}
	for _, v := range hp.Holds {
		if v.ID == h.ID {
			w.Header().Set("Location", "/api/v1/account/holds")
			web.WriteJSON(w, http.StatusCreated, map[string]holdView{"hold": v})
			return nil
		}
	}
	return library.Errorf(library.EINTERNAL, "hold %d placed but not listed", h.ID)
}

// apiCancelHold cancels one of the patron's open holds.
func (s *server) apiCancelHold(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return library.Errorf(library.ENOTFOUND, "hold id %q", r.PathValue("id"))
	}
	if err := s.Circulation().CancelHold(r.Context(), p.ID, id, web.WebActor(p), s.Now()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
