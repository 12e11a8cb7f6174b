package ask

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's side of questions and feedback: the workspace at /admin/ask
// (workspace.go) with what waits for each library, the lists and pages
// of questions (staff_questions.go) and feedback (staff_feedback.go),
// where staff take, assign, answer, close and publish them. Every
// handler asks library.Permit(ActAsk) at the item's library, as the
// store does again; the lists show only what lies in the staff member's
// reach.

// staffLimits let an answer far over library.MaxAskAnswer arrive whole,
// to be refused at its field.
var staffLimits = web.FormLimits{Values: 20, ValueLen: 256 << 10, Body: 512 << 10}

// staffRoutes registers the staff's pages.
func staffRoutes(s *server, mux *http.ServeMux) {
	staff := func(pattern string, h web.StaffHandler) {
		mux.Handle(pattern, s.Wrap(s.AsStaffWith(staffLimits, h), false))
	}
	staff("GET /admin/ask", s.serveWorkspace)
	staff("POST /admin/ask/inbox", s.postWorkspaceInbox)
	staff("GET /admin/ask/questions", s.serveQuestionList)
	staff("GET /admin/ask/questions/{id}", s.serveQuestion)
	staff("POST /admin/ask/questions/{id}/{step}", s.postQuestion)
	staff("GET /admin/ask/feedback", s.serveFeedbackList)
	staff("GET /admin/ask/feedback/{id}", s.serveFeedbackItem)
	staff("POST /admin/ask/feedback/{id}/{step}", s.postFeedbackItem)
}

// staffLister lists staff accounts, for the choice of an assignee.
type staffLister interface {
	ListStaff(ctx context.Context, f library.StaffFilter) ([]library.Staff, error)
}

// askInboxes returns the store's ask inboxes.
func (s *server) askInboxes() (library.AskInboxes, error) {
	in, ok := s.Store().(library.AskInboxes)
	if !ok {
		return nil, errors.New("ask: the store keeps no ask inboxes")
	}
	return in, nil
}

// askLibraries returns the libraries whose items st may handle: nil for
// every library (a consortium-wide reach), else their own. A library
// asked for (?library=) must be one of them: Permit refuses another's.
func askLibraries(st library.Staff, asked string, has bool) ([]string, error) {
	if err := library.Permit(st, library.ActAsk, st.Reach()); err != nil {
		return nil, err
	}
	if has {
		if err := library.Permit(st, library.ActAsk, askScopeOf(asked)); err != nil {
			return nil, err
		}
		return []string{asked}, nil
	}
	if st.Reach() == library.ConsortiumScope {
		return nil, nil
	}
	return []string{st.Library}, nil
}

// askScopeOf is the scope of an item of lib: the consortium's for "",
// the web service.
func askScopeOf(lib string) library.Scope {
	if lib == "" {
		return library.ConsortiumScope
	}
	return library.LibraryScope(lib)
}

// libraryName names a library in lang; "" is the web service.
func (s *server) libraryName(ctx context.Context, lang, lib string) web.LangText {
	if lib == "" {
		return web.LangText{Text: s.I18n().T(lang, "ask_web.feedback.web_service", nil), Lang: lang}
	}
	libs, _, err := s.Consortium(ctx)
	if err == nil {
		for _, l := range libs {
			if l.ID == lib {
				return web.TextIn(l.Name, lang)
			}
		}
	}
	return web.LangText{Text: lib}
}

// libraryOptions are the choices of the lists' library filter: every
// open library in st's reach, and for feedback the web service.
func (s *server) libraryOptions(r *http.Request, st library.Staff, feedback bool) ([]option, error) {
	lang := s.Lang(r)
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return nil, err
	}
	var out []option
	if feedback && library.Permit(st, library.ActAsk, library.ConsortiumScope) == nil {
		out = append(out, option{Value: "", Label: s.libraryName(r.Context(), lang, "")})
	}
	for _, l := range libs {
		if l.ClosedAt.IsZero() && library.Permit(st, library.ActAsk, library.LibraryScope(l.ID)) == nil {
			out = append(out, option{Value: l.ID, Label: web.TextIn(l.Name, lang)})
		}
	}
	return out, nil
}

// assignees are the enabled staff who may handle an item of lib, for the
// select of whom to assign it to.
func (s *server) assignees(ctx context.Context, lib string) ([]option, error) {
	sl, ok := s.Store().(staffLister)
	if !ok {
		return nil, errors.New("ask: the store lists no staff")
	}
	all, err := sl.ListStaff(ctx, library.StaffFilter{State: library.StaffActive})
	if err != nil {
		return nil, err
	}
	var out []option
	for _, st := range all {
		if library.Permit(st, library.ActAsk, askScopeOf(lib)) == nil {
			out = append(out, option{Value: strconv.FormatInt(st.ID, 10), Label: web.LangText{Text: st.Name}})
		}
	}
	return out, nil
}

// duration writes how long something took or has waited, in minutes,
// hours and days as fits.
func (s *server) duration(lang string, d time.Duration) string {
	if d < 0 {
		d = 0
	}
	m := int(d / time.Minute)
	switch {
	case m < 60:
		return s.I18n().T(lang, "ask_staff.duration.minutes", map[string]any{"Minutes": m})
	case m < 24*60:
		return s.I18n().T(lang, "ask_staff.duration.hours", map[string]any{"Hours": m / 60, "Minutes": m % 60})
	}
	return s.I18n().T(lang, "ask_staff.duration.days", map[string]any{"Days": m / (24 * 60), "Hours": m % (24 * 60) / 60})
}

// when writes an instant as a date and a time in Helsinki.
func (s *server) when(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	at := t.In(library.Helsinki)
	return s.FormatTime(lang, at) + " " + at.Format("15:04")
}

// median is the median of ds, 0 for none.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	ds = slices.Clone(ds)
	slices.Sort(ds)
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}

// itemID reads the {id} of the path; a bad one is not found.
func itemID(r *http.Request, notFound string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &library.Error{Code: library.ENOTFOUND, Key: notFound, Message: "id " + r.PathValue("id")}
	}
	return id, nil
}

// staffFields maps the store's refusals of a staff step to the fields
// of the item's page.
var staffFields = map[string]string{
	"error.ask_answer_empty":       "answer",
	"error.ask_answer_too_long":    "answer",
	"error.bad_utf8":               "answer",
	"error.ask_assignee":           "to",
	"error.staff_not_found":        "to",
	"error.feedback_no_consent":    "summary",
	"error.feedback_publish_empty": "summary",
	"error.feedback_too_long":      "summary",
	"error.ask_inbox":              "email",
}

// staffRefusal words a refusal for the page: the field it is about
// (or "" for the whole form), the message and the status. A failure of
// the server is returned as an error, for a 500.
func (s *server) staffRefusal(r *http.Request, err error) (field, msg string, status int, fail error) {
	code := library.ErrorCode(err)
	status = web.HTTPStatus(code)
	if status >= 500 {
		return "", "", status, err
	}
	lang := s.Lang(r)
	key := library.ErrorKey(err)
	if !s.I18n().Has(lang, key) {
		key = "error." + code
	}
	return staffFields[key], s.ErrorMessage(lang, key, err), status, nil
}

// staffDone is the message of a finished step (?done=), for the page the
// step redirects to.
func (s *server) staffDone(r *http.Request) string {
	switch d := r.URL.Query().Get("done"); d {
	case "assign", "answer", "close", "publish", "unpublish", "inbox":
		return s.Tr(r, "ask_staff.done."+d)
	}
	return ""
}
