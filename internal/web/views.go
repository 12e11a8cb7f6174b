package web

import (
	"context"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// PatronHandler is a handler for a signed-in patron.
type PatronHandler func(w http.ResponseWriter, r *http.Request, p library.Patron) error

// Titles returns the titles of records by ID. A record deleted since the
// loan was made has no title; callers show the barcode instead.
func (s *Server) Titles(ctx context.Context, ids []int64) map[int64]string {
	out := make(map[int64]string, len(ids))
	for _, id := range ids {
		if _, seen := out[id]; seen || id == 0 {
			continue
		}
		if rec, err := s.Store().Record(ctx, id); err == nil {
			out[id] = rec.Title
		} else {
			out[id] = ""
		}
	}
	return out
}

// ParseID parses a positive ID from a form, or fails with EINVALID.
func ParseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, Invalid("error.bad_id", "id %q", s)
	}
	return id, nil
}

// WebActor is the patron acting for themselves on the web.
func WebActor(p library.Patron) library.Actor { return library.Actor{PatronID: p.ID} }

// DateText formats a calendar date, or "" for the zero date.
func (s *Server) DateText(lang string, d library.Date) string {
	if d == (library.Date{}) {
		return ""
	}
	return s.FormatDate(lang, d)
}

// Today is the current date in Helsinki.
func (s *Server) Today() library.Date { return library.DateOf(s.Now().In(library.Helsinki)) }

// RecordURL is the address of a record's page.
func RecordURL(id int64) string { return "/records/" + strconv.FormatInt(id, 10) }

// AsPatron runs h for the signed-in patron; requirePatron sends anyone
// else to sign in.
func (s *Server) AsPatron(h PatronHandler) HandlerFunc {
	return s.RequirePatron(func(w http.ResponseWriter, r *http.Request) error {
		p, ok := s.CurrentPatron(r)
		if !ok {
			return library.Errorf(library.EUNAUTHORIZED, "no patron signed in")
		}
		if err := ReadForm(w, r); err != nil {
			return err
		}
		return h(w, r, p)
	})
}

// ReadForm reads a POST's form, with the limits checkInput puts on the
// URL: a bounded body, UTF-8 text, no over-long values, not too many.
func ReadForm(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodPost {
		return nil
	}
	if err := ParseForm(w, r); err != nil {
		return err
	}
	n := 0
	for _, vs := range r.PostForm {
		for _, v := range vs {
			n++
			if !utf8.ValidString(v) {
				return Invalid("error.bad_utf8", "form value is not UTF-8")
			}
			if utf8.RuneCountInString(v) > MaxParam {
				return Invalid("error.param_too_long", "form value too long")
			}
		}
	}
	if n > MaxParams {
		return Invalid("error.too_many_params", "%d form values", n)
	}
	return nil
}

// ListSummary is one list in the overview.
type ListSummary struct {
	ID       int64  `json:"id,omitempty"` // 0, and left out, on a list shared by link
	Name     string `json:"name"`
	Count    int    `json:"count"`
	Shared   bool   `json:"shared"`
	ShareURL string `json:"share_url,omitempty"` // a path on this site
	URL      string `json:"-"`
}

func Summarize(l library.List) ListSummary {
	ls := ListSummary{ID: l.ID, Name: l.Name, Count: l.Count, Shared: l.Shared(), URL: ListURL(l.ID)}
	if l.Shared() {
		ls.ShareURL = "/lists/shared/" + l.ShareToken
	}
	return ls
}

// BackToRecord sends a GET of a record's form address to the form.
func (s *Server) BackToRecord(anchor string) PatronHandler {
	return func(w http.ResponseWriter, r *http.Request, _ library.Patron) error {
		id, err := ParseRecordID(r.PathValue("id"))
		if err != nil {
			return err
		}
		http.Redirect(w, r, RecordURL(id)+anchor, http.StatusSeeOther)
		return nil
	}
}

func ListURL(id int64) string { return "/account/lists/" + strconv.FormatInt(id, 10) }
