package library

import (
	"context"
	"time"
)

// APIToken is a bearer token an app got by signing in with a card number
// and PIN (POST /api/v1/tokens). It acts for the patron on the
// /api/v1/account endpoints until it expires or is revoked. The token
// itself is given to the app once; the store keeps only its hash.
type APIToken struct {
	ID        int64
	PatronID  int64
	Token     string // only when just created
	Name      string // what the app called itself, shown on My Account
	Created   time.Time
	LastUsed  time.Time
	ExpiresAt time.Time
}

// APITokens keeps patrons' API tokens.
type APITokens interface {
	// NewAPIToken creates a token for a patron, named for the app.
	NewAPIToken(ctx context.Context, patronID int64, name string, now time.Time) (APIToken, error)
	// APITokenByValue returns the live token with this value (not
	// expired, of an open account), or EUNAUTHORIZED.
	APITokenByValue(ctx context.Context, token string, now time.Time) (APIToken, error)
	// APITokens lists a patron's live tokens, newest first.
	APITokens(ctx context.Context, patronID int64, now time.Time) ([]APIToken, error)
	// RevokeAPIToken deletes one of the patron's tokens; another
	// patron's, or an unknown one, is ENOTFOUND.
	RevokeAPIToken(ctx context.Context, patronID, tokenID int64) error
}
