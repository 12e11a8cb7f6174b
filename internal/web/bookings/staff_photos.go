package bookings

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A resource's photos: uploaded with their alt text in every language
// (Finnish required), checked as real images and resized by the store,
// as a branch's photo is (see admin's photo.go).

// maxPhotoBytes is the largest photo taken, as the store's limit says;
// the request may be a little larger for the form around it.
const (
	maxPhotoBytes   = 10 << 20
	maxPhotoRequest = maxPhotoBytes + 64<<10
	maxAltBytes     = 4 << 10
)

var errTooLarge = &library.Error{Code: library.EINVALID, Key: "error.photo_too_large", Message: "photo: too large"}

// readPhoto reads the multipart form: the file "photo" and its alt.LANG
// texts, refusing a file over maxPhotoBytes as soon as it is read that
// far.
func readPhoto(r *http.Request) ([]byte, library.Text, error) {
	alt := library.Text{}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, alt, &library.Error{Code: library.EINVALID, Key: "error.photo_format", Message: "photo: not a multipart form: " + err.Error()}
	}
	var data []byte
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, alt, tooLargeOr(err)
		}
		name := part.FormName()
		switch {
		case name == "photo":
			if data, err = io.ReadAll(io.LimitReader(part, maxPhotoBytes+1)); err != nil {
				return nil, alt, tooLargeOr(err)
			}
			if len(data) > maxPhotoBytes {
				return nil, alt, errTooLarge
			}
		case strings.HasPrefix(name, "alt."):
			v, err := io.ReadAll(io.LimitReader(part, maxAltBytes))
			if err != nil {
				return nil, alt, tooLargeOr(err)
			}
			if s := strings.TrimSpace(string(v)); s != "" {
				alt[strings.TrimPrefix(name, "alt.")] = s
			}
		}
	}
	if len(data) == 0 {
		return nil, alt, &library.Error{Code: library.EINVALID, Key: "error.photo_format", Message: "photo: no file"}
	}
	return data, alt, nil
}

func tooLargeOr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return &library.Error{Code: library.EINVALID, Key: "error.photo_format", Message: "photo: " + err.Error()}
}

func (s *server) postPhoto(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	bk, res, err := s.staffResource(r, st, library.ActResources)
	if err != nil {
		return err
	}
	data, alt, err := readPhoto(r)
	if err == nil {
		alt, err = library.ValidAlt(alt)
	}
	if err == nil {
		_, err = bk.AddResourcePhoto(r.Context(), res.ID, data, alt, st, s.Now())
	}
	if err == nil {
		redirect(w, r, "/admin/resources/"+strconv.FormatInt(res.ID, 10), "photo_added", 0)
		return nil
	}
	code := library.ErrorCode(err)
	if code != library.EINVALID && code != library.ECONFLICT {
		return err
	}
	ed := s.newEditor("/admin/resources/" + strconv.FormatInt(res.ID, 10))
	if ferr := s.fillEditor(r, ed, st, res); ferr != nil {
		return ferr
	}
	ed.PhotoErr = s.ErrorText(s.Lang(r), err)
	for i := range ed.AltLangs {
		ed.AltLangs[i].Title = alt[ed.AltLangs[i].Lang]
	}
	return s.renderEditor(w, r, web.HTTPStatus(code), ed)
}

func (s *server) postPhotoDelete(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	bk, res, err := s.staffResource(r, st, library.ActResources)
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid", "error.photo_not_found")
	if err != nil {
		return err
	}
	if err := bk.DeleteResourcePhoto(r.Context(), res.ID, pid, st, s.Now()); err != nil {
		return err
	}
	redirect(w, r, "/admin/resources/"+strconv.FormatInt(res.ID, 10), "photo_deleted", 0)
	return nil
}

// servePhoto serves a photo's thumbnail (or ?size=full) to staff, for
// the editor; its URL carries the photo's hash, so it may be kept.
func (s *server) serveStaffPhoto(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	bk, res, err := s.staffResource(r, st, library.ActResources)
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid", "error.photo_not_found")
	if err != nil {
		return err
	}
	size := library.PhotoThumb
	if r.URL.Query().Get("size") == "full" {
		size = library.PhotoFull
	}
	p, err := bk.ResourcePhotoFile(r.Context(), res.ID, pid, size)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Header().Set("ETag", `"`+p.Hash+`"`)
	_, err = w.Write(p.Bytes)
	return err
}
