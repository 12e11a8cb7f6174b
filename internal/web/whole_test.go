package web_test

import (
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/account"
	"github.com/kirjasto/kirjasto/internal/web/admin"
	"github.com/kirjasto/kirjasto/internal/web/ask"
	"github.com/kirjasto/kirjasto/internal/web/bookings"
	"github.com/kirjasto/kirjasto/internal/web/catalogue"
	"github.com/kirjasto/kirjasto/internal/web/chat"
	"github.com/kirjasto/kirjasto/internal/web/content"
	"github.com/kirjasto/kirjasto/internal/web/desk"
	"github.com/kirjasto/kirjasto/internal/web/elib"
	"github.com/kirjasto/kirjasto/internal/web/elibstaff"
	"github.com/kirjasto/kirjasto/internal/web/events"
	"github.com/kirjasto/kirjasto/internal/web/picks"
	"github.com/kirjasto/kirjasto/internal/web/site"
	"github.com/kirjasto/kirjasto/internal/web/stats"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The tests serve the whole site, as cmd/kirjasto does (its siteAreas).
func init() {
	webtest.Areas = []web.Area{site.Area(), account.Area(), desk.Area(), admin.Area(), catalogue.Area(), content.Area(), events.Area(), bookings.Area(), picks.Area(), ask.Area(), chat.Area(), elib.Area(), elibstaff.Area(), stats.Area()}
}
