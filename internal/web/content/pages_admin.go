package content

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's pages, as their news (news_admin.go): a page also has its
// slug and its kind. Every change drops the footer's cache, so that the
// footer shows it at once.

func (s *server) servePageList(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
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
	ps, err := c.Pages(r.Context(), library.PageFilter{Libraries: libs})
	if err != nil {
		return err
	}
	all, _, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	lp := &listPage{NewURL: "/admin/pages/new", Done: s.doneText(r), Page: 1, Pages: 1}
	for _, p := range ps {
		lp.Rows = append(lp.Rows, listRow{URL: "/admin/pages/" + strconv.FormatInt(p.ID, 10), Title: web.TextIn(p.Title, lang),
			Slug: pageURL(p.Library, p.Slug), Kind: s.I18n().T(lang, "content.kind."+p.Kind, nil),
			Library: s.libraryName(all, p.Library, lang), State: s.stateText(lang, p.Publication), Missing: s.missing(p.Title)})
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "content_admin_list", s.Tr(r, "content.admin.pages_title"), lp)
	return nil
}

func (s *server) servePageNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	e := &editor{Action: "/admin/pages", Status: library.StatusDraft, Kind: library.PageOther}
	s.setTexts(e, nil, nil, nil)
	return s.renderPageEditor(w, r, st, http.StatusOK, e)
}

// pageForm reads the editor's form into a page.
func (s *server) pageForm(r *http.Request, e *editor) (library.Page, error) {
	p := library.Page{Slug: r.PostFormValue("slug"), Kind: r.PostFormValue("kind"),
		Title: formTexts(r, "title"), Body: formTexts(r, "body")}
	s.setTexts(e, p.Title, nil, p.Body)
	e.Slug, e.Kind = p.Slug, p.Kind
	e.Status, e.PublishAt = r.PostFormValue("status"), r.PostFormValue("publish_at")
	var err error
	p.Publication, err = s.formPublication(r)
	return p, err
}

func (s *server) postPageNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib := r.PostFormValue("library")
	if err := permitted(st, lib); err != nil {
		return err
	}
	c, err := s.store()
	if err != nil {
		return err
	}
	e := &editor{Action: "/admin/pages", Library: lib}
	p, err := s.pageForm(r, e)
	p.Library = lib
	if r.PostFormValue("preview") != "" {
		s.setPreview(e)
		return s.renderPageEditor(w, r, st, http.StatusOK, e)
	}
	if err == nil {
		p, err = c.CreatePage(r.Context(), p, st, s.Now())
	}
	if err == nil {
		s.footer.drop()
		http.Redirect(w, r, "/admin/pages/"+strconv.FormatInt(p.ID, 10)+"?done=created", http.StatusSeeOther)
		return nil
	}
	status, ok := s.refuse(r, e, err)
	if !ok {
		return err
	}
	return s.renderPageEditor(w, r, st, status, e)
}

// loadPage returns the page of the path, once Permit lets st edit it.
func (s *server) loadPage(r *http.Request, st library.Staff) (library.Content, library.Page, error) {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return nil, library.Page{}, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, library.Page{}, err
	}
	c, err := s.store()
	if err != nil {
		return nil, library.Page{}, err
	}
	p, err := c.Page(r.Context(), id)
	if err != nil {
		return nil, library.Page{}, err
	}
	return c, p, permitted(st, p.Library)
}

func (s *server) servePageEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, p, err := s.loadPage(r, st)
	if err != nil {
		return err
	}
	e := s.pageEditor(r, p)
	e.Done = s.doneText(r)
	return s.renderPageEditor(w, r, st, http.StatusOK, e)
}

// pageEditor is the editor of a saved page, as it is saved.
func (s *server) pageEditor(r *http.Request, p library.Page) *editor {
	e := &editor{ID: p.ID, Version: p.Version, Library: p.Library, Slug: p.Slug, Kind: p.Kind,
		Action: "/admin/pages/" + strconv.FormatInt(p.ID, 10)}
	s.setTexts(e, p.Title, nil, p.Body)
	s.setPublication(e, p.Publication)
	e.State = s.stateText(s.Lang(r), p.Publication)
	e.Missing = s.missing(p.Title)
	if p.Public(s.Now()) {
		e.PublicURL = pageURL(p.Library, p.Slug)
	}
	return e
}

func (s *server) postPageEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	c, old, err := s.loadPage(r, st)
	if err != nil {
		return err
	}
	e := s.pageEditor(r, old)
	p, err := s.pageForm(r, e)
	p.ID, p.Library = old.ID, old.Library
	p.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	e.Version = p.Version
	if r.PostFormValue("preview") != "" {
		s.setPreview(e)
		return s.renderPageEditor(w, r, st, http.StatusOK, e)
	}
	if err == nil {
		_, err = c.UpdatePage(r.Context(), p, st, s.Now())
	}
	if err == nil {
		s.footer.drop()
		http.Redirect(w, r, e.Action+"?done=saved", http.StatusSeeOther)
		return nil
	}
	status, ok := s.refuse(r, e, err)
	if !ok {
		return err
	}
	if library.ErrorKey(err) == "error.content_changed" {
		cur, lerr := c.Page(r.Context(), p.ID)
		if lerr != nil {
			return lerr
		}
		fresh := s.pageEditor(r, cur)
		fresh.Alert = e.Alert
		s.setPreview(e)
		fresh.Preview = e.Preview
		e = fresh
	}
	return s.renderPageEditor(w, r, st, status, e)
}

func (s *server) postPagePublish(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	c, p, err := s.loadPage(r, st)
	if err != nil {
		return err
	}
	if _, err := c.PublishPage(r.Context(), p.ID, time.Time{}, st, s.Now()); err != nil {
		return err
	}
	s.footer.drop()
	http.Redirect(w, r, "/admin/pages/"+strconv.FormatInt(p.ID, 10)+"?done=published", http.StatusSeeOther)
	return nil
}

func (s *server) postPageUnpublish(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	c, p, err := s.loadPage(r, st)
	if err != nil {
		return err
	}
	if _, err := c.UnpublishPage(r.Context(), p.ID, st, s.Now()); err != nil {
		return err
	}
	s.footer.drop()
	http.Redirect(w, r, "/admin/pages/"+strconv.FormatInt(p.ID, 10)+"?done=unpublished", http.StatusSeeOther)
	return nil
}

func (s *server) postPageDelete(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	c, p, err := s.loadPage(r, st)
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") == "" {
		e := s.pageEditor(r, p)
		e.fail("confirm", "", s.Tr(r, "content.admin.delete_confirm_needed"))
		return s.renderPageEditor(w, r, st, http.StatusBadRequest, e)
	}
	if err := c.DeletePage(r.Context(), p.ID, st, s.Now()); err != nil {
		return err
	}
	s.footer.drop()
	http.Redirect(w, r, "/admin/pages?done=deleted", http.StatusSeeOther)
	return nil
}

func (s *server) renderPageEditor(w http.ResponseWriter, r *http.Request, st library.Staff, status int, e *editor) error {
	lang := s.Lang(r)
	for _, k := range library.PageKinds {
		e.Kinds = append(e.Kinds, option{Value: k, Label: web.LangText{Text: s.I18n().T(lang, "content.kind."+k, nil)}, Selected: k == e.Kind})
	}
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
	title := s.Tr(r, "content.admin.page_new")
	if e.ID != 0 {
		title = s.Tr(r, "content.admin.page_edit")
	}
	web.NoStore(w)
	s.Render(w, r, status, "content_admin_edit", title, e)
	return nil
}
