package web

import (
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Form is the data of a form page: what was typed (never secrets), the
// message for each field that was wrong, and one message for the form.
type Form struct {
	Action string
	Next   string
	Values map[string]string
	Errors map[string]string // field name → message
	Alert  string            // a failure of the whole form
	Done   string            // a success
	Staff  bool
	Data   any // the page's own extra data
}

func (f *Form) Fail(field, msg string) {
	if f.Errors == nil {
		f.Errors = make(map[string]string)
	}
	f.Errors[field] = msg
}

// MaxForm is the largest form body read: these forms have a few short
// fields.
const MaxForm = 16 << 10

// ParseForm reads a POSTed form, refusing oversized bodies.
func ParseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxForm)
	if err := r.ParseForm(); err != nil {
		return Invalid("error.bad_form", "form: %v", err)
	}
	return nil
}

func (s *Server) RenderForm(w http.ResponseWriter, r *http.Request, status int, name, titleKey string, f *Form) {
	NoStore(w)
	s.Render(w, r, status, name, s.I18n().T(s.Lang(r), titleKey, nil), f)
}

// Tr translates a message key in the request's language.
func (s *Server) Tr(r *http.Request, key string) string { return s.I18n().T(s.Lang(r), key, nil) }

// AllowAttempt counts a sign-in attempt against the client's address.
func (s *Server) AllowAttempt(r *http.Request) bool {
	return s.Auth().Limiter.Allow(s.ClientIP(r), s.Now())
}

// ErrorMessage words an error with message key in lang, with the number
// it carries (the minutes a card stays locked) when it has one.
func (s *Server) ErrorMessage(lang, key string, err error) string {
	if n := library.ErrorCount(err); n != 0 {
		return s.I18n().N(lang, key, n, nil)
	}
	return s.I18n().T(lang, key, nil)
}

// LockRetryAfter tells a client of a locked card or account when to try
// again, in seconds, as a 429 would.
func LockRetryAfter(w http.ResponseWriter, err error) {
	if n := library.ErrorCount(err); n != 0 && library.ErrorCode(err) == library.EFORBIDDEN {
		w.Header().Set("Retry-After", strconv.Itoa(n*60))
	}
}

// SignInFailed shows the form again with the failure's message: the same
// text for an unknown card as for a wrong PIN.
func (s *Server) SignInFailed(w http.ResponseWriter, r *http.Request, err error, name string, f *Form) error {
	code := library.ErrorCode(err)
	if code != library.EUNAUTHORIZED && code != library.EFORBIDDEN {
		return err
	}
	key := library.ErrorKey(err)
	if code == library.EUNAUTHORIZED {
		key = "error.signin_failed"
	}
	LockRetryAfter(w, err)
	f.Alert = s.ErrorMessage(s.Lang(r), key, err)
	title := "auth.signin.title"
	if f.Staff {
		title = "auth.staff.title"
	}
	s.RenderForm(w, r, HTTPStatus(code), name, title, f)
	return nil
}
