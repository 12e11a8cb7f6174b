package site

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Reserving a title from its record page. The form is on the record page
// for a signed-in patron, with their preferred pickup branch chosen; to
// anyone else it is a link to sign in that comes back to the record.

// reserveForm is the record page's reserve form.
type reserveForm struct {
	RecordID int64
	SignedIn bool
	// Preferred is the patron's preferred pickup branch, chosen in the
	// form; "" makes them choose.
	Preferred string
	SignIn    string // where to sign in, coming back to the record
	Branches  []web.BranchGroup
	// Copies lets a patron wait for one copy (a volume, a particular
	// disc) rather than the first free one; offered when there are several.
	Copies []copyChoice
}

// copyChoice is one copy in the reserve form.
type copyChoice struct {
	Barcode string
	Label   string // "Sello Library · 84.2 LIN · On loan"
}

// reserveFormFor returns the reserve form for a record, or nil when the
// record has nothing a hold could wait for (an e-book, a record without
// copies).
func (s *server) reserveFormFor(ctx context.Context, lang string, rp *recordPage, p library.Patron, signedIn bool) (*reserveForm, error) {
	if len(rp.Items) == 0 || rp.Record.Material == string(library.EBook) {
		return nil, nil
	}
	f := &reserveForm{
		RecordID: rp.Record.ID, SignedIn: signedIn,
		// Back by way of GET /records/{id}/hold, which lands on #reserve.
		SignIn: "/signin?" + url.Values{"next": {web.RecordURL(rp.Record.ID) + "/hold"}}.Encode(),
	}
	if !signedIn {
		return f, nil
	}
	f.Preferred = p.PickupBranch
	if len(rp.Items) > 1 {
		names, err := s.BranchNames(ctx, lang)
		if err != nil {
			return nil, err
		}
		for _, it := range rp.Items {
			label := names[it.Branch]
			if label == "" {
				label = it.Branch
			}
			for _, part := range []string{it.CallNumber, it.StatusLabel} {
				if part != "" {
					label += " · " + part
				}
			}
			f.Copies = append(f.Copies, copyChoice{Barcode: it.Barcode, Label: label})
		}
	}
	var err error
	f.Branches, err = s.BranchGroups(ctx, lang, p.PickupBranch)
	return f, err
}

// holdPlacedPage answers a reservation: the place in the queue, or why not.
type holdPlacedPage struct {
	RecordID int64
	Title    string
	URL      string
	OK       bool
	Message  string
}

// placeHold reserves the record in the path for pickup at the branch the
// form names, and sends the patron to see where the hold stands (a GET, so
// that reloading the answer does not reserve again). A refusal changed
// nothing, so it is the answer itself, in the status the error calls for.
func (s *server) placeHold(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ctx, lang := r.Context(), s.Lang(r)
	id, err := web.ParseRecordID(r.PathValue("id"))
	if err != nil {
		return err
	}
	rec, err := s.Store().Record(ctx, id)
	if err != nil {
		return err
	}
	hold := library.Hold{PatronID: p.ID, RecordID: id, PickupBranch: r.PostFormValue("branch")}
	if barcode := r.PostFormValue("copy"); barcode != "" {
		it, err := s.Store().Item(ctx, barcode)
		if library.ErrorCode(err) == library.ENOTFOUND || (err == nil && it.RecordID != id) {
			return &library.Error{Code: library.EINVALID, Key: "error.hold_copy", Message: "copy " + barcode + " is not a copy of record " + rec.SourceID}
		}
		if err != nil {
			return err
		}
		hold.ItemID = it.ID
	}
	h, err := s.Circulation().PlaceHold(ctx, hold, web.WebActor(p), s.Now())
	if err != nil {
		if library.ErrorCode(err) == library.EINTERNAL {
			return err
		}
		hp := holdPlacedPage{RecordID: id, Title: rec.Title, URL: web.RecordURL(id), Message: s.ErrorText(lang, err)}
		s.Render(w, r, web.HTTPStatus(library.ErrorCode(err)), "hold_placed", s.I18n().T(lang, "hold.refused_title", nil), hp)
		return nil
	}
	http.Redirect(w, r, holdPlacedURL(h.ID), http.StatusSeeOther)
	return nil
}

// holdPlacedURL is the page that confirms a new hold.
func holdPlacedURL(id int64) string {
	return "/account/holds/" + strconv.FormatInt(id, 10) + "/placed"
}

// serveHoldPlaced confirms a hold just placed, with where it stands now.
func (s *server) serveHoldPlaced(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ctx, lang := r.Context(), s.Lang(r)
	id, err := web.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	h, err := s.patronHold(ctx, p, id)
	if err != nil {
		return err
	}
	hp := holdPlacedPage{RecordID: h.RecordID, URL: web.RecordURL(h.RecordID), OK: true, Message: s.holdPlacedText(ctx, lang, h)}
	hp.Title = s.Titles(ctx, []int64{h.RecordID})[h.RecordID]
	s.Render(w, r, http.StatusOK, "hold_placed", s.I18n().T(lang, "hold.placed_title", nil), hp)
	return nil
}

// patronHold returns one of the patron's current holds; another patron's
// hold, or one no longer current, is not found.
func (s *server) patronHold(ctx context.Context, p library.Patron, id int64) (library.Hold, error) {
	holds, err := s.Circulation().Holds(ctx, p.ID)
	if err != nil {
		return library.Hold{}, err
	}
	for _, h := range holds {
		if h.ID == id {
			return h, nil
		}
	}
	e := library.Errorf(library.ENOTFOUND, "no open hold %d of patron %d", id, p.ID)
	e.Key = "error.hold_not_found"
	return library.Hold{}, e
}

// holdPlacedText tells a patron where their new hold stands.
func (s *server) holdPlacedText(ctx context.Context, lang string, h library.Hold) string {
	names, _ := s.BranchNames(ctx, lang)
	branch := names[h.PickupBranch]
	if branch == "" {
		branch = h.PickupBranch
	}
	switch {
	case h.Status == library.HoldReady:
		return s.I18n().T(lang, "hold.placed_ready", map[string]any{"Branch": branch})
	case h.Status == library.HoldInTransit || h.ItemBarcode != "":
		return s.I18n().T(lang, "hold.placed_coming", map[string]any{"Branch": branch})
	case h.Position > 0:
		return s.I18n().T(lang, "hold.placed_queue", map[string]any{"Position": h.Position, "Branch": branch})
	}
	return s.I18n().T(lang, "hold.placed", map[string]any{"Branch": branch})
}

// recordWithReserve is the record page with its reserve form, which the
// API's record does not have.
type recordWithReserve struct {
	*recordPage
	Reserve *reserveForm
}
