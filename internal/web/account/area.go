// Package account is the patron's part of Kirjasto's web library:
// signing in and out, forgotten PINs, My Account with its loans, holds
// and fees, online payment, lists, saved searches, privacy and the
// reading history, the library card, a guardian's children, the profile
// and messages, and the apps and API tokens a patron gives access; with
// their twins under /api/v1/account.
//
// Its handlers are methods of server, the core (package web) with this
// package's own; its pages are templates/*.html, rendered inside the
// core's layout.
package account

import (
	"embed"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with the patron's handlers.
type server struct{ *web.Server }

// Area returns the patron's part of the site.
func Area() web.Area { return web.Area{Name: "account", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{ws}
	s.authRoutes(mux)
	s.accountRoutes(mux)
	s.accountAPIRoutes(mux)
	s.tokenRoutes(mux)
	s.appsRoutes(mux)
	s.cardRoutes(mux)
	s.listRoutes(mux)
	s.savedRoutes(mux)
	s.privacyRoutes(mux)
	s.paymentRoutes(mux)
	s.registerRoutes(mux)
}
