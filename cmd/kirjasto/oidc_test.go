package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/oauth2-proxy/mockoidc"
)

// TestIdentityProvider: without --oidc-issuer there is no provider (and
// no page offers one); with it, the client ID and a redirect (given, or
// from --public-url) are required, the secret may come from the
// environment, and the provider is reached at start.
func TestIdentityProvider(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Shutdown()
	newCfg := func(o oidcOptions, publicURL string) *config {
		cfg := &config{data: t.TempDir(), logger: slog.New(slog.DiscardHandler), oidc: o}
		cfg.secure.publicURL = publicURL
		cfg.secure.pepper = strings.Repeat("p", 32)
		return cfg
	}
	ctx := context.Background()
	if p, err := identityProvider(ctx, newCfg(oidcOptions{}, "")); p != nil || err != nil {
		t.Errorf("no issuer: %v, %v; want none", p, err)
	}
	if _, err := identityProvider(ctx, newCfg(oidcOptions{issuer: m.Issuer()}, "https://k.example")); err == nil ||
		!strings.Contains(err.Error(), "--oidc-client-id") {
		t.Errorf("no client ID: %v", err)
	}
	if _, err := identityProvider(ctx, newCfg(oidcOptions{issuer: m.Issuer(), clientID: m.ClientID}, "")); err == nil ||
		!strings.Contains(err.Error(), "--public-url") {
		t.Errorf("no redirect: %v", err)
	}
	t.Setenv("KIRJASTO_OIDC_CLIENT_SECRET", m.ClientSecret)
	p, err := identityProvider(ctx, newCfg(oidcOptions{issuer: m.Issuer(), clientID: m.ClientID, subjectClaim: "sub"}, "https://k.example/"))
	if err != nil || p == nil {
		t.Fatalf("configured: %v, %v", p, err)
	}
	u, _ := p.Start()
	if !strings.Contains(u, "redirect_uri=https%3A%2F%2Fk.example%2Faccount%2Fconfirm%2Fcallback") {
		t.Errorf("the redirect is not taken from --public-url: %s", u)
	}
	if strings.Contains(u, m.ClientSecret) {
		t.Error("the client secret is in the provider's URL")
	}
}
