package picks

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

// The API's picks: what the pages show, built by the same functions.

// pickList is GET /api/v1/picks: a part of the public picks, each with
// its records.
type pickList struct {
	Picks []pickView `json:"picks"`
}

func (s *server) apiPicks(w http.ResponseWriter, r *http.Request) error {
	offset, limit, err := web.ReadPaging(r)
	if err != nil {
		return err
	}
	ctx, lang := r.Context(), s.Lang(r)
	n, err := readNames(ctx, s.Server)
	if err != nil {
		return err
	}
	ps, total, err := s.public(ctx, n, r.URL.Query().Get("library"), "", offset, limit)
	if err != nil {
		return err
	}
	out := pickList{Picks: []pickView{}}
	for _, p := range ps {
		v, err := wholeView(ctx, s.Server, p, n, lang)
		if err != nil {
			return err
		}
		out.Picks = append(out.Picks, v)
	}
	return web.WritePart(w, r, out, offset, limit, total)
}

func (s *server) apiPick(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicPick(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, v)
	return nil
}
