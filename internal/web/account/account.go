package account

import (
	"context"
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// My Account: a signed-in patron's loans, holds and fees. Every page here
// is built from the same views as its JSON twin under /api/v1/account, so
// the two cannot drift apart. Handlers take the signed-in patron as an
// argument, so that they stay apart from how a session is found.

// accountPage is the overview at /account and GET /api/v1/account.
type accountPage struct {
	Name       string `json:"name"`
	CardNumber string `json:"card_number"`
	Loans      int    `json:"loans"`
	Overdue    int    `json:"overdue"`
	Holds      int    `json:"holds"`
	HoldsReady int    `json:"holds_ready"`
	// ELoans and EHolds are the open e-loans and the e-holds in queue or
	// on offer, as /account/elib lists them.
	ELoans    int    `json:"eloans"`
	EHolds    int    `json:"eholds"`
	FeesTotal int64  `json:"fees_total_cents"`
	FeesText  string `json:"fees_total_text"`
	// Blocked is the reason the patron may not borrow, renew or reserve
	// now, in their language; "" when they may.
	Blocked string `json:"blocked,omitempty"`
}

func (s *server) serveAccount(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ap, err := s.accountPage(r.Context(), s.Lang(r), p)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "account", s.I18n().T(s.Lang(r), "account.title", nil), ap)
	return nil
}

func (s *server) accountPage(ctx context.Context, lang string, p library.Patron) (*accountPage, error) {
	loans, err := s.Circulation().Loans(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	holds, err := s.Circulation().Holds(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	fees, err := s.Circulation().Fees(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	ap := &accountPage{Name: p.Name, CardNumber: p.CardNumber, Loans: len(loans), Holds: len(holds)}
	for _, l := range loans {
		if l.Overdue(now) {
			ap.Overdue++
		}
	}
	for _, h := range holds {
		if h.Status == library.HoldReady {
			ap.HoldsReady++
		}
	}
	if err := s.countE(ctx, ap, p.ID, now); err != nil {
		return nil, err
	}
	ap.FeesTotal = web.OpenTotal(fees)
	ap.FeesText = s.Money(lang, ap.FeesTotal)
	ap.Blocked = s.BlockText(ctx, lang, p, ap.FeesTotal)
	return ap, nil
}

// accountRoutes registers My Account, its JSON twins and reserving from
// a record page. Every one needs a signed-in patron.
func (s *server) accountRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), false)) }
	api := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), true)) }

	page("GET /account", s.serveAccount)
	page("GET /account/loans", s.serveLoans)
	page("POST /account/loans/renew", s.renewLoans)
	page("GET /account/holds", s.serveHolds)
	page("GET /account/holds/{id}/cancel", s.serveHoldCancel)
	page("POST /account/holds/{id}/{action}", s.holdAction)
	page("GET /account/fees", s.serveFees)

	api("GET /api/v1/account", s.apiAccount)
	api("GET /api/v1/account/loans", s.apiLoans)
	api("GET /api/v1/account/holds", s.apiHolds)
	api("GET /api/v1/account/fees", s.apiFees)
}

// countE counts the patron's e-loans and e-holds as the e-lending's page
// (package elib) lists them: loans not returned whose link the
// distributor gave, holds waiting or on offer.
func (s *server) countE(ctx context.Context, ap *accountPage, patronID int64, now time.Time) error {
	el, ok := s.Store().(library.ELibrary)
	if !ok {
		return nil
	}
	loans, err := el.ELoans(ctx, patronID, now)
	if err != nil {
		return err
	}
	for _, l := range loans {
		if l.Returned.IsZero() && l.Link != "" {
			ap.ELoans++
		}
	}
	holds, err := el.EHolds(ctx, patronID, now)
	if err != nil {
		return err
	}
	for _, h := range holds {
		if h.Status == library.EHoldWaiting || h.Status == library.EHoldOffered {
			ap.EHolds++
		}
	}
	return nil
}
