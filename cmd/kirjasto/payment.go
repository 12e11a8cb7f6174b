package main

import (
	"crypto/rand"

	"github.com/kirjasto/kirjasto/internal/payment"
)

// demoPayment returns the built-in test payment provider on a demo, so
// that fees can be paid online there, and nil (no online payment)
// otherwise. Its secret is new on every start: a pending payment does not
// survive a restart of the demo, which is fine for a demo.
func demoPayment(cfg *config) payment.Provider {
	if cfg.demoAccounts == nil {
		return nil
	}
	secret := make([]byte, 32)
	rand.Read(secret)
	return &payment.Test{Secret: secret}
}
