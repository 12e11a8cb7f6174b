package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestSetupNewLink: a consortium whose first set-up link went unused gets
// a new one from init --new-link, which creates the administrator; once
// there is one, --new-link refuses, as it does on a database with no
// consortium at all.
func TestSetupNewLink(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := dbArgs(t, dialect)
			newLink := append([]string{"init", "--new-link"}, args...)
			if out, ok := runIn(t, "", newLink...); ok || !strings.Contains(out, "has no consortium yet") {
				t.Errorf("--new-link on an empty database: exit 0 = %v\n%s", ok, out)
			}
			out, ok := runIn(t, "", append([]string{"init", "--name", "fi=Kimppa"}, args...)...)
			first := setupLink.FindStringSubmatch(out)
			if !ok || first == nil {
				t.Fatalf("init: exit 0 = %v\n%s", ok, out)
			}
			out, ok = runIn(t, "", newLink...)
			m := setupLink.FindStringSubmatch(out)
			if !ok || m == nil || m[2] == first[2] {
				t.Fatalf("--new-link without an administrator: exit 0 = %v, want a new link\n%s", ok, out)
			}
			db := openTestStore(t, args)
			if _, err := db.ClaimSetupToken(context.Background(), m[2], "aino", "Aino", adminPassword, time.Now()); err != nil {
				t.Fatalf("claim the new link: %v", err)
			}
			db.Close()
			out, ok = runIn(t, "", newLink...)
			if ok || setupLink.MatchString(out) || !strings.Contains(out, "enabled administrator (aino)") {
				t.Errorf("--new-link with an administrator: exit 0 = %v, want a refusal\n%s", ok, out)
			}
			if out, ok := runIn(t, "", append(newLink, "--name", "fi=Toinen")...); ok || setupLink.MatchString(out) {
				t.Errorf("--new-link --name: exit 0 = %v\n%s", ok, out)
			}
		})
	}
}
