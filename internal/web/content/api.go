package content

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

// The API's news and pages: what the pages show, built by the same
// functions. Lists are cut by offset and limit, as the API's lists are.

// newsList is GET /api/v1/news.
type newsList struct {
	News []newsView `json:"news"`
}

func (s *server) apiNews(w http.ResponseWriter, r *http.Request) error {
	offset, limit, err := web.ReadPaging(r)
	if err != nil {
		return err
	}
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	items, total, err := s.publicNews(r.Context(), r.URL.Query().Get("library"), libs, s.Lang(r), offset, limit)
	if err != nil {
		return err
	}
	return web.WritePart(w, r, newsList{items}, offset, limit, total)
}

func (s *server) apiNewsItem(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicNewsItem(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, v)
	return nil
}

func (s *server) apiPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicPage(r, r.URL.Query().Get("library"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, v)
	return nil
}
