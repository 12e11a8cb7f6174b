package main

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestSecureCheck(t *testing.T) {
	tests := []struct {
		name    string
		o       secureOptions
		addr    string
		wantErr bool
	}{
		{"loopback v4", secureOptions{}, "127.0.0.1:8080", false},
		{"loopback v6", secureOptions{}, "[::1]:8080", false},
		{"localhost", secureOptions{}, "localhost:8080", false},
		{"all interfaces", secureOptions{}, ":8080", true},
		{"public address", secureOptions{}, "192.0.2.1:80", true},
		{"public behind proxy", secureOptions{behindProxy: true}, "0.0.0.0:8080", false},
		{"public with TLS", secureOptions{cert: "c.pem", key: "k.pem"}, ":443", false},
		{"cert without key", secureOptions{cert: "c.pem"}, "127.0.0.1:443", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.o.check(tt.addr)
			if (err != nil) != tt.wantErr {
				t.Errorf("check(%q) = %v, want error %v", tt.addr, err, tt.wantErr)
			}
		})
	}
}

func TestPepperGeneratedOnce(t *testing.T) {
	cfg := &config{data: t.TempDir(), logger: slog.New(slog.DiscardHandler)}
	var o secureOptions
	first, err := o.loadPepper(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(cfg.data, pepperFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("pepper file mode %v, want 0600", fi.Mode().Perm())
	}
	second, err := o.loadPepper(cfg)
	if err != nil || string(first) != string(second) || len(first) < 32 {
		t.Errorf("second start: pepper %q, %v; want the first one, %q", second, err, first)
	}
	o.pepper = "from the flag"
	if p, _ := o.loadPepper(cfg); string(p) != "from the flag" {
		t.Errorf("--pepper ignored: %q", p)
	}
}

func TestHSTS(t *testing.T) {
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	tests := []struct {
		name  string
		o     secureOptions
		proto string
		want  string
	}{
		{"plain", secureOptions{}, "", ""},
		{"proxy over https", secureOptions{behindProxy: true}, "https", "max-age=31536000"},
		{"proxy over http", secureOptions{behindProxy: true}, "http", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			if tt.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			rec := httptest.NewRecorder()
			tt.o.hsts(ok).ServeHTTP(rec, req)
			if got := rec.Header().Get("Strict-Transport-Security"); got != tt.want {
				t.Errorf("HSTS %q, want %q", got, tt.want)
			}
		})
	}
}
