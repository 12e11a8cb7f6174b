package sip2

import (
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/auth/authtest"
	"github.com/kirjasto/kirjasto/internal/store"
)

// TestLockoutConcurrent sends 30 PINs for one card at the same moment,
// over 30 kiosk connections, the right PIN among them: at most five are
// ever checked, as on the web. Then the right PIN is refused until the
// lock ends, and the screen message tells the minutes left.
func TestLockoutConcurrent(t *testing.T) {
	const conns = 30
	// Thirty kiosks at one address: the per-address cap, tested in
	// limits_test.go, would refuse ten of them.
	withFixture(t, Config{MaxConnsPerAddr: -1}, func(t *testing.T, f *fixture) {
		h := auth.NewHasher([]byte("test pepper"), auth.TestParams) // the fixture's
		f.db.SetAccountConfig(store.AccountConfig{Hasher: h})
		g := authtest.Watch(h)
		// Every kiosk logs in first: the burst is of PINs alone.
		free := make(chan *client, conns)
		for range conns {
			c := f.dial(t, true)
			c.login("sello-1", "esp-sello")
			free <- c
		}
		lang := "fi" // Aino's, the kiosk asks for none
		t9n := f.srv.i18n
		outcomes := map[string]string{
			t9n.T(lang, "error.signin_failed", nil):   "error.signin_failed",
			t9n.T(lang, "error.signin_busy", nil):     "error.signin_busy",
			t9n.N(lang, "error.card_locked", 15, nil): "error.card_locked",
		}
		status := func(c *client, pin string) *PatronStatusResponse {
			resp, err := c.try(&PatronStatusRequest{PatronID: ainoCard, PatronPassword: pin})
			if err != nil {
				t.Error(err)
				return &PatronStatusResponse{}
			}
			return resp.(*PatronStatusResponse)
		}
		g.LockWithBurst(t, conns, ainoPIN, func(pin string) string {
			c := <-free
			defer func() { free <- c }()
			st := status(c, pin)
			switch {
			case st.ValidPassword:
				return "ok"
			case len(st.ScreenMessage) != 1:
				return "no screen message"
			case outcomes[st.ScreenMessage[0]] != "":
				return outcomes[st.ScreenMessage[0]]
			}
			return "unexpected: " + st.ScreenMessage[0]
		}, "ok", "error.signin_failed", "error.signin_busy", "error.card_locked")

		f.setNow(testNow.Add(10*time.Minute + time.Second))
		st := status(f.dial(t, true).loggedIn(), ainoPIN)
		want := t9n.N(lang, "error.card_locked", 5, nil)
		if st.ValidPassword || !st.ValidPatron || len(st.ScreenMessage) != 1 || st.ScreenMessage[0] != want {
			t.Errorf("right PIN 10 min into the lock: valid PIN %v, valid card %v, AF %q; want refused with %q",
				st.ValidPassword, st.ValidPatron, st.ScreenMessage, want)
		}
		if n := g.Checked(ainoPIN); n != 0 {
			t.Errorf("right PIN checked %d times during the lock", n)
		}
		f.setNow(testNow.Add(15*time.Minute + time.Second))
		if st := status(f.dial(t, true).loggedIn(), ainoPIN); !st.ValidPassword {
			t.Errorf("right PIN after the lock refused: AF %q", st.ScreenMessage)
		}
	})
}

// loggedIn logs c in as the kiosk at Sello and returns it.
func (c *client) loggedIn() *client {
	c.login("sello-1", "esp-sello")
	return c
}
