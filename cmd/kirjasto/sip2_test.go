package main

import (
	"bufio"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/sip2"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

var sip2Line = regexp.MustCompile(`^Kirjasto serves SIP2 on (\S+)$`)

// startWithSIP2 runs kirjasto with args, which must ask for SIP2, and
// returns the server and the SIP2 address it printed.
func startWithSIP2(t testing.TB, args ...string) (*server, string) {
	t.Helper()
	s := start(t, args...)
	for _, line := range strings.Split(s.printed, "\n") {
		if m := sip2Line.FindStringSubmatch(line); m != nil {
			return s, m[1]
		}
	}
	t.Fatalf("kirjasto %v serves HTTP but printed no SIP2 address:\n%s", args, s.printed)
	return nil, ""
}

// kiosk is a SIP2 kiosk with error detection on, for the binary's tests.
type kiosk struct {
	t     testing.TB
	conn  net.Conn
	r     *bufio.Reader
	codec sip2.Codec
	seq   int
}

func dialKiosk(t testing.TB, addr string) *kiosk {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(2 * time.Minute)) // bounds a hung server; times nothing
	return &kiosk{t: t, conn: conn, r: bufio.NewReader(conn), codec: sip2.Codec{ErrorDetection: true, Location: library.Helsinki}}
}

func (k *kiosk) do(req sip2.Body) sip2.Body {
	k.t.Helper()
	k.seq = (k.seq + 1) % 10
	wire, err := k.codec.Encode(req, k.seq)
	if err != nil {
		k.t.Fatal(err)
	}
	if _, err := k.conn.Write(wire); err != nil {
		k.t.Fatal(err)
	}
	line, err := k.r.ReadString('\r')
	if err != nil {
		k.t.Fatalf("%q: %v", wire, err)
	}
	resp, seq, err := k.codec.Parse([]byte(line))
	if err != nil || seq != k.seq {
		k.t.Fatalf("%q answered %q: %v (sequence %d, want %d)", wire, line, err, seq, k.seq)
	}
	return resp
}

// TestDemoSIP2 starts the demo with SIP2 as the README says, logs in as
// the demo kiosk and lends and takes back a copy as a demo patron.
func TestDemoSIP2(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := append([]string{"demo", "--addr", "127.0.0.1:0", "--sip2-addr", "127.0.0.1:0", "--records", "3000", "--seed", "7"}, dbArgs(t, dialect)...)
			s, addr := startWithSIP2(t, args...)
			if !strings.Contains(s.printed, "demo-kiosk demo-kiosk") {
				t.Errorf("the demo does not print the kiosk's login:\n%s", s.printed)
			}
			recordID, barcode, branch := availableCopy(t, s)

			k := dialKiosk(t, addr)
			if resp := k.do(&sip2.Login{UIDAlgorithm: '0', PWDAlgorithm: '0', UserID: "demo-kiosk", Password: "demo-kiosk", Location: branch}).(*sip2.LoginResponse); !resp.OK {
				t.Fatalf("demo-kiosk at %s: login refused", branch)
			}
			if st := k.do(&sip2.SCStatus{ProtocolVersion: "2.00"}).(*sip2.ACSStatus); !st.OnlineStatus || st.LibraryName == "" {
				t.Errorf("SC status: %+v", st)
			}

			patrons, _ := demo.Patrons(7)
			var card string
			for _, p := range patrons {
				st := k.do(&sip2.PatronStatusRequest{PatronID: p.CardNumber, PatronPassword: p.PIN}).(*sip2.PatronStatusResponse)
				if !st.ValidPatron || !st.ValidPassword {
					t.Errorf("demo card %s with its PIN: valid %v, PIN %v", p.CardNumber, st.ValidPatron, st.ValidPassword)
				}
				if card == "" && !st.Status[sip2.PatronChargeDenied] {
					card = p.CardNumber
				}
				k.do(&sip2.EndPatronSession{PatronID: p.CardNumber})
			}
			if card == "" {
				t.Fatal("no demo patron may borrow")
			}
			pin := ""
			for _, p := range patrons {
				if p.CardNumber == card {
					pin = p.PIN
				}
			}
			co := k.do(&sip2.Checkout{PatronID: card, PatronPassword: pin, ItemID: barcode}).(*sip2.CheckoutResponse)
			if !co.OK || co.DueDate == "" || len(co.ScreenMessage) == 0 {
				t.Fatalf("checkout of %s: %+v", barcode, co)
			}
			if status := itemStatus(t, s, recordID, barcode); status != "on_loan" {
				t.Errorf("after a kiosk checkout the web shows %s as %q", barcode, status)
			}
			in := k.do(&sip2.Checkin{ItemID: barcode}).(*sip2.CheckinResponse)
			if !in.OK || in.SortBin == "" || len(in.ScreenMessage) == 0 {
				t.Errorf("checkin of %s: %+v", barcode, in)
			}
		})
	}
}

type recordJSON struct {
	Record struct {
		Material string `json:"material"`
	} `json:"record"`
	Items []struct {
		Barcode string `json:"barcode"`
		Branch  string `json:"branch"`
		Status  string `json:"status"`
	} `json:"items"`
}

// availableCopy finds a book on a shelf through the web API.
func availableCopy(t *testing.T, s *server) (recordID int64, barcode, branch string) {
	t.Helper()
	var res searchResponse
	s.getJSON(t, "/api/v1/search?q=&material=book", &res)
	for _, h := range res.Hits {
		var rec recordJSON
		s.getJSON(t, "/api/v1/records/"+strconv.FormatInt(h.ID, 10), &rec)
		for _, it := range rec.Items {
			if it.Status == "available" && rec.Record.Material == "book" {
				return h.ID, it.Barcode, it.Branch
			}
		}
	}
	t.Fatal("no book on a shelf in the demo")
	return 0, "", ""
}

// itemStatus returns the status the web API shows for a copy.
func itemStatus(t *testing.T, s *server, recordID int64, barcode string) string {
	t.Helper()
	var rec recordJSON
	s.getJSON(t, "/api/v1/records/"+strconv.FormatInt(recordID, 10), &rec)
	for _, it := range rec.Items {
		if it.Barcode == barcode {
			return it.Status
		}
	}
	return ""
}

func TestSIP2Check(t *testing.T) {
	tests := []struct {
		name    string
		addr    string
		secure  secureOptions
		wantErr bool
	}{
		{"off", "", secureOptions{}, false},
		{"loopback", "127.0.0.1:6001", secureOptions{}, false},
		{"all interfaces in the clear", ":6001", secureOptions{}, true},
		{"public address in the clear", "192.0.2.1:6001", secureOptions{}, true},
		{"public with TLS", "0.0.0.0:6001", secureOptions{cert: "c.pem", key: "k.pem"}, false},
		{"public behind a TLS proxy", "0.0.0.0:6001", secureOptions{behindProxy: true}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := sip2Options{addr: tc.addr}.check(tc.secure)
			if (err != nil) != tc.wantErr {
				t.Errorf("check(%q) = %v, want error %v", tc.addr, err, tc.wantErr)
			}
		})
	}
}

// TestSIP2ConnectionFlags checks the flags that keep idle connections
// from taking every SIP2 slot.
func TestSIP2ConnectionFlags(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		behindProxy bool
		wantPerAddr int
		wantLogin   time.Duration
	}{
		{"defaults", nil, false, sip2.DefaultMaxConnsPerAddr, sip2.DefaultLoginTimeout},
		{"given", []string{"--sip2-max-conns-per-addr", "50", "--sip2-login-timeout", "5s"}, false, 50, 5 * time.Second},
		{"no cap", []string{"--sip2-max-conns-per-addr", "0"}, false, -1, sip2.DefaultLoginTimeout},
		{"behind a proxy", nil, true, -1, sip2.DefaultLoginTimeout},
		{"behind a proxy, given", []string{"--sip2-max-conns-per-addr", "200"}, true, 200, sip2.DefaultLoginTimeout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var o sip2Options
			cmd := &cobra.Command{Use: "serve"}
			sip2Flags(cmd, &o)
			if err := cmd.ParseFlags(tc.args); err != nil {
				t.Fatal(err)
			}
			if got := o.maxConnsPerAddr(tc.behindProxy); got != tc.wantPerAddr {
				t.Errorf("cap per address %d, want %d", got, tc.wantPerAddr)
			}
			if o.login != tc.wantLogin {
				t.Errorf("login timeout %v, want %v", o.login, tc.wantLogin)
			}
		})
	}
}
