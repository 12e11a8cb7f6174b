// Package elib is the residents' e-lending (issue 17): an e-title's
// availability in words with Borrow and Reserve at /elib/{record} (an
// open-access title's Download, from /elib/{record}/download when
// Kirjasto keeps the file), linked
// from the record's page, and My Account's e-loans and e-holds at
// /account/elib with Return, Cancel and an offer's Borrow.
//
// The store (library.ELibrary) takes a licence in a transaction; the
// distributor's checkout and return (internal/odl) happen outside it, so
// that a slow distributor holds no row lock. A checkout the distributor
// refuses is undone with AbortELoan.
package elib

import (
	"embed"
	"errors"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with this area's handlers.
type server struct {
	*web.Server
	basic *basicCache // reading apps' card numbers and PINs that held (opds_auth.go)
}

// Area returns the residents' e-lending.
func Area() web.Area { return web.Area{Name: "elib", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{Server: ws, basic: newBasicCache()}
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	page("GET /elib/{id}", s.serveTitle)
	page("GET /elib/{id}/download", s.serveDownload)
	page("POST /elib/{id}/borrow", s.AsPatron(s.postBorrow))
	page("POST /elib/{id}/reserve", s.AsPatron(s.postReserve))
	page("GET /account/elib", s.AsPatron(s.serveAccount))
	page("POST /account/elib/loans/{id}/return", s.AsPatron(s.postReturn))
	page("POST /account/elib/loans/{id}/renew", s.AsPatron(s.postRenew))
	page("POST /account/elib/holds/{id}/cancel", s.AsPatron(s.postCancel))
	s.apiRoutes(mux)
	s.appsRoutes(mux)
	s.opdsRoutes(mux)
}

// elib returns the store's e-library; every store Kirjasto runs on has it.
func (s *server) elib() (library.ELibrary, error) {
	e, ok := s.Store().(library.ELibrary)
	if !ok {
		return nil, errors.New("elib: the store keeps no e-library")
	}
	return e, nil
}

// isE reports whether a material is lent as licences.
func isE(m library.Material) bool {
	for _, e := range library.EMaterials {
		if m == e {
			return true
		}
	}
	return false
}

// doneURL is My Account's e-lending page with what just happened.
func doneURL(what string) string { return "/account/elib?done=" + what }
