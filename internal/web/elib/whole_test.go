package elib

import (
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/account"
	"github.com/kirjasto/kirjasto/internal/web/site"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The tests serve the public site and My Account with this area's pages
// (as cmd/kirjasto does).
func init() {
	webtest.Areas = []web.Area{site.Area(), account.Area(), Area()}
}
