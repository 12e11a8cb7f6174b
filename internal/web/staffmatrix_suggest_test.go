package web_test

import (
	"context"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// matrixSuggestion saves a purchase suggestion of Helsinki patron p and
// returns its ID, for the suggestion pages' rows.
func matrixSuggestion(t *testing.T, e *webtest.CircEnv, p library.Patron) int64 {
	t.Helper()
	s, err := e.DB.Suggest(context.Background(), library.PurchaseSuggestion{PatronID: p.ID, Library: "helsinki", Title: "Ehdotettu kirja",
		ISBN: "9789510396148", Why: "Lukupiirille"}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}
