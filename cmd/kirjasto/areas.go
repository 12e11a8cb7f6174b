package main

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
)

// siteAreas are the parts of the web library that kirjasto serves, one
// per audience; the core (package web) knows none of them. The web
// packages' tests name the same list in their whole_test.go.
func siteAreas() []web.Area {
	return []web.Area{site.Area(), account.Area(), desk.Area(), admin.Area(), catalogue.Area(),
		content.Area(), events.Area(), bookings.Area(), picks.Area(), ask.Area(), chat.Area(), elib.Area(), elibstaff.Area(), stats.Area()}
}
