package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/sip2"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// BenchmarkFeedAcrossProcesses is BenchmarkFeedAcrossNodes with two real
// `kirjasto serve` processes on one PostgreSQL (issue 19): each operation
// lends a copy through node A's SIP2 kiosk port, the copy being its
// title's only one on the shelf of its branch, and polls node B's search
// API with that branch's availability filter until the title no longer
// counts there. The time is from sending the checkout to B's first
// answer that shows it: the kiosk's round trip, the commit, the NOTIFY,
// B's follower and one search; the after-answer figures leave out the
// kiosk's round trip. Run with -benchtime 200x for 200 loans.
func BenchmarkFeedAcrossProcesses(b *testing.B) {
	dsn := storetest.PostgresDSN(b)
	pepper := "feed-across-processes-" + strings.Repeat("p", 32)
	_, sipAddr := startWithSIP2(b, "demo", "--addr", "127.0.0.1:0", "--sip2-addr", "127.0.0.1:0", "--records", "4000",
		"--data", b.TempDir(), "--db", dsn, "--pepper", pepper, "--log-level", "warn")
	node := start(b, "serve", "--addr", "127.0.0.1:0", "--data", b.TempDir(), "--db", dsn,
		"--pepper", pepper, "--behind-proxy", "--log-level", "warn")
	ctx := context.Background()
	lendable := lendableCopies(b, ctx, dsn)
	patrons, _ := demo.Patrons(1)

	// One kiosk, at the branch with the most copies to lend: a kiosk
	// lends where it stands, and SIP2 takes few connections from one
	// address.
	branch, lendable := mostLendable(lendable)
	k := dialKiosk(b, sipAddr)
	login := &sip2.Login{UIDAlgorithm: '0', PWDAlgorithm: '0', UserID: "demo-kiosk", Password: "demo-kiosk", Location: branch}
	if resp := k.do(login).(*sip2.LoginResponse); !resp.OK {
		b.Fatalf("demo-kiosk at %s: login refused", branch)
	}
	// B's API counts requests per client address; each loan's polls
	// come from an address of their own, so that none is refused.
	shelved := func(branch, addr string) int {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, node.url+"/api/v1/search?q=&limit=1&available_branch="+branch, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("X-Forwarded-For", addr)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		var res struct {
			Total int `json:"total"`
		}
		if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&res) != nil {
			b.Fatalf("node B's search at %s: %s", branch, resp.Status)
		}
		return res.Total
	}

	var lat, shown []time.Duration // from sending the checkout; from its answer
	patron := 0
	b.ResetTimer()
	for i := range b.N {
		if i >= len(lendable) {
			b.Fatalf("only %d copies to lend at %s", len(lendable), branch)
		}
		c := lendable[i]
		addr := fmt.Sprintf("10.19.%d.%d", i/250, i%250+1)
		before := shelved(c.branch, addr)
		start := time.Now()
		// A patron at their loan limit is refused: the next one borrows.
		for tries := 0; ; tries++ {
			if tries == len(patrons) {
				b.Fatalf("no demo patron may borrow %s", c.barcode)
			}
			p := patrons[patron%len(patrons)]
			co := k.do(&sip2.Checkout{PatronID: p.CardNumber, PatronPassword: p.PIN, ItemID: c.barcode}).(*sip2.CheckoutResponse)
			if co.OK {
				shown = append(shown, -time.Since(start))
				break
			}
			patron++
			start = time.Now()
		}
		for shelved(c.branch, addr) != before-1 {
			if time.Since(start) > time.Minute {
				b.Fatalf("copy %s: node B still shows it on the shelf after a minute", c.barcode)
			}
			time.Sleep(time.Millisecond)
		}
		lat = append(lat, time.Since(start))
		shown[len(shown)-1] += lat[len(lat)-1]
	}
	b.StopTimer()
	report := func(d []time.Duration, prefix string) {
		slices.Sort(d)
		b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, prefix+"p50-ms")
		b.ReportMetric(float64(d[len(d)*99/100].Microseconds())/1000, prefix+"p99-ms")
		b.ReportMetric(float64(d[len(d)-1].Microseconds())/1000, prefix+"max-ms")
	}
	report(lat, "")
	report(shown, "after-answer-")
}

// copyAt is a copy to lend and the branch whose shelf it is on.
type copyAt struct{ barcode, branch string }

// lendableCopies returns the copies that are their title's only one on
// the shelf of their branch: lending one takes the title off that
// branch's availability filter.
func lendableCopies(b *testing.B, ctx context.Context, dsn string) []copyAt {
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var lendable []copyAt
	err = db.ScanRecords(ctx, 0, func(_ library.Record, items []library.Item) error {
		n := map[string]int{}
		for _, it := range items {
			if it.Status == library.Available {
				n[it.Branch]++
			}
		}
		for _, it := range items {
			if it.Status == library.Available && n[it.Branch] == 1 {
				lendable = append(lendable, copyAt{it.Barcode, it.Branch})
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return lendable
}

// mostLendable returns the branch with the most copies in cs, and those.
func mostLendable(cs []copyAt) (string, []copyAt) {
	at := map[string][]copyAt{}
	best := ""
	for _, c := range cs {
		at[c.branch] = append(at[c.branch], c)
		if len(at[c.branch]) > len(at[best]) {
			best = c.branch
		}
	}
	return best, at[best]
}
