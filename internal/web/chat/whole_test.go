package chat

import (
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/account"
	"github.com/kirjasto/kirjasto/internal/web/admin"
	"github.com/kirjasto/kirjasto/internal/web/ask"
	"github.com/kirjasto/kirjasto/internal/web/site"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The tests serve the public site, My Account, the administration and
// the question form with this area's pages (as cmd/kirjasto does).
func init() {
	webtest.Areas = []web.Area{site.Area(), account.Area(), admin.Area(), ask.Area(), Area()}
}
