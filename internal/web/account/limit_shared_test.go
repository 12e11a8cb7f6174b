package account_test

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// statuses sends n requests at once, each from a browser of its own, and
// counts the answers by status.
func statuses(t *testing.T, e *webtest.AuthEnv, n int, send func(b *webtest.Browser) *http.Response) map[int]int {
	t.Helper()
	var (
		mu  sync.Mutex
		got = map[int]int{}
		wg  sync.WaitGroup
	)
	for range n {
		b := e.Browser()
		wg.Go(func() {
			res := send(b)
			mu.Lock()
			got[res.StatusCode]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return got
}

// TestSharedLimitsConcurrent sends sign-ins and API requests from one
// address at the same moment through the limits kept in the database
// (store.DB's RateLimit, as kirjasto serve configures them): exactly the
// limit's number get through, on both databases.
func TestSharedLimitsConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := webtest.NewAuthEnv(t, db, web.AuthConfig{Limiter: db.RateLimit("signin", time.Minute, 5)})
		var card atomic.Int64
		got := statuses(t, e, 30, func(b *webtest.Browser) *http.Response {
			// Cards that do not exist, each its own: only the limit refuses.
			res, _ := b.SignIn(t, fmt.Sprint(990000+card.Add(1)), "0000")
			return res
		})
		if got[http.StatusTooManyRequests] != 25 || got[http.StatusUnauthorized] != 5 {
			t.Errorf("30 simultaneous sign-ins, limit 5: statuses %v, want 5 × 401 and 25 × 429", got)
		}

		e.Reconfigure(t, func(c *web.Config) { c.APILimiter = db.RateLimit("api", 10*time.Second, 10) })
		got = statuses(t, e, 40, func(b *webtest.Browser) *http.Response {
			res, _ := b.Do(t, "GET", "/api/v1/account", nil)
			return res
		})
		if got[http.StatusTooManyRequests] != 30 || got[http.StatusUnauthorized] != 10 {
			t.Errorf("40 simultaneous API requests, limit 10: statuses %v, want 10 × 401 and 30 × 429", got)
		}
	})
}
