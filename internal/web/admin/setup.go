package admin

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The first administrator's link that kirjasto init prints:
// /setup/{token}, a public page (nobody can sign in yet) where whoever
// has the link creates the consortium's first administrator. The token
// is the secret, so the page is kept out of caches, search engines and
// other sites' Referer headers. The form is a POST like every other, so
// the cross-origin protection of the whole site guards it.

// setupTokens is the part of the store that keeps setup tokens.
type setupTokens interface {
	CheckSetupToken(ctx context.Context, token string, now time.Time) error
	ClaimSetupToken(ctx context.Context, token, username, name, password string, now time.Time) (library.Staff, error)
}

// setupGone is the page of a link that cannot be used.
type setupGone struct{ Message string }

func (s *server) setupStore() (setupTokens, error) {
	st, ok := s.Store().(setupTokens)
	if !ok {
		return nil, library.Errorf(library.EINTERNAL, "the store keeps no setup tokens")
	}
	return st, nil
}

// setupHeaders keep the page, whose address is a secret, to this browser.
func setupHeaders(w http.ResponseWriter) {
	web.NoStore(w)
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

// setupDead shows why a link cannot be used: 404 for a link that never
// was, 410 for one used or expired. It returns other errors.
func (s *server) setupDead(w http.ResponseWriter, r *http.Request, err error) error {
	status := http.StatusGone
	switch library.ErrorKey(err) {
	case "error.setup_link_unknown":
		status = http.StatusNotFound
	case "error.setup_link_used", "error.setup_link_expired":
	default:
		return err
	}
	s.Render(w, r, status, "admin_setup_gone", s.Tr(r, "setup.admin.title"), &setupGone{Message: s.Tr(r, library.ErrorKey(err))})
	return nil
}

// serveSetup shows the form that creates the first administrator, or why
// the link cannot be used.
func (s *server) serveSetup(w http.ResponseWriter, r *http.Request) error {
	setupHeaders(w)
	st, err := s.setupStore()
	if err != nil {
		return err
	}
	token := r.PathValue("token")
	if err := st.CheckSetupToken(r.Context(), token, s.Now()); err != nil {
		return s.setupDead(w, r, err)
	}
	s.RenderForm(w, r, http.StatusOK, "admin_setup", "setup.admin.title", &web.Form{Action: "/setup/" + token, Data: library.MinStaffPassword})
	return nil
}

// postSetup creates the first administrator with the link's token and
// sends them to sign in.
func (s *server) postSetup(w http.ResponseWriter, r *http.Request) error {
	setupHeaders(w)
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	st, err := s.setupStore()
	if err != nil {
		return err
	}
	token := r.PathValue("token")
	v := map[string]string{"username": strings.TrimSpace(r.PostFormValue("username")), "name": strings.TrimSpace(r.PostFormValue("name"))}
	f := &web.Form{Action: "/setup/" + token, Values: v, Data: library.MinStaffPassword}
	password, again := r.PostFormValue("password"), r.PostFormValue("password2")
	if password != again {
		f.Fail("password2", s.Tr(r, "setup.admin.password_mismatch"))
		s.RenderForm(w, r, http.StatusBadRequest, "admin_setup", "setup.admin.title", f)
		return nil
	}
	if _, err := st.ClaimSetupToken(r.Context(), token, v["username"], v["name"], password, s.Now()); err != nil {
		switch library.ErrorKey(err) {
		case "error.setup_link_unknown", "error.setup_link_used", "error.setup_link_expired":
			return s.setupDead(w, r, err)
		}
		status, err := s.failForm(r, f, err, nil)
		if err != nil {
			return err
		}
		s.RenderForm(w, r, status, "admin_setup", "setup.admin.title", f)
		return nil
	}
	http.Redirect(w, r, "/staff/signin?done=setup", http.StatusSeeOther)
	return nil
}
