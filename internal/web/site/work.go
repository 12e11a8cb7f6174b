package site

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The work page, /works/{id}, lists the editions of a work (works.go) by
// format, newest first, each with its availability per city and branch;
// a record page links to it when its work has other editions.

// maxWorkEditions is how many editions a work page lists: a work with
// hundreds (a scripture, a classic) shows the newest of each format.
const maxWorkEditions = 200

// workPage is the page of one work: its editions by format.
type workPage struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Authors  []string     `json:"authors"`
	Editions int          `json:"editions"`
	Shown    int          `json:"shown"` // Editions, or maxWorkEditions of them
	YearFrom int          `json:"year_from,omitempty"`
	YearTo   int          `json:"year_to,omitempty"`
	Formats  []workFormat `json:"formats"`
}

// workFormat is the editions of a work in one format, newest first.
type workFormat struct {
	Material string        `json:"material"`
	Label    string        `json:"label"`
	Editions []editionView `json:"editions"`
}

// editionView is one edition on a work page.
type editionView struct {
	ID            int64       `json:"id"`
	Title         string      `json:"title"`
	Subtitle      string      `json:"subtitle,omitempty"`
	Year          int         `json:"year,omitempty"`
	Language      string      `json:"language"`
	LanguageLabel string      `json:"language_label"`
	Publisher     string      `json:"publisher,omitempty"`
	Summary       summary     `json:"summary"`
	Availability  []cityAvail `json:"availability"`
	Cover         web.Cover   `json:"cover"`
}

func (s *server) workRoutes(mux *http.ServeMux) {
	mux.Handle("GET /works/{id}", s.Wrap(s.serveWork, false))
	mux.Handle("GET /api/v1/works/{id}", s.Wrap(s.apiWork, true))
}

func (s *server) serveWork(w http.ResponseWriter, r *http.Request) error {
	wp, err := s.workPage(r.Context(), s.Lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "work", wp.Title, wp)
	return nil
}

func (s *server) apiWork(w http.ResponseWriter, r *http.Request) error {
	wp, err := s.workPage(r.Context(), s.Lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, wp)
	return nil
}

// workEditions returns the record IDs of a work's editions. A work ID is
// SearchHit.WorkID: the index's key of the work, or "r" and the record
// ID for a record that is a work of its own.
func (s *server) workEditions(ctx context.Context, id string) ([]int64, error) {
	notFound := library.Errorf(library.ENOTFOUND, "work %q", id)
	notFound.Key = "error.work_not_found"
	if rest, ok := strings.CutPrefix(id, "r"); ok {
		rid, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || rid <= 0 || s.Works() == nil || s.Works().WorkOf(ctx, rid) != id {
			return nil, notFound
		}
		return []int64{rid}, nil
	}
	if s.Works() == nil {
		return nil, notFound
	}
	ids := s.Works().Editions(ctx, id)
	if len(ids) == 0 {
		return nil, notFound
	}
	return ids, nil
}

func (s *server) workPage(ctx context.Context, lang, id string) (*workPage, error) {
	ids, err := s.workEditions(ctx, id)
	if err != nil {
		return nil, err
	}
	eds, err := s.editions(ctx, ids)
	if err != nil {
		return nil, err
	}
	if len(eds) == 0 {
		e := library.Errorf(library.ENOTFOUND, "work %q: every edition deleted", id)
		e.Key = "error.work_not_found"
		return nil, e
	}
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	wp := &workPage{ID: id, Editions: len(eds), Authors: []string{}, Formats: []workFormat{}}
	byMaterial := map[library.Material][]edition{}
	for _, ed := range eds {
		if y := ed.rec.Year; y > 0 {
			if wp.YearFrom == 0 || y < wp.YearFrom {
				wp.YearFrom = y
			}
			wp.YearTo = max(wp.YearTo, y)
		}
		byMaterial[ed.rec.Material] = append(byMaterial[ed.rec.Material], ed)
	}
	for _, m := range materialOrder(byMaterial) {
		list := byMaterial[m]
		slices.SortFunc(list, func(a, b edition) int {
			return cmp.Or(cmp.Compare(b.rec.Year, a.rec.Year), cmp.Compare(b.rec.ID, a.rec.ID))
		})
		wf := workFormat{Material: string(m), Label: s.materialName(lang, m), Editions: []editionView{}}
		for _, ed := range list {
			if wp.Shown == maxWorkEditions {
				break
			}
			wp.Shown++
			wf.Editions = append(wf.Editions, editionView{
				ID: ed.rec.ID, Title: ed.rec.Title, Subtitle: ed.rec.Subtitle, Year: ed.rec.Year,
				Language: ed.rec.Language, LanguageLabel: s.languageName(lang, ed.rec.Language),
				Publisher: ed.rec.Publisher, Summary: s.summarize(lang, ed),
				Availability: s.availability(lang, ed.items, libs, branches),
				Cover:        s.Cover(lang, ed.rec, web.CoverInList),
			})
		}
		if len(wf.Editions) > 0 {
			wp.Formats = append(wp.Formats, wf)
		}
	}
	// The work is named as its newest edition in the first format names it.
	first := wp.Formats[0].Editions[0].ID
	for _, ed := range eds {
		if ed.rec.ID == first {
			wp.Title = ed.rec.Title
			for _, c := range ed.rec.Authors {
				wp.Authors = append(wp.Authors, c.Name)
			}
		}
	}
	return wp, nil
}

// workRef is the work of a record, on the record page.
type workRef struct {
	ID       string `json:"id"`
	URL      string `json:"url"`
	Editions int    `json:"editions"`
}

// workOf returns the work of a record for the link from its page to "all
// editions and formats", or nil if the record is its work's only edition.
func (s *server) workOf(ctx context.Context, recordID int64) *workRef {
	if s.Works() == nil {
		return nil
	}
	id := s.Works().WorkOf(ctx, recordID)
	if id == "" || strings.HasPrefix(id, "r") {
		return nil
	}
	n := len(s.Works().Editions(ctx, id))
	if n < 2 {
		return nil
	}
	return &workRef{ID: id, URL: "/works/" + url.PathEscape(id), Editions: n}
}
