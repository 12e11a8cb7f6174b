package bookings

import (
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/account"
	"github.com/kirjasto/kirjasto/internal/web/admin"
	"github.com/kirjasto/kirjasto/internal/web/site"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The tests serve the public site, My Account and the administration with
// the bookings' (as cmd/kirjasto does): sign-in and the calendar page are
// account's.
func init() {
	webtest.Areas = []web.Area{site.Area(), account.Area(), admin.Area(), Area()}
}
