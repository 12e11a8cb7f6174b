package web

import (
	"context"
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// feesPage is /account/fees and GET /api/v1/account/fees. Fees are paid
// at any library desk for now; online payment is a later step, and the
// page does not pretend otherwise.
type feesPage struct {
	Fees       []FeeView `json:"fees"`
	Total      int64     `json:"total_cents"`
	TotalText  string    `json:"total_text"`
	Threshold  int64     `json:"block_threshold_cents"`
	LimitText  string    `json:"block_threshold_text"`
	OverLimit  bool      `json:"over_limit"`
	PaidRecent []FeeView `json:"paid"`
	// Online says whether fees can be paid here, through a payment provider.
	Online bool `json:"online_payment"`
}

// feeView is one fee as the patron or the desk sees it.
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

func (s *Server) serveFees(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	fp, err := s.feesPage(r.Context(), lang, p)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "account_fees", s.I18n().T(lang, "account.fees.title", nil), fp)
	return nil
}

func (s *Server) feesPage(ctx context.Context, lang string, p library.Patron) (*feesPage, error) {
	fees, err := s.Circulation().Fees(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	pol := s.Policy(ctx)
	fp := &feesPage{Fees: []FeeView{}, PaidRecent: []FeeView{}, Threshold: pol.BlockThreshold, Online: s.Payment() != nil}
	for _, v := range s.FeeViews(ctx, lang, fees) {
		if v.PaidAt.IsZero() {
			fp.Fees = append(fp.Fees, v)
			fp.Total += v.Amount
		} else {
			fp.PaidRecent = append(fp.PaidRecent, v)
		}
	}
	fp.TotalText, fp.LimitText = s.Money(lang, fp.Total), s.Money(lang, fp.Threshold)
	fp.OverLimit = fp.Threshold > 0 && fp.Total > fp.Threshold
	return fp, nil
}

// feeViews describes fees with their kinds named and titles looked up.
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
