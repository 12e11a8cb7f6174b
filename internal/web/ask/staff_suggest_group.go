package ask

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/cover"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// One group of purchase suggestions for staff, and their decisions on it.
// Staff see when each patron asked and why, and what became of it; never
// who asked: the decision is about the title, and the store tells each
// patron itself.

// suggestGroupPage is a group's page.
type suggestGroupPage struct {
	suggestGroupRow
	Action      string // the group's URL, which its forms post under
	Suggestions []suggestRow
	// What may be done to the group now.
	CanAccept, CanDecline, CanArrive bool
	Query                            string // the catalogue search for the record
	Matches                          []suggestMatch
	Values, Errors                   map[string]string
	Alert, Done                      string
}

// suggestRow is one patron's suggestion, without the patron.
type suggestRow struct {
	Created   time.Time
	Status    string
	Why       string
	Reason    string
	RecordURL string
	Hold      bool
}

// suggestMatch is a record of the catalogue that may be the title.
type suggestMatch struct {
	ID                  int64
	URL                 string
	Title, Author, Year string
	Material            string
}

// suggestGroup reads the group of the suggestion in the path, after
// asking Permit at its library: another city's staff get 403 whatever
// the ID.
func (s *server) suggestGroup(r *http.Request, st library.Staff) (library.SuggestionGroup, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return library.SuggestionGroup{}, &library.Error{Code: library.ENOTFOUND, Key: "error.suggestion_not_found", Message: "suggestion " + r.PathValue("id")}
	}
	ps, err := s.suggestions()
	if err != nil {
		return library.SuggestionGroup{}, err
	}
	one, err := ps.PurchaseSuggestion(r.Context(), id)
	if err != nil {
		return library.SuggestionGroup{}, err
	}
	if err := library.Permit(st, library.ActAsk, one.Scope()); err != nil {
		return library.SuggestionGroup{}, err
	}
	groups, err := ps.SuggestionGroups(r.Context(), library.SuggestionFilter{Libraries: []string{one.Library},
		Statuses: library.SuggestionStatuses, Key: one.Key})
	if err != nil {
		return library.SuggestionGroup{}, err
	}
	for _, g := range groups {
		if g.Key == one.Key {
			return g, nil
		}
	}
	return library.SuggestionGroup{}, &library.Error{Code: library.ENOTFOUND, Key: "error.suggestion_not_found", Message: "group of suggestion " + r.PathValue("id")}
}

// suggestGroupData describes group g for its page.
func (s *server) suggestGroupData(r *http.Request, g library.SuggestionGroup) (*suggestGroupPage, error) {
	lang := s.Lang(r)
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return nil, err
	}
	d := &suggestGroupPage{Action: "/admin/suggestions/" + r.PathValue("id"), Values: map[string]string{}, Errors: map[string]string{}}
	d.suggestGroupRow = suggestGroupRow{Title: g.Title, Author: g.Author, ISBN: g.ISBN, Material: s.text(lang, "material."+string(g.Material)),
		Language: s.suggestLanguage(lang, g.Language), Count: g.Count, First: g.First, Last: g.Last,
		Statuses: s.suggestStatusCounts(lang, g.Suggestions)}
	for _, l := range libs {
		if l.ID == g.Library {
			d.Library = web.TextIn(l.Name, lang)
		}
	}
	for _, x := range g.Suggestions {
		row := suggestRow{Created: x.Created, Status: s.I18n().T(lang, "suggestion.status."+x.Status, nil), Why: x.Why, Reason: x.Reason, Hold: x.HoldID != 0}
		if x.RecordID != 0 {
			row.RecordURL = web.RecordURL(x.RecordID)
		}
		d.Suggestions = append(d.Suggestions, row)
		switch x.Status {
		case library.SuggestionNew:
			d.CanAccept, d.CanDecline = true, true
		case library.SuggestionAccepted:
			d.CanDecline, d.CanArrive = true, true
		}
	}
	// The catalogue search that finds the record: what staff typed, else
	// the suggested ISBN, else its title and author.
	d.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	q := d.Query
	if q == "" && d.CanDecline {
		q = strings.TrimSpace(g.Title + " " + g.Author)
		if g.ISBN != "" {
			q = "isbn:" + g.ISBN
		}
		d.Query = q
	} else if i13, ok := cover.ISBN13(q); ok {
		q = "isbn:" + i13
	}
	if q != "" {
		if d.Matches, err = s.suggestMatches(r.Context(), lang, q); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// suggestMatches searches the catalogue for the group's record.
func (s *server) suggestMatches(ctx context.Context, lang, q string) ([]suggestMatch, error) {
	if s.Search() == nil {
		return nil, nil
	}
	res, err := s.Search().Search(ctx, library.SearchQuery{Text: q, Lang: lang, Limit: 10})
	if err != nil {
		return nil, err
	}
	var out []suggestMatch
	for _, h := range res.Hits {
		rec, err := s.Store().Record(ctx, h.ID)
		if library.ErrorCode(err) == library.ENOTFOUND {
			continue // deleted since it was indexed
		}
		if err != nil {
			return nil, err
		}
		m := suggestMatch{ID: rec.ID, URL: web.RecordURL(rec.ID), Title: rec.Title, Material: s.I18n().T(lang, "material."+string(rec.Material), nil)}
		if len(rec.Authors) > 0 {
			m.Author = rec.Authors[0].Name
		}
		if rec.Year != 0 {
			m.Year = strconv.Itoa(rec.Year)
		}
		out = append(out, m)
	}
	return out, nil
}

func (s *server) serveSuggestGroup(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	g, err := s.suggestGroup(r, st)
	if err != nil {
		return err
	}
	d, err := s.suggestGroupData(r, g)
	if err != nil {
		return err
	}
	if key := r.URL.Query().Get("done"); key == "accepted" || key == "declined" || key == "owned" || key == "arrived" {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		d.Done = s.I18n().T(s.Lang(r), "suggest_staff.done."+key, map[string]any{"Count": n})
	}
	return s.renderSuggestGroup(w, r, http.StatusOK, d)
}

func (s *server) renderSuggestGroup(w http.ResponseWriter, r *http.Request, status int, d *suggestGroupPage) error {
	web.NoStore(w)
	s.Render(w, r, status, "staff_suggest_group", s.Tr(r, "suggest_staff.group.title"), d)
	return nil
}

// suggestDecision is what an action does to the group once permitted:
// the field its input is in ("" for none), and the store's call.
type suggestDecision struct {
	done  string
	field string
	do    func(ctx context.Context, ps library.PurchaseSuggestions, g library.SuggestionGroup, input string) (int, error)
}

func (s *server) postSuggestAccept(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.suggestDecide(w, r, st, suggestDecision{done: "accepted",
		do: func(ctx context.Context, ps library.PurchaseSuggestions, g library.SuggestionGroup, _ string) (int, error) {
			return ps.AcceptSuggestions(ctx, st, g.Library, g.Key, s.Now())
		}})
}

func (s *server) postSuggestDecline(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.suggestDecide(w, r, st, suggestDecision{done: "declined", field: "reason",
		do: func(ctx context.Context, ps library.PurchaseSuggestions, g library.SuggestionGroup, reason string) (int, error) {
			return ps.DeclineSuggestions(ctx, st, g.Library, g.Key, reason, s.Now())
		}})
}

func (s *server) postSuggestOwned(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.suggestDecide(w, r, st, suggestDecision{done: "owned", field: "owned_record",
		do: func(ctx context.Context, ps library.PurchaseSuggestions, g library.SuggestionGroup, record string) (int, error) {
			id, err := suggestRecordID(record)
			if err != nil {
				return 0, err
			}
			return ps.MarkSuggestionsOwned(ctx, st, g.Library, g.Key, id, s.Now())
		}})
}

func (s *server) postSuggestArrived(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.suggestDecide(w, r, st, suggestDecision{done: "arrived", field: "arrived_record",
		do: func(ctx context.Context, ps library.PurchaseSuggestions, g library.SuggestionGroup, record string) (int, error) {
			id, err := suggestRecordID(record)
			if err != nil {
				return 0, err
			}
			return ps.SuggestionsArrived(ctx, st, g.Library, g.Key, id, s.Now())
		}})
}

// suggestRecordID reads a record ID typed or picked from the matches.
func suggestRecordID(v string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id <= 0 {
		return 0, &library.Error{Code: library.EINVALID, Key: "suggest_staff.error.record", Message: "record: " + strconv.Quote(v) + " is no record ID"}
	}
	return id, nil
}

// suggestDecide does a decision on the group in the path: 403 for a staff
// member of another library before anything else, then the store's call,
// 303 back to the group's page on success; a refusal shows the page again
// with the message at its field, or above the forms.
func (s *server) suggestDecide(w http.ResponseWriter, r *http.Request, st library.Staff, dec suggestDecision) error {
	g, err := s.suggestGroup(r, st)
	if err != nil {
		return err
	}
	ps, err := s.suggestions()
	if err != nil {
		return err
	}
	// A record picked from the matches comes as "record"; one typed, in
	// the action's own field.
	input := r.PostFormValue(dec.field)
	if v := r.PostFormValue("record"); v != "" && dec.field != "reason" {
		input = v
	}
	n, err := dec.do(r.Context(), ps, g, input)
	if err == nil {
		q := url.Values{"done": {dec.done}, "n": {strconv.Itoa(n)}}
		http.Redirect(w, r, "/admin/suggestions/"+r.PathValue("id")+"?"+q.Encode(), http.StatusSeeOther)
		return nil
	}
	code := library.ErrorCode(err)
	status := web.HTTPStatus(code)
	if status >= 500 || status == http.StatusForbidden {
		return err
	}
	// The page again, as it is now.
	g, gerr := s.suggestGroup(r, st)
	if gerr != nil {
		return gerr
	}
	d, gerr := s.suggestGroupData(r, g)
	if gerr != nil {
		return gerr
	}
	lang := s.Lang(r)
	msg := s.ErrorText(lang, err)
	switch library.ErrorKey(err) {
	case "error.suggestion_reason", "error.suggestion_record", "suggest_staff.error.record":
		d.Errors[dec.field] = msg
		d.Values[dec.field] = input
		status = http.StatusBadRequest
	case "error.suggestion_not_found":
		d.Alert = msg // the group has moved on since the page was shown
		status = http.StatusConflict
	default:
		d.Alert = msg
	}
	return s.renderSuggestGroup(w, r, status, d)
}
