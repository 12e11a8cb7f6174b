package bookings

import (
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/admin"
	"github.com/kirjasto/kirjasto/internal/web/site"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The tests serve the whole site's public and administration parts with
// the bookings' (as cmd/kirjasto does).
func init() {
	webtest.Areas = []web.Area{site.Area(), admin.Area(), Area()}
}
