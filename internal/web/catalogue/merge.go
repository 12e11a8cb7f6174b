package catalogue

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Merging two records of the same edition (the copies, holds, ratings,
// list entries and reading history of the one dropped move to the one
// kept), and deleting a record, which is refused while circulation has
// its copies or patrons wait for it.

// recordSide is one record of a merge, or the record to delete.
type recordSide struct {
	ID     int64
	Title  string
	Author string
	Items  int
}

// mergePage is the data of the merge page: the choice of records, then
// their confirmation.
type mergePage struct {
	Keep, Drop string // as typed
	Errors     map[string]string
	Alert      string
	Confirm    bool
	Kept       recordSide
	Dropped    recordSide
}

// serveMerge asks for the record to keep and the one to merge into it;
// once both are named, it shows them side by side to confirm.
func (s *server) serveMerge(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	q := r.URL.Query()
	mp := &mergePage{Keep: strings.TrimSpace(q.Get("keep")), Drop: strings.TrimSpace(q.Get("drop")), Errors: map[string]string{}}
	status := http.StatusOK
	if mp.Keep != "" || mp.Drop != "" {
		status = s.readMerge(r, mp)
	}
	s.Render(w, r, status, "catalogue_merge", s.Tr(r, "cataloguing.merge.title"), mp)
	return nil
}

// readMerge reads both records of a merge into mp and returns the page's
// status: 200 with mp.Confirm set, or 4xx with the problem beside its field.
func (s *server) readMerge(r *http.Request, mp *mergePage) int {
	status := http.StatusOK
	for _, side := range []struct {
		name string
		text string
		to   *recordSide
	}{{"keep", mp.Keep, &mp.Kept}, {"drop", mp.Drop, &mp.Dropped}} {
		if side.text == "" {
			continue // not chosen yet
		}
		rs, err := s.recordSide(r, side.text)
		if err != nil {
			mp.Errors[side.name] = s.ErrorText(s.Lang(r), err)
			status = http.StatusUnprocessableEntity
			continue
		}
		*side.to = rs
	}
	if mp.Kept.ID == 0 || mp.Dropped.ID == 0 {
		return status // one still to choose
	}
	if status == http.StatusOK && mp.Kept.ID == mp.Dropped.ID {
		mp.Errors["drop"] = s.Tr(r, "error.catalogue_merge_same")
		status = http.StatusUnprocessableEntity
	}
	mp.Confirm = status == http.StatusOK
	return status
}

// recordSide reads a record named by its id.
func (s *server) recordSide(r *http.Request, text string) (recordSide, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil || id <= 0 {
		return recordSide{}, &library.Error{Code: library.ENOTFOUND, Key: "error.catalogue_record_not_found", Message: "record " + text}
	}
	rec, err := s.Store().Record(r.Context(), id)
	if err != nil {
		return recordSide{}, err
	}
	items, err := s.Store().Items(r.Context(), id)
	if err != nil {
		return recordSide{}, err
	}
	return recordSide{ID: id, Title: rec.Title, Author: rec.MainAuthor(), Items: len(items)}, nil
}

// mergeRecords merges the record drop into keep and shows the record kept
// with what moved.
func (s *server) mergeRecords(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	mp := &mergePage{Keep: r.PostFormValue("keep"), Drop: r.PostFormValue("drop"), Errors: map[string]string{}}
	status := s.readMerge(r, mp)
	if !mp.Confirm && len(mp.Errors) == 0 { // a record not named
		status, mp.Alert = http.StatusUnprocessableEntity, s.Tr(r, "error.catalogue_record_not_found")
	}
	if mp.Confirm {
		c, err := s.cataloguing()
		if err != nil {
			return err
		}
		m, err := c.MergeRecords(r.Context(), st, mp.Kept.ID, mp.Dropped.ID)
		if err == nil {
			q := url.Values{}
			for k, n := range map[string]int64{"kept": m.Kept, "deleted": m.Deleted, "items": int64(m.Items), "holds": int64(m.Holds),
				"cancelled": int64(m.HoldsCancelled), "ratings": int64(m.Ratings), "lists": int64(m.ListEntries), "history": int64(m.ReadingHistory)} {
				q.Set(k, strconv.FormatInt(n, 10))
			}
			http.Redirect(w, r, recordPath(m.Kept)+"?"+q.Encode(), http.StatusSeeOther)
			return nil
		}
		code := library.ErrorCode(err)
		if code != library.EINVALID && code != library.ECONFLICT && code != library.ENOTFOUND {
			return err
		}
		mp.Alert = s.ErrorText(s.Lang(r), err)
		status = web.HTTPStatus(code)
	}
	s.Render(w, r, status, "catalogue_merge", s.Tr(r, "cataloguing.merge.title"), mp)
	return nil
}

// mergeFromQuery reads what a merge moved from the record page's address.
func mergeFromQuery(q url.Values) *library.RecordMerge {
	n := func(k string) int { v, _ := strconv.Atoi(q.Get(k)); return v }
	return &library.RecordMerge{Kept: int64(n("kept")), Deleted: int64(n("deleted")), Items: n("items"), Holds: n("holds"),
		HoldsCancelled: n("cancelled"), Ratings: n("ratings"), ListEntries: n("lists"), ReadingHistory: n("history")}
}

// deletePage is the data of the page that deletes a record.
type deletePage struct {
	Tabs   tabs
	Record recordSide
	Alert  string
}

// serveDelete asks to confirm deleting a record, and whether with its copies.
func (s *server) serveDelete(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	rs, err := s.recordSide(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "catalogue_delete", s.Tr(r, "cataloguing.delete.title"), &deletePage{Tabs: tabs{ID: rs.ID, Current: "delete"}, Record: rs})
	return nil
}

// deleteRecord deletes a record, with its copies when the cataloguer
// consented; a refusal says why (copies on loan, held, patrons waiting).
func (s *server) deleteRecord(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	rs, err := s.recordSide(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := s.cataloguing()
	if err != nil {
		return err
	}
	err = c.DeleteCatalogueRecord(r.Context(), st, rs.ID, r.PostFormValue("with_items") != "")
	if err == nil {
		http.Redirect(w, r, "/catalogue?deleted="+strconv.FormatInt(rs.ID, 10), http.StatusSeeOther)
		return nil
	}
	code := library.ErrorCode(err)
	if code != library.ECONFLICT && code != library.EINVALID {
		return err
	}
	dp := &deletePage{Tabs: tabs{ID: rs.ID, Current: "delete"}, Record: rs, Alert: s.ErrorText(s.Lang(r), err)}
	s.Render(w, r, web.HTTPStatus(code), "catalogue_delete", s.Tr(r, "cataloguing.delete.title"), dp)
	return nil
}
