package catalogue

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The MARC field editor: the leader and every field of the record as
// rows, each data field's subfields written in one input as
// "$a Title $b subtitle", a control field's (001–009) data as it is.
// A few blank rows add fields; a checkbox deletes one.

// blankRows is how many empty rows the editor offers for new fields.
const blankRows = 3

// defaultLeader is a new record's leader: a book, Unicode.
const defaultLeader = "     nam a22     4i 4500"

// marcRow is one field of the editor.
type marcRow struct {
	N          int
	Tag        string
	Ind1, Ind2 string
	Text       string // the data of a control field, the subfields of a data field
	Delete     bool
	Error      string
}

// marcPage is the data of the MARC editor.
type marcPage struct {
	Tabs        tabs
	Action      string
	Version     int64
	Title       string
	Leader      string
	LeaderError string
	Rows        []marcRow
	Alert       string
	Saved       bool
}

// serveMARC shows a record's MARC fields, or a new record's leader and
// blank rows.
func (s *server) serveMARC(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	id, err := recordID(r)
	if err != nil {
		return err
	}
	mp := &marcPage{Tabs: tabs{ID: id, Current: "marc"}, Action: "/catalogue/new/marc", Leader: defaultLeader}
	var fields []library.MARCField
	if id != 0 {
		c, err := s.cataloguing()
		if err != nil {
			return err
		}
		cr, err := c.CatalogueRecord(r.Context(), id)
		if err != nil {
			return err
		}
		mp.Action, mp.Version, mp.Title, mp.Leader, fields = recordPath(id)+"/marc", cr.Version, cr.Record.Title, cr.Leader, cr.Fields
	} else {
		fields = []library.MARCField{{Tag: "245", Ind1: "0", Ind2: "0"}}
	}
	for i, f := range fields {
		mp.Rows = append(mp.Rows, marcRow{N: i, Tag: f.Tag, Ind1: f.Ind1, Ind2: f.Ind2, Text: fieldText(f)})
	}
	mp.addBlankRows()
	mp.Saved = r.URL.Query().Get("saved") != ""
	s.Render(w, r, http.StatusOK, "catalogue_marc", s.marcTitle(r, id, mp.Title), mp)
	return nil
}

func (s *server) marcTitle(r *http.Request, id int64, title string) string {
	if id == 0 {
		return s.Tr(r, "cataloguing.marc.new")
	}
	return s.I18n().T(s.Lang(r), "cataloguing.marc.title", map[string]any{"Title": title})
}

// addBlankRows adds the rows for new fields.
func (mp *marcPage) addBlankRows() {
	for range blankRows {
		mp.Rows = append(mp.Rows, marcRow{N: len(mp.Rows)})
	}
}

// fieldText writes a field's content as the editor's input shows it.
func fieldText(f library.MARCField) string {
	if isControl(f.Tag) {
		return f.Value
	}
	var b strings.Builder
	for i, sf := range f.Subfields {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("$" + sf.Code + " " + sf.Value)
	}
	return b.String()
}

// isControl reports whether tag is a control field's, 001–009.
func isControl(tag string) bool { return len(tag) == 3 && strings.HasPrefix(tag, "00") }

// parseSubfields reads "$a Title $b subtitle" into subfields: each "$"
// begins one, whose code is the character after it. Text before the first
// "$" is the field's Value, which a data field must not have: the store
// says so at that field. A literal dollar sign is written "$$".
func parseSubfields(text string) (value string, subs []library.MARCSubfield) {
	const dollar = "\x00"
	text = strings.ReplaceAll(text, "$$", dollar)
	parts := strings.Split(text, "$")
	value = strings.TrimSpace(strings.ReplaceAll(parts[0], dollar, "$"))
	for _, p := range parts[1:] {
		p = strings.ReplaceAll(p, dollar, "$")
		code, rest := "", ""
		if p != "" {
			r := []rune(p)
			code, rest = string(r[0]), string(r[1:])
		}
		subs = append(subs, library.MARCSubfield{Code: code, Value: strings.TrimSpace(rest)})
	}
	return value, subs
}

// saveMARC saves the leader and fields, or creates a record from them;
// problems are marked on their rows and a stale version is refused, with
// what was typed kept.
func (s *server) saveMARC(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	id, err := recordID(r)
	if err != nil {
		return err
	}
	c, err := s.cataloguing()
	if err != nil {
		return err
	}
	leader := r.PostFormValue("leader")
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	// Rows as typed, and the fields sent to the store with the row each
	// came from, so that a problem finds its row.
	var rows []marcRow
	var fields []library.MARCField
	var rowOf []int
	for i := 0; r.PostForm.Has("tag_" + strconv.Itoa(i)); i++ {
		n := strconv.Itoa(i)
		mr := marcRow{N: i, Tag: strings.TrimSpace(r.PostFormValue("tag_" + n)), Ind1: r.PostFormValue("ind1_" + n),
			Ind2: r.PostFormValue("ind2_" + n), Text: r.PostFormValue("text_" + n), Delete: r.PostFormValue("delete_"+n) != ""}
		rows = append(rows, mr)
		if mr.Delete || mr.Tag == "" && strings.TrimSpace(mr.Text) == "" {
			continue
		}
		f := library.MARCField{Tag: mr.Tag, Ind1: mr.Ind1, Ind2: mr.Ind2}
		if isControl(mr.Tag) {
			f.Value = mr.Text
		} else {
			f.Value, f.Subfields = parseSubfields(mr.Text)
		}
		fields = append(fields, f)
		rowOf = append(rowOf, i)
	}
	var cr library.CatalogueRecord
	if id == 0 {
		cr, err = c.CreateRecordMARC(r.Context(), st, leader, fields)
	} else {
		cr, err = c.UpdateRecordMARC(r.Context(), st, id, version, leader, fields)
	}
	if err == nil {
		http.Redirect(w, r, recordPath(cr.Record.ID)+"/marc?saved=1", http.StatusSeeOther)
		return nil
	}
	var pe *library.ProblemsError
	code := library.ErrorCode(err)
	if !errors.As(err, &pe) && code != library.ECONFLICT && code != library.EINVALID {
		return err
	}
	lang := s.Lang(r)
	mp := &marcPage{Tabs: tabs{ID: id, Current: "marc"}, Action: "/catalogue/new/marc", Version: version,
		Title: r.PostFormValue("stored_title"), Leader: leader, Rows: rows}
	if id != 0 {
		mp.Action = recordPath(id) + "/marc"
	}
	mp.Alert = s.ErrorText(lang, err)
	status := web.HTTPStatus(code)
	if pe != nil {
		status = http.StatusUnprocessableEntity
		for _, p := range pe.Problems {
			s.markMARCProblem(lang, mp, p, rowOf)
		}
	}
	mp.addBlankRows()
	s.Render(w, r, status, "catalogue_marc", s.marcTitle(r, id, mp.Title), mp)
	return nil
}

// markMARCProblem writes a problem's message on the leader or on the row
// it is about, naming the subfield or position when it has one. A
// problem of the record as a whole (no 245) goes in the form's alert.
func (s *server) markMARCProblem(lang string, mp *marcPage, p library.Problem, rowOf []int) {
	msg := s.I18n().T(lang, p.Key, nil)
	where := ""
	switch {
	case p.Subfield >= 0:
		where = s.I18n().T(lang, "cataloguing.marc.at_subfield", map[string]any{"N": p.Subfield + 1})
	case p.Position >= 0 && p.Field == "leader":
		where = s.I18n().T(lang, "cataloguing.marc.at_position", map[string]any{"N": p.Position})
	}
	if where != "" {
		msg = where + " " + msg
	}
	if p.Field == "leader" {
		mp.LeaderError = join(mp.LeaderError, msg)
		return
	}
	if p.Index >= 0 && p.Index < len(rowOf) {
		row := &mp.Rows[rowOf[p.Index]]
		row.Error = join(row.Error, msg)
		return
	}
	mp.Alert = join(mp.Alert, msg)
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}
