package content

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/markdown"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The residents' pages: the news, a news item, a content page. Each shows
// a text in the reader's language when it has one, else in Finnish (or
// the first language it has), with the language marked and a note that
// says so in the reader's language.

// newsPerPage is the number of items on a page of /news.
const newsPerPage = 10

// newsView is a news item in one language, as the pages and the API
// show it.
type newsView struct {
	ID          int64        `json:"id"`
	Library     string       `json:"library"` // "" for the consortium's
	LibraryName web.LangText `json:"library_name"`
	Title       web.LangText `json:"title"`
	// Summary is the summary written, or the beginning of the body.
	Summary web.LangText `json:"summary"`
	// BodyHTML is the body, rendered; only an item's own answer has it.
	BodyHTML  template.HTML `json:"body_html,omitempty"`
	Lang      string        `json:"lang"` // the language shown
	Languages []string      `json:"languages"`
	Published time.Time     `json:"published"`
	URL       string        `json:"url"`
	Date      string        `json:"-"`
	Note      string        `json:"-"` // says the text is in another language
}

// pageView is a content page in one language.
type pageView struct {
	Slug        string        `json:"slug"`
	Library     string        `json:"library"`
	LibraryName web.LangText  `json:"library_name"`
	Kind        string        `json:"kind"`
	Title       web.LangText  `json:"title"`
	BodyHTML    template.HTML `json:"body_html"`
	Lang        string        `json:"lang"`
	Languages   []string      `json:"languages"`
	Updated     time.Time     `json:"updated"`
	URL         string        `json:"url"`
	Date        string        `json:"-"`
	Note        string        `json:"-"`
}

// newsURL and pageURL are the public addresses of a news item and a page.
func newsURL(id int64) string { return "/news/" + strconv.FormatInt(id, 10) }

func pageURL(lib, slug string) string {
	if lib == "" {
		return "/pages/" + slug
	}
	return "/pages/" + lib + "/" + slug
}

// shownIn is the language a text titled title is shown in on a page in
// lang, and the note that says so when it is not lang.
func (s *server) shownIn(title library.Text, lang string) (in, note string) {
	_, in = title.Lookup(lang)
	if in != lang && in != "" {
		note = s.I18n().T(lang, "content.missing."+in, nil)
	}
	return in, note
}

// libraryName names a library, or the consortium for "".
func (s *server) libraryName(libs []library.Library, id, lang string) web.LangText {
	if id == "" {
		return web.LangText{Text: s.I18n().T(lang, "content.consortium", nil), Lang: lang}
	}
	for _, l := range libs {
		if l.ID == id {
			return web.TextIn(l.Name, lang)
		}
	}
	return web.LangText{Text: id}
}

// summaryLen is how much of a body stands for a summary not written.
const summaryLen = 240

func (s *server) newsView(n library.NewsItem, libs []library.Library, lang string, withBody bool) newsView {
	in, note := s.shownIn(n.Title, lang)
	v := newsView{
		ID: n.ID, Library: n.Library, LibraryName: s.libraryName(libs, n.Library, lang),
		Title: web.LangText{Text: n.Title[in], Lang: in}, Lang: in, Languages: n.Languages(),
		Published: n.PublishAt, URL: newsURL(n.ID), Date: s.FormatTime(lang, n.PublishAt), Note: note,
	}
	summary := n.Summary[in]
	if summary == "" {
		summary = clip(markdown.Text(n.Body[in]), summaryLen)
	}
	v.Summary = web.LangText{Text: summary, Lang: in}
	if withBody {
		v.BodyHTML = markdown.Render(n.Body[in])
	}
	return v
}

func (s *server) pageView(p library.Page, libs []library.Library, lang string) pageView {
	in, note := s.shownIn(p.Title, lang)
	return pageView{
		Slug: p.Slug, Library: p.Library, LibraryName: s.libraryName(libs, p.Library, lang), Kind: p.Kind,
		Title: web.LangText{Text: p.Title[in], Lang: in}, BodyHTML: markdown.Render(p.Body[in]),
		Lang: in, Languages: p.Languages(), Updated: p.Updated, URL: pageURL(p.Library, p.Slug),
		Date: s.FormatTime(lang, p.Updated), Note: note,
	}
}

// clip shortens s to at most n characters, at a word, with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	for i := len(r) - 1; i > n/2; i-- {
		if r[i] == ' ' {
			r = r[:i]
			break
		}
	}
	return string(r) + "…"
}

// newsPage is /news: a page of the public news, newest first.
type newsPage struct {
	Items     []newsView
	Total     int
	Libraries []option // the filter by library
	Library   string
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
}

// option is a choice of a select.
type option struct {
	Value    string
	Label    web.LangText
	Selected bool
}

func (s *server) serveNews(w http.ResponseWriter, r *http.Request) error {
	page, err := web.ParsePage(r.URL.Query().Get(web.ParamPage))
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	lib := r.URL.Query().Get("library")
	items, total, err := s.publicNews(r.Context(), lib, libs, lang, (page-1)*newsPerPage, newsPerPage)
	if err != nil {
		return err
	}
	np := &newsPage{Items: items, Total: total, Library: lib, Page: page, Pages: max(1, (total+newsPerPage-1)/newsPerPage)}
	if page > np.Pages {
		return web.Invalid("error.page_past_end", "page %d of %d", page, np.Pages)
	}
	np.Libraries = append(np.Libraries, option{Value: "", Label: web.LangText{Text: s.Tr(r, "content.news.all")}, Selected: lib == ""})
	for _, l := range libs {
		if !l.Closed() {
			np.Libraries = append(np.Libraries, option{Value: l.ID, Label: web.TextIn(l.Name, lang), Selected: l.ID == lib})
		}
	}
	if page > 1 {
		np.PrevURL = newsPageURL(r, page-1)
	}
	if page < np.Pages {
		np.NextURL = newsPageURL(r, page+1)
	}
	s.Render(w, r, http.StatusOK, "content_news", s.Tr(r, "content.news.title"), np)
	return nil
}

func newsPageURL(r *http.Request, page int) string {
	v := r.URL.Query()
	v.Del(web.ParamPage)
	if page > 1 {
		v.Set(web.ParamPage, strconv.Itoa(page))
	}
	return (&url.URL{Path: "/news", RawQuery: v.Encode()}).String()
}

// publicNews returns the public news of lib and the consortium ("" for
// every library's), from offset, and their number.
func (s *server) publicNews(ctx context.Context, lib string, libs []library.Library, lang string, offset, limit int) ([]newsView, int, error) {
	c, err := s.store()
	if err != nil {
		return nil, 0, err
	}
	f := library.NewsFilter{PublicAt: s.Now(), Offset: offset, Limit: limit}
	if lib != "" {
		if !knownLibrary(libs, lib) {
			return nil, 0, web.Invalid("error.content_library", "library %q", lib)
		}
		f.Libraries = []string{"", lib}
	}
	ns, total, err := c.News(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out := []newsView{}
	for _, n := range ns {
		out = append(out, s.newsView(n, libs, lang, false))
	}
	return out, total, nil
}

func knownLibrary(libs []library.Library, id string) bool {
	for _, l := range libs {
		if l.ID == id {
			return true
		}
	}
	return false
}

func (s *server) serveNewsItem(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicNewsItem(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "content_news_item", v.Title.Text, &v)
	return nil
}

// publicNewsItem returns the public news item the request's path names;
// one not public (a draft, or scheduled) is not found.
func (s *server) publicNewsItem(r *http.Request) (newsView, error) {
	id, err := web.ParseID(r.PathValue("id"))
	if err != nil {
		return newsView{}, library.Errorf(library.ENOTFOUND, "news item %q", r.PathValue("id"))
	}
	c, err := s.store()
	if err != nil {
		return newsView{}, err
	}
	n, err := c.NewsItem(r.Context(), id)
	if err != nil {
		return newsView{}, err
	}
	if !n.Public(s.Now()) {
		return newsView{}, &library.Error{Code: library.ENOTFOUND, Key: "error.news_not_found", Message: "news item not public"}
	}
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return newsView{}, err
	}
	return s.newsView(n, libs, s.Lang(r), true), nil
}

func (s *server) servePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicPage(r, r.PathValue("lib"))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "content_page", v.Title.Text, &v)
	return nil
}

// publicPage returns the public page of lib ("" the consortium) with the
// request path's slug.
func (s *server) publicPage(r *http.Request, lib string) (pageView, error) {
	slug := r.PathValue("slug")
	notFound := &library.Error{Code: library.ENOTFOUND, Key: "error.page_not_found", Message: "page " + lib + "/" + slug}
	if library.ValidateSlug(slug) != nil || (lib != "" && library.ValidateID(lib) != nil) {
		return pageView{}, notFound
	}
	c, err := s.store()
	if err != nil {
		return pageView{}, err
	}
	p, err := c.PageBySlug(r.Context(), lib, slug)
	if err != nil {
		return pageView{}, err
	}
	if !p.Public(s.Now()) {
		return pageView{}, notFound
	}
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return pageView{}, err
	}
	return s.pageView(p, libs, s.Lang(r)), nil
}
