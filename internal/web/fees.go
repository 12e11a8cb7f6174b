package web

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// A patron's fees and money, as My Account (account) and the desk (desk)
// show them.

// BlockText says why a patron may not borrow, in their language, or ""
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

// OpenTotal sums the fees not yet paid.
func OpenTotal(fees []library.Fee) int64 {
	var n int64
	for _, f := range fees {
		if f.PaidAt.IsZero() {
			n += f.Amount
		}
	}
	return n
}

// Money formats euro cents the way the language writes money: "12,50 €"
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

// FeeView is one fee as the patron or the desk sees it.
type FeeView struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	KindLabel   string    `json:"kind_label"`
	Amount      int64     `json:"amount_cents"`
	AmountText  string    `json:"amount_text"`
	RecordID    int64     `json:"record_id,omitempty"`
	Title       string    `json:"title,omitempty"`
	URL         string    `json:"-"`
	Barcode     string    `json:"barcode,omitempty"`
	Description string    `json:"description,omitempty"`
	Created     time.Time `json:"created"`
	CreatedText string    `json:"-"`
	PaidAt      time.Time `json:"paid_at,omitzero"`
}

// FeeViews describes fees with their kinds named and titles looked up.
func (s *Server) FeeViews(ctx context.Context, lang string, fees []library.Fee) []FeeView {
	ids := make([]int64, 0, len(fees))
	for _, f := range fees {
		ids = append(ids, f.RecordID)
	}
	titles := s.Titles(ctx, ids)
	out := []FeeView{}
	for _, f := range fees {
		v := FeeView{
			ID: f.ID, Kind: f.Kind, KindLabel: f.Kind, Amount: f.Amount, AmountText: s.Money(lang, f.Amount),
			RecordID: f.RecordID, Title: titles[f.RecordID], Barcode: f.Barcode, Description: f.Description,
			Created: f.Created, CreatedText: s.FormatTime(lang, f.Created), PaidAt: f.PaidAt,
		}
		if f.RecordID != 0 {
			v.URL = RecordURL(f.RecordID)
		}
		if s.I18n().Has(lang, "fee."+f.Kind) {
			v.KindLabel = s.I18n().T(lang, "fee."+f.Kind, nil)
		}
		out = append(out, v)
	}
	return out
}
