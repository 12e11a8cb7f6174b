package web

import (
	"context"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// A patron's loans and their renewal, as My Account (account) and the
// desk (desk) show them.

// policySource is what the store offers besides library.Circulation: the
// consortium's circulation policy, for renewal limits and the fee block.
type policySource interface {
	Policy(ctx context.Context) (library.Policy, error)
}

// Policy returns the circulation policy, or the defaults when the store
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

// LoanView is one loan as the patron (or the desk) sees it.
type LoanView struct {
	Barcode     string    `json:"barcode"`
	RecordID    int64     `json:"record_id"`
	Title       string    `json:"title"`
	URL         string    `json:"-"`
	DueAt       time.Time `json:"due_at"`
	DueText     string    `json:"due_text"`
	Overdue     bool      `json:"overdue"`
	Renewals    int       `json:"renewals"`
	MaxRenewals int       `json:"max_renewals"`
	Branch      string    `json:"branch"`
	BranchName  string    `json:"branch_name"`
}

// RenewView is the outcome of renewing one loan, in the user's language.
type RenewView struct {
	Barcode string `json:"barcode"`
	Title   string `json:"title"`
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

// renewAller renews every loan of a patron in one go; the store offers it
// besides library.Circulation. Without it, loans are renewed one by one.
type renewAller interface {
	RenewAll(ctx context.Context, patronID int64, by library.Actor, now time.Time) ([]library.RenewResult, error)
}

// Renew renews one loan, or all of a patron's loans when barcode is "".
// Refusals are results, not errors: only a failure of the store is.
func (s *Server) Renew(ctx context.Context, p library.Patron, barcode string, by library.Actor) ([]library.RenewResult, error) {
	now := s.Now()
	if barcode != "" {
		l, err := s.Circulation().Renew(ctx, p.ID, barcode, by, now)
		if err != nil && library.ErrorCode(err) == library.EINTERNAL {
			return nil, err
		}
		return []library.RenewResult{{Barcode: barcode, Loan: l, Err: err}}, nil
	}
	if ra, ok := s.Circulation().(renewAller); ok {
		return ra.RenewAll(ctx, p.ID, by, now)
	}
	loans, err := s.Circulation().Loans(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var out []library.RenewResult
	for _, l := range loans {
		nl, err := s.Circulation().Renew(ctx, p.ID, l.Barcode, by, now)
		if err != nil && library.ErrorCode(err) == library.EINTERNAL {
			return nil, err
		}
		out = append(out, library.RenewResult{Barcode: l.Barcode, Loan: nl, Err: err})
	}
	return out, nil
}

// RenewViews words renewal results: the new due date, or why not.
func (s *Server) RenewViews(ctx context.Context, lang string, results []library.RenewResult) []RenewView {
	ids := make([]int64, 0, len(results))
	for _, rr := range results {
		ids = append(ids, rr.Loan.RecordID)
	}
	titles := s.Titles(ctx, ids)
	var out []RenewView
	for _, rr := range results {
		v := RenewView{Barcode: rr.Barcode, Title: titles[rr.Loan.RecordID]}
		if rr.Err == nil {
			v.OK = true
			v.Message = s.I18n().T(lang, "account.renew.ok", map[string]any{"Date": s.FormatTime(lang, rr.Loan.DueAt)})
		} else {
			v.Message = s.ErrorText(lang, rr.Err)
		}
		out = append(out, v)
	}
	return out
}

// ErrorText is the user's message for a domain error: its own key when
// the catalogues have it, else the message for its code. Internal errors
// never show their details.
func (s *Server) ErrorText(lang string, err error) string {
	return s.ErrorMessage(lang, s.ErrorKey(lang, err), err)
}

// ErrorKey is the catalogue key of errorText's message.
func (s *Server) ErrorKey(lang string, err error) string {
	code := library.ErrorCode(err)
	key := library.ErrorKey(err)
	if code == library.EINTERNAL || !s.I18n().Has(lang, key) {
		key = "error." + code
	}
	return key
}

// LoanViews describes loans with their titles, due dates and how often
// each may still be renewed under the rule that applies to it.
func (s *Server) LoanViews(ctx context.Context, lang string, p library.Patron, loans []library.Loan) ([]LoanView, error) {
	names, err := s.BranchNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	_, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	owner := make(map[string]string, len(branches)) // branch → member library
	for _, b := range branches {
		owner[b.ID] = b.LibraryID
	}
	pol := s.Policy(ctx)
	now := s.Now()
	out := []LoanView{}
	for _, l := range loans {
		v := LoanView{
			Barcode: l.Barcode, RecordID: l.RecordID, URL: RecordURL(l.RecordID),
			DueAt: l.DueAt, DueText: s.FormatTime(lang, l.DueAt), Overdue: l.Overdue(now),
			Renewals: l.Renewals, Branch: l.Branch, BranchName: names[l.Branch],
		}
		material := library.Material("")
		if rec, err := s.Store().Record(ctx, l.RecordID); err == nil {
			v.Title, material = rec.Title, rec.Material
		}
		home := l.Branch
		if it, err := s.Store().Item(ctx, l.Barcode); err == nil {
			home = it.HomeBranch
		}
		if rule, ok := pol.Rule(p.Category, material, owner[home]); ok {
			v.MaxRenewals = rule.MaxRenewals
		}
		out = append(out, v)
	}
	return out, nil
}
