package account

import (
	"context"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// feesPage is /account/fees and GET /api/v1/account/fees. Fees are paid
// at any library desk for now; online payment is a later step, and the
// page does not pretend otherwise.
type feesPage struct {
	Fees       []web.FeeView `json:"fees"`
	Total      int64         `json:"total_cents"`
	TotalText  string        `json:"total_text"`
	Threshold  int64         `json:"block_threshold_cents"`
	LimitText  string        `json:"block_threshold_text"`
	OverLimit  bool          `json:"over_limit"`
	PaidRecent []web.FeeView `json:"paid"`
	// Online says whether fees can be paid here, through a payment provider.
	Online bool `json:"online_payment"`
}

func (s *server) serveFees(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	fp, err := s.feesPage(r.Context(), lang, p)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "account_fees", s.I18n().T(lang, "account.fees.title", nil), fp)
	return nil
}

func (s *server) feesPage(ctx context.Context, lang string, p library.Patron) (*feesPage, error) {
	fees, err := s.Circulation().Fees(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	pol := s.Policy(ctx)
	fp := &feesPage{Fees: []web.FeeView{}, PaidRecent: []web.FeeView{}, Threshold: pol.BlockThreshold, Online: s.Payment() != nil}
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
