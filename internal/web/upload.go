package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Photos and images uploaded by staff (a branch's photo, an event's
// image) come as multipart/form-data, read as a stream by ReadPhoto from
// a route whose FormLimits say Multipart and PhotoForm's Body.

// MaxPhotoBytes is the largest photo taken, as the store's limit (and
// error.photo_too_large) says: 10 MB.
const MaxPhotoBytes = 10 << 20

// PhotoForm are the limits of a route that takes one photo: the file and
// a little more for the multipart form around it.
var PhotoForm = FormLimits{Body: MaxPhotoBytes + 64<<10, Multipart: true}

var errPhotoTooLarge = &library.Error{Code: library.EINVALID, Key: "error.photo_too_large", Message: "photo: too large"}

// ReadPhoto reads the multipart form's file field, refusing one over
// MaxPhotoBytes as soon as it is read that far. Whether it is an image
// is the store's to check.
func ReadPhoto(r *http.Request, field string) ([]byte, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &library.Error{Code: library.EINVALID, Key: "error.photo_format", Message: "photo: not a multipart form: " + err.Error()}
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, &library.Error{Code: library.EINVALID, Key: "error.photo_format", Message: "photo: no file"}
		}
		if err != nil {
			return nil, photoTooLargeOr(err)
		}
		if part.FormName() != field {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, MaxPhotoBytes+1))
		if err != nil {
			return nil, photoTooLargeOr(err)
		}
		if len(data) > MaxPhotoBytes {
			return nil, errPhotoTooLarge
		}
		return data, nil
	}
}

func photoTooLargeOr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errPhotoTooLarge
	}
	return &library.Error{Code: library.EINVALID, Key: "error.photo_format", Message: "photo: " + err.Error()}
}

// ServePhoto writes a stored photo with its hash as the ETag, to be kept
// for a year: its URL carries the hash, so a new photo is a new URL.
func ServePhoto(w http.ResponseWriter, r *http.Request, p library.Photo) {
	h := w.Header()
	h.Set("ETag", `"`+p.Hash+`"`)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	if match := r.Header.Get("If-None-Match"); match == `"`+p.Hash+`"` || match == "*" || match == `W/"`+p.Hash+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", p.ContentType())
	h.Set("Content-Length", strconv.Itoa(len(p.Bytes)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(p.Bytes) // a failed write means the client has gone
	}
}
