package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
)

// setupPath is where the web page behind a setup link lives: setupPath
// followed by the token creates the first administrator.
const setupPath = "/setup/"

// setupTTL is how long the link printed by kirjasto init works: a day
// leaves time to start the server, and a forgotten link dies soon.
const setupTTL = 24 * time.Hour

// initOptions are kirjasto init's own flags.
type initOptions struct {
	names     []string // lang=name
	admin     string   // username of the first administrator, or "" for a link
	adminName string
	newLink   bool // print a new set-up link for a consortium left without an administrator
}

func newInitCmd(cfg *config) *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:   "init --name fi=NAME [--name sv=NAME ...] [--admin USER]",
		Short: "Create the database and a new consortium, with a link for its first administrator",
		Long: `Create the database (in --data, or --db) and a new consortium named in one or more
languages; Finnish is required: --name fi=Helmet-kirjastot --name sv=Helmet-biblioteken.

Without --admin, init prints a one-time link that creates the first administrator: it works
once, for 24 hours, on the running server (kirjasto serve). With --admin USER, init creates
that administrator at once and asks for the password twice on the terminal, or reads it from
the first line of standard input when that is not a terminal, so that scripts can set up a
consortium: echo "$PASSWORD" | kirjasto init --name fi=Kirjastot --admin admin.
The password must be at least 12 characters long.

init never changes a database that already has a consortium: it stops with an error.

With --new-link, init prints a new one-time set-up link for an existing consortium that has no
enabled administrator (the first link expired unused, say), and refuses when it has one: an
administrator adds staff on the site.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.newLink {
				return runNewLink(cmd, cfg, o)
			}
			return runInit(cmd, cfg, o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.names, "name", nil, "the consortium's name in a language, as LANG=NAME; repeat for each language, fi is required")
	f.StringVar(&o.admin, "admin", "", "create this administrator now (asks for the password) instead of printing a set-up link")
	f.StringVar(&o.adminName, "admin-name", "", "the administrator's full name (default: the username)")
	f.BoolVar(&o.newLink, "new-link", false, "print a new set-up link for the consortium, while it has no enabled administrator")
	// The administrator's password is hashed with the pepper serve uses,
	// and the link names the address the site is served at.
	f.StringVar(&cfg.secure.pepper, "pepper", envOr("KIRJASTO_PEPPER", ""),
		"secret mixed into every PIN and password hash; give serve the same (env KIRJASTO_PEPPER; default: generated into --data)")
	f.StringVar(&cfg.secure.publicURL, "public-url", envOr("KIRJASTO_PUBLIC_URL", ""),
		"the site's address, for the set-up link (env KIRJASTO_PUBLIC_URL; default: http://127.0.0.1:8080, where serve listens by default)")
	return cmd
}

func runInit(cmd *cobra.Command, cfg *config, o initOptions) error {
	ctx := cmd.Context()
	out := cmd.OutOrStdout()
	name, err := parseNames(o.names)
	if err != nil {
		return err
	}
	if o.admin != "" && o.adminName == "" {
		o.adminName = o.admin
	}
	if o.admin != "" {
		// A bad username is refused before the password is asked.
		if err := store.CheckAdminAccount(o.admin, o.adminName, strings.Repeat("x", store.MinAdminPassword)); err != nil {
			return fmt.Errorf("--admin %q: %w", o.admin, initError(err))
		}
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if has, err := db.HasConsortium(ctx); err != nil {
		return err
	} else if has {
		return consortiumExistsError(cfg)
	}
	var password string
	if o.admin != "" {
		if password, err = readPassword(cmd.InOrStdin(), cmd.ErrOrStderr(), o.admin); err != nil {
			return err
		}
	}
	if err := cfg.secure.configureAccounts(cfg, db); err != nil {
		return err
	}
	now := time.Now()
	st, err := db.InitConsortium(ctx, name, now, setupTTL)
	if library.ErrorCode(err) == library.ECONFLICT {
		return consortiumExistsError(cfg)
	}
	if err != nil {
		return initError(err)
	}
	fmt.Fprintf(out, "Created the consortium %s in the %s database %s.\n", name["fi"], db.Dialect(), shownDSN(cfg))
	if o.admin == "" {
		link := siteURL(cfg) + setupPath + st.Token
		fmt.Fprintf(out, "\nStart the server:\n\n  %s\n\n", commandLine(cfg, "serve"))
		fmt.Fprintf(out, "then open this link to create the first administrator. It works once, until %s:\n\n  %s\n",
			st.Expires.Local().Format("2006-01-02 15:04 MST"), link)
		return nil
	}
	admin, err := db.ClaimSetupToken(ctx, st.Token, o.admin, o.adminName, password, now)
	if err != nil {
		return initError(err)
	}
	fmt.Fprintf(out, "Created the administrator %s.\n\nStart the server:\n\n  %s\n\nand sign in as %s at %s/staff/signin\n",
		admin.Username, commandLine(cfg, "serve"), admin.Username, siteURL(cfg))
	if strings.HasPrefix(cfg.dsn(), "postgres") && cfg.secure.pepper == "" {
		fmt.Fprintf(out, "\nPasswords and PINs are hashed with the pepper in %s/%s: give every node that serves this database the same --pepper.\n",
			cfg.data, pepperFile)
	}
	return nil
}

// runNewLink prints a new one-time set-up link for a consortium stranded
// without an administrator: the link init printed expired unused, or
// every administrator was disabled. While one administrator can sign in,
// staff are added on the site, and a link would only be one more way in.
func runNewLink(cmd *cobra.Command, cfg *config, o initOptions) error {
	if len(o.names) > 0 || o.admin != "" {
		return errors.New("--new-link takes no --name or --admin: it makes a link for the consortium the database has")
	}
	ctx := cmd.Context()
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if has, err := db.HasConsortium(ctx); err != nil {
		return err
	} else if !has {
		return fmt.Errorf("the database %s has no consortium yet: set it up with %s",
			shownDSN(cfg), commandLine(cfg, "init", "--name", "fi=NAME"))
	}
	admins, err := db.ListStaff(ctx, library.StaffFilter{Role: library.RoleAdmin, State: library.StaffActive})
	if err != nil {
		return err
	}
	if len(admins) > 0 {
		return fmt.Errorf("the consortium has an enabled administrator (%s), who adds staff at %s/admin/staff: no set-up link was made",
			admins[0].Username, siteURL(cfg))
	}
	st, err := db.CreateSetupToken(ctx, time.Now(), setupTTL)
	if err != nil {
		return initError(err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "The consortium has no enabled administrator. Open this link on the running server (%s) to create one. It works once, until %s:\n\n  %s\n",
		commandLine(cfg, "serve"), st.Expires.Local().Format("2006-01-02 15:04 MST"), siteURL(cfg)+setupPath+st.Token)
	return nil
}

// parseNames turns --name fi=Helmet --name sv=Helmet into a Text.
func parseNames(flags []string) (library.Text, error) {
	name := library.Text{}
	for _, f := range flags {
		lang, s, ok := strings.Cut(f, "=")
		lang = strings.TrimSpace(lang)
		if !ok || lang == "" || strings.TrimSpace(s) == "" {
			return nil, fmt.Errorf("--name %q: want LANG=NAME, such as --name fi=Helmet-kirjastot", f)
		}
		if _, dup := name[lang]; dup {
			return nil, fmt.Errorf("--name: two names in %s", lang)
		}
		name[lang] = strings.TrimSpace(s)
	}
	if name["fi"] == "" {
		return nil, errors.New("the consortium needs a name in Finnish: --name fi=NAME (and --name sv=NAME, --name en=NAME ... for other languages)")
	}
	return name, nil
}

// initError turns the store's refusals into messages for the command line
// (the message catalogues speak to people on web pages).
func initError(err error) error {
	var le *library.Error
	if errors.As(err, &le) && le.Code != library.EINTERNAL {
		return errors.New(le.Message)
	}
	return err
}

func consortiumExistsError(cfg *config) error {
	return fmt.Errorf("the database %s already has a consortium, and init leaves it as it is. Serve it with: %s",
		shownDSN(cfg), commandLine(cfg, "serve"))
}

// readPassword asks for the administrator's password twice without echo
// on a terminal, and reads the first line of in otherwise.
func readPassword(in io.Reader, prompt io.Writer, username string) (string, error) {
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", fmt.Errorf("--admin: no password on standard input (give it on the first line): %w", err)
		}
		password := strings.TrimRight(line, "\r\n")
		return password, checkPassword(username, password)
	}
	for try := 1; ; try++ {
		fmt.Fprintf(prompt, "Password for %s (at least %d characters): ", username, store.MinAdminPassword)
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		err = checkPassword(username, string(first))
		if err == nil {
			fmt.Fprint(prompt, "The same password again: ")
			var again []byte
			again, err = term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(prompt)
			if err != nil {
				return "", err
			}
			if string(again) == string(first) {
				return string(first), nil
			}
			err = errors.New("the passwords are not the same")
		}
		if try == 3 {
			return "", err
		}
		msg := err.Error()
		fmt.Fprintf(prompt, "%s%s. Try again.\n", strings.ToUpper(msg[:1]), msg[1:])
	}
}

func checkPassword(username, password string) error {
	if err := store.CheckAdminAccount(username, username, password); err != nil {
		return initError(err)
	}
	return nil
}

// siteURL is where the server will be reached: --public-url, or where
// kirjasto serve listens by default.
func siteURL(cfg *config) string {
	if cfg.secure.publicURL != "" {
		return strings.TrimSuffix(cfg.secure.publicURL, "/")
	}
	return "http://127.0.0.1:8080"
}

// shownDSN names the database without the password a --db URL may hold.
func shownDSN(cfg *config) string {
	if cfg.db == "" {
		return cfg.dsn()
	}
	return redactDSN(cfg.db)
}

func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}

// commandLine is the kirjasto command that opens the same database as
// cfg: what to run next. A --db URL is shown without its password, as
// xxxxx, for the line may end up in a log.
func commandLine(cfg *config, sub string, args ...string) string {
	parts := []string{"kirjasto", sub}
	if os.Getenv("KIRJASTO_DATA") == "" || cfg.data != os.Getenv("KIRJASTO_DATA") {
		parts = append(parts, "--data", shellQuote(cfg.data))
	}
	if cfg.db != "" && cfg.db != os.Getenv("KIRJASTO_DB") {
		parts = append(parts, "--db", shellQuote(redactDSN(cfg.db)))
	}
	return strings.Join(append(parts, args...), " ")
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@=,+%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// requireConsortium stops kirjasto serve on a database that has no
// consortium, with the command that sets one up, rather than serve a site
// with no libraries that nobody can administer.
func requireConsortium(ctx context.Context, cfg *config, db *store.DB) error {
	has, err := db.HasConsortium(ctx)
	if err != nil {
		return err
	}
	if has {
		return nil
	}
	var password string
	if cfg.db != redactDSN(cfg.db) {
		password = " with your database password in place of xxxxx"
	}
	return fmt.Errorf("the database %s has no consortium yet. Set it up first%s:\n\n  %s\n\n"+
		"(add --admin USER to create the first administrator at once; kirjasto demo serves a demo consortium instead)",
		shownDSN(cfg), password, commandLine(cfg, "init", "--name", "fi=NAME"))
}
