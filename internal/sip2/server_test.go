package sip2

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// withSum appends AZ and the checksum, as a kiosk with error detection on
// ends its messages, and the CR.
func withSum(s string) string { return s + "AZ" + Checksum([]byte(s+"AZ")) + "\r" }

func TestLogin(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		tests := []struct {
			name string
			in   string // without checksum and CR
			ok   bool
		}{
			{"kiosk at its branch", "9300CNsello-1|COkiosk-secret|CPesp-sello|AY1", true},
			{"kiosk without location", "9300CNsello-1|COkiosk-secret|AY1", true},
			{"login in capitals", "9300CNSELLO-1|COkiosk-secret|AY1", true},
			{"wrong password", "9300CNsello-1|COkiosk-secreT|CPesp-sello|AY1", false},
			{"unknown kiosk", "9300CNnobody|COkiosk-secret|AY1", false},
			{"kiosk claims another branch", "9300CNsello-1|COkiosk-secret|CPhki-oodi|AY1", false},
			{"roaming kiosk at a branch", "9300CNroaming|COkiosk-secret|CPhki-oodi|AY1", true},
			{"roaming kiosk without location", "9300CNroaming|COkiosk-secret|AY1", false},
			{"roaming kiosk at no branch", "9300CNroaming|COkiosk-secret|CPnowhere|AY1", false},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				for _, ed := range []bool{false, true} {
					c := f.dial(t, ed)
					in, want := tc.in+"\r", "940\r"
					if tc.ok {
						want = "941\r"
					}
					if ed {
						in, want = withSum(tc.in), withSum(want[:3]+"AY1")
					}
					if got := c.sendRaw(in); got != want {
						t.Errorf("error detection %v: %q answered %q, want %q", ed, in, got, want)
					}
				}
			})
		}
	})
}

// TestNotLoggedIn checks that a kiosk must log in before anything else,
// and is told so on its screen.
func TestNotLoggedIn(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, true)
		st := c.do(&SCStatus{MaxPrintWidth: 40, ProtocolVersion: "2.00"}).(*ACSStatus)
		if st.OnlineStatus || st.CheckoutOK || len(st.ScreenMessage) != 1 {
			t.Errorf("status before login: %+v, want offline with a screen message", st)
		}
		co := c.do(&Checkout{PatronID: ainoCard, ItemID: "S1", PatronPassword: ainoPIN}).(*CheckoutResponse)
		if co.OK || co.ItemID != "S1" || co.PatronID != ainoCard {
			t.Errorf("checkout before login: %+v, want refused with the item and patron", co)
		}
		c.login("sello-1", "esp-sello")
		st = c.do(&SCStatus{MaxPrintWidth: 40, ProtocolVersion: "2.00"}).(*ACSStatus)
		want := &ACSStatus{OnlineStatus: true, CheckinOK: true, CheckoutOK: true, ACSRenewalPolicy: true,
			StatusUpdateOK: true, TimeoutPeriod: 300, RetriesAllowed: 3, DateTimeSync: testNow, ProtocolVersion: "2.00",
			InstitutionID: "kirjasto", LibraryName: "Sellon kirjasto", Supported: supported, TerminalLocation: "sello-1"}
		if diff := cmp.Diff(want, st, cmpopts.EquateApproxTime(0)); diff != "" {
			t.Errorf("status after login (-want +got):\n%s", diff)
		}
	})
}

// TestResend checks the specification's error handling: a message that
// cannot be read gets 96 and the connection goes on; 97 repeats the last
// response byte for byte.
func TestResend(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, true)
		login := withSum("9300CNsello-1|COkiosk-secret|CPesp-sello|AY1")
		sum := login[len(login)-5 : len(login)-1]
		wrong := login[:len(login)-5] + map[bool]string{true: "0000", false: "FFFF"}[sum != "0000"] + "\r"
		garbled := login[:len(login)-2] + "G\r"
		tests := []struct{ name, in, want string }{
			{"wrong checksum", wrong, withSum("96")},
			{"garbled checksum", garbled, withSum("96")},
			{"login", login, withSum("941AY1")},
			{"resend asked", withSum("97"), withSum("941AY1")},
			{"missing checksum once error detection is on", "9900302.00AY2\r", withSum("96")},
			{"fixed field too short", withSum("99003AY3"), withSum("96")},
			{"unknown command", withSum("55AY4"), withSum("96")},
			{"bad date", withSum("2300020241399    101500AOx|AA1|AC|AY5"), withSum("96")},
			{"resend after 96", withSum("97"), withSum("96")},
		}
		for _, tc := range tests {
			if got := c.sendRaw(tc.in); got != tc.want {
				t.Errorf("%s: %q answered %q, want %q", tc.name, tc.in, got, tc.want)
			}
		}
		// The connection is still there and logged in.
		if st := c.do(&SCStatus{ProtocolVersion: "2.00"}).(*ACSStatus); !st.OnlineStatus {
			t.Errorf("after the errors, status %+v", st)
		}
	})
}

// TestErrorDetectionOff checks a kiosk without checksums: its messages are
// answered without AY and AZ.
func TestErrorDetectionOff(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, false)
		if got := c.sendRaw("9300CNsello-1|COkiosk-secret|CPesp-sello|\r"); got != "941\r" {
			t.Errorf("login answered %q", got)
		}
		got := c.sendRaw("9900302.00\r")
		if _, _, err := (Codec{}).ParseMessage([]byte(got)); err != nil || got[:2] != "98" || hasChecksum([]byte(got[:len(got)-1])) {
			t.Errorf("status answered %q (%v), want 98 without checksum", got, err)
		}
	})
}

// TestIdleTimeout checks that a silent kiosk is disconnected.
func TestIdleTimeout(t *testing.T) {
	withFixture(t, Config{IdleTimeout: 50 * time.Millisecond}, func(t *testing.T, f *fixture) {
		c := f.dial(t, false)
		c.login("sello-1", "")
		if !c.closed() {
			t.Error("an idle connection was not closed")
		}
	})
}

// TestTooLong checks that a stream without line ends is cut off rather
// than read without bound.
func TestTooLong(t *testing.T) {
	withFixture(t, Config{}, func(t *testing.T, f *fixture) {
		c := f.dial(t, false)
		long := make([]byte, DefaultMaxLen+10)
		for i := range long {
			long[i] = '9'
		}
		c.conn.Write(long)
		if !c.closed() {
			t.Error("a message over the limit did not close the connection")
		}
	})
}

// TestTLS checks a kiosk speaking SIP2 over TLS.
func TestTLS(t *testing.T) {
	cert := selfSigned(t)
	withFixture(t, Config{TLS: &tls.Config{Certificates: []tls.Certificate{cert}}}, func(t *testing.T, f *fixture) {
		pool := x509.NewCertPool()
		pool.AddCert(cert.Leaf)
		conn, err := tls.Dial("tcp", f.addr, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		c := newClient(t, conn, true)
		c.login("sello-1", "esp-sello")
		if _, err := net.Dial("tcp", f.addr); err != nil {
			t.Fatal(err)
		}
	})
}

// selfSigned makes a certificate for 127.0.0.1.
func selfSigned(t *testing.T) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kirjasto test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}
