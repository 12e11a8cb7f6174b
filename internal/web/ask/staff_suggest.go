package ask

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Staff's purchase suggestions at /admin/suggestions: the groups (a
// library's suggestions of one edition, with how many people asked) of
// the libraries within the staff member's reach, by status; a group's page
// at /admin/suggestions/{id} (any suggestion of the group names it) with
// the patrons' reasons and the decisions: accept, decline with a reason,
// already owned as a record, arrived as a record. The store asks Permit
// again at the group's library; these pages ask first, so that a refusal
// is a 403 before anything is read or checked.

// suggestRoutes registers the staff's suggestion pages.
func suggestRoutes(s *server, page func(string, web.HandlerFunc)) {
	page("GET /admin/suggestions", s.AsStaff(s.serveSuggestGroups))
	page("GET /admin/suggestions/{id}", s.AsStaff(s.serveSuggestGroup))
	page("POST /admin/suggestions/{id}/accept", s.AsStaff(s.postSuggestAccept))
	page("POST /admin/suggestions/{id}/decline", s.AsStaff(s.postSuggestDecline))
	page("POST /admin/suggestions/{id}/owned", s.AsStaff(s.postSuggestOwned))
	page("POST /admin/suggestions/{id}/arrived", s.AsStaff(s.postSuggestArrived))
}

// suggestOpen is the list's default filter: the suggestions waiting for
// staff (new) or for the title to arrive (accepted).
const suggestOpen = "open"

// suggestFilters are the list's status filters, in their order.
var suggestFilters = append([]string{suggestOpen}, library.SuggestionStatuses...)

// suggestGroupRow is one group in the staff's list.
type suggestGroupRow struct {
	URL                         string
	Title, Author, ISBN         string
	Material, Language, Library web.LangText
	Count                       int
	First, Last                 time.Time
	Statuses                    string // e.g. "Received 2, To be acquired 1"
}

// suggestListPage is the list's data.
type suggestListPage struct {
	Status    string
	Statuses  []option
	Library   string
	Libraries []option // within reach; more than one offers a choice
	Groups    []suggestGroupRow
}

// suggestions returns the store's purchase suggestions.
func (s *server) suggestions() (library.PurchaseSuggestions, error) {
	ps, ok := s.Store().(library.PurchaseSuggestions)
	if !ok {
		return nil, errors.New("ask: the store keeps no purchase suggestions")
	}
	return ps, nil
}

func (s *server) serveSuggestGroups(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	reach := st.Reach()
	if err := library.Permit(st, library.ActAsk, reach); err != nil {
		return err
	}
	ps, err := s.suggestions()
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	d := &suggestListPage{Status: r.URL.Query().Get("status"), Library: r.URL.Query().Get("library")}
	if !slices.Contains(suggestFilters, d.Status) {
		d.Status = suggestOpen
	}
	for _, f := range suggestFilters {
		label := "suggest_staff.filter.open"
		if f != suggestOpen {
			label = "suggestion.status." + f
		}
		d.Statuses = append(d.Statuses, option{Value: f, Label: s.text(lang, label)})
	}
	names := map[string]web.LangText{}
	var within []string
	for _, l := range libs {
		names[l.ID] = web.TextIn(l.Name, lang)
		if library.LibraryScope(l.ID).Within(reach) {
			within = append(within, l.ID)
			d.Libraries = append(d.Libraries, option{Value: l.ID, Label: names[l.ID]})
		}
	}
	filter := library.SuggestionFilter{Libraries: within}
	if slices.Contains(within, d.Library) {
		filter.Libraries = []string{d.Library}
	} else {
		d.Library = ""
	}
	if d.Status != suggestOpen {
		filter.Statuses = []string{d.Status}
	}
	if len(filter.Libraries) == 0 {
		filter.Libraries = []string{st.Library} // no library in reach lists nothing, never everything
	}
	groups, err := ps.SuggestionGroups(r.Context(), filter)
	if err != nil {
		return err
	}
	for _, g := range groups {
		d.Groups = append(d.Groups, suggestGroupRow{URL: "/admin/suggestions/" + strconv.FormatInt(g.Suggestions[0].ID, 10),
			Title: g.Title, Author: g.Author, ISBN: g.ISBN, Material: s.text(lang, "material."+string(g.Material)),
			Language: s.suggestLanguage(lang, g.Language), Library: names[g.Library], Count: g.Count, First: g.First, Last: g.Last,
			Statuses: s.suggestStatusCounts(lang, g.Suggestions)})
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "staff_suggest_list", s.Tr(r, "suggest_staff.title"), d)
	return nil
}

// suggestLanguage names a MARC language code, or says none was given.
func (s *server) suggestLanguage(lang, code string) web.LangText {
	if code == "" {
		return s.text(lang, "suggest_staff.any_language")
	}
	return s.text(lang, "lang."+code)
}

// suggestStatusCounts says how many of a group's suggestions are in each
// state: "Received 2, To be acquired 1".
func (s *server) suggestStatusCounts(lang string, ss []library.PurchaseSuggestion) string {
	out := ""
	for _, st := range library.SuggestionStatuses {
		n := 0
		for _, x := range ss {
			if x.Status == st {
				n++
			}
		}
		if n == 0 {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += s.I18n().T(lang, "suggestion.status."+st, nil) + " " + strconv.Itoa(n)
	}
	return out
}
