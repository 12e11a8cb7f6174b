package account

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestAPIPaging follows "next" through a patron's loans and checks that
// the parts add up to the whole list, in order.
func TestAPIPaging(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		barcodes := []string{"F1-0", "F2-0", "F3-1", "F4-0", "F5-0"}
		for _, b := range barcodes {
			e.Checkout(t, e.Patron, b, webtest.Now)
		}
		var all struct {
			Loans []web.LoanView `json:"loans"`
		}
		webtest.APIGet(t, e, "/api/v1/account/loans", &all)
		if len(all.Loans) != len(barcodes) {
			t.Fatalf("%d loans in one part, want %d", len(all.Loans), len(barcodes))
		}
		var walked []string
		var totals []int
		next := "/api/v1/account/loans?limit=2"
		for range 10 { // bounded: 3 parts are expected
			var part struct {
				Loans  []web.LoanView `json:"loans"`
				Offset int            `json:"offset"`
				Limit  int            `json:"limit"`
				Total  int            `json:"total"`
				Next   string         `json:"next"`
			}
			patronGet(t, e, next, &part)
			for _, l := range part.Loans {
				walked = append(walked, l.Barcode)
			}
			totals = append(totals, part.Total)
			if part.Next == "" {
				break
			}
			next = part.Next
		}
		var want []string
		for _, l := range all.Loans {
			want = append(want, l.Barcode)
		}
		if diff := cmp.Diff(want, walked); diff != "" {
			t.Errorf("loans walked by next (-whole +walked):\n%s", diff)
		}
		if diff := cmp.Diff([]int{5, 5, 5}, totals); diff != "" {
			t.Errorf("totals (-want +got):\n%s", diff)
		}
	})
}

func TestAPIPagingBadInput(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for _, q := range []string{"offset=-1", "offset=x", "limit=0", "limit=101", "limit=1.5"} {
			res, body := e.Do(t, "GET", "/api/v1/account/holds?"+q, nil, e.AsPatron("en"))
			var eb web.ErrorBody
			json.Unmarshal([]byte(body), &eb)
			if res.StatusCode != http.StatusBadRequest || eb.Error.Code != "invalid" || eb.Error.Message == "" {
				t.Errorf("%s: %d %s, want 400 invalid with a message", q, res.StatusCode, body)
			}
		}
		// Past the end is an empty part, not an error.
		var part struct {
			Holds []holdView `json:"holds"`
			Next  string     `json:"next"`
		}
		patronGet(t, e, "/api/v1/account/holds?offset=1000", &part)
		if part.Holds == nil || len(part.Holds) != 0 || part.Next != "" {
			t.Errorf("past the end: %+v", part)
		}
	})
}

// TestSearchNext: the search answer links its next page until the last.
func TestSearchNext(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		var pages []int
		next := "/api/v1/search?q=kokoelma"
		for range 10 {
			res, body := e.Get(t, next)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", next, res.StatusCode)
			}
			var sp struct {
				Page, Pages int
				Next        string
			}
			if err := json.Unmarshal([]byte(body), &sp); err != nil {
				t.Fatal(err)
			}
			pages = append(pages, sp.Page)
			if sp.Next == "" {
				if sp.Page != sp.Pages {
					t.Errorf("no next on page %d of %d", sp.Page, sp.Pages)
				}
				break
			}
			next = sp.Next
		}
		if diff := cmp.Diff([]int{1, 2, 3}, pages); diff != "" {
			t.Errorf("pages followed (-want +got):\n%s", diff)
		}
	})
}

// patronGet is apiGet for a path that has a query already.
func patronGet(t *testing.T, e *webtest.CircEnv, path string, v any) {
	t.Helper()
	res, body := e.Do(t, "GET", path, nil, e.AsPatron("en"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, res.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}
