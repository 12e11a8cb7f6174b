package admin

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A staff member's own account (any signed-in staff): their password and
// their second factor. Setting up two-step verification takes three
// steps: a POST starts it and keeps the new secret in a sealed cookie
// for the page to show as a QR code and as text; the first code from
// the app confirms it; the recovery codes are then shown once.

// enrolCookie holds the secret being set up (seal.go).
const enrolCookie = "kirjasto_totp_enrol"

// enrolTTL is how long the QR code stays on the page.
const enrolTTL = 15 * time.Minute

// qrSize is the QR code's side in pixels.
const qrSize = 240

// ownPage is the staff member's own account page.
type ownPage struct {
	Staff         library.Staff
	RoleName      string
	MustEnrol     bool
	CodesLeft     int
	Enrolment     *library.TOTPEnrolment
	QR            template.URL // the enrolment's QR code as a data: URL
	SecretGroups  string       // the secret in groups of four, to type
	RecoveryCodes []string     // shown once, after confirming
	MinPassword   int
}

// ownDone are the ?done= of the own account page.
var ownDone = map[string]string{
	"password": "staff.own.done.password",
	"totp_on":  "staff.own.done.totp_on",
	"totp_off": "staff.own.done.totp_off",
}

// serveOwn shows the staff member's own account page.
func (s *server) serveOwn(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	f := &web.Form{}
	if key, ok := ownDone[r.URL.Query().Get("done")]; ok {
		f.Done = s.Tr(r, key)
	}
	var o once
	codes := []string(nil)
	if s.unseal(r, onceCookie, &o) && o.Staff == st.ID && len(o.Codes) > 0 {
		s.dropCookie(w, r, onceCookie, web.EnrolPath)
		codes = o.Codes
	}
	return s.renderOwn(w, r, st, f, http.StatusOK, codes)
}

// renderOwn shows the own account page with f at status.
func (s *server) renderOwn(w http.ResponseWriter, r *http.Request, st library.Staff, f *web.Form, status int, codes []string) error {
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	p := &ownPage{Staff: st, RoleName: s.Tr(r, "staff.role."+st.Role), RecoveryCodes: codes,
		MinPassword: library.MinStaffPassword}
	if p.MustEnrol, err = sa.MustEnrolTOTP(r.Context(), st); err != nil {
		return err
	}
	if st.TOTP {
		if p.CodesLeft, err = sa.RecoveryCodesLeft(r.Context(), st.ID); err != nil {
			return err
		}
	} else {
		var e library.TOTPEnrolment
		if s.unseal(r, enrolCookie, &e) && e.URL != "" {
			png, err := auth.TOTPQRCode(e.URL, qrSize)
			if err != nil {
				return err
			}
			p.Enrolment = &e
			p.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
			p.SecretGroups = groups(e.Secret)
		}
	}
	f.Data = p
	web.NoStore(w)
	s.Render(w, r, status, "admin_account", s.Tr(r, "staff.own.title"), f)
	return nil
}

// groups splits a secret into groups of four, as authenticator apps
// accept it typed.
func groups(secret string) string {
	var b strings.Builder
	for i, c := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// postOwnPassword changes the staff member's own password. The store ends
// every session of the account; this browser is signed in again.
func (s *server) postOwnPassword(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	old, next := r.PostFormValue("old_password"), r.PostFormValue("password")
	f := &web.Form{}
	if old == "" {
		f.Fail("old_password", s.Tr(r, "auth.password_required"))
	}
	if next == "" {
		f.Fail("password", s.Tr(r, "auth.password_required"))
	}
	if f.Errors == nil {
		err = sa.ChangeStaffPassword(r.Context(), st.ID, old, next, s.Now())
		if err == nil {
			if err := s.StartSession(w, r, 0, st.ID); err != nil {
				return err
			}
			http.Redirect(w, r, web.EnrolPath+"?done=password", http.StatusSeeOther)
			return nil
		}
		web.LockRetryAfter(w, err)
		status, err := s.failForm(r, f, err, nil)
		if err != nil {
			return err
		}
		return s.renderOwn(w, r, st, f, status, nil)
	}
	return s.renderOwn(w, r, st, f, http.StatusBadRequest, nil)
}

// postOwnTOTP starts setting up two-step verification.
func (s *server) postOwnTOTP(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	e, err := sa.BeginTOTP(r.Context(), st.ID, "", s.Now())
	if err != nil {
		f := &web.Form{}
		status, err := s.failForm(r, f, err, nil)
		if err != nil {
			return err
		}
		return s.renderOwn(w, r, st, f, status, nil)
	}
	s.seal(w, r, enrolCookie, web.EnrolPath, enrolTTL, e)
	http.Redirect(w, r, web.EnrolPath+"#totp", http.StatusSeeOther)
	return nil
}

// postOwnTOTPConfirm makes the second factor being set up active with a
// first code from the app, and shows the recovery codes once.
func (s *server) postOwnTOTPConfirm(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	f := &web.Form{}
	code := strings.TrimSpace(r.PostFormValue("code"))
	if code == "" {
		f.Fail("code", s.Tr(r, "staff.signin_code.required"))
		return s.renderOwn(w, r, st, f, http.StatusBadRequest, nil)
	}
	codes, err := sa.ConfirmTOTP(r.Context(), st.ID, code, s.Now())
	if err != nil {
		web.LockRetryAfter(w, err)
		status, err := s.failForm(r, f, err, map[string]string{"": "code"})
		if err != nil {
			return err
		}
		return s.renderOwn(w, r, st, f, status, nil)
	}
	s.dropCookie(w, r, enrolCookie, web.EnrolPath)
	s.seal(w, r, onceCookie, web.EnrolPath, onceTTL, once{Staff: st.ID, Codes: codes})
	http.Redirect(w, r, web.EnrolPath+"?done=totp_on#recovery", http.StatusSeeOther)
	return nil
}

// postOwnTOTPRemove removes the staff member's own second factor, their
// password checked first (counted like a sign-in).
func (s *server) postOwnTOTPRemove(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	f := &web.Form{}
	password := r.PostFormValue("remove_password")
	if password == "" {
		f.Fail("remove_password", s.Tr(r, "auth.password_required"))
		return s.renderOwn(w, r, st, f, http.StatusBadRequest, nil)
	}
	if _, err := s.Patrons().AuthenticateStaff(r.Context(), st.Username, password, s.Now()); err != nil {
		if library.ErrorCode(err) == library.EUNAUTHORIZED {
			err = &library.Error{Code: library.EUNAUTHORIZED, Key: "error.staff_password_wrong", Message: "wrong password"}
		}
		web.LockRetryAfter(w, err)
		status, err := s.failForm(r, f, err, map[string]string{"old_password": "remove_password", "": "remove_password"})
		if err != nil {
			return err
		}
		return s.renderOwn(w, r, st, f, status, nil)
	}
	if err := sa.RemoveTOTP(r.Context(), st, st.ID, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, web.EnrolPath+"?done=totp_off", http.StatusSeeOther)
	return nil
}
