package web

import (
	"context"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Pieces of pages that several areas show: records' titles and links,
// dates, the summaries of patrons' lists.

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

// ListSummary is one list in the overview.
type ListSummary struct {
	ID       int64  `json:"id,omitempty"` // 0, and left out, on a list shared by link
	Name     string `json:"name"`
	Count    int    `json:"count"`
	Shared   bool   `json:"shared"`
	ShareURL string `json:"share_url,omitempty"` // a path on this site
	URL      string `json:"-"`
}

// Summarize returns the summary of a list that pages show.
func Summarize(l library.List) ListSummary {
	ls := ListSummary{ID: l.ID, Name: l.Name, Count: l.Count, Shared: l.Shared(), URL: ListURL(l.ID)}
	if l.Shared() {
		ls.ShareURL = "/lists/shared/" + l.ShareToken
	}
	return ls
}

// ListURL returns the page of a patron's list.
func ListURL(id int64) string { return "/account/lists/" + strconv.FormatInt(id, 10) }
