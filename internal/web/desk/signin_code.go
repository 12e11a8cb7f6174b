package desk

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The second step of a staff sign-in, for accounts with two-step
// verification (TOTP). The password alone starts no session: it earns a
// pending sign-in, a short-lived cookie signed by the server that names
// the account and where to go, and only a right code from the app (or an
// unused recovery code) turns it into a session. Every code checked
// counts toward the account's lockout, in the store (VerifyTOTP).
//
// The pending sign-in is kept by the browser, not by one node, so any
// node can take the code. Its signing key is a random secret kept in the
// database's settings, made the first time it is needed: the browser
// cannot forge a pending sign-in for an account whose password it did not
// give.

// pendingCookie holds a pending sign-in.
const pendingCookie = "kirjasto_staff_pending"

// pendingTTL is how long the code may take to type.
const pendingTTL = 5 * time.Minute

// signInKeySetting names the setting that keeps the signing key.
const signInKeySetting = "web.staff_signin_key"

// pending is a sign-in waiting for its code.
type pending struct {
	Staff   int64  `json:"s"`
	Next    string `json:"n"`
	Expires int64  `json:"e"`
}

// settings is the part of the store that keeps the signing key.
type settings interface {
	Setting(ctx context.Context, key string, v any) error
	PutSetting(ctx context.Context, key string, v any) error
}

// signInKey returns the key that signs pending sign-ins, making it on
// first use. Two nodes that make it at once both store one; the later
// wins, and a pending sign-in signed with the other fails and is asked
// again: it is read from the database each time, never cached.
func (s *server) signInKey(ctx context.Context) ([]byte, error) {
	st, ok := s.Store().(settings)
	if !ok {
		return nil, errors.New("staff sign-in: the store keeps no settings")
	}
	var key string
	err := st.Setting(ctx, signInKeySetting, &key)
	if library.ErrorCode(err) == library.ENOTFOUND {
		b := make([]byte, 32)
		rand.Read(b)
		if err := st.PutSetting(ctx, signInKeySetting, hex.EncodeToString(b)); err != nil {
			return nil, err
		}
		err = st.Setting(ctx, signInKeySetting, &key)
	}
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(key)
}

func signPending(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("staff pending\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// startPending gives the browser a pending sign-in of st and sends it to
// the code's page.
func (s *server) startPending(w http.ResponseWriter, r *http.Request, st library.Staff, next string) error {
	key, err := s.signInKey(r.Context())
	if err != nil {
		return err
	}
	box, err := json.Marshal(pending{Staff: st.ID, Next: next, Expires: s.Now().Add(pendingTTL).Unix()})
	if err != nil {
		return err
	}
	payload := base64.RawURLEncoding.EncodeToString(box)
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: payload + "." + signPending(key, payload), Path: "/staff/signin",
		MaxAge: int(pendingTTL / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r)})
	http.Redirect(w, r, "/staff/signin/code", http.StatusSeeOther)
	return nil
}

// readPending returns the browser's live pending sign-in.
func (s *server) readPending(r *http.Request) (pending, bool, error) {
	c, err := r.Cookie(pendingCookie)
	if err != nil {
		return pending{}, false, nil
	}
	payload, sig, ok := strings.Cut(c.Value, ".")
	if !ok {
		return pending{}, false, nil
	}
	key, err := s.signInKey(r.Context())
	if err != nil {
		return pending{}, false, err
	}
	if !hmac.Equal([]byte(sig), []byte(signPending(key, payload))) {
		return pending{}, false, nil
	}
	data, err := base64.RawURLEncoding.DecodeString(payload)
	var p pending
	if err != nil || json.Unmarshal(data, &p) != nil || p.Staff == 0 || s.Now().Unix() > p.Expires {
		return pending{}, false, nil
	}
	p.Next = web.LocalPath(p.Next, "/desk")
	return p, true, nil
}

func (s *server) endPending(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: "", Path: "/staff/signin", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r)})
}

// codeForm is the second step's form.
func codeForm() *web.Form { return &web.Form{Action: "/staff/signin/code", Staff: true} }

// serveStaffCode asks for the code of a pending sign-in; without one, the
// sign-in starts again.
func (s *server) serveStaffCode(w http.ResponseWriter, r *http.Request) error {
	if _, ok, err := s.readPending(r); err != nil || !ok {
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/staff/signin", http.StatusSeeOther)
		return nil
	}
	s.RenderForm(w, r, http.StatusOK, "staff_signin_code", "staff.signin_code.title", codeForm())
	return nil
}

// postStaffCode checks the code of a pending sign-in and, when it is
// right, starts the session the password alone did not.
func (s *server) postStaffCode(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	p, ok, err := s.readPending(r)
	if err != nil {
		return err
	}
	if !ok {
		f := &web.Form{Action: "/staff/signin", Staff: true, Next: "/desk", Alert: s.Tr(r, "staff.signin_code.expired")}
		s.RenderForm(w, r, http.StatusUnauthorized, "signin", "auth.staff.title", f)
		return nil
	}
	f := codeForm()
	code := strings.TrimSpace(r.PostFormValue("code"))
	if code == "" {
		f.Fail("code", s.Tr(r, "staff.signin_code.required"))
		s.RenderForm(w, r, http.StatusBadRequest, "staff_signin_code", "staff.signin_code.title", f)
		return nil
	}
	if !s.AllowAttempt(w, r) {
		f.Alert = s.Tr(r, "error.too_many_attempts")
		s.RenderForm(w, r, http.StatusTooManyRequests, "staff_signin_code", "staff.signin_code.title", f)
		return nil
	}
	sa, ok := s.StaffAccounts()
	if !ok {
		return errors.New("staff sign-in: the store keeps no staff accounts")
	}
	if err := sa.VerifyTOTP(r.Context(), p.Staff, code, s.Now()); err != nil {
		c := library.ErrorCode(err)
		if c != library.EUNAUTHORIZED && c != library.EFORBIDDEN && c != library.ENOTFOUND {
			return err
		}
		key := library.ErrorKey(err)
		if c == library.ENOTFOUND { // disabled meanwhile
			key = "staff.signin_code.expired"
			s.endPending(w, r)
		}
		web.LockRetryAfter(w, err)
		f.Fail("code", s.ErrorMessage(s.Lang(r), key, err))
		s.RenderForm(w, r, web.HTTPStatus(c), "staff_signin_code", "staff.signin_code.title", f)
		return nil
	}
	s.endPending(w, r)
	if err := s.StartSession(w, r, 0, p.Staff); err != nil {
		return err
	}
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
	return nil
}
