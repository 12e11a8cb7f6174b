package admin

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A branch's photo: uploaded here, checked and resized by the store,
// served on the public site (package site) at a URL carrying its hash.

type photoPage struct {
	Branch library.Branch
	Name   web.LangText
	Photo  library.Photo // the thumbnail's size, when there is a photo
	Error  string
	Done   string
}

func (s *server) servePhoto(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	pp := &photoPage{}
	pp.Done = s.doneText(r, photoDone)
	return s.renderPhoto(w, r, b, http.StatusOK, pp)
}

func (s *server) renderPhoto(w http.ResponseWriter, r *http.Request, b library.Branch, status int, pp *photoPage) error {
	pp.Branch, pp.Name = b, web.TextIn(b.Name, s.Lang(r))
	if b.Photo != "" {
		ba, err := s.branchAdmin()
		if err != nil {
			return err
		}
		if pp.Photo, err = ba.BranchPhoto(r.Context(), b.ID, library.PhotoThumb); err != nil && library.ErrorCode(err) != library.ENOTFOUND {
			return err
		}
	}
	web.NoStore(w)
	s.Render(w, r, status, "admin_branch_photo", s.Tr(r, "admin.photo.title"), pp)
	return nil
}

// uploadPhoto takes a photo posted as multipart/form-data, its body
// bounded by the route's form limits (largeForms) before anything is read.
func (s *server) uploadPhoto(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ba, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	data, err := web.ReadPhoto(r, "photo")
	if err == nil {
		if _, err = ba.SetBranchPhoto(r.Context(), b.ID, data, st, s.Now()); err == nil {
			http.Redirect(w, r, "/admin/branches/"+b.ID+"/photo?done=saved", http.StatusSeeOther)
			return nil
		}
	}
	msg, status, ok := s.errText(r, err)
	if !ok {
		return err
	}
	return s.renderPhoto(w, r, b, status, &photoPage{Error: msg})
}

func (s *server) deletePhoto(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ba, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	if err := ba.DeleteBranchPhoto(r.Context(), b.ID, st, s.Now()); err != nil && library.ErrorCode(err) != library.ENOTFOUND {
		return err
	}
	http.Redirect(w, r, "/admin/branches/"+b.ID+"/photo?done=deleted", http.StatusSeeOther)
	return nil
}

// photoDone are the messages of what a form did, by its ?done= value.
var photoDone = map[string]string{"saved": "admin.photo.done_saved", "deleted": "admin.photo.done_deleted"}
