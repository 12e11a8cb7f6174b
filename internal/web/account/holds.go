package account

import (
	"context"
	"net/http"
	"net/url"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// holdsPage is /account/holds and GET /api/v1/account/holds.
type holdsPage struct {
	Holds []holdView `json:"holds"`
	// Done is what the last action did, in the user's language; Error why
	// it could not. Both are empty on a plain GET.
	Done  string `json:"-"`
	Error string `json:"-"`
	// Branches are the pickup branches grouped by member library, for the
	// page's selects.
	Branches []web.BranchGroup `json:"-"`
	// Tomorrow is the first date a hold may be frozen until, 2006-01-02.
	Tomorrow string `json:"-"`
}

// holdView is one hold as the patron sees it.
type holdView struct {
	ID            int64        `json:"id"`
	RecordID      int64        `json:"record_id"`
	Title         string       `json:"title"`
	URL           string       `json:"-"`
	Pickup        string       `json:"pickup_branch"`
	PickupName    web.LangText `json:"pickup_branch_name"`
	Status        string       `json:"status"`
	StatusLabel   string       `json:"status_label"`
	Position      int          `json:"position,omitempty"`
	EstimatedWait int          `json:"estimated_wait_days,omitempty"`
	WaitText      string       `json:"-"`
	FrozenUntil   string       `json:"frozen_until,omitempty"` // 2006-01-02
	FrozenText    string       `json:"-"`
	ShelfCode     string       `json:"shelf_code,omitempty"`
	PickupBy      string       `json:"pickup_by,omitempty"` // 2006-01-02, the last day to collect it
	PickupByText  string       `json:"-"`
	Item          string       `json:"item,omitempty"` // the barcode of an item-level hold's copy
	// What the patron may still do with it.
	CanFreeze, CanChangePickup bool              `json:"-"`
	Branches                   []web.BranchGroup `json:"-"`
}

// holdDone are the results a redirect after a hold action may announce;
// nothing else in ?done= is shown, so a link cannot put words in our mouth.
var holdDone = map[string]string{
	"frozen":    "account.holds.done_frozen",
	"resumed":   "account.holds.done_resumed",
	"pickup":    "account.holds.done_pickup",
	"cancelled": "account.holds.done_cancelled",
}

func (s *server) serveHolds(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	hp, err := s.holdsPage(r.Context(), lang, p)
	if err != nil {
		return err
	}
	if key, ok := holdDone[r.URL.Query().Get("done")]; ok {
		hp.Done = s.I18n().T(lang, key, nil)
	}
	s.Render(w, r, http.StatusOK, "account_holds", s.I18n().T(lang, "account.holds.title", nil), hp)
	return nil
}

func (s *server) holdsPage(ctx context.Context, lang string, p library.Patron) (*holdsPage, error) {
	holds, err := s.Circulation().Holds(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	names, err := s.BranchTexts(ctx, lang)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(holds))
	for _, h := range holds {
		ids = append(ids, h.RecordID)
	}
	titles := s.Titles(ctx, ids)
	hp := &holdsPage{Holds: []holdView{}, Tomorrow: s.Today().AddDays(1).String()}
	for _, h := range holds {
		v := holdView{
			ID: h.ID, RecordID: h.RecordID, Title: titles[h.RecordID], URL: web.RecordURL(h.RecordID),
			Pickup: h.PickupBranch, PickupName: names[h.PickupBranch],
			Status: h.Status, StatusLabel: s.holdStatus(lang, h),
			Position: h.Position, EstimatedWait: h.EstimatedWait,
			ShelfCode: h.ShelfCode, Item: h.ItemBarcode,
			CanFreeze:       h.Status == library.HoldWaiting,
			CanChangePickup: h.Status == library.HoldWaiting || h.Status == library.HoldInTransit,
		}
		if h.ItemID == 0 {
			v.Item = "" // a title-level hold's copy is the library's business
		}
		if v.PickupName.Text == "" {
			v.PickupName = web.LangText{Text: h.PickupBranch}
		}
		if h.Status == library.HoldWaiting && h.EstimatedWait > 0 {
			v.WaitText = s.I18n().N(lang, "account.holds.wait", h.EstimatedWait, map[string]any{"Count": h.EstimatedWait})
		}
		if h.FrozenUntil != (library.Date{}) {
			v.FrozenUntil, v.FrozenText = h.FrozenUntil.String(), s.FormatDate(lang, h.FrozenUntil)
		}
		if h.PickupBy != (library.Date{}) {
			v.PickupBy, v.PickupByText = h.PickupBy.String(), s.FormatDate(lang, h.PickupBy)
		}
		if v.CanChangePickup {
			if v.Branches, err = s.BranchGroups(ctx, lang, h.PickupBranch); err != nil {
				return nil, err
			}
		}
		hp.Holds = append(hp.Holds, v)
	}
	return hp, nil
}

// holdStatus names a hold's status; a waiting hold that is frozen says so.
func (s *server) holdStatus(lang string, h library.Hold) string {
	st := h.Status
	if st == library.HoldWaiting && h.FrozenUntil != (library.Date{}) {
		st = "frozen"
	}
	if s.I18n().Has(lang, "hold.status."+st) {
		return s.I18n().T(lang, "hold.status."+st, nil)
	}
	return st
}

// holdAction runs one change to a patron's hold from a form and sends them
// back to their holds with word of what was done; a refusal shows the
// holds page again with the reason, in the status the error calls for.
func (s *server) holdAction(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ctx, lang := r.Context(), s.Lang(r)
	id, err := web.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	now := s.Now()
	var done string
	switch r.PathValue("action") {
	case "freeze":
		var until library.Date
		if until, err = library.ParseDate(r.PostFormValue("until")); err != nil {
			err = web.Invalid("error.freeze_date", "freeze until %q", r.PostFormValue("until"))
			break
		}
		err, done = s.Circulation().FreezeHold(ctx, p.ID, id, until, now), "frozen"
	case "resume":
		err, done = s.Circulation().FreezeHold(ctx, p.ID, id, library.Date{}, now), "resumed"
	case "pickup":
		err, done = s.Circulation().ChangePickup(ctx, p.ID, id, r.PostFormValue("branch"), now), "pickup"
	case "cancel":
		err, done = s.Circulation().CancelHold(ctx, p.ID, id, web.WebActor(p), now), "cancelled"
	default:
		return library.Errorf(library.ENOTFOUND, "no hold action %q", r.PathValue("action"))
	}
	if err != nil {
		if library.ErrorCode(err) == library.EINTERNAL {
			return err
		}
		hp, herr := s.holdsPage(ctx, lang, p)
		if herr != nil {
			return herr
		}
		hp.Error = s.ErrorText(lang, err)
		s.Render(w, r, web.HTTPStatus(library.ErrorCode(err)), "account_holds", s.I18n().T(lang, "account.holds.title", nil), hp)
		return nil
	}
	http.Redirect(w, r, "/account/holds?"+url.Values{"done": {done}}.Encode(), http.StatusSeeOther)
	return nil
}

// holdCancelPage asks before a hold is cancelled: cancelling gives up the
// place in the queue, and there is no undo.
type holdCancelPage struct {
	Hold holdView
}

func (s *server) serveHoldCancel(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	id, err := web.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	hp, err := s.holdsPage(r.Context(), lang, p)
	if err != nil {
		return err
	}
	for _, h := range hp.Holds {
		if h.ID == id {
			s.Render(w, r, http.StatusOK, "hold_cancel", s.I18n().T(lang, "account.holds.cancel_title", nil), holdCancelPage{Hold: h})
			return nil
		}
	}
	e := library.Errorf(library.ENOTFOUND, "no open hold %d of patron %d", id, p.ID)
	e.Key = "error.hold_not_found"
	return e
}
