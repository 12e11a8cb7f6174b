// Package webtest is what the tests of the web packages share: a real
// store and search index with a small consortium and catalogue (Env),
// signed-in patrons and staff (CircEnv), sign-in with cookies kept like a
// browser's (AuthEnv, Browser), and helpers to read pages and feeds.
//
// The tests serve the whole site, as cmd/kirjasto does. webtest cannot
// import the audience packages (site, account, desk, admin), whose tests
// import it; so each test package names the areas once, in Areas.
package webtest

import "github.com/kirjasto/kirjasto/internal/web"

// Areas are the parts of the site every server of these environments
// serves. Each test package sets them to the whole site in an init
// function of its whole_test.go.
var Areas []web.Area

// NewServer returns a server of cfg with Areas.
func NewServer(cfg web.Config) (*web.Server, error) {
	cfg.Areas = Areas
	return web.New(cfg)
}
