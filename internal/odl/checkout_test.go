package odl_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/odl/odltest"
)

// clock is the double's clock, moved by the tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type distributor struct {
	c     *odl.Client
	clock *clock
	feed  *odl.Feed
}

// newDistributor starts the double with a token and reads its feed.
func newDistributor(t *testing.T) *distributor { return newDistributorWith(t, nil) }

// newDistributorWith starts the double behind wrap, when it is not nil.
func newDistributorWith(t *testing.T, wrap func(http.Handler) http.Handler) *distributor {
	t.Helper()
	clk := &clock{t: start.Add(10 * time.Hour)}
	var h http.Handler = odltest.New(odltest.Options{Seed: 9, N: 150, Start: start, Now: clk.Now, Token: "s3cret"})
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := &odl.Client{Distributor: "demo", Token: "s3cret", Timeout: 5 * time.Second}
	return &distributor{c: c, clock: clk, feed: readFeed(t, c, srv.URL+odltest.FeedPath)}
}

// licence finds a licence matching ok.
func (d *distributor) licence(t *testing.T, what string, ok func(library.Licence) bool) library.Licence {
	t.Helper()
	for _, p := range d.feed.Publications {
		for _, l := range p.Licences {
			if ok(l) {
				return l
			}
		}
	}
	t.Fatalf("the feed has no %s licence", what)
	return library.Licence{}
}

var loanSeq struct {
	sync.Mutex
	n int
}

func checkout(d *distributor, l library.Licence) (odl.Status, error) {
	loanSeq.Lock()
	loanSeq.n++
	n := loanSeq.n
	loanSeq.Unlock()
	return d.c.Checkout(context.Background(), l, odl.CheckoutRequest{
		CheckoutID: fmt.Sprintf("loan-%d", n), PatronID: fmt.Sprintf("patron-%d", n),
		Expires: d.clock.Now().Add(14 * 24 * time.Hour), NotificationURL: "https://kirjasto.example/odl/notify"})
}

func wantRefusal(t *testing.T, err error, key string) {
	t.Helper()
	if library.ErrorKey(err) != key || library.ErrorCode(err) != library.ECONFLICT {
		t.Fatalf("error = %v (key %s), want ECONFLICT %s", err, library.ErrorKey(err), key)
	}
}

func TestCheckoutAndReturn(t *testing.T) {
	d := newDistributor(t)
	ctx := context.Background()
	l := d.licence(t, "concurrent", func(l library.Licence) bool { return l.Concurrency >= 3 && l.CheckoutsTotal == 0 })
	before, err := d.c.LicenceInfo(ctx, l.StatusURL)
	if err != nil {
		t.Fatal(err)
	}
	if before.Identifier != l.Identifier || before.Status != odl.InfoAvailable || before.Available != l.Concurrency ||
		before.Left != odl.Unlimited || len(before.Active) != 0 {
		t.Fatalf("info before = %+v", before)
	}
	req := odl.CheckoutRequest{CheckoutID: "loan-a", PatronID: "pseudonym-a", Expires: d.clock.Now().Add(7 * 24 * time.Hour)}
	s, err := d.c.Checkout(ctx, l, req)
	if err != nil {
		t.Fatal(err)
	}
	lic, ok := s.Licence()
	if s.Status != odl.StatusReady || !ok || lic.Type != odl.TypeLCPLicence || s.Self() == "" || s.End.Before(req.Expires.Truncate(time.Second)) {
		t.Fatalf("status = %+v", s)
	}
	if _, ok := s.Link("return"); !ok {
		t.Fatalf("no return link: %+v", s.Links)
	}
	// The same checkout again is the same loan (ODL's 303), no second place.
	again, err := d.c.Checkout(ctx, l, req)
	if err != nil || again.Self() != s.Self() {
		t.Fatalf("the same checkout again = %+v, %v", again, err)
	}
	info, err := d.c.LicenceInfo(ctx, l.StatusURL)
	if err != nil {
		t.Fatal(err)
	}
	if info.Available != l.Concurrency-1 || len(info.Active) != 1 || info.Active[0].PatronID != "pseudonym-a" || info.Active[0].ID != "loan-a" {
		t.Fatalf("info with one loan = %+v", info)
	}
	back, err := d.c.Return(ctx, s.Self())
	if err != nil {
		t.Fatal(err)
	}
	if back.Status != odl.StatusReturned || back.Open() {
		t.Fatalf("returned = %+v", back)
	}
	if _, ok := back.Link("return"); ok {
		t.Error("a returned loan still offers a return")
	}
	// Returning again is no error: the loan is over either way.
	if again, err := d.c.Return(ctx, s.Self()); err != nil || again.Status != odl.StatusReturned {
		t.Errorf("a second return = %+v, %v", again, err)
	}
	if info, _ := d.c.LicenceInfo(ctx, l.StatusURL); info.Available != l.Concurrency || len(info.Active) != 0 {
		t.Errorf("info after the return = %+v", info)
	}
}

// TestConcurrencyFull: N at once, the next refused until one returns.
func TestConcurrencyFull(t *testing.T) {
	d := newDistributor(t)
	l := d.licence(t, "concurrent", func(l library.Licence) bool { return l.Concurrency >= 2 && l.CheckoutsTotal == 0 })
	var loans []odl.Status
	for range l.Concurrency {
		s, err := checkout(d, l)
		if err != nil {
			t.Fatal(err)
		}
		loans = append(loans, s)
	}
	_, err := checkout(d, l)
	wantRefusal(t, err, odl.KeyUnavailable)
	if info, _ := d.c.LicenceInfo(context.Background(), l.StatusURL); info.Available != 0 || info.Status != odl.InfoAvailable {
		t.Errorf("info when full = %+v", info)
	}
	if _, err := d.c.Return(context.Background(), loans[0].Self()); err != nil {
		t.Fatal(err)
	}
	if _, err := checkout(d, l); err != nil {
		t.Fatalf("after a return: %v", err)
	}
	// A loan past its end frees its place by itself.
	_, err = checkout(d, l)
	wantRefusal(t, err, odl.KeyUnavailable)
	d.clock.Add(l.LoanLength + time.Minute)
	if st, err := d.c.LoanStatus(context.Background(), loans[1].Self()); err != nil || st.Status != odl.StatusExpired {
		t.Errorf("a loan past its end = %+v, %v", st, err)
	}
	if _, err := checkout(d, l); err != nil {
		t.Fatalf("after the loans ended: %v", err)
	}
}

// TestLastMeteredCheckout: a licence metered by count lends exactly its
// checkouts, returns or not, and then says so.
func TestLastMeteredCheckout(t *testing.T) {
	d := newDistributor(t)
	ctx := context.Background()
	l := d.licence(t, "metered", func(l library.Licence) bool { return l.CheckoutsTotal > 0 && l.Expires.IsZero() })
	for i := range l.CheckoutsTotal {
		s, err := checkout(d, l)
		if err != nil {
			t.Fatalf("checkout %d of %d: %v", i+1, l.CheckoutsTotal, err)
		}
		if _, err := d.c.Return(ctx, s.Self()); err != nil {
			t.Fatal(err)
		}
		info, err := d.c.LicenceInfo(ctx, l.StatusURL)
		if err != nil {
			t.Fatal(err)
		}
		if left := l.CheckoutsTotal - i - 1; info.Left != left {
			t.Fatalf("after checkout %d: left %d, want %d", i+1, info.Left, left)
		}
		if i == l.CheckoutsTotal-2 {
			if got := info.Apply(l, d.clock.Now()); got.Status != library.LicenceActive || got.Checkouts != 1 {
				t.Errorf("one left: %+v", got)
			}
		}
	}
	_, err := checkout(d, l)
	wantRefusal(t, err, odl.KeyUnavailable)
	info, err := d.c.LicenceInfo(ctx, l.StatusURL)
	if err != nil {
		t.Fatal(err)
	}
	if info.Left != 0 || info.Status != odl.InfoUnavailable {
		t.Errorf("used up: %+v", info)
	}
	if got := info.Apply(l, d.clock.Now()); got.Status != library.LicenceUsedUp || got.Checkouts != 0 {
		t.Errorf("used up licence = %+v", got)
	}
}

// TestExpiredLicence: a licence past its expiry lends no more; one
// expiring ends its loans no later than itself.
func TestExpiredLicence(t *testing.T) {
	d := newDistributor(t)
	now := d.clock.Now()
	expired := d.licence(t, "expired", func(l library.Licence) bool { return !l.Expires.IsZero() && l.Expires.Before(now) })
	_, err := checkout(d, expired)
	wantRefusal(t, err, odl.KeyExpired)
	info, err := d.c.LicenceInfo(context.Background(), expired.StatusURL)
	if err != nil {
		t.Fatal(err)
	}
	if info.Status != odl.InfoUnavailable || info.Apply(expired, now).Status != library.LicenceExpired {
		t.Errorf("expired licence's info = %+v", info)
	}

	soon := d.licence(t, "expiring", func(l library.Licence) bool {
		return l.Expires.After(now) && l.Expires.Before(now.AddDate(0, 6, 0))
	})
	// The day before its expiry it lends, to its expiry at the latest.
	d.clock.Add(soon.Expires.Sub(now) - 24*time.Hour)
	s, err := checkout(d, soon)
	if err != nil {
		t.Fatalf("the day before expiry: %v", err)
	}
	if !s.End.Equal(soon.Expires) {
		t.Errorf("a loan the day before expiry ends %v, the licence %v", s.End, soon.Expires)
	}
	if _, err := d.c.Return(context.Background(), s.Self()); err != nil {
		t.Fatal(err)
	}
	// On the expiry day itself, no more.
	d.clock.Add(24 * time.Hour)
	_, err = checkout(d, soon)
	wantRefusal(t, err, odl.KeyExpired)
}

// TestLastPlaceRace: 20 checkouts of the last free place at once; the
// distributor lends it exactly once.
func TestLastPlaceRace(t *testing.T) {
	const n = 20
	// A gate in front of the double holds the checkouts until all 20
	// have arrived and lets them in together: the double, not the
	// network, decides who wins.
	var arrived sync.WaitGroup
	arrived.Add(n)
	gate := make(chan struct{})
	go func() { arrived.Wait(); close(gate) }()
	d := newDistributorWith(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				arrived.Done()
				<-gate
			}
			next.ServeHTTP(w, r)
		})
	})
	l := d.licence(t, "one copy, one user", func(l library.Licence) bool {
		return l.Concurrency == 1 && l.CheckoutsTotal == 0 && l.Expires.IsZero()
	})
	var wg sync.WaitGroup
	errs := make([]error, n)
	ready := make(chan struct{})
	for i := range errs {
		wg.Go(func() {
			<-ready
			_, errs[i] = checkout(d, l)
		})
	}
	close(ready)
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case library.ErrorKey(err) != odl.KeyUnavailable:
			t.Errorf("a loser's error = %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d checkouts of the one place succeeded", won)
	}
}

// TestCredentialsAndSecrets: the token is needed and is never in an
// error; neither is the patron's identifier.
func TestCredentialsAndSecrets(t *testing.T) {
	d := newDistributor(t)
	l := d.licence(t, "any", func(l library.Licence) bool { return true })
	anon := &odl.Client{Distributor: "demo"}
	_, err := anon.Checkout(context.Background(), l, odl.CheckoutRequest{CheckoutID: "x", PatronID: "patron-secret-id"})
	if library.ErrorKey(err) != odl.KeyRefused {
		t.Fatalf("a checkout without the token: %v", err)
	}
	wrong := &odl.Client{Distributor: "demo", Token: "wrong-token"}
	_, err = wrong.LicenceInfo(context.Background(), l.StatusURL+"?passphrase=hush")
	for _, e := range []error{err} {
		if e == nil || strings.Contains(e.Error(), "wrong-token") || strings.Contains(e.Error(), "hush") {
			t.Errorf("error = %v", e)
		}
	}
	_, err = anon.Checkout(context.Background(), l, odl.CheckoutRequest{CheckoutID: "x", PatronID: "patron-secret-id"})
	if strings.Contains(err.Error(), "patron-secret-id") {
		t.Errorf("the patron's identifier in an error: %v", err)
	}
	// Required parameters are asked for before anything is sent.
	if _, err := d.c.Checkout(context.Background(), l, odl.CheckoutRequest{CheckoutID: "x"}); library.ErrorCode(err) != library.EINVALID {
		t.Errorf("a checkout without a patron: %v", err)
	}
	// A distributor that does not answer in time.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(2 * time.Second) }))
	defer slow.Close()
	impatient := &odl.Client{Distributor: "demo", Timeout: 100 * time.Millisecond}
	if _, err := impatient.LicenceInfo(context.Background(), slow.URL+"/licenses/x"); library.ErrorKey(err) != odl.KeyUnreachable {
		t.Errorf("a distributor that does not answer: %v", err)
	}
}

func TestRenew(t *testing.T) {
	d := newDistributor(t)
	ctx := context.Background()
	l := d.licence(t, "concurrent", func(l library.Licence) bool { return l.Concurrency >= 3 && l.CheckoutsTotal == 0 })
	req := odl.CheckoutRequest{CheckoutID: "loan-r", PatronID: "pseudonym-r", Expires: d.clock.Now().Add(7 * 24 * time.Hour)}
	s, err := d.c.Checkout(ctx, l, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Link("renew"); !ok {
		t.Fatalf("no renew link: %+v", s.Links)
	}
	// Past the potential rights: refused before asking.
	_, err = d.c.Renew(ctx, s.Self(), s.End.Add(time.Hour))
	wantRefusal(t, err, odl.KeyNoRenew)

	end := req.Expires.Add(7 * 24 * time.Hour).Truncate(time.Second)
	if _, err := d.c.Renew(ctx, s.Self(), end); err != nil {
		t.Fatal(err)
	}
	info, err := d.c.LicenceInfo(ctx, l.StatusURL)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Active) != 1 || !info.Active[0].Expires.Equal(end) {
		t.Fatalf("after the renewal the loan ends %+v, want %v", info.Active, end)
	}
	// Once returned, there is nothing to renew.
	if _, err := d.c.Return(ctx, s.Self()); err != nil {
		t.Fatal(err)
	}
	_, err = d.c.Renew(ctx, s.Self(), end.Add(time.Hour))
	wantRefusal(t, err, odl.KeyNoRenew)
}
