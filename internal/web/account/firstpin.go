package account

import (
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The first sign-in: a patron whose account was opened with "choose the
// PIN at first sign-in" (or whose PIN the desk voided) has a one-time
// code from the desk. With the card number, the code and a new PIN
// typed twice, ChoosePIN sets the PIN and the patron is signed in. The
// code is checked as a PIN is: a wrong one counts towards the card's
// lock, and every failure reads the same.

func (s *server) serveFirstPIN(w http.ResponseWriter, r *http.Request) error {
	f := &web.Form{Action: "/pin/first", Values: map[string]string{"card": r.URL.Query().Get("card")}}
	s.RenderForm(w, r, http.StatusOK, "pin_first", "firstpin.title", f)
	return nil
}

func (s *server) postFirstPIN(w http.ResponseWriter, r *http.Request) error {
	if err := web.ReadForm(w, r); err != nil {
		return err
	}
	card := strings.Join(strings.Fields(r.PostFormValue("card")), "")
	code := strings.TrimSpace(r.PostFormValue("code"))
	pin, pin2 := r.PostFormValue("pin"), r.PostFormValue("pin2")
	f := &web.Form{Action: "/pin/first", Values: map[string]string{"card": card}}
	if card == "" {
		f.Fail("card", s.Tr(r, "auth.card_required"))
	}
	if code == "" {
		f.Fail("code", s.Tr(r, "firstpin.code_required"))
	}
	if pin == "" {
		f.Fail("pin", s.Tr(r, "auth.pin_required"))
	} else if pin != pin2 {
		f.Fail("pin2", s.Tr(r, "auth.pin_mismatch"))
	}
	if f.Errors != nil {
		s.RenderForm(w, r, http.StatusBadRequest, "pin_first", "firstpin.title", f)
		return nil
	}
	if !s.AllowAttempt(w, r) {
		f.Alert = s.Tr(r, "error.too_many_attempts")
		s.RenderForm(w, r, http.StatusTooManyRequests, "pin_first", "firstpin.title", f)
		return nil
	}
	p, err := s.patronDesk().ChoosePIN(r.Context(), card, code, pin, s.Now())
	if err != nil {
		switch library.ErrorCode(err) {
		case library.EINVALID:
			f.Fail("pin", s.ErrorText(s.Lang(r), err))
			s.RenderForm(w, r, http.StatusBadRequest, "pin_first", "firstpin.title", f)
			return nil
		case library.EUNAUTHORIZED:
			web.LockRetryAfter(w, err)
			f.Alert = s.Tr(r, "firstpin.failed")
			s.RenderForm(w, r, http.StatusUnauthorized, "pin_first", "firstpin.title", f)
			return nil
		case library.EFORBIDDEN:
			web.LockRetryAfter(w, err)
			f.Alert = s.ErrorText(s.Lang(r), err)
			s.RenderForm(w, r, http.StatusForbidden, "pin_first", "firstpin.title", f)
			return nil
		}
		return err
	}
	if err := s.StartSession(w, r, p.ID, 0); err != nil {
		return err
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}
