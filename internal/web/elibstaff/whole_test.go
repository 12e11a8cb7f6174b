package elibstaff

import (
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/admin"
	"github.com/kirjasto/kirjasto/internal/web/elib"
	"github.com/kirjasto/kirjasto/internal/web/picks"
	"github.com/kirjasto/kirjasto/internal/web/site"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The tests serve the public site, the administration, the residents'
// e-lending and the librarians' picks with this area's pages.
func init() {
	webtest.Areas = []web.Area{site.Area(), admin.Area(), elib.Area(), picks.Area(), Area()}
}
