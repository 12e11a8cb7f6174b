package picks

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The editor of a pick: its texts per language, its publication, and
// (once saved) its records with their notes. One form does it all, so
// that nothing typed is lost: moving, removing or adding a record saves
// the texts and notes as they stand too. Records are added by ID or ISBN,
// or from a search of the catalogue whose buttons belong to the form.

// langFields is one language's fields in the editor.
type langFields struct {
	Lang     string
	Name     web.LangText // the language's name, in itself
	Required bool         // Finnish is
	Title    string
	Text     string
	Errors   map[string]string // "title", "text" → message
}

// editor is the data of the editor's page.
type editor struct {
	Action    string // where the form goes
	ID        int64  // 0 for a new pick
	Version   int64
	Place     string // library or library/branch; "" the consortium
	PlaceName web.LangText
	Places    []option // for a new pick: where the staff member may write
	Langs     []langFields
	Status    string
	PublishAt string            // a datetime-local value, in Helsinki
	Errors    map[string]string // place, status, publish_at, records, add, confirm → message
	Alert     string
	Done      string
	State     string
	PublicURL string
	Missing   []web.LangText
	Records   []editRecord
	NoteLangs []web.LangText // the languages of the notes' fields
	Max       int
	Add       string        // what was typed to add, kept when refused
	Query     string        // the search of the catalogue
	Found     []foundRecord // its hits
	Searched  bool
}

// editRecord is a record of the pick in the editor.
type editRecord struct {
	ID       int64
	Title    string
	Language string // MARC, for the title's lang
	Author   string
	URL      string
	Notes    []noteField
	First    bool
	Last     bool
}

// noteField is one language's note of a record.
type noteField struct {
	Lang  string
	Name  web.LangText
	Value string
}

// foundRecord is a hit of the editor's search.
type foundRecord struct {
	ID       int64
	Title    string
	Language string
	Author   string
	Year     int
	Material string
	In       bool // already in the pick
}

// fail puts msg at field (of lang, for a language's field).
func (e *editor) fail(field, lang, msg string) {
	for i := range e.Langs {
		if e.Langs[i].Lang == lang {
			if e.Langs[i].Errors == nil {
				e.Langs[i].Errors = map[string]string{}
			}
			e.Langs[i].Errors[field] = msg
			return
		}
	}
	if e.Errors == nil {
		e.Errors = map[string]string{}
	}
	e.Errors[field] = msg
}

func (s *server) setTexts(e *editor, title, text library.Text) {
	e.Langs = nil
	for _, l := range library.Languages {
		e.Langs = append(e.Langs, langFields{Lang: l, Name: langName(s.Server, l), Required: l == "fi", Title: title[l], Text: text[l]})
	}
}

func langName(s *web.Server, l string) web.LangText {
	return web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l}
}

// formTexts reads a multilingual field (title.fi, title.sv, ...) as typed.
func formTexts(r *http.Request, field string) library.Text {
	t := library.Text{}
	for _, l := range library.Languages {
		if v := r.PostFormValue(field + "." + l); v != "" {
			t[l] = v
		}
	}
	return t
}

// datetimeLocal is the format of an <input type="datetime-local">.
const datetimeLocal = "2006-01-02T15:04"

// readForm reads the texts and the publication into p, and shows them in
// e as typed.
func (s *server) readForm(r *http.Request, e *editor, p library.Pick) (library.Pick, error) {
	p.Title, p.Text = formTexts(r, "title"), formTexts(r, "text")
	s.setTexts(e, p.Title, p.Text)
	e.Status, e.PublishAt = r.PostFormValue("status"), r.PostFormValue("publish_at")
	p.Publication = library.Publication{Status: e.Status}
	raw := strings.TrimSpace(e.PublishAt)
	switch {
	case p.Status != library.StatusPublished:
	case raw == "":
		p.PublishAt = s.Now()
	default:
		at, err := time.ParseInLocation(datetimeLocal, raw, library.Helsinki)
		if err != nil {
			return p, &library.Error{Code: library.EINVALID, Key: "error.content_publish_at_bad", Message: "publish_at: " + err.Error()}
		}
		p.PublishAt = at
	}
	return p, nil
}

// setPublication shows a saved pick's publication in the form.
func (e *editor) setPublication(p library.Publication) {
	e.Status, e.PublishAt = p.Status, ""
	if !p.PublishAt.IsZero() {
		e.PublishAt = p.PublishAt.In(library.Helsinki).Format(datetimeLocal)
	}
}

// savedEditor is the editor of a saved pick, as it is saved.
func (s *server) savedEditor(ctx context.Context, r *http.Request, p library.Pick) (*editor, error) {
	lang := s.Lang(r)
	e := &editor{Action: adminURL(p.ID), ID: p.ID, Version: p.Version, Place: p.Library, Max: library.MaxPickRecords}
	if p.Branch != "" {
		e.Place += "/" + p.Branch
	}
	s.setTexts(e, p.Title, p.Text)
	e.setPublication(p.Publication)
	e.State = s.stateText(lang, p.Publication)
	e.Missing = s.missing(p.Title)
	if p.Public(s.Now()) {
		e.PublicURL = pickURL(p.ID)
	}
	return e, s.setRecords(ctx, e, p.Title, p.Records)
}

// setRecords shows recs in the editor, with fields for their notes in
// the languages of the title and of any note written.
func (s *server) setRecords(ctx context.Context, e *editor, title library.Text, recs []library.PickRecord) error {
	langs := map[string]bool{"fi": true}
	for l := range title {
		langs[l] = true
	}
	for _, pr := range recs {
		for l, v := range pr.Note {
			if v != "" {
				langs[l] = true
			}
		}
	}
	e.NoteLangs = nil
	for _, l := range library.Languages {
		if langs[l] {
			e.NoteLangs = append(e.NoteLangs, langName(s.Server, l))
		}
	}
	e.Records = nil
	for i, pr := range recs {
		er := editRecord{ID: pr.RecordID, Title: "#" + itoa(pr.RecordID), URL: "/records/" + itoa(pr.RecordID),
			First: i == 0, Last: i == len(recs)-1}
		rec, err := s.Store().Record(ctx, pr.RecordID)
		switch {
		case err == nil:
			er.Title, er.Language = rec.Title, rec.Language
			if len(rec.Authors) > 0 {
				er.Author = rec.Authors[0].Name
			}
		case library.ErrorCode(err) != library.ENOTFOUND:
			return err
		}
		for _, l := range e.NoteLangs {
			er.Notes = append(er.Notes, noteField{Lang: l.Lang, Name: l, Value: pr.Note[l.Lang]})
		}
		e.Records = append(e.Records, er)
	}
	return nil
}

func (s *server) serveEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, p, err := s.load(r, st)
	if err != nil {
		return err
	}
	e, err := s.savedEditor(r.Context(), r, p)
	if err != nil {
		return err
	}
	e.Done = s.doneText(r)
	if err := s.search(r, e, p); err != nil {
		return err
	}
	return s.renderEditor(w, r, st, http.StatusOK, e)
}

// searchHits is how many records the editor's search shows.
const searchHits = 10

// search runs the editor's search of the catalogue (?q=) through the
// site's index.
func (s *server) search(r *http.Request, e *editor, p library.Pick) error {
	e.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	if e.Query == "" || s.Search() == nil {
		return nil
	}
	e.Searched = true
	res, err := s.Search().Search(r.Context(), library.SearchQuery{Text: e.Query, Lang: s.Lang(r), Limit: searchHits})
	if err != nil {
		return err
	}
	in := map[int64]bool{}
	for _, id := range p.RecordIDs() {
		in[id] = true
	}
	for _, h := range res.Hits {
		rec, err := s.Store().Record(r.Context(), h.ID)
		if library.ErrorCode(err) == library.ENOTFOUND {
			continue // the index has not caught up with a deletion yet
		}
		if err != nil {
			return err
		}
		f := foundRecord{ID: rec.ID, Title: rec.Title, Language: rec.Language, Year: rec.Year,
			Material: materialName(s.Server, s.Lang(r), rec.Material), In: in[rec.ID]}
		if len(rec.Authors) > 0 {
			f.Author = rec.Authors[0].Name
		}
		e.Found = append(e.Found, f)
	}
	return nil
}

func (s *server) renderEditor(w http.ResponseWriter, r *http.Request, st library.Staff, status int, e *editor) error {
	lang := s.Lang(r)
	n, err := readNames(r.Context(), s.Server)
	if err != nil {
		return err
	}
	if e.ID == 0 {
		e.Places = s.places(st, n, lang, e.Place)
	} else {
		lib, branch := parsePlace(e.Place)
		e.PlaceName = n.place(s.Server, library.Pick{Library: lib, Branch: branch}, lang)
	}
	if e.Status == "" {
		e.Status = library.StatusDraft
	}
	title := s.Tr(r, "picks.admin.new")
	if e.ID != 0 {
		title = s.Tr(r, "picks.admin.edit")
	}
	web.NoStore(w)
	s.Render(w, r, status, "picks_admin_edit", title, e)
	return nil
}

// refuse puts a refusal at its field, or as the form's alert, and
// returns the status to answer with; ok is false for an error that is
// not the user's, which the caller returns as it is.
func (s *server) refuse(r *http.Request, e *editor, err error) (status int, ok bool) {
	code := library.ErrorCode(err)
	status = web.HTTPStatus(code)
	if status == http.StatusInternalServerError {
		return status, false
	}
	lang := s.Lang(r)
	key := library.ErrorKey(err)
	if !s.I18n().Has(lang, key) {
		key = "error." + code
	}
	msg := s.ErrorMessage(lang, key, err)
	var le *library.Error
	if !errors.As(err, &le) {
		e.Alert = msg
		return status, true
	}
	field, _, _ := strings.Cut(le.Message, ":")
	name, fieldLang, _ := strings.Cut(field, ".")
	switch name {
	case "title", "text":
		if fieldLang == "" {
			fieldLang = "fi"
		}
		e.fail(name, fieldLang, msg)
	case "note", "records":
		e.fail("records", "", msg)
	case "library", "branch":
		e.fail("place", "", msg)
	case "status", "publish_at", "add":
		e.fail(name, "", msg)
	default:
		e.Alert = msg
	}
	return status, true
}
