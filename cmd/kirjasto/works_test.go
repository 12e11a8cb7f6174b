package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

type worksResponse struct {
	Total int    `json:"total"`
	Works int    `json:"works"`
	Group string `json:"group"`
	Hits  []struct {
		ID   int64 `json:"id"`
		Work *struct {
			ID       string  `json:"id"`
			Editions []int64 `json:"editions"`
			Formats  []struct {
				Material string `json:"material"`
				Status   string `json:"status"`
			} `json:"formats"`
		} `json:"work"`
	} `json:"hits"`
}

type workResponse struct {
	Editions int `json:"editions"`
	Formats  []struct {
		Material string `json:"material"`
		Editions []struct {
			ID int64 `json:"id"`
		} `json:"editions"`
	} `json:"formats"`
}

// TestDemoWorks groups the demo catalogue by work through the real binary:
// a work in several formats is one hit whose work page lists them all, and
// its ID still names it after a restart.
func TestDemoWorks(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := dbArgs(t, dialect)
			s := start(t, append([]string{"demo", "--addr", "127.0.0.1:0", "--records", "600", "--seed", "3"}, args...)...)

			// The demo catalogue opens with real works in several formats.
			var r worksResponse
			s.getJSON(t, "/api/v1/search?q=&group=works", &r)
			if r.Group != "works" || r.Total != 600+demoETitles || r.Works == 0 || r.Works >= r.Total {
				t.Fatalf("group %q: %d works of %d records, want fewer works than records", r.Group, r.Works, r.Total)
			}
			var id string
			var editions int
			for _, h := range r.Hits {
				if h.Work != nil && len(h.Work.Formats) > 1 {
					id, editions = h.Work.ID, len(h.Work.Editions)
					break
				}
			}
			if id == "" {
				t.Fatal("no work with more than one format on the first page")
			}
			var w workResponse
			s.getJSON(t, "/api/v1/works/"+id, &w)
			listed := 0
			for _, f := range w.Formats {
				listed += len(f.Editions)
			}
			if w.Editions != editions || listed != editions || len(w.Formats) < 2 {
				t.Errorf("work %s: %d editions in %d formats (%d listed), want the hit's %d", id, w.Editions, len(w.Formats), listed, editions)
			}
			code, body := s.get(t, "/works/"+id)
			if code != http.StatusOK || !strings.Contains(body, `<h1>`) {
				t.Errorf("GET /works/%s: %d", id, code)
			}

			// The demo distributor's e-titles that lend now are online
			// now, each with its licences in words and its e-lending page.
			var online struct {
				Total int `json:"total"`
				Hits  []struct {
					ID           int64  `json:"id"`
					Material     string `json:"material"`
					Availability struct {
						Online bool   `json:"online"`
						ELib   string `json:"elib"`
					} `json:"availability"`
				} `json:"hits"`
			}
			s.getJSON(t, "/api/v1/search?online=now", &online)
			if online.Total == 0 || online.Total > demoETitles {
				t.Errorf("online now: %d records, want some of the %d e-titles", online.Total, demoETitles)
			}
			for _, h := range online.Hits {
				if !strings.HasPrefix(h.Material, "e") || !h.Availability.Online || h.Availability.ELib != fmt.Sprintf("/elib/%d", h.ID) {
					t.Errorf("online now: record %d, %s, %+v", h.ID, h.Material, h.Availability)
				}
			}
			s.stop(t)

			s2 := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
			var again workResponse
			s2.getJSON(t, "/api/v1/works/"+id, &again)
			if again.Editions != w.Editions {
				t.Errorf("after restart, work %s has %d editions, want %d", id, again.Editions, w.Editions)
			}
		})
	}
}
