package web

import (
	"io/fs"
	"net/http"
)

// An Area is one audience's part of the site in a package of its own
// beside the core: the public catalogue (site), the patron's account
// (account), the staff desk (desk), the administration (admin), and the
// services that come later. The core knows no area; New assembles the
// site from those in Config.Areas, and cmd/kirjasto chooses them.
type Area struct {
	// Name names the area in errors.
	Name string
	// Templates holds the area's pages as templates/NAME.html. Each page
	// is parsed with the core's layout.html and partials.html (and the
	// area's own templates/partials.html, if it has one) and is rendered
	// by Server.Render under NAME, which must be unique in the site.
	Templates fs.FS
	// Routes registers the area's handlers on mux, usually each wrapped
	// by Server.Wrap. Patterns must not clash with another area's.
	Routes func(s *Server, mux *http.ServeMux)
}
