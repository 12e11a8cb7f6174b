package elib

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The e-lending's JSON API, for the signed-in patron of a session's
// cookie or of an app's bearer token: their e-loans and e-holds beside
// the print ones under /api/v1/account, and an e-title's availability
// for them. Every change goes through the functions the pages use
// (borrow, returnLoan, renew), so the distributor is asked the same way;
// refusals are the API's JSON errors. See docs/api.md.

// apiRoutes registers the API.
func (s *server) apiRoutes(mux *http.ServeMux) {
	api := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), true)) }
	api("GET /api/v1/account/eloans", s.apiELoans)
	api("POST /api/v1/account/eloans", s.apiBorrow)
	api("POST /api/v1/account/eloans/{id}/return", s.apiReturn)
	api("POST /api/v1/account/eloans/{id}/renew", s.apiRenew)
	api("GET /api/v1/account/eholds", s.apiEHolds)
	api("POST /api/v1/account/eholds", s.apiReserve)
	api("DELETE /api/v1/account/eholds/{id}", s.apiCancel)
	mux.Handle("GET /api/v1/records/{id}/eavailability", s.Wrap(s.apiEAvailability, true))
}

// eloanView is an open e-loan in the API.
type eloanView struct {
	ID       int64            `json:"id"`
	RecordID int64            `json:"record_id"`
	Title    string           `json:"title"`
	Material library.Material `json:"material"`
	Start    time.Time        `json:"start"`
	Due      time.Time        `json:"due"`
	Renewals int              `json:"renewals"`
	// RenewalsLeft is how many more renewals the loan may have while
	// nobody waits for the title.
	RenewalsLeft int    `json:"renewals_left"`
	Link         string `json:"link"`
	LinkType     string `json:"link_type"`
	ReturnURL    string `json:"return_url"`
	RenewURL     string `json:"renew_url"`
}

func loanView(l library.ELoan) eloanView {
	base := "/api/v1/account/eloans/" + strconv.FormatInt(l.ID, 10)
	return eloanView{ID: l.ID, RecordID: l.RecordID, Title: l.Title, Material: l.Material, Start: l.Start.UTC(), Due: l.Due.UTC(),
		Renewals: l.Renewals, RenewalsLeft: max(0, library.ERenewals-l.Renewals), Link: l.Link, LinkType: l.LinkType,
		ReturnURL: base + "/return", RenewURL: base + "/renew"}
}

// eholdView is an e-hold in queue or on offer in the API.
type eholdView struct {
	ID       int64     `json:"id"`
	RecordID int64     `json:"record_id"`
	Title    string    `json:"title"`
	Status   string    `json:"status"`
	Label    string    `json:"status_label"`
	Position int       `json:"position,omitempty"`
	Created  time.Time `json:"created"`
	// Estimated is when a place is expected, while waiting.
	Estimated string `json:"estimated_date,omitempty"`
	// WindowEnds is, once offered, when the kept place goes to the next.
	WindowEnds *time.Time `json:"window_ends,omitempty"`
	CancelURL  string     `json:"cancel_url"`
}

func (s *server) holdView(lang string, h holdView) eholdView {
	v := eholdView{ID: h.ID, RecordID: h.RecordID, Title: h.Title, Status: h.Status,
		Label: s.I18n().T(lang, "elib.hold.status."+h.Status, nil), Created: h.Created.UTC(),
		CancelURL: "/api/v1/account/eholds/" + strconv.FormatInt(h.ID, 10)}
	if h.Status == library.EHoldWaiting {
		v.Position = h.Position
		if !h.Around.IsZero() {
			v.Estimated = library.DateOf(h.Around).String()
		}
	}
	if h.Status == library.EHoldOffered && !h.WindowEnds.IsZero() {
		end := h.WindowEnds.UTC()
		v.WindowEnds = &end
	}
	return v
}

func (s *server) apiELoans(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	pg, err := s.accountPage(r, p)
	if err != nil {
		return err
	}
	out := []eloanView{}
	for _, l := range pg.Loans {
		out = append(out, loanView(l))
	}
	web.WriteJSON(w, http.StatusOK, map[string][]eloanView{"eloans": out})
	return nil
}

func (s *server) apiEHolds(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	pg, err := s.accountPage(r, p)
	if err != nil {
		return err
	}
	out := []eholdView{}
	for _, h := range pg.Holds {
		out = append(out, s.holdView(s.Lang(r), h))
	}
	web.WriteJSON(w, http.StatusOK, map[string][]eholdView{"eholds": out})
	return nil
}

// recordRequest is the body of POST /api/v1/account/eloans and
// /api/v1/account/eholds, as JSON or a form.
type recordRequest struct {
	RecordID int64 `json:"record_id"`
}

// requestedRecord reads the body's record, refusing one that is missing
// or no e-title with 400.
func (s *server) requestedRecord(w http.ResponseWriter, r *http.Request) (library.Record, error) {
	var rr recordRequest
	if web.IsJSON(r) {
		if err := web.ReadJSON(w, r, &rr); err != nil {
			return library.Record{}, err
		}
	} else {
		rr.RecordID, _ = strconv.ParseInt(r.PostFormValue("record_id"), 10, 64)
	}
	if rr.RecordID <= 0 {
		return library.Record{}, web.Invalid("error.api_record_id", "record_id %d", rr.RecordID)
	}
	rec, err := s.Store().Record(r.Context(), rr.RecordID)
	if library.ErrorCode(err) == library.ENOTFOUND {
		return library.Record{}, web.Invalid("error.api_record_id", "record %d: %v", rr.RecordID, err)
	}
	if err != nil {
		return library.Record{}, err
	}
	if !isE(rec.Material) {
		return library.Record{}, web.Invalid("elib_web.error.not_e", "record %d is not an e-title", rec.ID)
	}
	return rec, nil
}

// apiBorrow lends an e-title and answers 201 with the loan.
func (s *server) apiBorrow(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	rec, err := s.requestedRecord(w, r)
	if err != nil {
		return err
	}
	loan, err := s.borrow(r, p, rec.ID)
	if err != nil {
		return err
	}
	loan.Title, loan.Material = rec.Title, rec.Material
	w.Header().Set("Location", "/api/v1/account/eloans")
	web.WriteJSON(w, http.StatusCreated, map[string]eloanView{"eloan": loanView(loan)})
	return nil
}

// apiReserve queues the patron for an e-title and answers 201 with the
// e-hold.
func (s *server) apiReserve(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	rec, err := s.requestedRecord(w, r)
	if err != nil {
		return err
	}
	el, err := s.elib()
	if err != nil {
		return err
	}
	h, err := el.ReserveE(r.Context(), p.ID, rec.ID, s.Now())
	if err != nil {
		return err
	}
	pg, err := s.accountPage(r, p)
	if err != nil {
		return err
	}
	for _, v := range pg.Holds {
		if v.ID == h.ID {
			w.Header().Set("Location", "/api/v1/account/eholds")
			web.WriteJSON(w, http.StatusCreated, map[string]eholdView{"ehold": s.holdView(s.Lang(r), v)})
			return nil
		}
	}
	return library.Errorf(library.EINTERNAL, "e-hold %d placed but not listed", h.ID)
}

// apiReturn returns an e-loan: 204.
func (s *server) apiReturn(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	if err := s.returnLoan(r, p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiRenew renews an e-loan and answers with it.
func (s *server) apiRenew(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	loan, err := s.renew(r, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	// The loan as the list shows it, with its renewal counted.
	pg, err := s.accountPage(r, p)
	if err != nil {
		return err
	}
	for _, l := range pg.Loans {
		if l.ID == loan.ID {
			web.WriteJSON(w, http.StatusOK, map[string]eloanView{"eloan": loanView(l)})
			return nil
		}
	}
	return library.Errorf(library.EINTERNAL, "e-loan %d renewed but not listed", loan.ID)
}

// apiCancel cancels an e-hold: 204.
func (s *server) apiCancel(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	if err := s.cancelHold(r, p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// eavailabilityView is GET /api/v1/records/{id}/eavailability.
type eavailabilityView struct {
	RecordID  int64  `json:"record_id"`
	Licensed  bool   `json:"licensed"` // it has licences (or is open access)
	Open      bool   `json:"open"`
	Unlimited bool   `json:"unlimited"`
	Free      int    `json:"free"`
	Total     int    `json:"total"`
	Waiting   int    `json:"waiting"`
	WaitDays  int    `json:"estimated_wait_days,omitempty"`
	CanBorrow bool   `json:"can_borrow"`
	Text      string `json:"text,omitempty"`
	Page      string `json:"page"`
}

// apiEAvailability is an e-title's availability for the one asking, as
// its page shows it: a signed-in patron's (or a token's) counts the
// licences that lend to them.
func (s *server) apiEAvailability(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.record(r)
	if err != nil {
		return err
	}
	pg, err := s.titlePage(r, rec)
	if err != nil {
		return err
	}
	a := pg.Avail
	v := eavailabilityView{RecordID: rec.ID, Licensed: pg.Has, Open: a.Open, Unlimited: a.Unlimited, Free: a.Free, Total: a.Total,
		Waiting: a.Waiting, CanBorrow: pg.CanBorrow && !pg.Open, Text: pg.Text, Page: "/elib/" + strconv.FormatInt(rec.ID, 10)}
	if a.EstimatedWait > 0 {
		v.WaitDays = max(1, int((a.EstimatedWait+24*time.Hour-1)/(24*time.Hour)))
	}
	web.WriteJSON(w, http.StatusOK, v)
	return nil
}
