package account

import (
	"context"
	"encoding/csv"
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Reading history: kept only while the patron opts in (off by default),
// shown, exported as CSV and JSON, and deleted entry by entry or all at
// once.

// historyStore is what the store offers for reading history besides
// library.Circulation.
type historyStore interface {
	ReadingHistory(ctx context.Context, patronID int64) ([]library.HistoryEntry, error)
	DeleteHistory(ctx context.Context, patronID int64, ids []int64) error
	SetHistoryOptIn(ctx context.Context, patronID int64, on, deleteExisting bool) error
}

// historyPage is /account/history and GET /api/v1/account/history.
type historyPage struct {
	OptIn   bool           `json:"opt_in"`
	Entries []historyEntry `json:"entries"`
	Done    string         `json:"-"`
}

// historyEntry is one title in the history.
type historyEntry struct {
	ID       int64     `json:"id"`
	RecordID int64     `json:"record_id"`
	Title    string    `json:"title"`
	URL      string    `json:"url"`
	LoanedAt time.Time `json:"loaned_at"`
	Date     string    `json:"date"` // in the user's language
}

func (s *server) historyPage(ctx context.Context, lang string, p library.Patron) (*historyPage, error) {
	hs, err := serviceOf[historyStore](s)
	if err != nil {
		return nil, err
	}
	entries, err := hs.ReadingHistory(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	hp := &historyPage{OptIn: p.HistoryOptIn, Entries: []historyEntry{}}
	for _, e := range entries {
		hp.Entries = append(hp.Entries, historyEntry{
			ID: e.ID, RecordID: e.RecordID, Title: e.Title, URL: web.RecordURL(e.RecordID),
			LoanedAt: e.LoanedAt, Date: s.DateText(lang, library.DateOf(e.LoanedAt.In(library.Helsinki))),
		})
	}
	return hp, nil
}

// historyDone are the messages shown after each action, by ?done=.
var historyDone = map[string]string{
	"on":      "privacy.history.done_on",
	"off":     "privacy.history.done_off",
	"deleted": "privacy.history.done_deleted",
}

func (s *server) serveHistory(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	hp, err := s.historyPage(r.Context(), lang, p)
	if err != nil {
		return err
	}
	if key, ok := historyDone[r.URL.Query().Get("done")]; ok {
		hp.Done = s.I18n().T(lang, key, nil)
	}
	s.Render(w, r, http.StatusOK, "history", s.I18n().T(lang, "privacy.history.title", nil), hp)
	return nil
}

func (s *server) apiHistory(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	hp, err := s.historyPage(r.Context(), s.Lang(r), p)
	if err != nil {
		return err
	}
	return web.WritePaged(w, r, hp, &hp.Entries)
}

// historyCSV is the history as a spreadsheet: UTF-8 with a byte order
// mark, without which Excel reads UTF-8 as the ANSI code page and garbles
// ä and ö, and with headers in the user's language.
func (s *server) historyCSV(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	hp, err := s.historyPage(r.Context(), lang, p)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="reading-history.csv"`)
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("\uFEFF"))
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cw.Write([]string{
		s.I18n().T(lang, "privacy.history.col_date", nil),
		s.I18n().T(lang, "privacy.history.col_title", nil),
		s.I18n().T(lang, "privacy.history.col_record", nil),
	})
	for _, e := range hp.Entries {
		date := library.DateOf(e.LoanedAt.In(library.Helsinki)).String()
		cw.Write([]string{date, web.CSVCell(e.Title), web.RecordURL(e.RecordID)})
	}
	cw.Flush()
	return nil
}

// postHistoryOptIn starts (on=1) or stops (on=0) the history; stopping
// with delete=1 deletes what was kept, else it stays until deleted.
func (s *server) postHistoryOptIn(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	hs, err := serviceOf[historyStore](s)
	if err != nil {
		return err
	}
	on := r.PostFormValue("on") == "1"
	if err := hs.SetHistoryOptIn(r.Context(), p.ID, on, !on && r.PostFormValue("delete") == "1"); err != nil {
		return err
	}
	done := "off"
	if on {
		done = "on"
	}
	http.Redirect(w, r, "/account/history?done="+done, http.StatusSeeOther)
	return nil
}

// deleteHistory deletes one entry ({id}) or, at /account/history/delete,
// all of them.
func (s *server) deleteHistory(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	hs, err := serviceOf[historyStore](s)
	if err != nil {
		return err
	}
	var ids []int64
	if v := r.PathValue("id"); v != "" {
		id, err := web.ParseID(v)
		if err != nil {
			return err
		}
		ids = []int64{id}
	}
	if err := hs.DeleteHistory(r.Context(), p.ID, ids); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/history?done=deleted", http.StatusSeeOther)
	return nil
}
