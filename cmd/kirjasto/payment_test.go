package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/payment"
	"github.com/kirjasto/kirjasto/internal/web"
)

// TestPaymentAndSMSFlags: the provider flags choose Paytrail or the test
// provider, refuse what cannot work, and the secrets come from a flag, a
// file or the environment without --help ever printing them.
func TestPaymentAndSMSFlags(t *testing.T) {
	t.Setenv("KIRJASTO_PAYMENT_SECRET", "env-secret-value")
	t.Setenv("KIRJASTO_SMS_TOKEN", "env-sms-token")
	log := slog.New(slog.DiscardHandler)

	var help bytes.Buffer
	cmd := newServeCmd(&config{})
	cmd.SetOut(&help)
	cmd.Usage()
	for _, flag := range []string{"--sms-url", "--sms-token", "--sms-sender", "--payment-provider", "--payment-url", "--payment-merchant", "--payment-secret"} {
		if !strings.Contains(help.String(), flag) {
			t.Errorf("serve --help has no %s", flag)
		}
	}
	if strings.Contains(help.String(), "env-secret-value") || strings.Contains(help.String(), "env-sms-token") {
		t.Error("serve --help prints a secret")
	}

	cfg := &config{logger: log}
	if p, err := paymentProvider(cfg); p != nil || err != nil {
		t.Errorf("no provider: %v, %v; want none", p, err)
	}
	cfg.demoAccounts = []web.DemoAccount{{}}
	if p, err := paymentProvider(cfg); err != nil {
		t.Error(err)
	} else if _, ok := p.(*payment.Test); !ok {
		t.Errorf("a demo pays through %T, want the test provider", p)
	}

	cfg = &config{logger: log, payment: paymentOptions{provider: "paytrail", url: payment.PaytrailURL, merchant: "375917"}}
	if _, err := paymentProvider(cfg); err == nil || !strings.Contains(err.Error(), "--public-url") {
		t.Errorf("paytrail without --public-url: %v", err)
	}
	cfg.secure.publicURL = "https://kirjasto.example.fi"
	if p, err := paymentProvider(cfg); err != nil {
		t.Error(err)
	} else if _, ok := p.(*payment.Paytrail); !ok {
		t.Errorf("paytrail: %T", p)
	}
	t.Setenv("KIRJASTO_PAYMENT_SECRET", "")
	if _, err := paymentProvider(cfg); err == nil {
		t.Error("paytrail without a secret was accepted")
	}
	file := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(file, []byte("file-secret\n"), 0o600)
	cfg.payment.secretFile = file
	if _, err := paymentProvider(cfg); err != nil {
		t.Errorf("secret from a file: %v", err)
	}
	cfg.payment.provider = "paypal"
	if _, err := paymentProvider(cfg); err == nil {
		t.Error("an unknown provider was accepted")
	}

	if g, err := (&smsOptions{}).gateway(); g != nil || err != nil {
		t.Errorf("no --sms-url: %v, %v; want no gateway", g, err)
	}
	if _, err := (&smsOptions{url: "http://gateway.example/send"}).gateway(); err == nil {
		t.Error("a plain-http gateway was accepted")
	}
	if g, err := (&smsOptions{url: "https://gatewayapi.com/rest/mtsms", sender: "Kirjasto"}).gateway(); g == nil || err != nil {
		t.Errorf("GatewayAPI with the token from the environment: %v", err)
	}
}
