package account

import (
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// authRoutes registers sign-in, sign-out, PIN and profile pages, the
// patron's messages and the staff's outbox.
func (s *server) authRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	page("GET /signin", s.serveSignIn)
	page("POST /signin", s.postSignIn)
	page("POST /signout", s.postSignOut)
	page("POST /signout/everywhere", s.RequirePatron(s.postSignOutEverywhere))
	page("GET /account/pin", s.RequirePatron(s.serveChangePIN))
	page("POST /account/pin", s.RequirePatron(s.postChangePIN))
	page("GET /pin/forgot", s.serveForgotPIN)
	page("POST /pin/forgot", s.postForgotPIN)
	page("GET /pin/reset/{token}", s.serveResetPIN)
	page("POST /pin/reset/{token}", s.postResetPIN)
	page("GET /account/profile", s.RequirePatron(s.serveProfile))
	page("POST /account/profile", s.RequirePatron(s.postProfile))
	page("GET /account/messages", s.RequirePatron(s.serveMessages))
	mux.Handle("GET /api/v1/account/messages", s.Wrap(s.RequirePatron(s.apiMessages), true))
}

func (s *server) serveSignIn(w http.ResponseWriter, r *http.Request) error {
	next := web.LocalPath(r.URL.Query().Get("next"), "/account")
	if _, ok := s.CurrentPatron(r); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	f := &web.Form{Action: "/signin", Next: next}
	if r.URL.Query().Get("done") == "reset" { // after postResetPIN's redirect
		f.Done = s.Tr(r, "auth.reset.done")
	}
	s.RenderForm(w, r, http.StatusOK, "signin", "auth.signin.title", f)
	return nil
}

func (s *server) postSignIn(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	card := strings.Join(strings.Fields(r.PostFormValue("card")), "")
	pin := r.PostFormValue("pin")
	f := &web.Form{Action: "/signin", Next: web.LocalPath(r.PostFormValue("next"), "/account"), Values: map[string]string{"card": card}}
	if card == "" {
		f.Fail("card", s.Tr(r, "auth.card_required"))
	}
	if pin == "" {
		f.Fail("pin", s.Tr(r, "auth.pin_required"))
	}
	if f.Errors != nil {
		s.RenderForm(w, r, http.StatusBadRequest, "signin", "auth.signin.title", f)
		return nil
	}
	if !s.AllowAttempt(w, r) {
		f.Alert = s.Tr(r, "error.too_many_attempts")
		s.RenderForm(w, r, http.StatusTooManyRequests, "signin", "auth.signin.title", f)
		return nil
	}
	p, err := s.Patrons().Authenticate(r.Context(), card, pin, s.Now())
	if err != nil {
		return s.SignInFailed(w, r, err, "signin", f)
	}
	if err := s.StartSession(w, r, p.ID, 0); err != nil {
		return err
	}
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
	return nil
}

func (s *server) postSignOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.EndSession(w, r, web.PatronCookie); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *server) postSignOutEverywhere(w http.ResponseWriter, r *http.Request) error {
	p, _ := s.CurrentPatron(r)
	if err := s.Patrons().EndAllSessions(r.Context(), p.ID); err != nil {
		return err
	}
	if err := s.EndSession(w, r, web.PatronCookie); err != nil {
		return err
	}
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
}

func (s *server) serveForgotPIN(w http.ResponseWriter, r *http.Request) error {
	f := s.forgotForm()
	if r.URL.Query().Get("done") == "sent" && s.Auth().Mail { // after postForgotPIN's redirect
		f.Done = s.Tr(r, "auth.forgot.sent")
	}
	s.RenderForm(w, r, http.StatusOK, "pin_forgot", "auth.forgot.title", f)
	return nil
}

// forgotPIN is the forgotten-PIN page's own data.
type forgotPIN struct{ NoMail bool }

// forgotForm is the forgotten-PIN form, or without mail the page that
// sends the patron to a library.
func (s *server) forgotForm() *web.Form {
	if !s.Auth().Mail {
		return &web.Form{Data: forgotPIN{NoMail: true}}
	}
	return &web.Form{Action: "/pin/forgot"}
}

// postForgotPIN sends a reset link. The answer is the same whether or not
// the card or address is known; the limiter keeps the form from being
// used to flood someone's mailbox.
func (s *server) postForgotPIN(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if !s.Auth().Mail {
		// Nothing could deliver a link: make none; the page says where to go.
		http.Redirect(w, r, "/pin/forgot", http.StatusSeeOther)
		return nil
	}
	who := strings.TrimSpace(r.PostFormValue("who"))
	f := &web.Form{Action: "/pin/forgot", Values: map[string]string{"who": who}}
	if who == "" {
		f.Fail("who", s.Tr(r, "auth.forgot.required"))
		s.RenderForm(w, r, http.StatusBadRequest, "pin_forgot", "auth.forgot.title", f)
		return nil
	}
	if !s.AllowAttempt(w, r) {
		f.Alert = s.Tr(r, "error.too_many_attempts")
		s.RenderForm(w, r, http.StatusTooManyRequests, "pin_forgot", "auth.forgot.title", f)
		return nil
	}
	n, err := s.Notices()
	if err != nil {
		return err
	}
	if err := n.RequestPINReset(r.Context(), who, s.Now()); err != nil {
		return err
	}
	// Post, redirect, get: a reload does not send another link.
	http.Redirect(w, r, "/pin/forgot?done=sent", http.StatusSeeOther)
	return nil
}

func (s *server) serveResetPIN(w http.ResponseWriter, r *http.Request) error {
	n, err := s.Notices()
	if err != nil {
		return err
	}
	f := &web.Form{Action: r.URL.Path}
	status := http.StatusOK
	if err := n.CheckResetToken(r.Context(), r.PathValue("token"), s.Now()); err != nil {
		if library.ErrorCode(err) != library.EINVALID {
			return err
		}
		f.Alert, f.Action = s.Tr(r, library.ErrorKey(err)), ""
		status = http.StatusNotFound
	}
	s.RenderForm(w, r, status, "pin_reset", "auth.reset.title", f)
	return nil
}

func (s *server) postResetPIN(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	n, err := s.Notices()
	if err != nil {
		return err
	}
	f := &web.Form{Action: r.URL.Path}
	pin, again := r.PostFormValue("pin"), r.PostFormValue("pin2")
	if pin != again {
		f.Fail("pin2", s.Tr(r, "auth.pin_mismatch"))
		s.RenderForm(w, r, http.StatusBadRequest, "pin_reset", "auth.reset.title", f)
		return nil
	}
	err = n.ResetPIN(r.Context(), r.PathValue("token"), pin, s.Now())
	key := ""
	if err != nil {
		key = library.ErrorKey(err)
	}
	switch key {
	case "": // the link is spent: on to sign in with the new PIN
		http.Redirect(w, r, "/signin?done=reset", http.StatusSeeOther)
	case "error.pin_format":
		f.Fail("pin", s.Tr(r, "error.pin_format"))
		s.RenderForm(w, r, http.StatusBadRequest, "pin_reset", "auth.reset.title", f)
	case "error.reset_invalid":
		f.Alert, f.Action = s.Tr(r, "error.reset_invalid"), ""
		s.RenderForm(w, r, http.StatusNotFound, "pin_reset", "auth.reset.title", f)
	default:
		return err
	}
	return nil
}
