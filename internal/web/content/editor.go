package content

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/markdown"
	"github.com/kirjasto/kirjasto/internal/web"
)

// What the editors of news and pages share: a set of fields per
// language, the publication, the choice of library, the preview, and
// putting a refusal at its field.

// langFields is one language's fields in the editor.
type langFields struct {
	Lang     string
	Name     web.LangText // the language's name, in itself
	Required bool         // Finnish is
	Title    string
	Summary  string
	Body     string
	Errors   map[string]string // "title", "summary", "body" → message
}

// editor is the data of the news and page editors.
type editor struct {
	News      bool   // a news item's editor (else a page's)
	Action    string // where the form goes
	ID        int64  // 0 for a new text
	Version   int64
	Library   string
	LibName   web.LangText
	Libraries []option // for a new text: where the staff member may write
	Langs     []langFields
	Status    string
	PublishAt string // a datetime-local value, in Helsinki
	Slug      string
	Kind      string
	Kinds     []option
	Errors    map[string]string // library, status, publish_at, slug, kind → message
	Alert     string
	Done      string
	State     string // the saved text's state, in words
	PublicURL string // where residents read it, once public
	Missing   []web.LangText
	Preview   []preview
}

// preview is one language of a text as residents would see it.
type preview struct {
	Lang    string
	Name    web.LangText
	Title   string
	Summary string
	Body    template.HTML
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

// setTexts fills the language fields with title, summary and body.
func (s *server) setTexts(e *editor, title, summary, body library.Text) {
	e.Langs = nil
	for _, l := range library.Languages {
		e.Langs = append(e.Langs, langFields{
			Lang: l, Name: web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l}, Required: l == "fi",
			Title: title[l], Summary: summary[l], Body: body[l],
		})
	}
}

// formTexts reads a multilingual field (title.fi, title.sv, ...) of the
// posted form, as typed: the domain trims and checks it.
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

// formPublication reads the status and the time of publication. A text
// published without a time is published now; a draft has no time.
func (s *server) formPublication(r *http.Request) (library.Publication, error) {
	p := library.Publication{Status: r.PostFormValue("status")}
	raw := strings.TrimSpace(r.PostFormValue("publish_at"))
	if p.Status != library.StatusPublished {
		return p, nil
	}
	if raw == "" {
		p.PublishAt = s.Now()
		return p, nil
	}
	at, err := time.ParseInLocation(datetimeLocal, raw, library.Helsinki)
	if err != nil {
		return p, &library.Error{Code: library.EINVALID, Key: "error.content_publish_at_bad", Message: "publish_at: " + err.Error()}
	}
	p.PublishAt = at
	return p, nil
}

// setPublication shows a saved text's publication in the form.
func (s *server) setPublication(e *editor, p library.Publication) {
	e.Status = p.Status
	e.PublishAt = ""
	if !p.PublishAt.IsZero() {
		e.PublishAt = p.PublishAt.In(library.Helsinki).Format(datetimeLocal)
	}
	if e.Status == "" {
		e.Status = library.StatusDraft
	}
}

// stateText says where a text stands: a draft, published, or scheduled
// for a time.
func (s *server) stateText(lang string, p library.Publication) string {
	now := s.Now()
	switch {
	case p.Scheduled(now):
		return s.I18n().T(lang, "content.state.scheduled", map[string]any{"When": s.whenText(lang, p.PublishAt)})
	case p.Public(now):
		return s.I18n().T(lang, "content.state.published", map[string]any{"When": s.whenText(lang, p.PublishAt)})
	}
	return s.I18n().T(lang, "content.state.draft", nil)
}

// whenText is an instant as a date and a time in Helsinki.
func (s *server) whenText(lang string, t time.Time) string {
	local := t.In(library.Helsinki)
	return s.FormatTime(lang, t) + " " + s.FormatClock(lang, library.NewClock(local.Hour(), local.Minute()))
}

// setPreview renders the languages the form gives a title in, as
// residents would see them.
func (s *server) setPreview(e *editor) {
	for _, l := range e.Langs {
		if strings.TrimSpace(l.Title) == "" {
			continue
		}
		e.Preview = append(e.Preview, preview{Lang: l.Lang, Name: l.Name, Title: strings.TrimSpace(l.Title),
			Summary: strings.TrimSpace(l.Summary), Body: markdown.Render(l.Body)})
	}
}

// missing are the languages t is not given in, named each in itself.
func (s *server) missing(t library.Text) []web.LangText {
	var out []web.LangText
	for _, l := range t.Missing() {
		out = append(out, web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l})
	}
	return out
}

// writable returns the places st may write for, as a select's choices:
// the consortium, when Permit lets them, and each open member library
// it lets them write for, with selected chosen.
func (s *server) writable(ctx context.Context, st library.Staff, lang, selected string) ([]option, error) {
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	var out []option
	if library.Permit(st, library.ActContent, library.ConsortiumScope) == nil {
		out = append(out, option{Value: "", Label: web.LangText{Text: s.I18n().T(lang, "content.consortium", nil), Lang: lang}, Selected: selected == ""})
	}
	for _, l := range libs {
		if !l.Closed() && library.Permit(st, library.ActContent, library.LibraryScope(l.ID)) == nil {
			out = append(out, option{Value: l.ID, Label: web.TextIn(l.Name, lang), Selected: selected == l.ID})
		}
	}
	return out, nil
}

// readable returns the libraries ("" the consortium) whose texts st may
// edit, for the lists; nil means all of them.
func (s *server) readable(ctx context.Context, st library.Staff) ([]string, error) {
	if library.Permit(st, library.ActContent, library.ConsortiumScope) == nil {
		return nil, nil // the consortium's reach is every library's
	}
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, l := range libs {
		if library.Permit(st, library.ActContent, library.LibraryScope(l.ID)) == nil {
			out = append(out, l.ID)
		}
	}
	return out, nil
}

// refuse puts a refusal of the store at its field, or as the form's
// alert, and returns the status to answer with; ok is false for an error
// that is not the user's, which the caller returns as it is.
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
	case "title", "summary", "body":
		if fieldLang == "" {
			fieldLang = "fi"
		}
		e.fail(name, fieldLang, msg)
	case "library", "status", "publish_at", "slug", "kind":
		e.fail(name, "", msg)
	default:
		e.Alert = msg
	}
	return status, true
}

// doneText is the message of what a form did, from ?done=.
func (s *server) doneText(r *http.Request) string {
	switch d := r.URL.Query().Get("done"); d {
	case "created", "saved", "published", "unpublished", "deleted":
		return s.Tr(r, "content.done."+d)
	}
	return ""
}

// pathID reads the {id} of a staff page's path; a malformed one is not
// found, as a missing one is.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, library.Errorf(library.ENOTFOUND, "no text %q", r.PathValue("id"))
	}
	return id, nil
}

// permitted asks Permit whether st may write content at all (so that a
// role without the right is refused before anything is looked up), and
// then whether they may write for lib.
func permitted(st library.Staff, lib string) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	return library.Permit(st, library.ActContent, scopeOf(lib))
}
