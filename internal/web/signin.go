package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// authRoutes registers sign-in, sign-out, PIN and profile pages, the
// patron's messages and the staff's outbox.
func (s *Server) authRoutes(mux *http.ServeMux) {
	page := func(pattern string, h handlerFunc) { mux.Handle(pattern, s.wrap(h, false)) }
	page("GET /signin", s.serveSignIn)
	page("POST /signin", s.postSignIn)
	page("POST /signout", s.postSignOut)
	page("POST /signout/everywhere", s.requirePatron(s.postSignOutEverywhere))
	page("GET /staff/signin", s.serveStaffSignIn)
	page("POST /staff/signin", s.postStaffSignIn)
	page("POST /staff/signout", s.postStaffSignOut)
	page("GET /account/pin", s.requirePatron(s.serveChangePIN))
	page("POST /account/pin", s.requirePatron(s.postChangePIN))
	page("GET /pin/forgot", s.serveForgotPIN)
	page("POST /pin/forgot", s.postForgotPIN)
	page("GET /pin/reset/{token}", s.serveResetPIN)
	page("POST /pin/reset/{token}", s.postResetPIN)
	page("GET /account/profile", s.requirePatron(s.serveProfile))
	page("POST /account/profile", s.requirePatron(s.postProfile))
	page("GET /account/messages", s.requirePatron(s.serveMessages))
	page("GET /staff/outbox", s.requireStaff(s.serveOutbox))
	mux.Handle("GET /api/v1/account/messages", s.wrap(s.requirePatron(s.apiMessages), true))
}

// form is the data of a form page: what was typed (never secrets), the
// message for each field that was wrong, and one message for the form.
type form struct {
	Action string
	Next   string
	Values map[string]string
	Errors map[string]string // field name → message
	Alert  string            // a failure of the whole form
	Done   string            // a success
	Staff  bool
	Data   any // the page's own extra data
}

func (f *form) fail(field, msg string) {
	if f.Errors == nil {
		f.Errors = make(map[string]string)
	}
	f.Errors[field] = msg
}

// maxForm is the largest form body read: these forms have a few short
// fields.
const maxForm = 16 << 10

// parseForm reads a POSTed form, refusing oversized bodies.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return invalid("error.bad_form", "form: %v", err)
	}
	return nil
}

func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, status int, name, titleKey string, f *form) {
	noStore(w)
	s.render(w, r, status, name, s.i18n.T(s.lang(r), titleKey, nil), f)
}

// tr translates a message key in the request's language.
func (s *Server) tr(r *http.Request, key string) string { return s.i18n.T(s.lang(r), key, nil) }

// allowAttempt counts a sign-in attempt against the client's address.
func (s *Server) allowAttempt(r *http.Request) bool {
	return s.auth.Limiter.Allow(s.clientIP(r), s.now())
}

func (s *Server) serveSignIn(w http.ResponseWriter, r *http.Request) error {
	next := localPath(r.URL.Query().Get("next"), "/account")
	if _, ok := s.currentPatron(r); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	f := &form{Action: "/signin", Next: next}
	if r.URL.Query().Get("done") == "reset" { // after postResetPIN's redirect
		f.Done = s.tr(r, "auth.reset.done")
	}
	s.renderForm(w, r, http.StatusOK, "signin", "auth.signin.title", f)
	return nil
}

func (s *Server) postSignIn(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	card := strings.Join(strings.Fields(r.PostFormValue("card")), "")
	pin := r.PostFormValue("pin")
	f := &form{Action: "/signin", Next: localPath(r.PostFormValue("next"), "/account"), Values: map[string]string{"card": card}}
	if card == "" {
		f.fail("card", s.tr(r, "auth.card_required"))
	}
	if pin == "" {
		f.fail("pin", s.tr(r, "auth.pin_required"))
	}
	if f.Errors != nil {
		s.renderForm(w, r, http.StatusBadRequest, "signin", "auth.signin.title", f)
		return nil
	}
	if !s.allowAttempt(r) {
		f.Alert = s.tr(r, "error.too_many_attempts")
		w.Header().Set("Retry-After", "60")
		s.renderForm(w, r, http.StatusTooManyRequests, "signin", "auth.signin.title", f)
		return nil
	}
	p, err := s.patrons.Authenticate(r.Context(), card, pin, s.now())
	if err != nil {
		return s.signInFailed(w, r, err, "signin", f)
	}
	if err := s.startSession(w, r, p.ID, 0); err != nil {
		return err
	}
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
	return nil
}

// signInFailed shows the form again with the failure's message: the same
// text for an unknown card as for a wrong PIN.
func (s *Server) signInFailed(w http.ResponseWriter, r *http.Request, err error, name string, f *form) error {
	code := library.ErrorCode(err)
	if code != library.EUNAUTHORIZED && code != library.EFORBIDDEN {
		return err
	}
	key := library.ErrorKey(err)
	if code == library.EUNAUTHORIZED {
		key = "error.signin_failed"
	}
	lockRetryAfter(w, err)
	f.Alert = s.errorMessage(s.lang(r), key, err)
	title := "auth.signin.title"
	if f.Staff {
		title = "auth.staff.title"
	}
	s.renderForm(w, r, httpStatus(code), name, title, f)
	return nil
}

// errorMessage words an error with message key in lang, with the number
// it carries (the minutes a card stays locked) when it has one.
func (s *Server) errorMessage(lang, key string, err error) string {
	if n := library.ErrorCount(err); n != 0 {
		return s.i18n.N(lang, key, n, nil)
	}
	return s.i18n.T(lang, key, nil)
}

// lockRetryAfter tells a client of a locked card or account when to try
// again, in seconds, as a 429 would.
func lockRetryAfter(w http.ResponseWriter, err error) {
	if n := library.ErrorCount(err); n != 0 && library.ErrorCode(err) == library.EFORBIDDEN {
		w.Header().Set("Retry-After", strconv.Itoa(n*60))
	}
}

func (s *Server) postSignOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.endSession(w, r, patronCookie); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *Server) postSignOutEverywhere(w http.ResponseWriter, r *http.Request) error {
	p, _ := s.currentPatron(r)
	if err := s.patrons.EndAllSessions(r.Context(), p.ID); err != nil {
		return err
	}
	if err := s.endSession(w, r, patronCookie); err != nil {
		return err
	}
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
}

func (s *Server) serveStaffSignIn(w http.ResponseWriter, r *http.Request) error {
	next := localPath(r.URL.Query().Get("next"), "/desk")
	if _, ok := s.currentStaff(r); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	s.renderForm(w, r, http.StatusOK, "signin", "auth.staff.title", &form{Action: "/staff/signin", Next: next, Staff: true})
	return nil
}

func (s *Server) postStaffSignIn(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	user := strings.TrimSpace(r.PostFormValue("username"))
	pass := r.PostFormValue("password")
	f := &form{Action: "/staff/signin", Staff: true, Next: localPath(r.PostFormValue("next"), "/desk"),
		Values: map[string]string{"username": user}}
	if user == "" {
		f.fail("username", s.tr(r, "auth.username_required"))
	}
	if pass == "" {
		f.fail("password", s.tr(r, "auth.password_required"))
	}
	if f.Errors != nil {
		s.renderForm(w, r, http.StatusBadRequest, "signin", "auth.staff.title", f)
		return nil
	}
	if !s.allowAttempt(r) {
		f.Alert = s.tr(r, "error.too_many_attempts")
		w.Header().Set("Retry-After", "60")
		s.renderForm(w, r, http.StatusTooManyRequests, "signin", "auth.staff.title", f)
		return nil
	}
	st, err := s.patrons.AuthenticateStaff(r.Context(), user, pass, s.now())
	if err != nil {
		return s.signInFailed(w, r, err, "signin", f)
	}
	if err := s.startSession(w, r, 0, st.ID); err != nil {
		return err
	}
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
	return nil
}

func (s *Server) postStaffSignOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.endSession(w, r, staffCookie); err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/signin", http.StatusSeeOther)
	return nil
}

// notices returns the store's outbox, which the store behind Patrons also
// keeps.
func (s *Server) notices() (library.Notices, error) {
	n, ok := s.patrons.(library.Notices)
	if !ok {
		return nil, library.Errorf(library.EINTERNAL, "the patron store keeps no notices")
	}
	return n, nil
}

func (s *Server) serveForgotPIN(w http.ResponseWriter, r *http.Request) error {
	f := s.forgotForm()
	if r.URL.Query().Get("done") == "sent" && s.auth.Mail { // after postForgotPIN's redirect
		f.Done = s.tr(r, "auth.forgot.sent")
	}
	s.renderForm(w, r, http.StatusOK, "pin_forgot", "auth.forgot.title", f)
	return nil
}

// forgotPIN is the forgotten-PIN page's own data.
type forgotPIN struct{ NoMail bool }

// forgotForm is the forgotten-PIN form, or without mail the page that
// sends the patron to a library.
func (s *Server) forgotForm() *form {
	if !s.auth.Mail {
		return &form{Data: forgotPIN{NoMail: true}}
	}
	return &form{Action: "/pin/forgot"}
}

// postForgotPIN sends a reset link. The answer is the same whether or not
// the card or address is known; the limiter keeps the form from being
// used to flood someone's mailbox.
func (s *Server) postForgotPIN(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if !s.auth.Mail {
		// Nothing could deliver a link: make none; the page says where to go.
		http.Redirect(w, r, "/pin/forgot", http.StatusSeeOther)
		return nil
	}
	who := strings.TrimSpace(r.PostFormValue("who"))
	f := &form{Action: "/pin/forgot", Values: map[string]string{"who": who}}
	if who == "" {
		f.fail("who", s.tr(r, "auth.forgot.required"))
		s.renderForm(w, r, http.StatusBadRequest, "pin_forgot", "auth.forgot.title", f)
		return nil
	}
	if !s.allowAttempt(r) {
		f.Alert = s.tr(r, "error.too_many_attempts")
		w.Header().Set("Retry-After", "60")
		s.renderForm(w, r, http.StatusTooManyRequests, "pin_forgot", "auth.forgot.title", f)
		return nil
	}
	n, err := s.notices()
	if err != nil {
		return err
	}
	if err := n.RequestPINReset(r.Context(), who, s.now()); err != nil {
		return err
	}
	// Post, redirect, get: a reload does not send another link.
	http.Redirect(w, r, "/pin/forgot?done=sent", http.StatusSeeOther)
	return nil
}

func (s *Server) serveResetPIN(w http.ResponseWriter, r *http.Request) error {
	n, err := s.notices()
	if err != nil {
		return err
	}
	f := &form{Action: r.URL.Path}
	status := http.StatusOK
	if err := n.CheckResetToken(r.Context(), r.PathValue("token"), s.now()); err != nil {
		if library.ErrorCode(err) != library.EINVALID {
			return err
		}
		f.Alert, f.Action = s.tr(r, library.ErrorKey(err)), ""
		status = http.StatusNotFound
	}
	s.renderForm(w, r, status, "pin_reset", "auth.reset.title", f)
	return nil
}

func (s *Server) postResetPIN(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, err := s.notices()
	if err != nil {
		return err
	}
	f := &form{Action: r.URL.Path}
	pin, again := r.PostFormValue("pin"), r.PostFormValue("pin2")
	if pin != again {
		f.fail("pin2", s.tr(r, "auth.pin_mismatch"))
		s.renderForm(w, r, http.StatusBadRequest, "pin_reset", "auth.reset.title", f)
		return nil
	}
	err = n.ResetPIN(r.Context(), r.PathValue("token"), pin, s.now())
	key := ""
	if err != nil {
		key = library.ErrorKey(err)
	}
	switch key {
	case "": // the link is spent: on to sign in with the new PIN
		http.Redirect(w, r, "/signin?done=reset", http.StatusSeeOther)
	case "error.pin_format":
		f.fail("pin", s.tr(r, "error.pin_format"))
		s.renderForm(w, r, http.StatusBadRequest, "pin_reset", "auth.reset.title", f)
	case "error.reset_invalid":
		f.Alert, f.Action = s.tr(r, "error.reset_invalid"), ""
		s.renderForm(w, r, http.StatusNotFound, "pin_reset", "auth.reset.title", f)
	default:
		return err
	}
	return nil
}
