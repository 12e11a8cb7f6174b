package site

import (
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Autocomplete: titles, authors and subjects that start with what the
// patron has typed. The page works without it; static/suggest.js fills
// the search box's suggestion list from this endpoint as they type.

const maxSuggestions = 10

type suggestionJSON struct {
	Text  string `json:"text"`
	Kind  string `json:"kind"` // title, author or subject
	Count int    `json:"count"`
}

func (s *server) apiSuggest(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	n := maxSuggestions
	if v := q.Get("n"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > maxSuggestions {
			return library.Errorf(library.EINVALID, "n must be 1 to %d", maxSuggestions)
		}
	}
	out := struct {
		Suggestions []suggestionJSON `json:"suggestions"`
	}{Suggestions: []suggestionJSON{}}
	if sg, ok := s.Search().(library.Suggester); ok && q.Get(web.ParamQuery) != "" {
		for _, x := range sg.Suggest(r.Context(), q.Get(web.ParamQuery), s.Lang(r), n) {
			out.Suggestions = append(out.Suggestions, suggestionJSON{x.Text, x.Kind, x.Count})
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}
