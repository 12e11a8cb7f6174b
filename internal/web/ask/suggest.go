package ask

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A signed-in patron's purchase suggestion at /account/suggestions/new.
// Before saving, the catalogue is searched for the ISBN or the title:
// when the library has it already, the form says so with a link to the
// record to reserve instead, and a button to suggest it anyway.

// suggestData is the suggestion form's choices, and the records found.
type suggestData struct {
	Materials []option
	Languages []option
	Found     []foundRecord // the catalogue's records of the title: "we have it"
}

// foundRecord is a record the catalogue has of the suggested title.
type foundRecord struct {
	URL, Title string
	Material   string
}

// suggestionFields maps the store's refusals of a suggestion to fields.
var suggestionFields = map[string]string{
	"error.suggestion_title":    "title",
	"error.suggestion_isbn":     "isbn",
	"error.suggestion_material": "material",
	"error.suggestion_language": "language",
}

func (s *server) suggestForm(r *http.Request) *web.Form {
	lang := s.Lang(r)
	d := &suggestData{}
	for _, m := range library.Materials {
		d.Materials = append(d.Materials, option{Value: string(m), Label: s.text(lang, "material."+string(m))})
	}
	d.Languages = append(d.Languages, option{Value: "", Label: s.text(lang, "ask_web.suggest.any_language")})
	for _, l := range library.RecordLanguages {
		if l != "und" {
			d.Languages = append(d.Languages, option{Value: l, Label: s.text(lang, "lang."+l)})
		}
	}
	return &web.Form{Action: "/account/suggestions/new", Values: map[string]string{"material": string(library.Book)},
		Errors: map[string]string{}, Data: d}
}

// text is message key in lang, marked as in lang.
func (s *server) text(lang, key string) web.LangText {
	return web.LangText{Text: s.I18n().T(lang, key, nil), Lang: lang}
}

func (s *server) serveSuggest(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	s.RenderForm(w, r, http.StatusOK, "ask_suggest", "ask_web.suggest.title", s.suggestForm(r))
	return nil
}

func (s *server) postSuggest(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	f := s.suggestForm(r)
	keep(r, f, "title", "author", "isbn", "material", "language", "why")
	if f.Values["material"] == "" {
		f.Values["material"] = string(library.Book) // as Validate takes it
	}
	sug := library.PurchaseSuggestion{PatronID: p.ID, Title: f.Values["title"], Author: f.Values["author"],
		ISBN: f.Values["isbn"], Material: library.Material(f.Values["material"]), Language: f.Values["language"], Why: f.Values["why"]}
	if err := sug.Validate(); err != nil {
		return s.refuseSuggestion(w, r, f, err)
	}
	ps, ok := s.Store().(library.PurchaseSuggestions)
	if !ok {
		return errors.New("ask: the store keeps no purchase suggestions")
	}
	if r.PostFormValue("anyway") == "" && (sug.ISBN == "" || marc.ValidISBN(sug.ISBN)) {
		found, err := s.findTitle(r.Context(), s.Lang(r), sug)
		if err != nil {
			return err
		}
		if len(found) > 0 {
			f.Data.(*suggestData).Found = found
			s.RenderForm(w, r, http.StatusConflict, "ask_suggest", "ask_web.suggest.title", f)
			return nil
		}
	}
	if _, err := ps.Suggest(r.Context(), sug, s.Now()); err != nil {
		return s.refuseSuggestion(w, r, f, err)
	}
	http.Redirect(w, r, "/account/asked?done=suggestion#suggestions", http.StatusSeeOther)
	return nil
}

// refuseSuggestion shows the form again with err at its field.
func (s *server) refuseSuggestion(w http.ResponseWriter, r *http.Request, f *web.Form, err error) error {
	code := library.ErrorCode(err)
	status := web.HTTPStatus(code)
	if status >= 500 {
		return err
	}
	lang := s.Lang(r)
	key := library.ErrorKey(err)
	if !s.I18n().Has(lang, key) {
		key = "error." + code
	}
	msg := s.ErrorMessage(lang, key, err)
	field, ok := suggestionFields[key]
	if key == "error.suggestion_too_long" {
		// The message, for developers, starts with the field's name.
		var le *library.Error
		if errors.As(err, &le) {
			field, _, _ = strings.Cut(le.Message, ":")
			ok = field == "title" || field == "author" || field == "why"
		}
	}
	if ok {
		f.Fail(field, msg)
	} else {
		f.Alert = msg
	}
	s.RenderForm(w, r, status, "ask_suggest", "ask_web.suggest.title", f)
	return nil
}

// findTitle searches the catalogue for the suggested title: by its ISBN
// when it has one, else by title (and author), keeping only the records
// whose title is the one suggested, so that a common word in a title
// does not claim the library has a different book.
func (s *server) findTitle(ctx context.Context, lang string, sug library.PurchaseSuggestion) ([]foundRecord, error) {
	if s.Search() == nil {
		return nil, nil
	}
	q := library.SearchQuery{Text: strings.TrimSpace(sug.Title + " " + sug.Author), Limit: 5}
	if sug.ISBN != "" {
		q.Text = "isbn:" + strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(sug.ISBN))
	}
	res, err := s.Search().Search(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []foundRecord
	for _, h := range res.Hits {
		rec, err := s.Store().Record(ctx, h.ID)
		if library.ErrorCode(err) == library.ENOTFOUND {
			continue // deleted since it was indexed
		}
		if err != nil {
			return nil, err
		}
		if sug.ISBN == "" && library.EditionKey("", rec.Title, "") != library.EditionKey("", sug.Title, "") {
			continue
		}
		out = append(out, foundRecord{URL: web.RecordURL(rec.ID), Title: rec.Title, Material: s.I18n().T(lang, "material."+string(rec.Material), nil)})
	}
	return out, nil
}
