package site

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Ratings: one to five stars per patron and record. Everyone sees a
// record's average and count; a signed-in patron rates with a form of
// radio buttons, which needs no JavaScript and works from the keyboard.

// ratingView is a record's rating, on its page and in its JSON.
type ratingView struct {
	Average float64 `json:"average"` // to one decimal
	Count   int     `json:"count"`
	Text    string  `json:"-"` // "4.2 out of 5 stars from 17 ratings"
}

// recordMine is what the record page offers the user beyond the record:
// their rating and their lists, or the way to sign in for them.
type recordMine struct {
	RecordID int64
	SignedIn bool
	SignIn   string // where to sign in to rate
	ListsIn  string // where to sign in to add to a list
	Stars    []starChoice
	Rated    bool // the patron has a rating to remove
	Lists    []web.ListSummary
}

// starChoice is one radio button of the rating form.
type starChoice struct {
	Value   int
	Label   string
	Checked bool
}

// ratingStore returns the store's ratings, or nil if it keeps none.
func (s *server) ratingStore() library.Ratings {
	rs, _ := s.Store().(library.Ratings)
	return rs
}

// recordRating returns a record's rating for its page, or nil when the
// store keeps no ratings.
func (s *server) recordRating(ctx context.Context, lang string, id int64) (*ratingView, error) {
	rs := s.ratingStore()
	if rs == nil {
		return nil, nil
	}
	r, err := rs.RecordRating(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &ratingView{Average: math.Round(r.Average*10) / 10, Count: r.Count}
	if r.Count == 0 {
		v.Text = s.I18n().T(lang, "ratings.none", nil)
	} else {
		avg := strings.Replace(strconv.FormatFloat(v.Average, 'f', 1, 64), ".", s.I18n().T(lang, "ratings.decimal", nil), 1)
		v.Text = s.I18n().N(lang, "ratings.average", r.Count, map[string]any{"Average": avg, "Count": r.Count})
	}
	return v, nil
}

// recordMineFor builds the record page's rating and list forms.
func (s *server) recordMineFor(ctx context.Context, lang string, id int64, p library.Patron, signedIn bool) (*recordMine, error) {
	rs := s.ratingStore()
	ls, _ := s.Store().(library.Lists)
	if rs == nil || ls == nil {
		return nil, nil
	}
	m := &recordMine{RecordID: id, SignedIn: signedIn,
		SignIn:  "/signin?next=" + url.QueryEscape(web.RecordURL(id)+"/rating"),
		ListsIn: "/signin?next=" + url.QueryEscape(web.RecordURL(id)+"/lists"),
	}
	if !signedIn {
		return m, nil
	}
	mine, err := rs.PatronRating(ctx, p.ID, id)
	if err != nil {
		return nil, err
	}
	m.Rated = mine > 0
	for n := 1; n <= 5; n++ {
		m.Stars = append(m.Stars, starChoice{Value: n, Label: s.I18n().N(lang, "ratings.stars", n, map[string]any{"Count": n}), Checked: n == mine})
	}
	lists, err := ls.Lists(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, l := range lists {
		m.Lists = append(m.Lists, web.Summarize(l))
	}
	return m, nil
}

// rateRecord sets or, with "remove", removes the patron's rating of the
// record in the path, and goes back to the record.
func (s *server) rateRecord(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	rs := s.ratingStore()
	if rs == nil {
		return library.Errorf(library.ENOTFOUND, "this store keeps no ratings")
	}
	id, err := web.ParseRecordID(r.PathValue("id"))
	if err != nil {
		return err
	}
	stars := 0
	if r.PostFormValue("remove") == "" {
		stars, err = strconv.Atoi(r.PostFormValue("stars"))
		if err != nil || stars < 1 || stars > 5 {
			return web.Invalid("ratings.error.range", "stars %q", r.PostFormValue("stars"))
		}
	}
	if err := rs.Rate(r.Context(), p.ID, id, stars); err != nil {
		return err
	}
	http.Redirect(w, r, web.RecordURL(id)+"#rating", http.StatusSeeOther)
	return nil
}
