package admin

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
)

// indexPage is the administration's index: the sections the staff member
// may use.
type indexPage struct {
	Staff    library.Staff
	Sections []section
}

// serveIndex shows the administration's sections that the signed-in
// staff member's role permits, or says that it permits none.
func (s *server) serveIndex(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ip := &indexPage{Staff: st, Sections: permitted(st, sections)}
	s.Render(w, r, http.StatusOK, "admin", s.Tr(r, "admin.title"), ip)
	return nil
}
