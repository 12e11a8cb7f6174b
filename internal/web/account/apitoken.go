package account

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Token authentication for apps. An app signs in once with a card number
// and PIN (POST /api/v1/tokens) and sends the token it gets back as
// "Authorization: Bearer TOKEN" with every /api/v1/account request. A
// request that carries a bearer token is known by the token alone: its
// cookies are not looked at, which is why cross-origin protection, there
// for cookies that browsers send on their own, does not apply to it.

// tokenRoutes registers the token endpoints.
func (s *server) tokenRoutes(mux *http.ServeMux) {
	api := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, true)) }
	api("POST /api/v1/tokens", s.postToken)
	api("GET /api/v1/tokens", s.AsPatron(s.apiTokenList))
	api("DELETE /api/v1/tokens/current", s.AsPatron(s.deleteCurrentToken))
	api("DELETE /api/v1/tokens/{id}", s.AsPatron(s.deleteToken))
}

// tokenRequest is the body of POST /api/v1/tokens, as JSON or a form.
type tokenRequest struct {
	Card string `json:"card"`
	PIN  string `json:"pin"`
	Name string `json:"name"`
}

// tokenView is an API token as its patron sees it; Token only when new.
type tokenView struct {
	ID        int64     `json:"id"`
	Token     string    `json:"token,omitempty"`
	TokenType string    `json:"token_type,omitempty"`
	Name      string    `json:"name"`
	Created   time.Time `json:"created"`
	LastUsed  time.Time `json:"last_used"`
	ExpiresAt time.Time `json:"expires_at"`
	Current   bool      `json:"current"`
}

func viewToken(t library.APIToken, current int64) tokenView {
	return tokenView{ID: t.ID, Name: t.Name, Created: t.Created, LastUsed: t.LastUsed,
		ExpiresAt: t.ExpiresAt, Current: t.ID == current}
}

// readTokenRequest reads the card, PIN and app name from a JSON body or
// a form.
func readTokenRequest(w http.ResponseWriter, r *http.Request) (tokenRequest, error) {
	var tr tokenRequest
	if web.IsJSON(r) {
		return tr, web.ReadJSON(w, r, &tr)
	}
	if err := web.ReadForm(w, r); err != nil {
		return tr, err
	}
	return tokenRequest{r.PostFormValue("card"), r.PostFormValue("pin"), r.PostFormValue("name")}, nil
}

// postToken signs an app in: with the same per-address limit as the
// sign-in form and the same per-card lock-out (Authenticate counts
// failures), so a token endpoint is no faster way to guess PINs.
func (s *server) postToken(w http.ResponseWriter, r *http.Request) error {
	tr, err := readTokenRequest(w, r)
	if err != nil {
		return err
	}
	card := strings.Join(strings.Fields(tr.Card), "")
	if card == "" || tr.PIN == "" {
		return web.Invalid("error.api_card_pin_required", "card and pin are required")
	}
	if !s.AllowAttempt(w, r) {
		s.TooManyRequests(w, r, "error.too_many_attempts")
		return nil
	}
	p, err := s.Patrons().Authenticate(r.Context(), card, tr.PIN, s.Now())
	if err != nil {
		web.LockRetryAfter(w, err)
		if library.ErrorCode(err) == library.EUNAUTHORIZED {
			return &library.Error{Code: library.EUNAUTHORIZED, Key: "error.signin_failed", Message: "token: " + err.Error()}
		}
		return err
	}
	ts, err := s.Tokens()
	if err != nil {
		return err
	}
	t, err := ts.NewAPIToken(r.Context(), p.ID, tr.Name, s.Now())
	if err != nil {
		return err
	}
	v := viewToken(t, 0)
	v.Token, v.TokenType = t.Token, "Bearer"
	web.NoStore(w)
	web.WriteJSON(w, http.StatusCreated, v)
	return nil
}

// tokenList is GET /api/v1/tokens: the patron's apps.
type tokenList struct {
	Tokens []tokenView `json:"tokens"`
}

func (s *server) tokenList(r *http.Request, p library.Patron) (*tokenList, error) {
	ts, err := s.Tokens()
	if err != nil {
		return nil, err
	}
	list, err := ts.APITokens(r.Context(), p.ID, s.Now())
	if err != nil {
		return nil, err
	}
	tl := &tokenList{Tokens: []tokenView{}}
	for _, t := range list {
		tl.Tokens = append(tl.Tokens, viewToken(t, web.CurrentTokenID(r)))
	}
	return tl, nil
}

func (s *server) apiTokenList(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	tl, err := s.tokenList(r, p)
	if err != nil {
		return err
	}
	return web.WritePaged(w, r, tl, &tl.Tokens)
}

// deleteCurrentToken signs the app out: it revokes the token the request
// carries. A browser session has no current token.
func (s *server) deleteCurrentToken(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	id := web.CurrentTokenID(r)
	if id == 0 {
		return &library.Error{Code: library.EUNAUTHORIZED, Key: "error.api_bearer_required", Message: "no bearer token"}
	}
	return s.revokeToken(w, r, p, id)
}

// deleteToken revokes one of the patron's tokens, as My Account does.
func (s *server) deleteToken(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.api_token_not_found", Message: "token id " + r.PathValue("id")}
	}
	return s.revokeToken(w, r, p, id)
}

func (s *server) revokeToken(w http.ResponseWriter, r *http.Request, p library.Patron, id int64) error {
	ts, err := s.Tokens()
	if err != nil {
		return err
	}
	if err := ts.RevokeAPIToken(r.Context(), p.ID, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
