package sip2

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// This file has the item's messages: checkout (11), checkin (09), item
// information (17), renew (29), renew all (65) and hold (15). They call
// the same circulation services as the staff desk, so loan rules, holds
// routing and notices are the desk's own.

// checkout answers 11. With the kiosk's renewal policy on, an item the
// patron already has is renewed instead.
func (s *session) checkout(ctx context.Context, r *Checkout) (Body, error) {
	if r.ItemID == "" {
		return nil, errNoItem
	}
	pa, err := s.signedIn(ctx, r.PatronID, r.PatronPassword)
	if err != nil {
		return nil, err
	}
	circ, by, now := s.srv.cfg.Circulation, s.actor(pa.ID), s.srv.now()
	if r.Cancel {
		return s.cancelCheckout(ctx, pa, r)
	}
	loan, err := circ.Checkout(ctx, pa.ID, r.ItemID, by, now)
	renewal := false
	if library.ErrorKey(err) == "error.item_on_loan" && r.SCRenewalPolicy && s.hasLoan(ctx, pa.ID, r.ItemID) {
		loan, err = circ.Renew(ctx, pa.ID, r.ItemID, by, now)
		renewal = true
	}
	if err != nil {
		return nil, err
	}
	return s.loanResponse(ctx, loan, r.InstitutionID, pa, renewal), nil
}

// cancelCheckout undoes a checkout the kiosk could not finish (the patron
// walked off, the security tag would not unlock) by checking it back in.
func (s *session) cancelCheckout(ctx context.Context, pa patronAt, r *Checkout) (Body, error) {
	if !s.hasLoan(ctx, pa.ID, r.ItemID) {
		return nil, &library.Error{Code: library.ECONFLICT, Key: "error.not_on_loan", Message: "cancel: not on loan to this patron"}
	}
	if _, err := s.srv.cfg.Circulation.Checkin(ctx, r.ItemID, s.actor(pa.ID), s.srv.now()); err != nil {
		return nil, err
	}
	return &CheckoutResponse{OK: true, MagneticMedia: Unknown, Desensitize: No, TransactionDate: s.now(),
		InstitutionID: r.InstitutionID, PatronID: pa.CardNumber, ItemID: r.ItemID,
		ScreenMessage: []string{s.text("sip2.checkout_cancelled", nil)}}, nil
}

// hasLoan reports whether the patron has the item on loan.
func (s *session) hasLoan(ctx context.Context, patronID int64, barcode string) bool {
	loans, err := s.srv.cfg.Circulation.Loans(ctx, patronID)
	if err != nil {
		return false
	}
	for _, l := range loans {
		if l.Barcode == barcode {
			return true
		}
	}
	return false
}

// loanResponse is a successful checkout or renewal (12, 30).
func (s *session) loanResponse(ctx context.Context, l library.Loan, ao string, pa patronAt, renewal bool) *CheckoutResponse {
	rec := s.record(ctx, l.RecordID)
	key := "sip2.checked_out"
	if renewal {
		key = "sip2.renewed"
	}
	due := s.date(l.DueAt)
	return &CheckoutResponse{OK: true, RenewalOK: renewal, MagneticMedia: Unknown, Desensitize: Yes,
		TransactionDate: s.now(), InstitutionID: ao, PatronID: pa.CardNumber, ItemID: l.Barcode, TitleID: rec.Title,
		DueDate: due, MediaType: mediaType(rec.Material),
		ScreenMessage: []string{s.text(key, map[string]any{"Title": rec.Title, "Date": due})}}
}

// checkin answers 09 and says where the item goes next, in the language
// of the patron at the kiosk, else of the patron who had it.
func (s *session) checkin(ctx context.Context, r *Checkin) (Body, error) {
	if r.ItemID == "" {
		return nil, errNoItem
	}
	if r.Cancel {
		return s.refuse(r, s.text("sip2.not_supported", nil)), nil
	}
	res, err := s.srv.cfg.Circulation.Checkin(ctx, r.ItemID, s.actor(0), s.srv.now())
	if err != nil {
		return nil, err
	}
	lang := s.language()
	if s.card == "" && res.Loan.PatronID != 0 {
		if p, err := s.srv.cfg.Patrons.Patron(ctx, res.Loan.PatronID); err == nil && s.srv.i18n.Supported(p.Lang) {
			lang = p.Lang
		}
	}
	t := func(id string, data any) string { return s.srv.i18n.T(lang, id, data) }
	rec := s.record(ctx, res.Item.RecordID)
	resp := &CheckinResponse{OK: true, Resensitize: true, MagneticMedia: Unknown, TransactionDate: s.now(),
		InstitutionID: r.InstitutionID, ItemID: res.Item.Barcode, PermanentLocation: s.branchName(ctx, res.Item.HomeBranch, lang),
		TitleID: rec.Title, MediaType: mediaType(rec.Material)}
	to := s.branchName(ctx, res.To, lang)
	switch {
	case res.Route == library.RouteHoldShelf:
		resp.SortBin, resp.Alert = "hold_shelf", true
		resp.ScreenMessage = []string{t("sip2.checkin.hold_shelf", map[string]any{"Shelf": res.Hold.ShelfCode})}
	case res.Route == library.RouteTransit && res.Hold.ID != 0:
		resp.SortBin, resp.Alert = "transit:"+res.To, true
		resp.ScreenMessage = []string{t("sip2.checkin.transit_hold", map[string]any{"Branch": to})}
	case res.Route == library.RouteTransit:
		resp.SortBin, resp.Alert = "transit:"+res.To, true
		resp.ScreenMessage = []string{t("sip2.checkin.transit_home", map[string]any{"Branch": to})}
	default:
		resp.SortBin = "shelf"
		resp.ScreenMessage = []string{t("sip2.checkin.shelf", nil)}
	}
	if res.Fee.Amount > 0 {
		resp.ScreenMessage = append(resp.ScreenMessage, t("sip2.checkin_fee", map[string]any{
			"Amount": s.srv.i18n.T(lang, "account.money", map[string]any{
				"Euros": res.Fee.Amount / 100, "Cents": fmt.Sprintf("%02d", res.Fee.Amount%100)})}))
	}
	return resp, nil
}

// circulationStatus maps an item status to SIP2's.
var circulationStatus = map[library.ItemStatus]CirculationStatus{
	library.Available:   CircAvailable,
	library.OnLoan:      CircCharged,
	library.InTransit:   CircInTransit,
	library.OnHoldShelf: CircWaitingOnHoldShelf,
	library.Missing:     CircMissing,
	library.InRepair:    CircOther,
}

// itemInformation answers 17.
func (s *session) itemInformation(ctx context.Context, r *ItemInformationRequest) (Body, error) {
	if r.ItemID == "" {
		return nil, errNoItem
	}
	it, err := s.srv.cfg.Store.Item(ctx, r.ItemID)
	if err != nil {
		return nil, err
	}
	rec, lang := s.record(ctx, it.RecordID), s.language()
	resp := &ItemInformationResponse{CirculationStatus: circulationStatus[it.Status], SecurityMarker: SecurityOther,
		FeeType: FeeOther, TransactionDate: s.now(), ItemID: it.Barcode, TitleID: rec.Title,
		MediaType: mediaType(rec.Material), PermanentLocation: s.branchName(ctx, it.HomeBranch, lang),
		CurrentLocation: s.branchName(ctx, it.Branch, lang),
		ScreenMessage:   []string{s.text("status."+string(it.Status), nil)}}
	if resp.CirculationStatus == 0 {
		resp.CirculationStatus = CircOther
	}
	if home, err := s.srv.cfg.Store.Branch(ctx, it.HomeBranch); err == nil {
		resp.Owner = home.LibraryID
	}
	if it.Status == library.OnLoan {
		resp.DueDate = s.date(it.DueAt)
	}
	return resp, nil
}

// renew answers 29.
func (s *session) renew(ctx context.Context, r *Renew) (Body, error) {
	if r.ItemID == "" {
		return nil, errNoItem
	}
	pa, err := s.signedIn(ctx, r.PatronID, r.PatronPassword)
	if err != nil {
		return nil, err
	}
	l, err := s.srv.cfg.Circulation.Renew(ctx, pa.ID, r.ItemID, s.actor(pa.ID), s.srv.now())
	if err != nil {
		return nil, err
	}
	return (*RenewResponse)(s.loanResponse(ctx, l, r.InstitutionID, pa, true)), nil
}

// renewAller is implemented by stores that renew all loans in one call.
type renewAller interface {
	RenewAll(ctx context.Context, patronID int64, by library.Actor, now time.Time) ([]library.RenewResult, error)
}

// renewAll answers 65: every loan is tried, and the kiosk is told which
// were renewed (BM) and which not (BN).
func (s *session) renewAll(ctx context.Context, r *RenewAll) (Body, error) {
	pa, err := s.signedIn(ctx, r.PatronID, r.PatronPassword)
	if err != nil {
		return nil, err
	}
	results, err := s.renewEach(ctx, pa)
	if err != nil {
		return nil, err
	}
	resp := &RenewAllResponse{OK: true, TransactionDate: s.now(), InstitutionID: r.InstitutionID}
	for _, res := range results {
		if res.Err == nil {
			resp.RenewedItems = append(resp.RenewedItems, res.Barcode)
		} else {
			resp.UnrenewedItems = append(resp.UnrenewedItems, res.Barcode)
		}
	}
	resp.RenewedCount, resp.UnrenewedCount = len(resp.RenewedItems), len(resp.UnrenewedItems)
	resp.ScreenMessage = []string{s.text("sip2.renewed_all", map[string]any{
		"Renewed": resp.RenewedCount, "Failed": resp.UnrenewedCount})}
	return resp, nil
}

// renewEach renews every loan of the patron, one transaction each.
func (s *session) renewEach(ctx context.Context, pa patronAt) ([]library.RenewResult, error) {
	circ, by, now := s.srv.cfg.Circulation, s.actor(pa.ID), s.srv.now()
	if ra, ok := circ.(renewAller); ok {
		return ra.RenewAll(ctx, pa.ID, by, now)
	}
	loans, err := circ.Loans(ctx, pa.ID)
	if err != nil {
		return nil, err
	}
	var out []library.RenewResult
	for _, l := range loans {
		nl, err := circ.Renew(ctx, pa.ID, l.Barcode, by, now)
		if library.ErrorCode(err) == library.EINTERNAL {
			return nil, err
		}
		out = append(out, library.RenewResult{Barcode: l.Barcode, Loan: nl, Err: err})
	}
	return out, nil
}

// record returns a record for its title and material; a record that has
// gone (deleted since the loan) is an empty one.
func (s *session) record(ctx context.Context, id int64) library.Record {
	rec, err := s.srv.cfg.Store.Record(ctx, id)
	if err != nil {
		return library.Record{}
	}
	return rec
}

func (s *session) title(ctx context.Context, id int64) string { return s.record(ctx, id).Title }

// branchName names a branch in lang, or gives its code if it has no name.
func (s *session) branchName(ctx context.Context, id, lang string) string {
	if id == "" {
		return ""
	}
	b, err := s.srv.cfg.Store.Branch(ctx, id)
	if err != nil || b.Name.Get(lang) == "" {
		return id
	}
	return b.Name.Get(lang)
}

// date formats a due date as the day in Helsinki, for screens and slips.
func (s *session) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := library.DateOf(t.In(library.Helsinki))
	return s.text("sip2.date", map[string]any{"Day": d.Day, "Month": int(d.Month), "Year": d.Year,
		"Day2": fmt.Sprintf("%02d", d.Day), "Month2": fmt.Sprintf("%02d", int(d.Month))})
}

// mediaType is the SIP2 media type (CK) of a material: 000 other, 001
// book, 002 magazine, 006 CD or other disc.
func mediaType(m library.Material) string {
	switch m {
	case library.Book, library.EBook:
		return "001"
	case library.Magazine:
		return "002"
	case library.CD, library.AudioBook, library.DVD, library.BluRay:
		return "006"
	}
	return "000"
}
