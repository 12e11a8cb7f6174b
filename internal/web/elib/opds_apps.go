package elib

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// My Account's "Reading apps" page (/account/elib/apps): the catalogue's
// addresses, and bearer tokens for apps that cannot keep a PIN or whose
// patron would rather not give it. A token is the API's
// (library.APITokens): shown once when made, listed and revoked here and
// on the "Calendar and apps" page alike.

func (s *server) appsRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), false)) }
	page("GET /account/elib/apps", s.serveApps)
	page("POST /account/elib/apps", s.postAppToken)
	page("POST /account/elib/apps/{id}/revoke", s.postRevokeAppToken)
}

// appsPage is the data of the reading apps page.
type appsPage struct {
	OPDS, OPDS1 string // the catalogues' addresses
	Tokens      []library.APIToken
	New         library.APIToken // the token just made, shown this once
	Done        bool             // a token was just revoked
}

// maxAppName bounds an app's name as the patron types it.
const maxAppName = 80

func (s *server) appsPage(r *http.Request, p library.Patron) (*appsPage, error) {
	ts, err := s.Tokens()
	if err != nil {
		return nil, err
	}
	list, err := ts.APITokens(r.Context(), p.ID, s.Now())
	if err != nil {
		return nil, err
	}
	base := s.baseURL(r)
	return &appsPage{OPDS: base + opdsPath, OPDS1: base + opdsV1Path, Tokens: list}, nil
}

func (s *server) serveApps(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	pg, err := s.appsPage(r, p)
	if err != nil {
		return err
	}
	pg.Done = r.URL.Query().Get("done") == "revoked"
	// A token just made is shown this once: it comes in a cookie sealed
	// under the patron's session (only its hash is stored), which goes.
	var made library.APIToken
	if s.Unseal(r, web.PatronCookie, newTokenCookie, &made) && made.PatronID == p.ID {
		pg.New = made
		s.DropCookie(w, r, newTokenCookie, appsPath)
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "elib_apps", s.Tr(r, "opds.apps.title"), pg)
	return nil
}

// newTokenCookie carries a token just made to the page that shows it.
const newTokenCookie = "kirjasto_app_token"

// appsPath is the reading apps' page.
const appsPath = "/account/elib/apps"

// postAppToken makes a token and sends the patron to the page that shows
// it once (POST, redirect, GET): the token travels there in a sealed
// cookie, never in the URL, and the page is kept out of every cache.
func (s *server) postAppToken(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	if utf8.RuneCountInString(name) > maxAppName {
		return web.Invalid("opds.error.name_too_long", "app name of %d characters", utf8.RuneCountInString(name))
	}
	if name == "" {
		name = s.Tr(r, "opds.apps.default_name")
	}
	ts, err := s.Tokens()
	if err != nil {
		return err
	}
	t, err := ts.NewAPIToken(r.Context(), p.ID, name, s.Now())
	if err != nil {
		return err
	}
	if !s.Seal(w, r, web.PatronCookie, newTokenCookie, appsPath, 5*time.Minute, t) {
		return library.Errorf(library.EINTERNAL, "app token: no session to seal it under")
	}
	http.Redirect(w, r, appsPath+"?done=created", http.StatusSeeOther)
	return nil
}

// postRevokeAppToken signs an app out.
func (s *server) postRevokeAppToken(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.api_token_not_found", Message: "token id " + r.PathValue("id")}
	}
	ts, err := s.Tokens()
	if err != nil {
		return err
	}
	if err := ts.RevokeAPIToken(r.Context(), p.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/elib/apps?done=revoked", http.StatusSeeOther)
	return nil
}
