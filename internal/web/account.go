package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// My Account: a signed-in patron's loans, holds and fees. Every page here
// is built from the same views as its JSON twin under /api/v1/account, so
// the two cannot drift apart. Handlers take the signed-in patron as an
// argument, so that they stay apart from how a session is found.

// patronHandler is a handler for a signed-in patron.
type patronHandler func(w http.ResponseWriter, r *http.Request, p library.Patron) error

// accountPage is the overview at /account and GET /api/v1/account.
type accountPage struct {
	Name       string `json:"name"`
	CardNumber string `json:"card_number"`
	Loans      int    `json:"loans"`
	Overdue    int    `json:"overdue"`
	Holds      int    `json:"holds"`
	HoldsReady int    `json:"holds_ready"`
	FeesTotal  int64  `json:"fees_total_cents"`
	FeesText   string `json:"fees_total_text"`
	// Blocked is the reason the patron may not borrow, renew or reserve
	// now, in their language; "" when they may.
	Blocked string `json:"blocked,omitempty"`
}

// policySource is what the store offers besides library.Circulation: the
// consortium's circulation policy, for renewal limits and the fee block.
type policySource interface {
	Policy(ctx context.Context) (library.Policy, error)
}

// policy returns the circulation policy, or the defaults when the store
// does not say: a page is better with Helmet's rules than with none.
func (s *Server) Policy(ctx context.Context) library.Policy {
	for _, src := range []any{s.Circulation(), s.Store()} {
		if ps, ok := src.(policySource); ok {
			if p, err := ps.Policy(ctx); err == nil {
				return p
			}
		}
	}
	return library.DefaultPolicy()
}

func (s *Server) serveAccount(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ap, err := s.accountPage(r.Context(), s.Lang(r), p)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "account", s.I18n().T(s.Lang(r), "account.title", nil), ap)
	return nil
}

func (s *Server) accountPage(ctx context.Context, lang string, p library.Patron) (*accountPage, error) {
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
	ap.FeesTotal = OpenTotal(fees)
	ap.FeesText = s.Money(lang, ap.FeesTotal)
	ap.Blocked = s.BlockText(ctx, lang, p, ap.FeesTotal)
	return ap, nil
}

// blockText says why a patron may not borrow, in their language, or ""
// when nothing stops them. The store decides for real at each request;
// this only warns before they try.
func (s *Server) BlockText(ctx context.Context, lang string, p library.Patron, owed int64) string {
	switch pol := s.Policy(ctx); {
	case !p.ClosedAt.IsZero():
		return s.I18n().T(lang, "error.account_closed", nil)
	case p.BlockReason != "":
		return s.I18n().T(lang, "error.patron_blocked", nil)
	case pol.BlockThreshold > 0 && owed > pol.BlockThreshold:
		return s.I18n().T(lang, "error.patron_blocked_fees", nil)
	}
	return ""
}

// openTotal sums the fees not yet paid.
func OpenTotal(fees []library.Fee) int64 {
	var n int64
	for _, f := range fees {
		if f.PaidAt.IsZero() {
			n += f.Amount
		}
	}
	return n
}

// money formats euro cents the way the language writes money: "12,50 €"
// in Finnish, "€12.50" in English.
func (s *Server) Money(lang string, cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + s.I18n().T(lang, "account.money", map[string]any{
		"Euros": cents / 100, "Cents": fmt.Sprintf("%02d", cents%100),
	})
}

// titles returns the titles of records by ID. A record deleted since the
// loan was made has no title; callers show the barcode instead.
func (s *Server) Titles(ctx context.Context, ids []int64) map[int64]string {
	out := make(map[int64]string, len(ids))
	for _, id := range ids {
		if _, seen := out[id]; seen || id == 0 {
			continue
		}
		if rec, err := s.Store().Record(ctx, id); err == nil {
			out[id] = rec.Title
		} else {
			out[id] = ""
		}
	}
	return out
}

// branchNames returns every branch's name in lang by ID.
func (s *Server) BranchNames(ctx context.Context, lang string) (map[string]string, error) {
	texts, err := s.BranchTexts(ctx, lang)
	names := make(map[string]string, len(texts))
	for id, t := range texts {
		names[id] = t.Text
	}
	return names, err
}

// branchTexts returns every branch's name in lang by ID, each marked with
// the language it is in.
func (s *Server) BranchTexts(ctx context.Context, lang string) (map[string]LangText, error) {
	_, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]LangText, len(branches))
	for _, b := range branches {
		names[b.ID] = TextIn(b.Name, lang)
	}
	return names, nil
}

// branchGroup is one member library's branches, for a select's optgroup.
type BranchGroup struct {
	Name     LangText       `json:"name"`
	Branches []BranchOption `json:"branches"`
}

type BranchOption struct {
	ID       string   `json:"id"`
	Name     LangText `json:"name"`
	Selected bool     `json:"-"`
}

// branchGroups returns all branches grouped by member library, each group
// sorted by name in lang, with selected marked: a pickup branch may be in
// any city, so the select offers them all.
func (s *Server) BranchGroups(ctx context.Context, lang, selected string) ([]BranchGroup, error) {
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	var groups []BranchGroup
	for _, l := range libs {
		g := BranchGroup{Name: TextIn(l.Name, lang)}
		for _, b := range branches {
			if b.LibraryID == l.ID {
				g.Branches = append(g.Branches, BranchOption{ID: b.ID, Name: TextIn(b.Name, lang), Selected: b.ID == selected})
			}
		}
		slices.SortFunc(g.Branches, func(a, b BranchOption) int { return CompareNames(a.Name.Text, b.Name.Text) })
		if len(g.Branches) > 0 {
			groups = append(groups, g)
		}
	}
	return groups, nil
}

// parseID parses a positive ID from a form, or fails with EINVALID.
func ParseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, Invalid("error.bad_id", "id %q", s)
	}
	return id, nil
}

// webActor is the patron acting for themselves on the web.
func WebActor(p library.Patron) library.Actor { return library.Actor{PatronID: p.ID} }

// dateText formats a calendar date, or "" for the zero date.
func (s *Server) DateText(lang string, d library.Date) string {
	if d == (library.Date{}) {
		return ""
	}
	return s.FormatDate(lang, d)
}

// today is the current date in Helsinki.
func (s *Server) Today() library.Date { return library.DateOf(s.Now().In(library.Helsinki)) }

// recordURL is the address of a record's page.
func RecordURL(id int64) string { return "/records/" + strconv.FormatInt(id, 10) }

// accountRoutes registers My Account, its JSON twins and reserving from
// a record page. Every one needs a signed-in patron.
func (s *Server) accountRoutes(mux *http.ServeMux) {
	page := func(pattern string, h patronHandler) { mux.Handle(pattern, s.Wrap(s.asPatron(h), false)) }
	api := func(pattern string, h patronHandler) { mux.Handle(pattern, s.Wrap(s.asPatron(h), true)) }

	page("GET /account", s.serveAccount)
	page("GET /account/loans", s.serveLoans)
	page("POST /account/loans/renew", s.renewLoans)
	page("GET /account/holds", s.serveHolds)
	page("GET /account/holds/{id}/cancel", s.serveHoldCancel)
	page("GET /account/holds/{id}/placed", s.serveHoldPlaced)
	page("POST /account/holds/{id}/{action}", s.holdAction)
	page("GET /account/fees", s.serveFees)
	page("POST /records/{id}/hold", s.placeHold)
	// Signing in from the reserve form comes back here by GET: send the
	// patron on to the form on the record page.
	page("GET /records/{id}/hold", func(w http.ResponseWriter, r *http.Request, _ library.Patron) error {
		id, err := ParseRecordID(r.PathValue("id"))
		if err != nil {
			return err
		}
		http.Redirect(w, r, RecordURL(id)+"#reserve", http.StatusSeeOther)
		return nil
	})

	api("GET /api/v1/account", s.apiAccount)
	api("GET /api/v1/account/loans", s.apiLoans)
	api("GET /api/v1/account/holds", s.apiHolds)
	api("GET /api/v1/account/fees", s.apiFees)
}

// asPatron runs h for the signed-in patron; requirePatron sends anyone
// else to sign in.
func (s *Server) asPatron(h patronHandler) HandlerFunc {
	return s.RequirePatron(func(w http.ResponseWriter, r *http.Request) error {
		p, ok := s.CurrentPatron(r)
		if !ok {
			return library.Errorf(library.EUNAUTHORIZED, "no patron signed in")
		}
		if err := ReadForm(w, r); err != nil {
			return err
		}
		return h(w, r, p)
	})
}

// readForm reads a POST's form, with the limits checkInput puts on the
// URL: a bounded body, UTF-8 text, no over-long values, not too many.
func ReadForm(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodPost {
		return nil
	}
	if err := ParseForm(w, r); err != nil {
		return err
	}
	n := 0
	for _, vs := range r.PostForm {
		for _, v := range vs {
			n++
			if !utf8.ValidString(v) {
				return Invalid("error.bad_utf8", "form value is not UTF-8")
			}
			if utf8.RuneCountInString(v) > MaxParam {
				return Invalid("error.param_too_long", "form value too long")
			}
		}
	}
	if n > MaxParams {
		return Invalid("error.too_many_params", "%d form values", n)
	}
	return nil
}
