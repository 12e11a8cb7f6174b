package stats

import (
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/admin"
	"github.com/kirjasto/kirjasto/internal/web/site"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The tests serve the public site, the administration and this area's
// pages (as cmd/kirjasto does).
func init() {
	webtest.Areas = []web.Area{site.Area(), admin.Area(), Area()}
}
