// Package authtest helps tests prove that sign-in limits hold under
// concurrency: a Gate counts the secrets an auth.Hasher really checks, and
// lines up a burst of attempts so that they race as hard as they can.
package authtest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
)

// Gate observes a Hasher. During a Burst each check of a secret waits
// until every attempt of the burst has either reached its check or been
// answered without one: so attempts that are checked before they are
// counted are all checked, every time, not only when the scheduler
// happens to interleave them badly.
type Gate struct {
	mu      sync.Mutex
	checked map[string]int
	seen    int           // attempts of the burst at a check or answered
	burst   int           // attempts in the burst
	open    chan struct{} // closed when the burst's checks may go on
}

// maxHold bounds how long a check waits for the rest of its burst, so a
// test with a mistake in it fails instead of hanging.
const maxHold = 10 * time.Second

// Watch makes h report its checks to a new Gate.
func Watch(h *auth.Hasher) *Gate {
	g := &Gate{checked: make(map[string]int)}
	h.Observe(g.observe)
	return g
}

func (g *Gate) observe(secret string) {
	g.mu.Lock()
	g.checked[secret]++
	open := g.open
	g.arrive()
	g.mu.Unlock()
	if open != nil {
		select {
		case <-open:
		case <-time.After(maxHold):
		}
	}
}

// arrive counts an attempt of the burst as seen and opens the gate when
// all are. g.mu is held.
func (g *Gate) arrive() {
	if g.open == nil {
		return
	}
	g.seen++
	if g.seen == g.burst {
		close(g.open)
	}
}

// Burst runs attempt once for each secret, all at once, and returns the
// outcomes in the order of secrets.
func (g *Gate) Burst(secrets []string, attempt func(secret string) string) []string {
	g.mu.Lock()
	g.seen, g.burst, g.open = 0, len(secrets), make(chan struct{})
	g.mu.Unlock()
	out := make([]string, len(secrets))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, s := range secrets {
		wg.Go(func() {
			<-start
			out[i] = attempt(s)
			g.mu.Lock()
			g.arrive() // an attempt refused before any check; harmless after
			g.mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	g.mu.Lock()
	g.open = nil
	g.mu.Unlock()
	return out
}

// Checked returns how many times secret was checked.
func (g *Gate) Checked(secret string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.checked[secret]
}

// CheckedOther returns how many checks were of secrets other than these.
func (g *Gate) CheckedOther(these ...string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for s, c := range g.checked {
		n += c
		for _, t := range these {
			if s == t {
				n -= c
			}
		}
	}
	return n
}

// Reset forgets the checks counted so far.
func (g *Gate) Reset() {
	g.mu.Lock()
	defer g.mu.Unlock()
	clear(g.checked)
}

// Guesses returns n secrets for a burst: n-1 wrong ones and right in
// the middle.
func Guesses(n int, right string) []string {
	out := Wrong(n-1, right)
	mid := len(out) / 2
	return append(out[:mid], append([]string{right}, out[mid:]...)...)
}

// Wrong returns n different secrets, none of them right.
func Wrong(n int, right string) []string {
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		if s := pin(i); s != right {
			out = append(out, s)
		}
	}
	return out
}

func pin(i int) string {
	const digits = "0123456789"
	b := []byte("9000")
	for j := 3; j > 0 && i > 0; j-- {
		b[j] = digits[i%10]
		i /= 10
	}
	return string(b)
}

// Limit is the most secrets a burst may have checked: the lockout's five
// failures.
const Limit = 5

// LockWithBurst sends a burst of n guesses, right among them, through try
// (which returns an attempt's outcome, "ok" for a success) and fails t
// unless between one and Limit secrets were checked and every outcome is
// one of want. If right won a place among the checked and signed in
// (forgetting the failures before it), a second burst of wrong guesses
// follows, so that the caller finds the subject locked either way. The
// counts are reset at the end.
func (g *Gate) LockWithBurst(t testing.TB, n int, right string, try func(secret string) string, want ...string) {
	t.Helper()
	guesses := Guesses(n, right)
	for round := 1; round <= 2; round++ {
		g.Reset()
		outcomes := g.Burst(guesses, try)
		if c := g.CheckedOther(); c > Limit || c == 0 {
			t.Errorf("burst %d: %d secrets checked, want 1 to %d (outcomes %v)", round, c, Limit, outcomes)
		}
		won := false
		for i, o := range outcomes {
			if !slices.Contains(want, o) || o == "ok" && guesses[i] != right {
				t.Errorf("burst %d: guess %q: outcome %q, want one of %v", round, guesses[i], o, want)
			}
			won = won || o == "ok"
		}
		if !won {
			break
		}
		guesses = Wrong(n, right)
	}
	g.Reset()
}
