package ask

import (
	"net/http"
	"net/url"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff workspace at /admin/ask: for each library in the staff
// member's reach, what waits (open questions and feedback, new purchase
// suggestions) with counts and the age of the oldest, links to the lists,
// and the library's ask inbox, where the new-item notices go.

// workspaceCount is one kind of item waiting at a library.
type workspaceCount struct {
	Count  int
	Oldest string // the age of the oldest; "" when none waits
	URL    string
}

// workspaceChats is a queue's open live chats: waiting for a librarian,
// and active.
type workspaceChats struct {
	Waiting, Active int
	URL             string
}

// workspaceLibrary is a library's row of the workspace.
type workspaceLibrary struct {
	ID          string
	Name        web.LangText
	Questions   *workspaceCount // nil for the web service, which has no questions
	Feedback    *workspaceCount
	Suggestions *workspaceCount // nil for the web service
	Chats       *workspaceChats // nil when the store keeps no chats
	Inbox       string          // the ask inbox's address; "" when none
	InboxAdmin  bool            // st may set the inbox
}

// workspacePage is the workspace.
type workspacePage struct {
	Libraries []workspaceLibrary
	Done      string
}

func (s *server) serveWorkspace(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.renderWorkspace(w, r, st, http.StatusOK, nil)
}

// renderWorkspace shows the workspace; f, when not nil, is an inbox form
// refused, with its message at its library's field.
func (s *server) renderWorkspace(w http.ResponseWriter, r *http.Request, st library.Staff, status int, f *web.Form) error {
	if err := library.Permit(st, library.ActAsk, st.Reach()); err != nil {
		return err
	}
	lang := s.Lang(r)
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	var ids []string
	if library.Permit(st, library.ActAsk, library.ConsortiumScope) == nil {
		ids = append(ids, "") // the web service's feedback
	}
	for _, l := range libs {
		if l.ClosedAt.IsZero() && library.Permit(st, library.ActAsk, library.LibraryScope(l.ID)) == nil {
			ids = append(ids, l.ID)
		}
	}
	ws, ok := s.Store().(library.AskWorkspace)
	if !ok {
		return library.Errorf(library.EINTERNAL, "ask: the store has no workspace")
	}
	sums, err := ws.AskSummaries(r.Context(), ids)
	if err != nil {
		return err
	}
	inboxes, err := s.askInboxes()
	if err != nil {
		return err
	}
	chats, err := s.openChats(r, ids)
	if err != nil {
		return err
	}
	// count is one kind of item waiting, with the age of the oldest.
	count := func(n int, oldest time.Time, path string) *workspaceCount {
		c := &workspaceCount{Count: n, URL: path}
		if n > 0 {
			c.Oldest = s.duration(lang, s.Now().Sub(oldest))
		}
		return c
	}
	p := &workspacePage{Done: s.staffDone(r)}
	for _, sum := range sums {
		q := "?library=" + url.QueryEscape(sum.Library)
		row := workspaceLibrary{ID: sum.Library, Name: s.libraryName(r.Context(), lang, sum.Library),
			InboxAdmin: library.Permit(st, library.ActBranches, askScopeOf(sum.Library)) == nil,
			Feedback:   count(sum.Feedback, sum.OldestFeedback, "/admin/ask/feedback"+q)}
		if sum.Library != "" {
			row.Questions = count(sum.Questions, sum.OldestQuestion, "/admin/ask/questions"+q)
			row.Suggestions = count(sum.Suggestions, sum.OldestSuggestion, library.StaffSuggestionsPath+q)
		}
		row.Chats = chats[sum.Library]
		in, err := inboxes.AskInbox(r.Context(), sum.Library)
		if err != nil {
			return err
		}
		row.Inbox = in.Email
		p.Libraries = append(p.Libraries, row)
	}
	if f == nil {
		f = &web.Form{Action: "/admin/ask/inbox", Values: map[string]string{}, Errors: map[string]string{}}
	}
	f.Data = p
	web.NoStore(w)
	s.Render(w, r, status, "ask_staff_workspace", s.Tr(r, "ask_staff.workspace.title"), f)
	return nil
}

// openChats counts the open chats of each queue of ids (a library's, or
// "" the consortium's), for the rows of the workspace; nil when the store
// keeps no chats.
func (s *server) openChats(r *http.Request, ids []string) (map[string]*workspaceChats, error) {
	cs, ok := s.Store().(library.ChatService)
	if !ok {
		return nil, nil
	}
	queue, err := cs.ChatQueue(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	out := map[string]*workspaceChats{}
	for _, id := range ids {
		out[id] = &workspaceChats{URL: "/admin/chat"}
	}
	for _, c := range queue {
		n := out[c.Queue]
		switch {
		case n == nil:
		case c.Status == library.ChatWaiting:
			n.Waiting++
		case c.Status == library.ChatActive:
			n.Active++
		}
	}
	return out, nil
}

// postWorkspaceInbox sets or removes a library's ask inbox: its
// administrators' (ActBranches at the library, the consortium's for the
// web service).
func (s *server) postWorkspaceInbox(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib := r.PostFormValue("library")
	if err := library.Permit(st, library.ActBranches, askScopeOf(lib)); err != nil {
		return err
	}
	inboxes, err := s.askInboxes()
	if err != nil {
		return err
	}
	email := r.PostFormValue("email")
	err = inboxes.SetAskInbox(r.Context(), st, lib, library.AskInbox{Email: email, Lang: s.Lang(r)}, s.Now())
	if err != nil {
		field, msg, status, fail := s.staffRefusal(r, err)
		if fail != nil {
			return fail
		}
		f := &web.Form{Action: "/admin/ask/inbox", Values: map[string]string{"inbox-" + lib: email}, Errors: map[string]string{}}
		if field == "" {
			f.Alert = msg
		} else {
			f.Fail("inbox-"+lib, msg)
		}
		return s.renderWorkspace(w, r, st, status, f)
	}
	http.Redirect(w, r, "/admin/ask?done=inbox", http.StatusSeeOther)
	return nil
}
