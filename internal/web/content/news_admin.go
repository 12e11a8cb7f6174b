package content

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's news: the list, the editor (new and edit, with a
// preview), publishing, unpublishing and deleting. Every handler asks
// Permit for ActContent at the item's library (permitted).

// listRow is a news item or page in the staff's list.
type listRow struct {
	URL     string
	Title   web.LangText
	Slug    string // a page's
	Kind    string // a page's, in words
	Library web.LangText
	State   string
	Missing []web.LangText
}

// listPage is the staff's list of news items or pages.
type listPage struct {
	News    bool
	Rows    []listRow
	NewURL  string
	Done    string
	Page    int
	Pages   int
	PrevURL string
	NextURL string
}

// staffPerPage is the number of items on a page of the staff's list.
const staffPerPage = 50

func (s *server) serveNewsList(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	page, err := web.ParsePage(r.URL.Query().Get(web.ParamPage))
	if err != nil {
		return err
	}
	c, err := s.store()
	if err != nil {
		return err
	}
	libs, err := s.readable(r.Context(), st)
	if err != nil {
		return err
	}
	ns, total, err := c.News(r.Context(), library.NewsFilter{Libraries: libs, Offset: (page - 1) * staffPerPage, Limit: staffPerPage})
	if err != nil {
		return err
	}
	all, _, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	lp := &listPage{News: true, NewURL: "/admin/news/new", Done: s.doneText(r), Page: page,
		Pages: max(1, (total+staffPerPage-1)/staffPerPage)}
	for _, n := range ns {
		lp.Rows = append(lp.Rows, listRow{URL: "/admin/news/" + strconv.FormatInt(n.ID, 10), Title: web.TextIn(n.Title, lang),
			Library: s.libraryName(all, n.Library, lang), State: s.stateText(lang, n.Publication), Missing: s.missing(n.Title)})
	}
	if page > 1 {
		lp.PrevURL = "/admin/news?page=" + strconv.Itoa(page-1)
	}
	if page < lp.Pages {
		lp.NextURL = "/admin/news?page=" + strconv.Itoa(page+1)
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "content_admin_list", s.Tr(r, "content.admin.news_title"), lp)
	return nil
}

func (s *server) serveNewsNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	e := &editor{News: true, Action: "/admin/news", Status: library.StatusDraft}
	s.setTexts(e, nil, nil, nil)
	return s.renderNewsEditor(w, r, st, http.StatusOK, e)
}

// newsForm reads the editor's form into an item.
func (s *server) newsForm(r *http.Request, e *editor) (library.NewsItem, error) {
	n := library.NewsItem{Title: formTexts(r, "title"), Summary: formTexts(r, "summary"), Body: formTexts(r, "body")}
	s.setTexts(e, n.Title, n.Summary, n.Body)
	e.Status, e.PublishAt = r.PostFormValue("status"), r.PostFormValue("publish_at")
	var err error
	n.Publication, err = s.formPublication(r)
	return n, err
}

func (s *server) postNewsNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib := r.PostFormValue("library")
	if err := permitted(st, lib); err != nil {
		return err
	}
	c, err := s.store()
	if err != nil {
		return err
	}
	e := &editor{News: true, Action: "/admin/news", Library: lib}
	n, err := s.newsForm(r, e)
	n.Library = lib
	if r.PostFormValue("preview") != "" {
		s.setPreview(e)
		return s.renderNewsEditor(w, r, st, http.StatusOK, e)
	}
	if err == nil {
		n, err = c.CreateNews(r.Context(), n, st, s.Now())
	}
	if err == nil {
		http.Redirect(w, r, "/admin/news/"+strconv.FormatInt(n.ID, 10)+"?done=created", http.StatusSeeOther)
		return nil
	}
	status, ok := s.refuse(r, e, err)
	if !ok {
		return err
	}
	return s.renderNewsEditor(w, r, st, status, e)
}

// loadNews returns the item of the path, once Permit lets st edit it.
func (s *server) loadNews(r *http.Request, st library.Staff) (library.Content, library.NewsItem, error) {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return nil, library.NewsItem{}, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, library.NewsItem{}, err
	}
	c, err := s.store()
	if err != nil {
		return nil, library.NewsItem{}, err
	}
	n, err := c.NewsItem(r.Context(), id)
	if err != nil {
		return nil, library.NewsItem{}, err
	}
	return c, n, permitted(st, n.Library)
}

func (s *server) serveNewsEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, n, err := s.loadNews(r, st)
	if err != nil {
		return err
	}
	e := s.newsEditor(r, n)
	e.Done = s.doneText(r)
	return s.renderNewsEditor(w, r, st, http.StatusOK, e)
}

// newsEditor is the editor of a saved item, as it is saved.
func (s *server) newsEditor(r *http.Request, n library.NewsItem) *editor {
	e := &editor{News: true, ID: n.ID, Version: n.Version, Library: n.Library, Action: "/admin/news/" + strconv.FormatInt(n.ID, 10)}
	s.setTexts(e, n.Title, n.Summary, n.Body)
	s.setPublication(e, n.Publication)
	e.State = s.stateText(s.Lang(r), n.Publication)
	e.Missing = s.missing(n.Title)
	if n.Public(s.Now()) {
		e.PublicURL = newsURL(n.ID)
	}
	return e
}

func (s *server) postNewsEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	c, old, err := s.loadNews(r, st)
	if err != nil {
		return err
	}
	e := s.newsEditor(r, old)
	n, err := s.newsForm(r, e)
	n.ID, n.Library = old.ID, old.Library
	n.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	e.Version = n.Version
	if r.PostFormValue("preview") != "" {
		s.setPreview(e)
		return s.renderNewsEditor(w, r, st, http.StatusOK, e)
	}
	if err == nil {
		_, err = c.UpdateNews(r.Context(), n, st, s.Now())
	}
	if err == nil {
		http.Redirect(w, r, e.Action+"?done=saved", http.StatusSeeOther)
		return nil
	}
	status, ok := s.refuse(r, e, err)
	if !ok {
		return err
	}
	if library.ErrorKey(err) == "error.content_changed" {
		// Someone else saved first: show what is saved now, with what
		// this editor wrote as its preview, so that nothing typed is lost.
		cur, lerr := c.NewsItem(r.Context(), n.ID)
		if lerr != nil {
			return lerr
		}
		fresh := s.newsEditor(r, cur)
		fresh.Alert = e.Alert
		s.setPreview(e)
		fresh.Preview = e.Preview
		e = fresh
	}
	return s.renderNewsEditor(w, r, st, status, e)
}

func (s *server) postNewsPublish(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	c, n, err := s.loadNews(r, st)
	if err != nil {
		return err
	}
	if _, err := c.PublishNews(r.Context(), n.ID, time.Time{}, st, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/news/"+strconv.FormatInt(n.ID, 10)+"?done=published", http.StatusSeeOther)
	return nil
}

func (s *server) postNewsUnpublish(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	c, n, err := s.loadNews(r, st)
	if err != nil {
		return err
	}
	if _, err := c.UnpublishNews(r.Context(), n.ID, st, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/news/"+strconv.FormatInt(n.ID, 10)+"?done=unpublished", http.StatusSeeOther)
	return nil
}

// postNewsDelete deletes an item once the box that confirms it is ticked.
func (s *server) postNewsDelete(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	c, n, err := s.loadNews(r, st)
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") == "" {
		e := s.newsEditor(r, n)
		e.fail("confirm", "", s.Tr(r, "content.admin.delete_confirm_needed"))
		return s.renderNewsEditor(w, r, st, http.StatusBadRequest, e)
	}
	if err := c.DeleteNews(r.Context(), n.ID, st, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/news?done=deleted", http.StatusSeeOther)
	return nil
}

func (s *server) renderNewsEditor(w http.ResponseWriter, r *http.Request, st library.Staff, status int, e *editor) error {
	lang := s.Lang(r)
	if e.ID == 0 {
		opts, err := s.writable(r.Context(), st, lang, e.Library)
		if err != nil {
			return err
		}
		e.Libraries = opts
	} else {
		libs, _, err := s.Consortium(r.Context())
		if err != nil {
			return err
		}
		e.LibName = s.libraryName(libs, e.Library, lang)
	}
	title := s.Tr(r, "content.admin.news_new")
	if e.ID != 0 {
		title = s.Tr(r, "content.admin.news_edit")
	}
	web.NoStore(w)
	s.Render(w, r, status, "content_admin_edit", title, e)
	return nil
}
