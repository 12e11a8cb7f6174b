package desk

import (
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/web"
)

func (s *server) serveStaffSignIn(w http.ResponseWriter, r *http.Request) error {
	next := web.LocalPath(r.URL.Query().Get("next"), "/desk")
	if _, ok := s.CurrentStaff(r); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	f := &web.Form{Action: "/staff/signin", Next: next, Staff: true}
	if r.URL.Query().Get("done") == "setup" {
		f.Done = s.Tr(r, "setup.admin.done") // the first administrator's link (package admin)
	}
	s.RenderForm(w, r, http.StatusOK, "signin", "auth.staff.title", f)
	return nil
}

func (s *server) postStaffSignIn(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	user := strings.TrimSpace(r.PostFormValue("username"))
	pass := r.PostFormValue("password")
	f := &web.Form{Action: "/staff/signin", Staff: true, Next: web.LocalPath(r.PostFormValue("next"), "/desk"),
		Values: map[string]string{"username": user}}
	if user == "" {
		f.Fail("username", s.Tr(r, "auth.username_required"))
	}
	if pass == "" {
		f.Fail("password", s.Tr(r, "auth.password_required"))
	}
	if f.Errors != nil {
		s.RenderForm(w, r, http.StatusBadRequest, "signin", "auth.staff.title", f)
		return nil
	}
	if !s.AllowAttempt(w, r) {
		f.Alert = s.Tr(r, "error.too_many_attempts")
		s.RenderForm(w, r, http.StatusTooManyRequests, "signin", "auth.staff.title", f)
		return nil
	}
	st, err := s.Patrons().AuthenticateStaff(r.Context(), user, pass, s.Now())
	if err != nil {
		return s.SignInFailed(w, r, err, "signin", f)
	}
	if st.TOTP {
		return s.startPending(w, r, st, f.Next)
	}
	if err := s.StartSession(w, r, 0, st.ID); err != nil {
		return err
	}
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
	return nil
}

func (s *server) postStaffSignOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.EndSession(w, r, web.StaffCookie); err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/signin", http.StatusSeeOther)
	return nil
}
