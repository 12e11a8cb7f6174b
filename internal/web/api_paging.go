package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// Paging of the API's lists. Every list an endpoint returns in full on
// its page is cut to offset and limit in the API, and the answer says
// where the list stands: "offset", "limit", "total", and "next", the
// address of the following part, present only while there is one. The
// catalogue search pages with "page" like the search page does, and has
// "next" too, so a client can always follow "next" to the end.

// Paging limits.
const (
	paramOffset  = "offset"
	paramLimit   = "limit"
	defaultLimit = 50
	maxLimit     = 100
)

// paging is the part of a list a request asks for.
type paging struct {
	Offset, Limit int
}

// readPaging reads offset and limit, refusing what is not a number in
// range with a message that says what is.
func readPaging(r *http.Request) (paging, error) {
	pg := paging{Limit: defaultLimit}
	q := r.URL.Query()
	if v := q.Get(paramOffset); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return pg, Invalid("error.api_offset", "offset %q", v)
		}
		pg.Offset = n
	}
	if v := q.Get(paramLimit); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return pg, Invalid("error.api_limit", "limit %q", v)
		}
		pg.Limit = n
	}
	return pg, nil
}

// cut keeps the asked-for part of *list and returns the whole length.
func cut[T any](pg paging, list *[]T) int {
	total := len(*list)
	lo := min(pg.Offset, total)
	hi := min(lo+pg.Limit, total)
	*list = (*list)[lo:hi]
	return total
}

// NextURL is the request's own address with the offset moved on.
func NextURL(r *http.Request, param string, value int) string {
	q := r.URL.Query()
	q.Set(param, strconv.Itoa(value))
	return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
}

// WritePaged cuts *list, which is in page, to the request's offset and
// limit and writes page as JSON with the paging fields added.
func WritePaged[T any](w http.ResponseWriter, r *http.Request, page any, list *[]T) error {
	pg, err := readPaging(r)
	if err != nil {
		return err
	}
	total := cut(pg, list)
	return WritePart(w, r, page, pg.Offset, pg.Limit, total)
}

// WriteWith writes page as a JSON object with more fields added; empty
// strings among them are left out, as everywhere in the API.
func WriteWith(w http.ResponseWriter, status int, page any, more map[string]any) error {
	b, err := json.Marshal(page)
	if err != nil {
		return err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	for k, v := range more {
		if v == "" {
			continue
		}
		if obj[k], err = json.Marshal(v); err != nil {
			return err
		}
	}
	WriteJSON(w, status, obj)
	return nil
}

// ReadPaging reads the offset and limit of a list the caller cuts itself
// (from the store, a page at a time), refusing what is out of range.
func ReadPaging(r *http.Request) (offset, limit int, err error) {
	pg, err := readPaging(r)
	return pg.Offset, pg.Limit, err
}

// WritePart writes page, which holds the part of a list at offset and
// limit of total, as JSON with the paging fields added, as WritePaged
// does for a list it cuts itself.
func WritePart(w http.ResponseWriter, r *http.Request, page any, offset, limit, total int) error {
	next := ""
	if offset+limit < total {
		next = NextURL(r, paramOffset, offset+limit)
	}
	return WriteWith(w, http.StatusOK, page, map[string]any{
		"offset": offset, "limit": limit, "total": total, "next": next,
	})
}
