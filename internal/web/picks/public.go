package picks

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The residents' pages: every current pick (/picks, by library), and one
// pick with its records (/picks/{id}).

// perPage is the number of picks on a page of /picks.
const perPage = 12

// cardRecords is how many of a pick's records a card shows.
const cardRecords = 3

// listPage is /picks.
type listPage struct {
	Picks     []Card
	Libraries []option // the filter by library
	Library   string
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	FeedURL   string
}

// option is a choice of a select.
type option struct {
	Value    string
	Label    web.LangText
	Selected bool
}

func (s *server) servePicks(w http.ResponseWriter, r *http.Request) error {
	page, err := web.ParsePage(r.URL.Query().Get(web.ParamPage))
	if err != nil {
		return err
	}
	ctx, lang := r.Context(), s.Lang(r)
	n, err := readNames(ctx, s.Server)
	if err != nil {
		return err
	}
	lib := r.URL.Query().Get("library")
	ps, total, err := s.public(ctx, n, lib, "", (page-1)*perPage, perPage)
	if err != nil {
		return err
	}
	lp := &listPage{Library: lib, Page: page, Pages: max(1, (total+perPage-1)/perPage), FeedURL: "/picks.atom"}
	if page > lp.Pages {
		return web.Invalid("error.page_past_end", "page %d of %d", page, lp.Pages)
	}
	if lib != "" {
		lp.FeedURL += "?library=" + url.QueryEscape(lib)
	}
	for _, p := range ps {
		v := summarize(s.Server, p, n, lang)
		if v.Records, err = records(ctx, s.Server, firstRecords(p), n, lang); err != nil {
			return err
		}
		lp.Picks = append(lp.Picks, v)
	}
	lp.Libraries = append(lp.Libraries, option{Value: "", Label: web.LangText{Text: s.Tr(r, "content.news.all")}, Selected: lib == ""})
	for _, l := range n.libs {
		if !l.Closed() {
			lp.Libraries = append(lp.Libraries, option{Value: l.ID, Label: web.TextIn(l.Name, lang), Selected: l.ID == lib})
		}
	}
	if page > 1 {
		lp.PrevURL = listURL(r, page-1)
	}
	if page < lp.Pages {
		lp.NextURL = listURL(r, page+1)
	}
	s.Render(w, r, http.StatusOK, "picks_list", s.Tr(r, "picks.title"), lp)
	return nil
}

func listURL(r *http.Request, page int) string {
	v := r.URL.Query()
	v.Del(web.ParamPage)
	if page > 1 {
		v.Set(web.ParamPage, strconv.Itoa(page))
	}
	return (&url.URL{Path: "/picks", RawQuery: v.Encode()}).String()
}

// public returns the picks public now of lib and the consortium (every
// library's when lib is ""), leaving out other branches' when branch is
// set, from offset, and their number. An unknown library is the
// caller's mistake.
func (s *server) public(ctx context.Context, n names, lib, branch string, offset, limit int) ([]library.Pick, int, error) {
	store, err := picksOf(s.Server)
	if err != nil {
		return nil, 0, err
	}
	f := library.PickFilter{PublicAt: s.Now(), Offset: offset, Limit: limit, Branch: branch}
	if lib != "" {
		if !n.knownLibrary(lib) {
			return nil, 0, web.Invalid("error.content_library", "library %q", lib)
		}
		f.Libraries = []string{"", lib}
	}
	return store.Picks(ctx, f)
}

func firstRecords(p library.Pick) []library.PickRecord {
	return p.Records[:min(len(p.Records), cardRecords)]
}

func (s *server) servePick(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicPick(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "picks_pick", v.Title.Text, &v)
	return nil
}

// publicPick returns the public pick the request's path names; one not
// public (a draft, or scheduled) is not found.
func (s *server) publicPick(r *http.Request) (pickView, error) {
	id, err := pathID(r)
	if err != nil {
		return pickView{}, err
	}
	store, err := picksOf(s.Server)
	if err != nil {
		return pickView{}, err
	}
	p, err := store.Pick(r.Context(), id)
	if err != nil {
		return pickView{}, err
	}
	if !p.Public(s.Now()) {
		return pickView{}, &library.Error{Code: library.ENOTFOUND, Key: "error.pick_not_found", Message: "pick not public"}
	}
	n, err := readNames(r.Context(), s.Server)
	if err != nil {
		return pickView{}, err
	}
	return wholeView(r.Context(), s.Server, p, n, s.Lang(r))
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
