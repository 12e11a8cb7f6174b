package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/identity"
	"github.com/kirjasto/kirjasto/internal/web"
)

// oidcOptions are the flags of strong identification through an OpenID
// Connect provider (Suomi.fi, a bank-ID broker), which confirms a
// self-registered patron's account online.
type oidcOptions struct {
	issuer, clientID, secret, secretFile, redirect, subjectClaim string
}

// oidcFlags adds the flags of oidcOptions to cmd.
func oidcFlags(cmd *cobra.Command, o *oidcOptions) {
	f := cmd.Flags()
	f.StringVar(&o.issuer, "oidc-issuer", envOr("KIRJASTO_OIDC_ISSUER", ""),
		"OpenID Connect provider for strong identification, its issuer URL (env KIRJASTO_OIDC_ISSUER; default: none, and no page offers it)")
	f.StringVar(&o.clientID, "oidc-client-id", envOr("KIRJASTO_OIDC_CLIENT_ID", ""), "the library's client ID at the provider (env KIRJASTO_OIDC_CLIENT_ID)")
	// Not read from the environment here: a flag's default is printed by --help.
	f.StringVar(&o.secret, "oidc-client-secret", "", "client secret; better --oidc-client-secret-file or env KIRJASTO_OIDC_CLIENT_SECRET, which ps does not show")
	f.StringVar(&o.secretFile, "oidc-client-secret-file", envOr("KIRJASTO_OIDC_CLIENT_SECRET_FILE", ""), "file holding the client secret (env KIRJASTO_OIDC_CLIENT_SECRET_FILE)")
	f.StringVar(&o.redirect, "oidc-redirect", envOr("KIRJASTO_OIDC_REDIRECT", ""),
		"the callback registered with the provider (env KIRJASTO_OIDC_REDIRECT; default: --public-url + /account/confirm/callback)")
	f.StringVar(&o.subjectClaim, "oidc-subject-claim", envOr("KIRJASTO_OIDC_SUBJECT_CLAIM", "sub"),
		"the claim that identifies the person for good, e.g. personal_identity_code; only its keyed hash is kept (env KIRJASTO_OIDC_SUBJECT_CLAIM)")
}

// identityProvider returns the configured provider, or nil (no strong
// identification). The subject's hash is keyed from the PIN pepper,
// which every node shares and which is kept for good, as the key must
// be.
func identityProvider(ctx context.Context, cfg *config) (web.IdentityProvider, error) {
	o := cfg.oidc
	if o.issuer == "" {
		return nil, nil
	}
	secret, err := secret(o.secret, o.secretFile, "KIRJASTO_OIDC_CLIENT_SECRET")
	if err != nil {
		return nil, fmt.Errorf("--oidc-client-secret-file: %w", err)
	}
	if o.clientID == "" {
		return nil, errors.New("--oidc-issuer needs --oidc-client-id")
	}
	redirect := o.redirect
	if redirect == "" {
		if cfg.secure.publicURL == "" {
			return nil, errors.New("--oidc-issuer needs --oidc-redirect or --public-url: the provider returns patrons to it")
		}
		redirect = strings.TrimSuffix(cfg.secure.publicURL, "/") + "/account/confirm/callback"
	}
	pepper, err := cfg.secure.loadPepper(cfg)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, pepper)
	m.Write([]byte("kirjasto strong identity subject"))
	p, err := identity.New(ctx, identity.Config{Issuer: o.issuer, ClientID: o.clientID, ClientSecret: secret,
		RedirectURL: redirect, SubjectClaim: o.subjectClaim, Key: m.Sum(nil)})
	if err != nil {
		return nil, err
	}
	cfg.logger.Info("strong identification", "issuer", o.issuer, "redirect", redirect)
	return p, nil
}
