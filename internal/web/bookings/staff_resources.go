package bookings

import (
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The resources of a branch: the list (/admin/resources), the editor of
// one (new and edit share it, staff_resource_form.go), withdrawing and
// restoring it. ActResources at the resource's branch.

// resourceRow is a resource in the list.
type resourceRow struct {
	URL     string
	Name    web.LangText
	Kind    string
	Active  bool
	Missing []web.LangText
	Price   string
}

// resourceList is the data of the list page.
type resourceList struct {
	Branches []branchChoice
	Branch   library.Branch
	Name     web.LangText
	Rows     []resourceRow
	Done     string
	NewURL   string
}

func (s *server) serveResources(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	b, choices, err := s.pickBranch(r, st, library.ActResources)
	if err != nil {
		return err
	}
	bk, err := s.bookings()
	if err != nil {
		return err
	}
	rs, err := bk.Resources(r.Context(), library.ResourceFilter{BranchID: b.ID, Withdrawn: true})
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	l := &resourceList{Branches: choices, Branch: b, Name: web.TextIn(b.Name, lang), Done: s.doneText(r),
		NewURL: "/admin/resources/new?branch=" + b.ID}
	for _, res := range rs {
		l.Rows = append(l.Rows, resourceRow{URL: "/admin/resources/" + strconv.FormatInt(res.ID, 10),
			Name: web.TextIn(res.Name, lang), Kind: s.Tr(r, "resource.kind."+res.Kind), Active: res.Active(),
			Missing: s.missing(res.Name), Price: s.priceLabel(r, res.Price)})
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "bookings_admin_resources", s.Tr(r, "bookings_staff.resources.title"), l)
	return nil
}

// priceLabel writes a price for staff: "free" or euros.
func (s *server) priceLabel(r *http.Request, cents int64) string {
	if cents == 0 {
		return s.Tr(r, "bookings_staff.free")
	}
	return priceText(cents) + " €"
}

func (s *server) serveResourceNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	b, _, err := s.pickBranch(r, st, library.ActResources)
	if err != nil {
		return err
	}
	res := library.Resource{BranchID: b.ID, LibraryID: b.LibraryID, Kind: library.KindRoom, Capacity: 1, SlotMinutes: 30,
		MinMinutes: 30, MaxMinutes: 120, HorizonDays: 14, CancelBeforeMinutes: 60}
	ed := s.newEditor("/admin/resources")
	if err := s.fillEditor(r, ed, st, res); err != nil {
		return err
	}
	return s.renderEditor(w, r, http.StatusOK, ed)
}

func (s *server) serveResourceEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, res, err := s.staffResource(r, st, library.ActResources)
	if err != nil {
		return err
	}
	ed := s.newEditor("/admin/resources/" + strconv.FormatInt(res.ID, 10))
	if err := s.fillEditor(r, ed, st, res); err != nil {
		return err
	}
	ed.Done = s.doneText(r)
	return s.renderEditor(w, r, http.StatusOK, ed)
}

func (s *server) postResourceNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActResources, st.Reach()); err != nil {
		return err
	}
	branch := r.PostFormValue("branch")
	scope, b, err := s.branchScope(r, branch)
	if err == nil {
		err = library.Permit(st, library.ActResources, scope)
	} else if branch == "" {
		err = nil // the store says the branch is required, at its field
	}
	if err != nil {
		return err
	}
	return s.saveResource(w, r, st, library.Resource{BranchID: b.ID, LibraryID: b.LibraryID}, "/admin/resources")
}

func (s *server) postResourceEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, old, err := s.staffResource(r, st, library.ActResources)
	if err != nil {
		return err
	}
	return s.saveResource(w, r, st, old, "/admin/resources/"+strconv.FormatInt(old.ID, 10))
}

// saveResource reads the form over old, creates or updates the resource,
// and on a refusal shows the form again with the message at its field,
// nothing saved.
func (s *server) saveResource(w http.ResponseWriter, r *http.Request, st library.Staff, old library.Resource, action string) error {
	bk, err := s.bookings()
	if err != nil {
		return err
	}
	res, err := readResource(r, old)
	var saved library.Resource
	if err == nil {
		if old.ID == 0 {
			saved, err = bk.CreateResource(r.Context(), res, st, s.Now())
		} else {
			saved, err = bk.UpdateResource(r.Context(), res, st, s.Now())
		}
	}
	if err == nil {
		redirect(w, r, "/admin/resources/"+strconv.FormatInt(saved.ID, 10), "saved", 0)
		return nil
	}
	code := library.ErrorCode(err)
	if code == library.EFORBIDDEN || code == library.EINTERNAL || code == "" || code == library.ENOTFOUND {
		return err
	}
	ed := s.newEditor(action)
	if ferr := s.fillEditor(r, ed, st, res); ferr != nil {
		return ferr
	}
	keepTyped(r, ed)
	s.fail(r, ed, err)
	if code == library.ECONFLICT {
		// Show what is saved now, so that the change can be made again
		// from it; the alert says why.
		if cur, cerr := bk.Resource(r.Context(), old.ID); cerr == nil {
			ed = s.newEditor(action)
			if ferr := s.fillEditor(r, ed, st, cur); ferr != nil {
				return ferr
			}
			ed.Alert = s.ErrorText(s.Lang(r), err)
		}
	}
	return s.renderEditor(w, r, web.HTTPStatus(code), ed)
}

func (s *server) postWithdraw(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	bk, res, err := s.staffResource(r, st, library.ActResources)
	if err != nil {
		return err
	}
	n, err := bk.WithdrawResource(r.Context(), res.ID, st, s.Now())
	if err != nil {
		return err
	}
	redirect(w, r, "/admin/resources/"+strconv.FormatInt(res.ID, 10), "withdrawn", n)
	return nil
}

func (s *server) postRestore(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	bk, res, err := s.staffResource(r, st, library.ActResources)
	if err != nil {
		return err
	}
	if _, err := bk.RestoreResource(r.Context(), res.ID, st, s.Now()); err != nil {
		return err
	}
	redirect(w, r, "/admin/resources/"+strconv.FormatInt(res.ID, 10), "restored", 0)
	return nil
}
