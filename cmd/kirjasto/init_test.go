package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

const adminPassword = "correct horse battery staple"

// runIn runs kirjasto with stdin as its standard input and returns its
// combined output and whether it exited 0.
func runIn(t *testing.T, stdin string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("kirjasto %v: %v", args, err)
	}
	return string(out), err == nil
}

// initConsortium sets up a consortium with an administrator in the
// database of args, as a script would.
func initConsortium(t *testing.T, args []string) {
	t.Helper()
	out, ok := runIn(t, adminPassword+"\n", append([]string{"init", "--name", "fi=Testikimppa", "--admin", "admin"}, args...)...)
	if !ok {
		t.Fatalf("kirjasto init --admin: %s", out)
	}
}

// flagValue returns the value of --name in args, or "".
func flagValue(args []string, name string) string {
	if i := slices.Index(args, name); i >= 0 && i+1 < len(args) {
		return args[i+1]
	}
	return ""
}

// TestInitAdmin is a new consortium's first run, as a script does it:
// serve on the empty database says what to run, init --admin reads the
// password from standard input, a second init is refused, and the
// administrator signs in on the served site.
func TestInitAdmin(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := dbArgs(t, dialect)
			out, ok := runIn(t, "", append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
			want := "kirjasto init --data " + flagValue(args, "--data")
			if dialect == "postgres" {
				want += " --db " + shellQuote(flagValue(args, "--db"))
			}
			want += " --name fi=NAME"
			if ok || !strings.Contains(out, "has no consortium yet") || !strings.Contains(out, "\n  "+want+"\n") {
				t.Fatalf("serve on an empty database: exit 0 = %v, want a failure that says to run\n  %s\ngot:\n%s", ok, want, out)
			}
			if strings.Contains(out, "Kirjasto serves") {
				t.Errorf("serve on an empty database served:\n%s", out)
			}

			// A short password is refused before anything is created.
			out, ok = runIn(t, "too short\n", append([]string{"init", "--name", "fi=Kimppa", "--admin", "admin"}, args...)...)
			if ok || !strings.Contains(out, "at least 12 characters") {
				t.Errorf("init with a 9-character password: exit 0 = %v\n%s", ok, out)
			}
			out, ok = runIn(t, "", append([]string{"init", "--name", "sv=Kimppa"}, args...)...)
			if ok || !strings.Contains(out, "name in Finnish") {
				t.Errorf("init without a Finnish name: exit 0 = %v\n%s", ok, out)
			}

			out, ok = runIn(t, adminPassword+"\n", append([]string{"init", "--name", "fi=Helmet-kirjastot", "--name", "sv=Helmet-biblioteken",
				"--admin", "Admin", "--admin-name", "Aino Ylläpitäjä"}, args...)...)
			if !ok || !strings.Contains(out, "Created the administrator admin.") || !strings.Contains(out, "kirjasto serve --data ") {
				t.Fatalf("init --admin: exit 0 = %v\n%s", ok, out)
			}
			for _, again := range [][]string{{"--admin", "other"}, nil} {
				out, ok = runIn(t, adminPassword+"\n", append(append([]string{"init", "--name", "fi=Toinen"}, again...), args...)...)
				if ok || !strings.Contains(out, "already has a consortium") {
					t.Errorf("second init %v: exit 0 = %v, want a refusal\n%s", again, ok, out)
				}
			}

			s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
			if code := staffSignIn(t, s, "admin", adminPassword); code != http.StatusSeeOther {
				t.Errorf("admin sign-in: %d, want 303 to the staff pages", code)
			}
			if code := staffSignIn(t, s, "admin", "wrong password"); code == http.StatusSeeOther {
				t.Error("admin signed in with a wrong password")
			}
		})
	}
}

// staffSignIn posts the staff sign-in form and returns the status.
func staffSignIn(t *testing.T, s *server, username, password string) int {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(s.url+"/staff/signin", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

var setupLink = regexp.MustCompile(`\n  (http://127\.0\.0\.1:8080/setup/([A-Za-z0-9_-]{43}))\n`)

// TestInitLink sets up a consortium without --admin: init prints a
// one-time link, whose token creates an administrator once with the
// password hashing serve uses (the pepper init left in --data).
func TestInitLink(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := dbArgs(t, dialect)
			out, ok := runIn(t, "", append([]string{"init", "--name", "fi=Kimppa"}, args...)...)
			m := setupLink.FindStringSubmatch(out)
			if !ok || m == nil {
				t.Fatalf("init: exit 0 = %v, want a set-up link:\n%s", ok, out)
			}
			db := openTestStore(t, args)
			ctx := context.Background()
			if _, err := db.ClaimSetupToken(ctx, m[2], "aino", "Aino", adminPassword, time.Now()); err != nil {
				t.Fatalf("claim the printed link: %v", err)
			}
			if _, err := db.ClaimSetupToken(ctx, m[2], "eino", "Eino", adminPassword, time.Now()); library.ErrorKey(err) != "error.setup_link_used" {
				t.Errorf("second claim: %v, want error.setup_link_used", err)
			}
			db.Close()
			s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
			if code := staffSignIn(t, s, "aino", adminPassword); code != http.StatusSeeOther {
				t.Errorf("sign-in of the administrator made with the link: %d, want 303", code)
			}
		})
	}
}

// openTestStore opens the database of args with the pepper kirjasto
// left in its data directory, as serve would.
func openTestStore(t *testing.T, args []string) *store.DB {
	t.Helper()
	dsn := flagValue(args, "--db")
	if dsn == "" {
		dsn = filepath.Join(flagValue(args, "--data"), "kirjasto.db")
	}
	db, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	pepper, err := os.ReadFile(filepath.Join(flagValue(args, "--data"), pepperFile))
	if err != nil {
		t.Fatal(err)
	}
	db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher([]byte(strings.TrimSpace(string(pepper))), auth.DefaultParams)})
	return db
}

// TestDemoRefusesInitDatabase: kirjasto demo never pours its libraries,
// patrons and staff into a consortium that kirjasto init created.
func TestDemoRefusesInitDatabase(t *testing.T) {
	args := dbArgs(t, "sqlite")
	initConsortium(t, args)
	// Were the demo to build, it would serve until killed.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, append([]string{"demo", "--addr", "127.0.0.1:0", "--records", "10"}, args...)...).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "consortium that kirjasto demo did not build") {
		t.Errorf("demo on a database set up by init: %v\n%s", err, out)
	}
}
