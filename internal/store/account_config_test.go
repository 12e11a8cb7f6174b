package store

import (
	"testing"

	"github.com/kirjasto/kirjasto/internal/auth"
)

// TestDefaultHashingCost: a store that nobody configured, or configured
// without a hasher, hashes PINs and passwords at production cost. Test
// databases (storetest) hash cheaply, so the default is checked here.
func TestDefaultHashingCost(t *testing.T) {
	var db DB
	if got := db.accountConfig().Hasher.Params(); got != auth.DefaultParams {
		t.Errorf("unconfigured: %+v, want %+v", got, auth.DefaultParams)
	}
	db.SetAccountConfig(AccountConfig{MaxFailures: 3})
	c := db.accountConfig()
	if got := c.Hasher.Params(); got != auth.DefaultParams || c.MaxFailures != 3 || c.Lockout != defaultLimits().Lockout {
		t.Errorf("configured without a hasher: %+v with %d failures and %v lockout", got, c.MaxFailures, c.Lockout)
	}
}
