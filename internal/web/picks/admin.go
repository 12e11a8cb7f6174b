package picks

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's picks: the list, a new pick, and publishing, unpublishing
// and deleting one (the editor is in editor.go). Every handler asks
// Permit for ActContent, first within the staff member's reach and then
// at the pick's scope; the store asks again.

// row is a pick in the staff's list.
type row struct {
	URL     string
	Title   web.LangText
	Place   web.LangText
	State   string
	Count   int
	Missing []web.LangText
}

// adminList is /admin/picks.
type adminList struct {
	Rows    []row
	Done    string
	Page    int
	Pages   int
	PrevURL string
	NextURL string
}

// staffPerPage is the number of picks on a page of the staff's list.
const staffPerPage = 50

func (s *server) serveAdminList(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	page, err := web.ParsePage(r.URL.Query().Get(web.ParamPage))
	if err != nil {
		return err
	}
	store, err := picksOf(s.Server)
	if err != nil {
		return err
	}
	ctx, lang := r.Context(), s.Lang(r)
	n, err := readNames(ctx, s.Server)
	if err != nil {
		return err
	}
	ps, total, err := store.Picks(ctx, library.PickFilter{Libraries: readable(st, n), Offset: (page - 1) * staffPerPage, Limit: staffPerPage})
	if err != nil {
		return err
	}
	l := &adminList{Done: s.doneText(r), Page: page, Pages: max(1, (total+staffPerPage-1)/staffPerPage)}
	for _, p := range ps {
		l.Rows = append(l.Rows, row{URL: adminURL(p.ID), Title: web.TextIn(p.Title, lang), Place: n.place(s.Server, p, lang),
			State: s.stateText(lang, p.Publication), Count: len(p.Records), Missing: s.missing(p.Title)})
	}
	if page > 1 {
		l.PrevURL = "/admin/picks?page=" + strconv.Itoa(page-1)
	}
	if page < l.Pages {
		l.NextURL = "/admin/picks?page=" + strconv.Itoa(page+1)
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "picks_admin_list", s.Tr(r, "picks.admin.title"), l)
	return nil
}

// readable returns the libraries ("" the consortium) whose picks st may
// edit; nil means all of them.
func readable(st library.Staff, n names) []string {
	if library.Permit(st, library.ActContent, library.ConsortiumScope) == nil {
		return nil
	}
	out := []string{}
	for _, l := range n.libs {
		if library.Permit(st, library.ActContent, library.LibraryScope(l.ID)) == nil {
			out = append(out, l.ID)
		}
	}
	return out
}

// places returns where st may write a pick, as a select's choices: the
// consortium, each open library, each of its open branches, with
// selected ("library" or "library/branch") chosen.
func (s *server) places(st library.Staff, n names, lang, selected string) []option {
	var out []option
	if library.Permit(st, library.ActContent, library.ConsortiumScope) == nil {
		out = append(out, option{Value: "", Label: web.LangText{Text: s.I18n().T(lang, "content.consortium", nil), Lang: lang}, Selected: selected == ""})
	}
	for _, l := range n.libs {
		if l.Closed() || library.Permit(st, library.ActContent, library.LibraryScope(l.ID)) != nil {
			continue
		}
		name := web.TextIn(l.Name, lang)
		out = append(out, option{Value: l.ID, Label: name, Selected: selected == l.ID})
		for _, b := range n.branches {
			if b.LibraryID == l.ID && !b.Closed() {
				bn := web.TextIn(b.Name, lang)
				out = append(out, option{Value: l.ID + "/" + b.ID, Label: web.LangText{Text: name.Text + " – " + bn.Text, Lang: bn.Lang},
					Selected: selected == l.ID+"/"+b.ID})
			}
		}
	}
	return out
}

// parsePlace splits a place of the form into library and branch.
func parsePlace(v string) (lib, branch string) {
	lib, branch, _ = strings.Cut(v, "/")
	return lib, branch
}

func (s *server) serveNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	e := &editor{Action: "/admin/picks", Status: library.StatusDraft, Place: st.Reach().Library}
	s.setTexts(e, nil, nil)
	return s.renderEditor(w, r, st, http.StatusOK, e)
}

func (s *server) postNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib, branch := parsePlace(r.PostFormValue("place"))
	p := library.Pick{Library: lib, Branch: branch}
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	if err := library.Permit(st, library.ActContent, p.Scope()); err != nil {
		return err
	}
	store, err := picksOf(s.Server)
	if err != nil {
		return err
	}
	e := &editor{Action: "/admin/picks", Place: r.PostFormValue("place")}
	p, err = s.readForm(r, e, p)
	if err == nil {
		p, err = store.CreatePick(r.Context(), p, st, s.Now())
	}
	if err == nil {
		http.Redirect(w, r, adminURL(p.ID)+"?done=created", http.StatusSeeOther)
		return nil
	}
	status, ok := s.refuse(r, e, err)
	if !ok {
		return err
	}
	return s.renderEditor(w, r, st, status, e)
}

// load returns the pick of the path, once Permit lets st edit it.
func (s *server) load(r *http.Request, st library.Staff) (library.Picks, library.Pick, error) {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return nil, library.Pick{}, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, library.Pick{}, err
	}
	store, err := picksOf(s.Server)
	if err != nil {
		return nil, library.Pick{}, err
	}
	p, err := store.Pick(r.Context(), id)
	if err != nil {
		return nil, library.Pick{}, err
	}
	return store, p, library.Permit(st, library.ActContent, p.Scope())
}

func (s *server) postPublish(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	store, p, err := s.load(r, st)
	if err != nil {
		return err
	}
	if _, err := store.PublishPick(r.Context(), p.ID, time.Time{}, st, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, adminURL(p.ID)+"?done=published", http.StatusSeeOther)
	return nil
}

func (s *server) postUnpublish(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	store, p, err := s.load(r, st)
	if err != nil {
		return err
	}
	if _, err := store.UnpublishPick(r.Context(), p.ID, st, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, adminURL(p.ID)+"?done=unpublished", http.StatusSeeOther)
	return nil
}

// postDelete deletes a pick once the box that confirms it is ticked.
func (s *server) postDelete(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	store, p, err := s.load(r, st)
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") == "" {
		e, err := s.savedEditor(r.Context(), r, p)
		if err != nil {
			return err
		}
		e.fail("confirm", "", s.Tr(r, "content.admin.delete_confirm_needed"))
		return s.renderEditor(w, r, st, http.StatusBadRequest, e)
	}
	if err := store.DeletePick(r.Context(), p.ID, st, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/picks?done=deleted", http.StatusSeeOther)
	return nil
}

// stateText says where a pick stands: a draft, published, or scheduled.
func (s *server) stateText(lang string, p library.Publication) string {
	now := s.Now()
	switch {
	case p.Scheduled(now):
		return s.I18n().T(lang, "content.state.scheduled", map[string]any{"When": s.whenText(lang, p.PublishAt)})
	case p.Public(now):
		return s.I18n().T(lang, "content.state.published", map[string]any{"When": s.whenText(lang, p.PublishAt)})
	}
	return s.I18n().T(lang, "content.state.draft", nil)
}

func (s *server) whenText(lang string, t time.Time) string {
	local := t.In(library.Helsinki)
	return s.FormatTime(lang, t) + " " + s.FormatClock(lang, library.NewClock(local.Hour(), local.Minute()))
}

// missing are the languages t is not given in, named each in itself.
func (s *server) missing(t library.Text) []web.LangText {
	var out []web.LangText
	for _, l := range t.Missing() {
		out = append(out, web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l})
	}
	return out
}

// doneText is the message of what a form did, from ?done=.
func (s *server) doneText(r *http.Request) string {
	switch d := r.URL.Query().Get("done"); d {
	case "created", "saved", "published", "unpublished", "deleted":
		return s.Tr(r, "content.done."+d)
	case "added", "removed", "moved":
		return s.Tr(r, "picks.done."+d)
	}
	return ""
}
