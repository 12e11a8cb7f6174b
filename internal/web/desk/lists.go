package desk

import (
	"context"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The desk's work lists for a branch: copies to pick off the shelves for
// holds, the hold shelf, and what travels to and from the branch.

// workListsPage is any of the three lists; the template shows the one it
// is for.
type workListsPage struct {
	Branch     string
	BranchName string
	Branches   []web.BranchGroup
	Path       string // the list's own address, for the branch switcher
	Pick       []pickView
	Shelf      []shelfView
	Out, In    []transitView
}

type pickView struct {
	Barcode, Title, CallNumber, Shelf, Pickup, PlacedText string
}

type shelfView struct {
	ShelfCode, Card, Barcode, Title, ReadyText, PickupByText, Status, Note string
	// State is "ready", "expiring" or "expired": what staff do with it.
	State string
}

type transitView struct {
	Barcode, Title, From, To, SinceText string
	ForHold                             bool
}

// shelfStates name the states of a hold on the hold shelf.
var shelfStates = map[string]string{
	"ready":    "desk.holdshelf.state_ready",
	"expiring": "desk.holdshelf.state_expiring",
	"expired":  "desk.holdshelf.state_expired",
}

// workLists returns the store's work lists; the store implements them
// besides library.Circulation.
func (s *server) workLists() (library.WorkLists, error) {
	wl, ok := s.Circulation().(library.WorkLists)
	if !ok {
		return nil, library.Errorf(library.EINTERNAL, "the circulation service keeps no work lists")
	}
	return wl, nil
}

func (s *server) newWorkListsPage(ctx context.Context, lang string, r *http.Request, st library.Staff) (*workListsPage, map[string]string, error) {
	dp, err := s.newDeskPage(ctx, lang, r, st, library.ActWorkLists)
	if err != nil {
		return nil, nil, err
	}
	names, err := s.BranchNames(ctx, lang)
	if err != nil {
		return nil, nil, err
	}
	return &workListsPage{Branch: dp.Branch, BranchName: dp.BranchName, Branches: dp.Branches, Path: r.URL.Path}, names, nil
}

func (s *server) servePickList(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ctx, lang := r.Context(), s.Lang(r)
	wl, err := s.workLists()
	if err != nil {
		return err
	}
	wp, names, err := s.newWorkListsPage(ctx, lang, r, st)
	if err != nil {
		return err
	}
	items, err := wl.PickList(ctx, wp.Branch)
	if err != nil {
		return err
	}
	for _, it := range items {
		wp.Pick = append(wp.Pick, pickView{
			Barcode: it.Barcode, Title: it.Title, CallNumber: it.CallNumber, Shelf: it.Shelf,
			Pickup: nameOr(names, it.PickupBranch), PlacedText: s.FormatTime(lang, it.PlacedAt),
		})
	}
	s.Render(w, r, http.StatusOK, "desk_picklist", s.I18n().T(lang, "desk.picklist.title", nil), wp)
	return nil
}

func (s *server) serveHoldShelf(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ctx, lang := r.Context(), s.Lang(r)
	wl, err := s.workLists()
	if err != nil {
		return err
	}
	wp, names, err := s.newWorkListsPage(ctx, lang, r, st)
	if err != nil {
		return err
	}
	holds, err := wl.HoldShelf(ctx, wp.Branch, s.Now())
	if err != nil {
		return err
	}
	for _, h := range holds {
		v := shelfView{
			ShelfCode: h.ShelfCode, Card: h.CardLast4, Barcode: h.Barcode, Title: h.Title,
			ReadyText: s.FormatTime(lang, h.ReadyAt), PickupByText: s.DateText(lang, h.PickupBy),
		}
		switch {
		case h.Status == library.HoldCancelled || h.Status == library.HoldExpired || h.Expired:
			v.State = "expired"
			// Off the shelf, and then where the copy goes next.
			v.Note = s.I18n().T(lang, "desk.holdshelf.take_off", map[string]any{"Branch": nameOr(names, h.ItemBranch)})
		case h.ExpiresToday:
			v.State = "expiring"
		default:
			v.State = "ready"
		}
		v.Status = s.I18n().T(lang, shelfStates[v.State], nil)
		wp.Shelf = append(wp.Shelf, v)
	}
	s.Render(w, r, http.StatusOK, "desk_holdshelf", s.I18n().T(lang, "desk.holdshelf.title", nil), wp)
	return nil
}

func (s *server) serveTransit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ctx, lang := r.Context(), s.Lang(r)
	wl, err := s.workLists()
	if err != nil {
		return err
	}
	wp, names, err := s.newWorkListsPage(ctx, lang, r, st)
	if err != nil {
		return err
	}
	out, in, err := wl.Transits(ctx, wp.Branch)
	if err != nil {
		return err
	}
	view := func(t library.Transit) transitView {
		return transitView{Barcode: t.Barcode, Title: t.Title, From: nameOr(names, t.From), To: nameOr(names, t.To),
			SinceText: s.FormatTime(lang, t.Since), ForHold: t.HoldID != 0}
	}
	for _, t := range out {
		wp.Out = append(wp.Out, view(t))
	}
	for _, t := range in {
		wp.In = append(wp.In, view(t))
	}
	s.Render(w, r, http.StatusOK, "desk_transit", s.I18n().T(lang, "desk.transit.title", nil), wp)
	return nil
}

// nameOr returns the name of a branch, or its ID when it has none.
func nameOr(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}
