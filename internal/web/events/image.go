package events

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// An event's image: uploaded by staff on a page of its own beside the
// editor (the editor's form is not multipart), checked and resized by
// the store, and served for a public event at a URL carrying its hash
// (web.EventImageURL: /event-images/{id}?v=HASH, &size=thumb for lists).

// imageRoutes registers the image's staff pages and its public address.
func imageRoutes(s *server, mux *http.ServeMux) {
	mux.Handle("GET /event-images/{id}", s.Wrap(s.serveImage, false))
	mux.Handle("GET /admin/events/{id}/image", s.Wrap(s.AsStaffWith(editorLimits, s.serveImagePage), false))
	mux.Handle("GET /admin/events/{id}/image/preview", s.Wrap(s.AsStaffWith(editorLimits, s.serveImagePreview), false))
	mux.Handle("POST /admin/events/{id}/image", s.Wrap(s.AsStaffWith(web.PhotoForm, s.postImage), false))
	mux.Handle("POST /admin/events/{id}/image/delete", s.Wrap(s.AsStaffWith(editorLimits, s.postImageDelete), false))
}

func (s *server) serveImage(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	e, err := ev.PublicEvent(r.Context(), id, s.Now())
	if err != nil {
		return err
	}
	variant := library.PhotoFull
	if r.URL.Query().Get("size") == "thumb" {
		variant = library.PhotoThumb
	}
	if e.Image == "" {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.event_image_none", Message: "event has no image"}
	}
	if r.URL.Query().Get("v") != e.Image {
		w.Header().Set("Cache-Control", "no-cache")
		http.Redirect(w, r, web.EventImageURL(id, e.Image, variant), http.StatusFound)
		return nil
	}
	p, err := ev.EventImage(r.Context(), id, variant)
	if err != nil {
		return err
	}
	web.ServePhoto(w, r, p)
	return nil
}

// serveImagePreview is the image's thumbnail for staff, whatever the
// event's state.
func (s *server) serveImagePreview(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActContent)
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	p, err := ev.EventImage(r.Context(), e.ID, library.PhotoThumb)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", p.ContentType())
	web.NoStore(w)
	w.Write(p.Bytes) // a failed write means the client has gone
	return nil
}

// imagePage is the staff's page of an event's image.
type imagePage struct {
	Title    web.LangText
	Back     string
	Action   string
	ImageURL string
	Width    int
	Height   int
	Error    string
	Done     string
}

func (s *server) serveImagePage(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActContent)
	if err != nil {
		return err
	}
	p := &imagePage{}
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Done = s.Tr(r, "events_staff.image.done_saved")
	case "deleted":
		p.Done = s.Tr(r, "events_staff.image.done_deleted")
	}
	return s.renderImage(w, r, http.StatusOK, e, p)
}

func (s *server) renderImage(w http.ResponseWriter, r *http.Request, status int, e library.Event, p *imagePage) error {
	id := strconv.FormatInt(e.ID, 10)
	p.Title, p.Back, p.Action = web.TextIn(e.Title, s.Lang(r)), "/admin/events/"+id, "/admin/events/"+id+"/image"
	if e.Image != "" {
		ev, err := s.events()
		if err != nil {
			return err
		}
		thumb, err := ev.EventImage(r.Context(), e.ID, library.PhotoThumb)
		if err != nil && library.ErrorCode(err) != library.ENOTFOUND {
			return err
		}
		// A draft's image is not public yet: staff see it at an
		// address of their own.
		p.ImageURL = "/admin/events/" + id + "/image/preview?v=" + url.QueryEscape(e.Image)
		p.Width, p.Height = thumb.Width, thumb.Height
	}
	web.NoStore(w)
	s.Render(w, r, status, "events_admin_image", s.Tr(r, "events_staff.image.title"), p)
	return nil
}

func (s *server) postImage(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActContent)
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	data, err := web.ReadPhoto(r, "image")
	if err == nil {
		if _, err = ev.SetEventImage(r.Context(), st, e.ID, data, s.Now()); err == nil {
			http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(e.ID, 10)+"/image?done=saved", http.StatusSeeOther)
			return nil
		}
	}
	if library.ErrorCode(err) != library.EINVALID {
		return err
	}
	return s.renderImage(w, r, http.StatusBadRequest, e, &imagePage{Error: s.ErrorText(s.Lang(r), err)})
}

func (s *server) postImageDelete(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActContent)
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	if err := ev.DeleteEventImage(r.Context(), st, e.ID, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(e.ID, 10)+"/image?done=deleted", http.StatusSeeOther)
	return nil
}
