package elib

import (
	"bytes"
	"context"
	"mime"
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// openDownload is where an open-access title downloads from: its open
// licence's link, which is Kirjasto's own /elib/{record}/download for a
// file Kirjasto keeps and the distributor's address otherwise. A link
// that is neither a path of Kirjasto's nor http(s) is not offered.
func openDownload(ctx context.Context, el library.ELibrary, recordID int64) (string, error) {
	ls, err := el.Licences(ctx, recordID)
	if err != nil {
		return "", err
	}
	for _, l := range ls {
		u := l.CheckoutURL
		if l.Model != library.ModelOpenAccess || l.Status != library.LicenceActive {
			continue
		}
		if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
			return u, nil
		}
	}
	return "", nil
}

// serveDownload streams an open-access file Kirjasto keeps (the demo's
// EPUB books) with the name it is saved under; a title without one is a
// 404 in the resident's language.
func (s *server) serveDownload(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.record(r)
	if err != nil {
		return err
	}
	files, ok := s.Store().(library.EFiles)
	if !ok {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.elib_file_not_found", Message: "the store keeps no e-files"}
	}
	f, err := files.EFile(r.Context(), rec.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.MediaType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, "", f.Updated, bytes.NewReader(f.Bytes))
	return nil
}
