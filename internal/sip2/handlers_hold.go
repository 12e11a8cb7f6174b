package sip2

import (
	"context"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// hold answers 15: a patron reserves the title of an item in hand (or,
// with hold type 3, that very copy), cancels such a hold, or changes
// where to pick it up.
func (s *session) hold(ctx context.Context, r *Hold) (Body, error) {
	if r.ItemID == "" {
		return nil, errNoItem
	}
	pa, err := s.signedIn(ctx, r.PatronID, r.PatronPassword)
	if err != nil {
		return nil, err
	}
	it, err := s.srv.cfg.Store.Item(ctx, r.ItemID)
	if err != nil {
		return nil, err
	}
	circ, by, now := s.srv.cfg.Circulation, s.actor(pa.ID), s.srv.now()
	var h library.Hold
	key := "sip2.hold_placed"
	switch r.Mode {
	case HoldAdd:
		h = library.Hold{PatronID: pa.ID, RecordID: it.RecordID, PickupBranch: s.pickup(r, pa)}
		if r.HoldType == "3" {
			h.ItemID = it.ID
		}
		if h, err = circ.PlaceHold(ctx, h, by, now); err != nil {
			return nil, err
		}
	case HoldDelete, HoldChange:
		if h, err = s.holdOn(ctx, pa.ID, it); err != nil {
			return nil, err
		}
		if r.Mode == HoldDelete {
			key, h.Position = "sip2.hold_cancelled", 0
			err = circ.CancelHold(ctx, pa.ID, h.ID, by, now)
		} else {
			key = "sip2.hold_changed"
			h.PickupBranch = s.pickup(r, pa)
			err = circ.ChangePickup(ctx, pa.ID, h.ID, h.PickupBranch, now)
		}
		if err != nil {
			return nil, err
		}
	default:
		return nil, &library.Error{Code: library.EINVALID, Key: "sip2.not_supported", Message: "unknown hold mode"}
	}
	// The queue position is counted when holds are listed.
	if r.Mode != HoldDelete {
		if cur, err := s.holdOn(ctx, pa.ID, it); err == nil {
			h = cur
		}
	}
	title := s.title(ctx, it.RecordID)
	branch := s.branchName(ctx, h.PickupBranch, s.language())
	resp := &HoldResponse{OK: true, Available: h.Status == library.HoldReady, TransactionDate: s.now(),
		PickupLocation: h.PickupBranch, InstitutionID: r.InstitutionID, PatronID: pa.CardNumber,
		ItemID: it.Barcode, TitleID: title,
		ScreenMessage: []string{s.text(key, map[string]any{"Title": title, "Branch": branch, "Position": h.Position})}}
	if h.Position > 0 {
		resp.QueuePosition = strconv.Itoa(h.Position)
	}
	return resp, nil
}

// pickup is where a hold is to be collected: where the kiosk was told,
// else the patron's usual branch, else here.
func (s *session) pickup(r *Hold, pa patronAt) string {
	for _, b := range []string{r.PickupLocation, pa.PickupBranch} {
		if b != "" {
			return b
		}
	}
	return s.branch
}

// holdOn finds the patron's open hold on an item or its title.
func (s *session) holdOn(ctx context.Context, patronID int64, it library.Item) (library.Hold, error) {
	holds, err := s.srv.cfg.Circulation.Holds(ctx, patronID)
	if err != nil {
		return library.Hold{}, err
	}
	for _, h := range holds {
		if h.ItemID == it.ID || (h.ItemID == 0 && h.RecordID == it.RecordID) {
			return h, nil
		}
	}
	return library.Hold{}, &library.Error{Code: library.ENOTFOUND, Key: "error.hold_not_found", Message: "no hold on " + it.Barcode}
}
