package picks

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Saving the editor: the texts, the publication and the records as the
// form lists them, with the one change of the button pressed (op): add a
// record (by the ID or ISBN typed, or a hit's ID), move one up or down,
// or remove it.

func (s *server) postEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	store, old, err := s.load(r, st)
	if err != nil {
		return err
	}
	ctx := r.Context()
	e, err := s.savedEditor(ctx, r, old)
	if err != nil {
		return err
	}
	p, ferr := s.readForm(r, e, old)
	p.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	e.Version = p.Version
	p.Records = postedRecords(r)
	done, oerr := s.apply(ctx, r, &p)
	if ferr == nil {
		ferr = oerr
	}
	if ferr == nil {
		_, ferr = store.UpdatePick(ctx, p, st, s.Now())
	}
	if ferr == nil {
		http.Redirect(w, r, adminURL(p.ID)+"?done="+done, http.StatusSeeOther)
		return nil
	}
	status, ok := s.refuse(r, e, ferr)
	if !ok {
		return ferr
	}
	if err := s.setRecords(ctx, e, p.Title, p.Records); err != nil {
		return err
	}
	if library.ErrorKey(ferr) == "error.content_changed" {
		// Someone else saved first: show what is saved now, so that this
		// editor sees it before saving again over it.
		cur, err := store.Pick(ctx, p.ID)
		if err != nil {
			return err
		}
		fresh, err := s.savedEditor(ctx, r, cur)
		if err != nil {
			return err
		}
		fresh.Alert = e.Alert
		e = fresh
	}
	e.Add = r.PostFormValue("add")
	return s.renderEditor(w, r, st, status, e)
}

// postedRecords reads the form's records in order (record=ID, repeated)
// with their notes (note.ID.LANG). A value that is no ID is kept as 0,
// for the domain to refuse.
func postedRecords(r *http.Request) []library.PickRecord {
	var out []library.PickRecord
	for _, v := range r.PostForm["record"] {
		id, _ := strconv.ParseInt(v, 10, 64)
		pr := library.PickRecord{RecordID: id, Note: library.Text{}}
		for _, l := range library.Languages {
			if n := r.PostFormValue("note." + v + "." + l); n != "" {
				pr.Note[l] = n
			}
		}
		out = append(out, pr)
	}
	return out
}

// apply makes the change the button pressed asks for, and says what it
// did for the page that follows.
func (s *server) apply(ctx context.Context, r *http.Request, p *library.Pick) (done string, err error) {
	op, arg, _ := strings.Cut(r.PostFormValue("op"), ":")
	add := strings.TrimSpace(r.PostFormValue("add"))
	if op == "" && add != "" {
		op = "add" // Enter in the field of the ID or ISBN
	}
	id, _ := strconv.ParseInt(arg, 10, 64)
	i := slices.IndexFunc(p.Records, func(pr library.PickRecord) bool { return pr.RecordID == id })
	switch {
	case op == "add" && arg == "":
		if id, err = s.resolve(ctx, add); err != nil {
			return "", err
		}
		fallthrough
	case op == "add":
		if slices.ContainsFunc(p.Records, func(pr library.PickRecord) bool { return pr.RecordID == id }) {
			return "", &library.Error{Code: library.EINVALID, Key: "error.pick_record_twice", Message: "add: record " + itoa(id) + " is in the pick already"}
		}
		p.Records = append(p.Records, library.PickRecord{RecordID: id})
		return "added", nil
	case i < 0 && op != "":
		return "", &library.Error{Code: library.EINVALID, Key: "error.pick_record_unknown", Message: "records: no record " + arg + " in the pick"}
	case op == "up" && i > 0:
		p.Records[i-1], p.Records[i] = p.Records[i], p.Records[i-1]
		return "moved", nil
	case op == "down" && i < len(p.Records)-1:
		p.Records[i], p.Records[i+1] = p.Records[i+1], p.Records[i]
		return "moved", nil
	case op == "remove":
		p.Records = slices.Delete(p.Records, i, i+1)
		return "removed", nil
	}
	return "saved", nil
}

// resolve finds the record of what was typed to add: a record's ID, or
// an ISBN (with or without hyphens), looked up in the site's index.
func (s *server) resolve(ctx context.Context, typed string) (int64, error) {
	bad := &library.Error{Code: library.EINVALID, Key: "error.pick_add", Message: "add: " + typed}
	compact := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(typed))
	if compact == "" || strings.Trim(compact, "0123456789X") != "" || strings.Contains(strings.TrimSuffix(compact, "X"), "X") {
		return 0, bad
	}
	if len(compact) == 10 || len(compact) == 13 {
		if s.Search() == nil {
			return 0, bad
		}
		res, err := s.Search().Search(ctx, library.SearchQuery{Text: "isbn:" + compact, Limit: 1})
		if err != nil {
			return 0, err
		}
		if len(res.Hits) == 0 {
			return 0, &library.Error{Code: library.EINVALID, Key: "error.pick_isbn_unknown", Message: "add: no record with ISBN " + compact}
		}
		return res.Hits[0].ID, nil
	}
	id, err := strconv.ParseInt(compact, 10, 64)
	if err != nil || id <= 0 {
		return 0, bad
	}
	if _, err := s.Store().Record(ctx, id); err != nil {
		if library.ErrorCode(err) == library.ENOTFOUND {
			return 0, &library.Error{Code: library.EINVALID, Key: "error.pick_record_unknown", Message: "add: no record " + itoa(id)}
		}
		return 0, err
	}
	return id, nil
}
