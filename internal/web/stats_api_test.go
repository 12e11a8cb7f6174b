package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestStatsAPI lends two copies at a Helsinki branch and one of them
// again after a return, rolls the day up, and reads the loans and the
// most borrowed title back from the open statistics.
func TestStatsAPI(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		desk := library.Actor{StaffID: e.Staff.ID, Branch: "hki-oodi"}
		for i, bc := range []string{"T1-1", "T1-2"} {
			if _, err := e.DB.Checkout(ctx, e.Patron.ID, bc, desk, webtest.Now.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.DB.Renew(ctx, e.Patron.ID, "T1-1", web.WebActor(e.Patron), webtest.Now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := e.DB.RollUpStats(ctx, today(webtest.Now)); err != nil {
			t.Fatal(err)
		}
		res, body := e.Get(t, "/api/v1/stats?library=helsinki&from=2026-11&to=2026-11")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", res.StatusCode, body)
		}
		var got struct {
			Loans []struct {
				Month, Library      string
				Checkouts, Renewals int64
			}
			TopTitles []struct {
				Library, Material string
				RecordID          int64 `json:"record_id"`
				Loans             int64
			} `json:"top_titles"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Loans) != 1 || got.Loans[0].Month != "2026-11" || got.Loans[0].Library != "helsinki" ||
			got.Loans[0].Checkouts != 2 || got.Loans[0].Renewals != 1 {
			t.Errorf("loans %+v, want 2 checkouts and 1 renewal in Helsinki in 2026-11", got.Loans)
		}
		if len(got.TopTitles) != 1 || got.TopTitles[0].RecordID != e.Records["(TEST)1"] || got.TopTitles[0].Loans != 2 {
			t.Errorf("top titles %+v, want (TEST)1 lent twice", got.TopTitles)
		}
		// Espoo lent nothing.
		_, body = e.Get(t, "/api/v1/stats?library=espoo&from=2026-11&to=2026-11")
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Loans) != 0 || len(got.TopTitles) != 0 {
			t.Errorf("Espoo: %s", body)
		}
		// A bad month is a 400 with the reason in the asker's language.
		res, body = e.Get(t, "/api/v1/stats?to=11/2026&lang=fi")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "VVVV-KK") {
			t.Errorf("bad month: %d %s", res.StatusCode, body)
		}
	})
}
