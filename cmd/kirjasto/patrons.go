package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
)

// patronColumns are the columns a patron file may have, in the order the
// documentation (docs/admin.md) lists them. Only card_number and a name
// are required.
var patronColumns = []string{
	"card_number", "last_name", "first_name", "name", "birth_date", "category", "home_library",
	"email", "phone", "street", "postal_code", "city", "language",
}

func newPatronsCmd(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "patrons",
		Short: "Manage patrons from the command line",
	}
	cmd.AddCommand(newPatronsImportCmd(cfg))
	return cmd
}

func newPatronsImportCmd(cfg *config) *cobra.Command {
	var homeLibrary string
	cmd := &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Import patrons from a legacy system's CSV file",
		Long: `Import patrons from a CSV file in UTF-8 (a byte-order mark is fine), separated by ; or ,
with a header row naming its columns: card_number, last_name, first_name (or name as
"Virtanen, Aino"), birth_date (YYYY-MM-DD or D.M.YYYY), category (adult, child or staff;
if empty, child under 15 by birth date, else adult), home_library (a member library's ID),
email, phone, street, postal_code, city, language (fi, sv, en ...; default fi).
card_number and a name are required; so is home_library unless --home-library is given.

A row that cannot be imported (a bad date, an unknown library, a card number already in
the database or earlier in the file, no name) is reported with its line number and reason
and skipped; every other row is imported, each in its own transaction. Existing patrons are
never changed. PINs are not imported: patrons choose a new PIN with the forgotten-PIN link
(when they have an e-mail address), or get one at the desk once the desk issues PINs. The
summary says how many rows were imported and skipped; the exit status is non-zero when a row
was skipped. The columns are explained in docs/admin.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := openStore(ctx, cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			libs, err := db.Libraries(ctx)
			if err != nil {
				return err
			}
			imp := &patronImport{store: db, now: time.Now(), out: cmd.OutOrStdout(), log: cmd.ErrOrStderr(),
				defaultLibrary: homeLibrary, libraries: map[string]bool{}}
			for _, l := range libs {
				imp.libraries[l.ID] = true
			}
			if len(libs) == 0 {
				return errors.New("the consortium has no member libraries yet, and every patron belongs to one: add the libraries first")
			}
			if homeLibrary != "" && !imp.libraries[homeLibrary] {
				return fmt.Errorf("--home-library %q is not a member library (%s)", homeLibrary, imp.libraryList())
			}
			return imp.run(ctx, args[0])
		},
	}
	cmd.Flags().StringVar(&homeLibrary, "home-library", "", "member library ID for rows whose home_library is empty (or that have no such column)")
	return cmd
}

// patronCreator is the part of the store an import needs.
type patronCreator interface {
	CreatePatron(ctx context.Context, p library.Patron, pin string) (library.Patron, error)
}

// patronImport carries one import's settings and counts.
type patronImport struct {
	store          patronCreator
	libraries      map[string]bool // the member libraries' IDs
	defaultLibrary string
	now            time.Time
	out, log       io.Writer

	imported, skipped, duplicates int
}

// rowError is why a row was skipped.
type rowError struct{ reason string }

func (e *rowError) Error() string { return e.reason }

func badRow(format string, args ...any) error { return &rowError{fmt.Sprintf(format, args...)} }

func (imp *patronImport) run(ctx context.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	prog := newProgress(imp.log, fi.Size())
	r, err := newPatronReader(prog.reader(f))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: no header row: %w", name, err)
	}
	cols, err := imp.columns(header)
	if err != nil {
		return fmt.Errorf("%s: header row: %w", name, err)
	}
	start := time.Now()
	for {
		if err := ctx.Err(); err != nil {
			imp.summary(name, start)
			return err
		}
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		var line int
		var pe *csv.ParseError
		if err == nil {
			line, _ = r.FieldPos(0)
		} else if errors.As(err, &pe) {
			// The reader goes on after the row: a stray quote or a wrong
			// number of fields costs that row only.
			line = pe.StartLine
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				err = badRow("%d fields, the header has %d", len(row), len(header))
			} else {
				err = badRow("%v", pe.Err)
				if pe.Line > pe.StartLine {
					err = badRow("%v at line %d: lines %d to %d were read as one row and skipped", pe.Err, pe.Line, pe.StartLine, pe.Line)
				}
			}
		} else if err != nil {
			prog.finish()
			imp.summary(name, start)
			return fmt.Errorf("%s: %w", name, err)
		}
		if err == nil && blank(row) {
			continue
		}
		if err == nil {
			err = imp.importRow(ctx, cols, row)
		}
		if err != nil {
			if ctx.Err() != nil {
				continue // reported by the loop's check
			}
			if library.ErrorCode(err) == library.ECONFLICT {
				imp.duplicates++
			}
			imp.skipped++
			prog.println(fmt.Sprintf("%s:%d: skipped: %v", name, line, reason(err)))
			continue
		}
		imp.imported++
		prog.records(1)
	}
	prog.finish()
	imp.summary(name, start)
	if imp.skipped > 0 {
		return fmt.Errorf("%d row(s) skipped: correct them and import them again (rows already imported are reported as duplicates and left as they are)", imp.skipped)
	}
	return nil
}

func (imp *patronImport) summary(name string, start time.Time) {
	dup := ""
	if imp.duplicates > 0 {
		dup = fmt.Sprintf(" (%d with a card number already in use)", imp.duplicates)
	}
	fmt.Fprintf(imp.out, "%s: imported %d patrons, skipped %d rows%s in %s\n",
		name, imp.imported, imp.skipped, dup, time.Since(start).Round(time.Millisecond))
}

// reason is what the line report says about err: the store's message
// for its refusals, without the code in front.
func reason(err error) string {
	var le *library.Error
	if errors.As(err, &le) && le.Code != library.EINTERNAL {
		if le.Key == "error.card_taken" {
			return le.Message + ": not changed (a card number is imported once)"
		}
		return le.Message
	}
	return err.Error()
}

// newPatronReader skips a byte-order mark and picks the separator the
// header row uses: ';', which spreadsheets in Finnish write, or ','.
func newPatronReader(r io.Reader) (*csv.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	first, _ := br.Peek(64 << 10) // as much as there is, up to the buffer
	if len(first) == 0 {
		return nil, errors.New("the file is empty: it needs a header row")
	}
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(br)
	cr.Comma = ','
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.TrimLeadingSpace = true
	return cr, nil
}

// columns maps each field of the header to a known column. An unknown or
// repeated column stops the import before any row, so that a typo in a
// header cannot drop a column's data without a word.
func (imp *patronImport) columns(header []string) ([]string, error) {
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		c := strings.ToLower(strings.TrimSpace(h))
		c = strings.NewReplacer(" ", "_", "-", "_").Replace(c)
		if !slices.Contains(patronColumns, c) {
			return nil, fmt.Errorf("unknown column %q: the columns are %s", h, strings.Join(patronColumns, ", "))
		}
		if seen[c] {
			return nil, fmt.Errorf("column %s twice", c)
		}
		seen[c] = true
		cols[i] = c
	}
	switch {
	case !seen["card_number"]:
		return nil, errors.New("no card_number column")
	case !seen["name"] && !seen["last_name"] && !seen["first_name"]:
		return nil, errors.New("no name column: give last_name and first_name, or name")
	case seen["name"] && (seen["last_name"] || seen["first_name"]):
		return nil, errors.New("give either name or last_name and first_name, not both")
	case !seen["home_library"] && imp.defaultLibrary == "":
		return nil, errors.New("no home_library column: add one, or give --home-library")
	}
	return cols, nil
}

func blank(row []string) bool {
	for _, f := range row {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// importRow checks a row and creates its patron in a transaction of its
// own, so that a row is imported whole or not at all.
func (imp *patronImport) importRow(ctx context.Context, cols, row []string) error {
	p, err := imp.patron(cols, row)
	if err != nil {
		return err
	}
	_, err = imp.store.CreatePatron(ctx, p, "")
	return err
}

// patron reads one row into a patron, or says why it cannot.
func (imp *patronImport) patron(cols, row []string) (library.Patron, error) {
	v := map[string]string{}
	for i, c := range cols {
		s := strings.TrimSpace(row[i])
		if !utf8.ValidString(s) {
			return library.Patron{}, badRow("%s is not UTF-8: save the file as UTF-8", c)
		}
		v[c] = s
	}
	p := library.Patron{
		CardNumber: v["card_number"], Email: v["email"], Phone: v["phone"],
		Street: v["street"], PostalCode: v["postal_code"], City: v["city"],
	}
	if p.CardNumber == "" {
		return p, badRow("card number missing")
	}
	if strings.ContainsFunc(p.CardNumber, func(r rune) bool { return r <= ' ' }) {
		return p, badRow("card number %q has a space in it", p.CardNumber)
	}
	switch last, first := v["last_name"], v["first_name"]; {
	case v["name"] != "":
		p.Name = v["name"]
	case last != "" && first != "":
		p.Name = last + ", " + first
	default:
		p.Name = last + first
	}
	if p.Name == "" {
		return p, badRow("card %s: name missing", p.CardNumber)
	}
	var born library.Date // zero: not known
	if s := v["birth_date"]; s != "" {
		d, err := parseBirthDate(s, imp.now)
		if err != nil {
			return p, badRow("card %s: %v", p.CardNumber, err)
		}
		born = d
	}
	p.BirthDate = born
	switch c := strings.ToLower(v["category"]); c {
	case library.CategoryAdult, library.CategoryChild, library.CategoryStaff:
		p.Category = c
	case "":
		p.Category = library.CategoryAdult
		if born != (library.Date{}) && age(born, imp.now) < library.ChildAge {
			p.Category = library.CategoryChild
		}
	default:
		return p, badRow("card %s: unknown category %q (adult, child or staff)", p.CardNumber, v["category"])
	}
	p.HomeLibrary = v["home_library"]
	if p.HomeLibrary == "" {
		p.HomeLibrary = imp.defaultLibrary
	}
	if p.HomeLibrary == "" {
		return p, badRow("card %s: home library missing", p.CardNumber)
	}
	if !imp.libraries[p.HomeLibrary] {
		return p, badRow("card %s: unknown home library %q (%s)", p.CardNumber, p.HomeLibrary, imp.libraryList())
	}
	if p.Email != "" && (!strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " \t<>,;")) {
		return p, badRow("card %s: %q is not an e-mail address", p.CardNumber, p.Email)
	}
	p.Lang = strings.ToLower(v["language"])
	if p.Lang == "" {
		p.Lang = "fi"
	}
	if !i18n.Available(p.Lang) {
		return p, badRow("card %s: unknown language %q (%s)", p.CardNumber, v["language"], strings.Join(i18nLanguages(), ", "))
	}
	return p, nil
}

// parseBirthDate reads 2010-05-31 or the Finnish 31.5.2010, and refuses
// dates in the future or before 1900, which are typing errors.
func parseBirthDate(s string, now time.Time) (library.Date, error) {
	for _, layout := range []string{time.DateOnly, "2.1.2006"} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		d := library.DateOf(t)
		if d.Year < 1900 || library.DateOf(helsinki(now)).Before(d) {
			return library.Date{}, fmt.Errorf("birth date %s is not possible", s)
		}
		return d, nil
	}
	return library.Date{}, fmt.Errorf("birth date %q is not a date: write 2010-05-31 or 31.5.2010", s)
}

// age is how many full years old someone born on birth is at now, in
// Finland.
func age(birth library.Date, now time.Time) int {
	today := library.DateOf(helsinki(now))
	years := today.Year - birth.Year
	if today.Month < birth.Month || today.Month == birth.Month && today.Day < birth.Day {
		years--
	}
	return years
}

// helsinki is t on the libraries' clocks.
func helsinki(t time.Time) time.Time {
	if loc, err := time.LoadLocation("Europe/Helsinki"); err == nil {
		return t.In(loc)
	}
	return t
}

func (imp *patronImport) libraryList() string {
	if len(imp.libraries) == 0 {
		return "the consortium has no member libraries yet: add them first"
	}
	ids := make([]string, 0, len(imp.libraries))
	for id := range imp.libraries {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return "member libraries: " + strings.Join(ids, ", ")
}

// i18nLanguages lists the languages a patron may choose.
func i18nLanguages() []string {
	b, err := i18n.New()
	if err != nil {
		return nil
	}
	return b.Languages()
}
