package odl_test

import (
	"testing"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/odl"
)

// TestKeysHaveMessages: the keys are constants, which i18n's own scan of
// Key: "..." literals cannot see.
func TestKeysHaveMessages(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{odl.KeyNoIdentifier, odl.KeyNoTitle, odl.KeyBadEntry, odl.KeyUnknownType, odl.KeyUnknownFormat,
		odl.KeyBadDate, odl.KeyBadTerms, odl.KeyNoCheckout, odl.KeyNoAcquisition, odl.KeyBadPage, odl.KeyDuplicate,
		odl.KeyUnavailable, odl.KeyExpired, odl.KeyRefused, odl.KeyUnreachable, odl.KeyNoReturn}
	for _, lang := range b.Languages() {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s: no message %q", lang, k)
			}
		}
	}
}
