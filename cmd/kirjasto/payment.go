package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/payment"
)

// paymentOptions are the flags of online payment of fees.
type paymentOptions struct {
	provider, url, merchant, secret, secretFile string
}

// paymentFlags adds the flags of paymentOptions to cmd.
func paymentFlags(cmd *cobra.Command, o *paymentOptions) {
	f := cmd.Flags()
	f.StringVar(&o.provider, "payment-provider", envOr("KIRJASTO_PAYMENT_PROVIDER", ""),
		"online payment of fees: paytrail, or test (takes no money; for trying it out) (env KIRJASTO_PAYMENT_PROVIDER; default: none)")
	f.StringVar(&o.url, "payment-url", envOr("KIRJASTO_PAYMENT_URL", payment.PaytrailURL), "Paytrail's API (env KIRJASTO_PAYMENT_URL)")
	f.StringVar(&o.merchant, "payment-merchant", envOr("KIRJASTO_PAYMENT_MERCHANT", ""), "Paytrail merchant ID (env KIRJASTO_PAYMENT_MERCHANT)")
	// Not read from the environment here: a flag's default is printed by --help.
	f.StringVar(&o.secret, "payment-secret", "", "Paytrail secret key; better --payment-secret-file or env KIRJASTO_PAYMENT_SECRET, which ps does not show")
	f.StringVar(&o.secretFile, "payment-secret-file", envOr("KIRJASTO_PAYMENT_SECRET_FILE", ""), "file holding the Paytrail secret key (env KIRJASTO_PAYMENT_SECRET_FILE)")
}

// paymentProvider returns the configured payment provider, or nil (no
// online payment). A demo without --payment-provider pays through the
// built-in test provider, so that fees can be paid online there.
func paymentProvider(cfg *config) (payment.Provider, error) {
	o := cfg.payment
	name := o.provider
	if name == "" && cfg.demoAccounts != nil {
		name = "test"
	}
	key, err := secret(o.secret, o.secretFile, "KIRJASTO_PAYMENT_SECRET")
	if err != nil {
		return nil, fmt.Errorf("--payment-secret-file: %w", err)
	}
	switch name {
	case "":
		return nil, nil
	case "test":
		if cfg.demoAccounts == nil {
			cfg.logger.Warn("online payment through the test provider: it takes no money, and every fee paid there is marked paid")
		}
		// Without a secret it is new on every start: a pending payment
		// does not survive a restart, which is fine for a demo.
		s := []byte(key)
		if len(s) == 0 {
			s = make([]byte, 32)
			rand.Read(s)
		}
		return &payment.Test{Secret: s}, nil
	case "paytrail":
		if key == "" {
			return nil, errors.New("--payment-provider=paytrail needs --payment-secret, --payment-secret-file or KIRJASTO_PAYMENT_SECRET")
		}
		if cfg.secure.publicURL == "" {
			return nil, errors.New("--payment-provider=paytrail needs --public-url: Paytrail returns patrons and calls back to it")
		}
		if !strings.HasPrefix(cfg.secure.publicURL, "https://") {
			cfg.logger.Warn("--public-url is not https: Paytrail calls back only to https addresses in production")
		}
		return payment.NewPaytrail(payment.PaytrailConfig{URL: o.url, Merchant: o.merchant, Secret: []byte(key),
			PublicURL: cfg.secure.publicURL})
	}
	return nil, fmt.Errorf("--payment-provider %q: must be paytrail or test", name)
}
