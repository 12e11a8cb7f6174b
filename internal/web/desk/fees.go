package desk

import (
	"context"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Fees at the desk. Staff take a fee only when their library charged it
// (or they administer the consortium): the desk offers a box to tick for
// those, names the library that may take each of the others, and refuses
// a payment that includes one (403).

// deskFee is an open fee at the desk, and whether this staff member may
// take it; if not, which library may.
type deskFee struct {
	web.FeeView
	May       bool
	ChargedBy string // the charging library's name, when May is false
}

// deskFees are a patron's open fees at the desk, each with whether st may
// take it.
func (s *server) deskFees(ctx context.Context, lang string, st library.Staff, fees []library.Fee) ([]deskFee, error) {
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(libs))
	for _, l := range libs {
		names[l.ID] = l.Name.Get(lang)
	}
	out := []deskFee{}
	for i, v := range s.FeeViews(ctx, lang, fees) {
		if !v.PaidAt.IsZero() {
			continue
		}
		df := deskFee{FeeView: v, May: mayTakeFee(st, fees[i])}
		if !df.May {
			df.ChargedBy = nameOr(names, fees[i].Library)
		}
		out = append(out, df)
	}
	return out, nil
}

// deskPayFees marks the chosen fees paid, if st may take every one.
func (s *server) deskPayFees(ctx context.Context, lang string, r *http.Request, st library.Staff, dp *deskPage, p library.Patron, by library.Actor) error {
	var ids []int64
	for _, v := range r.PostForm["fee"] {
		id, err := web.ParseID(v)
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		dp.fail(s.I18n().T(lang, "desk.fees_none_chosen", nil))
		return nil
	}
	fees, err := s.Circulation().Fees(ctx, p.ID)
	if err != nil {
		return err
	}
	if err := permitFees(st, fees, ids); err != nil {
		return err
	}
	if err := s.Circulation().PayFees(ctx, p.ID, ids, by, s.Now()); err != nil {
		return err
	}
	dp.ok(s.I18n().N(lang, "desk.fees_paid", len(ids), map[string]any{"Count": len(ids)}))
	return nil
}

// mayTakeFee reports whether st may take fee f at the desk.
func mayTakeFee(st library.Staff, f library.Fee) bool {
	return library.Permit(st, library.ActTakeFees, library.LibraryScope(f.Library)) == nil
}

// permitFees refuses the whole payment if st may not take any one of the
// chosen fees of the patron. Fees that are not the patron's open fees are
// left to the store, which refuses them as a conflict.
func permitFees(st library.Staff, fees []library.Fee, chosen []int64) error {
	for _, f := range fees {
		for _, id := range chosen {
			if f.ID == id {
				if err := library.Permit(st, library.ActTakeFees, library.LibraryScope(f.Library)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
