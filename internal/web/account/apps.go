package account

import (
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// My Account's "Calendar and apps" page: the due-date feed's secret
// address, made and reset here, and the apps signed in with a token,
// signed out here.

// appsRoutes registers the page, its forms and the feed itself.
func (s *server) appsRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), false)) }
	page("GET /account/apps", s.serveApps)
	page("POST /account/apps/calendar", s.resetDueFeed)
	page("POST /account/apps/tokens/{id}/revoke", s.revokeAppToken)
	mux.Handle("GET /calendar/{key}/loans.ics", s.Wrap(s.serveDueICS, false))
}

// appsPage is the data of /account/apps.
type appsPage struct {
	FeedURL   string // the feed's full address; "" until made
	WebcalURL string // the same for calendar apps that open webcal: links
	Tokens    []tokenView
	Done      string
}

// appsDone are the outcomes a redirect may announce.
var appsDone = map[string]string{"calendar": "api.feed.done", "revoked": "api.tokens.done"}

func (s *server) serveApps(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	feeds, err := s.dueFeeds()
	if err != nil {
		return err
	}
	ap := &appsPage{}
	key, err := feeds.DueFeedKey(r.Context(), p.ID)
	switch {
	case err == nil:
		host := r.Host + dueFeedPath(key)
		scheme := "http://"
		if s.Secure(r) {
			scheme = "https://"
		}
		ap.FeedURL, ap.WebcalURL = scheme+host, "webcal://"+host
	case library.ErrorCode(err) != library.ENOTFOUND:
		return err
	}
	tl, err := s.tokenList(r, p)
	if err != nil {
		return err
	}
	ap.Tokens = tl.Tokens
	if key, ok := appsDone[r.URL.Query().Get("done")]; ok {
		ap.Done = s.Tr(r, key)
	}
	s.Render(w, r, http.StatusOK, "account_apps", s.Tr(r, "api.apps.title"), ap)
	return nil
}

// resetDueFeed makes the patron's feed address, or a new one in place of
// the old.
func (s *server) resetDueFeed(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	feeds, err := s.dueFeeds()
	if err != nil {
		return err
	}
	if _, err := feeds.ResetDueFeedKey(r.Context(), p.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/apps?done=calendar", http.StatusSeeOther)
	return nil
}

// revokeAppToken signs one of the patron's apps out.
func (s *server) revokeAppToken(w http.ResponseWriter, r *http.Request, p library.Patron) error {
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
	http.Redirect(w, r, "/account/apps?done=revoked", http.StatusSeeOther)
	return nil
}
