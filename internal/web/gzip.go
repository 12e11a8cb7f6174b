package web

import (
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
)

// Pages and JSON shrink to a fifth with gzip, which matters on a phone.
// A reverse proxy may do this instead; doing it here keeps a bare
// `kirjasto serve` fast too.
//
// BREACH: a compressed response that holds a secret and echoes what a
// request says lets another site guess the secret from the sizes of the
// responses it makes the victim's browser fetch. What another site can
// make a browser send comes with the browser's cookies, and only a
// signed-in patron's or staff member's pages hold personal data. So a
// request that carries a session cookie is answered uncompressed, but for
// the static files, which are the same for everyone. Requests with a
// bearer token are compressed: no other site can make a browser add one.
// Pages for anyone else carry no secrets (forms are protected by origin
// checks, not by tokens in the page), so they are compressed as before.

var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// compress gzips text responses for clients that accept it.
func compress(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		// Byte ranges refer to the uncompressed content; serve them as is.
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) || r.Header.Get("Range") != "" || personal(r) {
			h.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		h.ServeHTTP(gw, r)
	})
}

// personal reports whether the response to r may hold a signed-in
// person's data: r carries a session cookie and asks for more than a
// static file.
func personal(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/static/") {
		return false
	}
	for _, name := range []string{PatronCookie, StaffCookie} {
		if c, err := r.Cookie(name); err == nil && c.Value != "" {
			return true
		}
	}
	return false
}

func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		if strings.TrimSpace(name) == "gzip" {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// gzipWriter decides at WriteHeader whether to compress: only text, only
// responses with a body, and only what is not encoded already.
type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided {
		g.decided = true
		h := g.Header()
		ct := h.Get("Content-Type")
		text := strings.HasPrefix(ct, "text/") || strings.HasPrefix(ct, "application/json") || ct == "image/svg+xml"
		if code >= 200 && code != http.StatusNoContent && code != http.StatusNotModified && text && h.Get("Content-Encoding") == "" {
			h.Del("Content-Length")
			h.Set("Content-Encoding", "gzip")
			g.gz = gzipWriters.Get().(*gzip.Writer)
			g.gz.Reset(g.ResponseWriter)
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.gz != nil {
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) close() {
	if g.gz != nil {
		g.gz.Close()
		gzipWriters.Put(g.gz)
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }
