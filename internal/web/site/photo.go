package site

import (
	"context"
	"net/http"
	"net/url"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A branch's photo, served at a URL that carries its content hash
// (/libraries/{id}/photo?v=HASH, &size=thumb for the small one): a new
// photo is a new URL, so a browser or a proxy may keep one for a year
// and never ask again.

// photoView is a branch's photo on its page.
type photoView struct {
	URL           string
	Width, Height int
}

// photoURL is the URL of a branch's photo of content hash hash.
func photoURL(branchID, hash, variant string) string {
	v := url.Values{"v": {hash}}
	if variant == library.PhotoThumb {
		v.Set("size", "thumb")
	}
	return "/libraries/" + url.PathEscape(branchID) + "/photo?" + v.Encode()
}

func (s *server) servePhoto(w http.ResponseWriter, r *http.Request) error {
	ba, ok := s.Store().(library.BranchAdmin)
	if !ok {
		return library.Errorf(library.ENOTFOUND, "no photos in this store")
	}
	variant := library.PhotoFull
	if r.URL.Query().Get("size") == "thumb" {
		variant = library.PhotoThumb
	}
	id := r.PathValue("id")
	b, err := s.Store().Branch(r.Context(), id)
	if err != nil {
		return err
	}
	if b.Photo == "" {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.photo_not_found", Message: "branch " + id + " has no photo"}
	}
	if r.URL.Query().Get("v") != b.Photo {
		// An old or missing hash: send the browser to the current photo,
		// without letting it keep this answer.
		w.Header().Set("Cache-Control", "no-cache")
		http.Redirect(w, r, photoURL(id, b.Photo, variant), http.StatusFound)
		return nil
	}
	p, err := ba.BranchPhoto(r.Context(), id, variant)
	if err != nil {
		return err
	}
	web.ServePhoto(w, r, p)
	return nil
}

// branchPhoto returns the photo of b for its page, or a zero view when it
// has none.
func (s *server) branchPhoto(ctx context.Context, b library.Branch) (photoView, error) {
	ba, ok := s.Store().(library.BranchAdmin)
	if !ok || b.Photo == "" {
		return photoView{}, nil
	}
	p, err := ba.BranchPhoto(ctx, b.ID, library.PhotoThumb)
	if library.ErrorCode(err) == library.ENOTFOUND {
		return photoView{}, nil
	}
	if err != nil {
		return photoView{}, err
	}
	return photoView{URL: photoURL(b.ID, b.Photo, library.PhotoThumb), Width: p.Width, Height: p.Height}, nil
}
