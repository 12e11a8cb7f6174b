package web

import (
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Forms: reading a POST safely, and the page of a form with what was
// typed and what was wrong.

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

// Fail marks field as wrong, with msg to say why.
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

// RenderForm renders the form page name titled by titleKey, kept out of
// caches since it may hold what the user typed.
func (s *Server) RenderForm(w http.ResponseWriter, r *http.Request, status int, name, titleKey string, f *Form) {
	NoStore(w)
	s.Render(w, r, status, name, s.I18n().T(s.Lang(r), titleKey, nil), f)
}

// Tr translates a message key in the request's language.
func (s *Server) Tr(r *http.Request, key string) string { return s.I18n().T(s.Lang(r), key, nil) }

// AllowAttempt counts a sign-in attempt against the client's address.
// When the limit refuses it, Retry-After on w says when it lets the
// client in again.
func (s *Server) AllowAttempt(w http.ResponseWriter, r *http.Request) bool {
	return s.Allow(w, r, s.ClientIP(r))
}

// Allow counts an event of key (a client's address, perhaps with the
// form's own prefix) against the site's limit, as AllowAttempt does.
func (s *Server) Allow(w http.ResponseWriter, r *http.Request, key string) bool {
	lim, now := s.Auth().Limiter, s.Now()
	if lim.Allow(r.Context(), key, now) {
		return true
	}
	SetRetryAfter(w, lim.RetryAfter(key, now))
	return false
}

// SetRetryAfter tells the client to come back after d, in whole seconds
// rounded up (at least one): a client that waits as told is let in.
func SetRetryAfter(w http.ResponseWriter, d time.Duration) {
	secs := max(int((d+time.Second-1)/time.Second), 1)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
}

// ErrorMessage words an error with message key in lang, with the number
// it carries (the minutes a card stays locked, the copies on loan) when it
// has one, as {{.Count}}: in the plural form that fits it when the message
// is a table of plural forms, else filled into the one text.
func (s *Server) ErrorMessage(lang, key string, err error) string {
	n := library.ErrorCount(err)
	if n == 0 {
		return s.I18n().T(lang, key, nil)
	}
	// A message that is not plural has no form for n (say "one"): the
	// catalogues answer with the id, and the message is then the one text.
	if msg := s.I18n().N(lang, key, n, nil); msg != key {
		return msg
	}
	return s.I18n().T(lang, key, map[string]any{"Count": n})
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

// FormLimits are the limits a route's POSTed form is read within. The
// zero value is the short forms' limits (DefaultFormLimits); a route with
// a larger form (the loan rules editor, the MARC editor) says its own.
type FormLimits struct {
	Values   int   // values in one form
	ValueLen int   // characters of one value
	Body     int64 // bytes of the body
	// Multipart leaves the body, bounded by Body, for the handler to read
	// as a stream of multipart/form-data (a photo upload), so that a
	// large file is refused at its field, as soon as it is read too far,
	// and never held whole before the handler sees it.
	Multipart bool
}

// DefaultFormLimits are the limits of the short forms, as checkInput puts
// on the URL.
var DefaultFormLimits = FormLimits{Values: MaxParams, ValueLen: MaxParam, Body: MaxForm}

// orDefault fills the limits left zero with the short forms' ones.
func (l FormLimits) orDefault() FormLimits {
	if l.Values <= 0 {
		l.Values = MaxParams
	}
	if l.ValueLen <= 0 {
		l.ValueLen = MaxParam
	}
	if l.Body <= 0 {
		l.Body = MaxForm
	}
	return l
}

// ReadForm reads a POST's form, with the limits checkInput puts on the
// URL: a bounded body, UTF-8 text, no over-long values, not too many.
func ReadForm(w http.ResponseWriter, r *http.Request) error {
	return ReadFormWith(w, r, DefaultFormLimits)
}

// ReadFormWith reads a POST's form within lim (zero fields take the
// defaults), with ReadForm's checks of each value and its 400s.
func ReadFormWith(w http.ResponseWriter, r *http.Request, lim FormLimits) error {
	if r.Method != http.MethodPost {
		return nil
	}
	lim = lim.orDefault()
	r.Body = http.MaxBytesReader(w, r.Body, lim.Body)
	if lim.Multipart {
		return nil
	}
	if err := r.ParseForm(); err != nil {
		return Invalid("error.bad_form", "form: %v", err)
	}
	n := 0
	for _, vs := range r.PostForm {
		for _, v := range vs {
			n++
			if !utf8.ValidString(v) {
				return Invalid("error.bad_utf8", "form value is not UTF-8")
			}
			if utf8.RuneCountInString(v) > lim.ValueLen {
				return Invalid("error.param_too_long", "form value too long")
			}
		}
	}
	if n > lim.Values {
		return Invalid("error.too_many_params", "%d form values", n)
	}
	return nil
}
