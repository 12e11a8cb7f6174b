package site

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

// The JSON API serves what the pages show, built by the same functions,
// so the two cannot drift apart. See docs/api.md.

func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.searchPage(r)
	if err != nil {
		return err
	}
	next := ""
	if sp.Page < min(sp.Pages, web.MaxPage) {
		next = web.NextURL(r, web.ParamPage, sp.Page+1)
	}
	return web.WriteWith(w, http.StatusOK, sp, map[string]any{"next": next})
}

func (s *server) apiRecord(w http.ResponseWriter, r *http.Request) error {
	rp, err := s.recordPage(r.Context(), s.Lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rp)
	return nil
}

func (s *server) apiLibraries(w http.ResponseWriter, r *http.Request) error {
	cv, err := s.cities(r.Context(), s.Lang(r))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, cv)
	return nil
}

func (s *server) apiLibrary(w http.ResponseWriter, r *http.Request) error {
	bp, err := s.branchPage(r.Context(), s.Lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, bp)
	return nil
}

// availabilityView is GET /api/v1/records/{id}/availability: the record
// page's availability without the rest of the record, for apps that poll.
type availabilityView struct {
	RecordID     int64       `json:"record_id"`
	Summary      summary     `json:"summary"`
	Availability []cityAvail `json:"availability"`
}

func (s *server) apiAvailability(w http.ResponseWriter, r *http.Request) error {
	rp, err := s.recordPage(r.Context(), s.Lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, availabilityView{rp.Record.ID, rp.Summary, rp.Availability})
	return nil
}
