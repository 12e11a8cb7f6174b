package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
)

// kirjasto branches import FILE.json: a consortium's libraries and
// branches from a file, so that one moves in without typing 60 branches.
// The format is documented in docs/admin.md, "Importing branches".

func newBranchesCmd(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "branches",
		Short: "Manage member libraries and branches from the command line",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "import FILE.json",
		Short: "Create or update libraries and branches, with hours and exceptions, from a JSON file",
		Long: `Create or update member libraries and their branches, with weekly hours (staffed and
self-service) and dated exceptions, from a JSON file (the format is in docs/admin.md,
"Importing branches"). The whole file is checked before anything is written, and every
problem is reported as FILE:LINE: path: reason; then it is written in one transaction, all or
nothing. Libraries and branches are matched by id, so importing a file again updates them.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			now := time.Now()
			imp, where, problems := parseBranchImport(args[0], data, library.DateOf(now.In(library.Helsinki)))
			if len(problems) > 0 {
				for _, p := range problems {
					fmt.Fprintln(cmd.ErrOrStderr(), p)
				}
				return fmt.Errorf("%s: %d %s; nothing was imported", args[0], len(problems), plural(len(problems), "problem", "problems"))
			}
			db, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			return runBranchImport(cmd.Context(), db, args[0], data, imp, where, now, cmd.OutOrStdout())
		},
	})
	return cmd
}

func runBranchImport(ctx context.Context, db *store.DB, name string, data []byte, imp library.BranchImport, where map[string]string, now time.Time, out io.Writer) error {
	res, err := db.ImportBranches(ctx, imp, library.Staff{}, now)
	if err != nil {
		var ie *library.ImportError
		if errors.As(err, &ie) {
			loc := newLocator(data)
			path := importPath(where, ie)
			return fmt.Errorf("%s:%d: %s: %w; nothing was imported", name, loc.line(path), path, ie.Err)
		}
		return err
	}
	fmt.Fprintf(out, "imported %d libraries (%d new, %d updated), %d branches (%d new, %d updated), %d exceptions\n",
		res.LibrariesCreated+res.LibrariesUpdated, res.LibrariesCreated, res.LibrariesUpdated,
		res.BranchesCreated+res.BranchesUpdated, res.BranchesCreated, res.BranchesUpdated, res.Exceptions)
	return nil
}

// importPath finds where in the file the library or branch of an error is.
func importPath(where map[string]string, ie *library.ImportError) string {
	if p, ok := where["branch:"+ie.Branch]; ok && ie.Branch != "" {
		return p
	}
	return where["library:"+ie.Library]
}

// The file's shape. Field names are the documented ones; unknown fields
// are errors, so that a misspelt "self_servce" is not silently dropped.
type (
	importFile struct {
		Libraries []importLibrary `json:"libraries"`
	}
	importLibrary struct {
		ID          string         `json:"id"`
		Name        library.Text   `json:"name"`
		Description library.Text   `json:"description"`
		Branches    []importBranch `json:"branches"`
	}
	importBranch struct {
		ID            string               `json:"id"`
		Name          library.Text         `json:"name"`
		Description   library.Text         `json:"description"`
		Address       importAddress        `json:"address"`
		Lat           float64              `json:"lat"`
		Lon           float64              `json:"lon"`
		Phone         string               `json:"phone"`
		Email         string               `json:"email"`
		Services      []string             `json:"services"`
		Accessibility library.Text         `json:"accessibility"`
		Hours         map[string]importDay `json:"hours"`
		Exceptions    *[]importException   `json:"exceptions"`
	}
	importAddress struct {
		Street     string       `json:"street"`
		PostalCode string       `json:"postal_code"`
		City       library.Text `json:"city"`
	}
	importDay struct {
		Staffed     []string `json:"staffed"`
		SelfService []string `json:"self_service"`
	}
	importException struct {
		From        string       `json:"from"`
		To          string       `json:"to"`
		Reason      library.Text `json:"reason"`
		Closed      bool         `json:"closed"`
		Staffed     []string     `json:"staffed"`
		SelfService []string     `json:"self_service"`
	}
)

// parseBranchImport reads and checks a whole import file, collecting
// every problem as "FILE:LINE: path: reason".
// where maps "library:ID" and "branch:ID" to their paths in the file.
func parseBranchImport(name string, data []byte, today library.Date) (imp library.BranchImport, where map[string]string, problems []string) {
	imp = library.BranchImport{Exceptions: map[string][]library.HoursException{}}
	where = map[string]string{}
	loc := newLocator(data)
	report := func(path string, err error) {
		path = strings.TrimSuffix(path, ".")
		msg := problemText(err)
		if f := errField(err); f != "" && strings.HasSuffix(path, f) {
			msg = strings.TrimPrefix(msg, f+": ")
		}
		problems = append(problems, fmt.Sprintf("%s:%d: %s: %s", name, loc.line(path), path, msg))
	}
	var f importFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return imp, where, []string{decodeProblem(name, data, loc, err)}
	}
	if dec.More() {
		return imp, where, []string{fmt.Sprintf("%s:%d: more than one JSON value in the file", name, lineAt(data, dec.InputOffset()))}
	}
	if len(f.Libraries) == 0 {
		return imp, where, []string{fmt.Sprintf("%s:1: libraries: the file lists no libraries", name)}
	}
	seenLib, seenBranch := map[string]string{}, map[string]string{}
	for li, fl := range f.Libraries {
		lpath := fmt.Sprintf("libraries[%d]", li)
		l := library.Library{ID: fl.ID, Name: fl.Name, Description: fl.Description}
		if err := l.Validate(); err != nil {
			report(lpath+"."+errField(err), err)
		} else if prev, ok := seenLib[l.ID]; ok {
			report(lpath+".id", fmt.Errorf("library %s is listed twice (also at %s)", l.ID, prev))
		}
		seenLib[l.ID] = lpath
		where["library:"+l.ID] = lpath
		imp.Libraries = append(imp.Libraries, l)
		for bi, fb := range fl.Branches {
			bpath := fmt.Sprintf("%s.branches[%d]", lpath, bi)
			b := library.Branch{ID: fb.ID, LibraryID: fl.ID, Name: fb.Name, Description: fb.Description,
				Address: library.Address{Street: fb.Address.Street, PostalCode: fb.Address.PostalCode, City: fb.Address.City},
				Lat:     fb.Lat, Lon: fb.Lon, Phone: fb.Phone, Email: fb.Email, Services: fb.Services, Accessibility: fb.Accessibility}
			ok := true
			for day, d := range fb.Hours {
				wd := weekdayIndex(day)
				if wd < 0 {
					report(bpath+".hours."+day, fmt.Errorf("%q is not a day: use monday ... sunday", day))
					ok = false
					continue
				}
				for _, c := range []struct {
					key string
					in  []string
					out *[]library.Period
				}{{"staffed", d.Staffed, &b.Hours.Weekly[wd].Staffed}, {"self_service", d.SelfService, &b.Hours.Weekly[wd].SelfService}} {
					for i, s := range c.in {
						p, err := library.ParsePeriod(s)
						if err != nil {
							report(fmt.Sprintf("%s.hours.%s.%s[%d]", bpath, day, c.key, i), err)
							ok = false
							continue
						}
						*c.out = append(*c.out, p)
					}
				}
			}
			// Validate stops at a branch's first problem; the periods
			// that did not parse are already reported and left out.
			if err := b.Validate(); err != nil {
				report(bpath+"."+errField(err), err)
			} else if ok {
				if prev, dup := seenBranch[b.ID]; dup {
					report(bpath+".id", fmt.Errorf("branch %s is listed twice (also at %s)", b.ID, prev))
				}
			}
			seenBranch[b.ID] = bpath
			where["branch:"+b.ID] = bpath
			imp.Branches = append(imp.Branches, b)
			if fb.Exceptions != nil {
				es := []library.HoursException{}
				for ei, fe := range *fb.Exceptions {
					epath := fmt.Sprintf("%s.exceptions[%d]", bpath, ei)
					e, err := parseImportException(fe, b.ID, today)
					if err != nil {
						report(epath+"."+strings.TrimPrefix(errField(err), "hours."), err)
						continue
					}
					es = append(es, e)
				}
				if len(es) == len(*fb.Exceptions) {
					if err := library.ValidateExceptions(es); err != nil {
						report(bpath+".exceptions"+errField(err), err)
					}
				}
				imp.Exceptions[b.ID] = es
			}
		}
	}
	return imp, where, problems
}

func parseImportException(fe importException, branch string, today library.Date) (library.HoursException, error) {
	e := library.HoursException{BranchID: branch, Reason: fe.Reason}
	var err error
	if e.From, err = library.ParseDate(fe.From); err != nil {
		return e, &library.Error{Code: library.EINVALID, Message: fmt.Sprintf("from: bad date %q: want YYYY-MM-DD", fe.From)}
	}
	if fe.To == "" {
		e.To = e.From
	} else if e.To, err = library.ParseDate(fe.To); err != nil {
		return e, &library.Error{Code: library.EINVALID, Message: fmt.Sprintf("to: bad date %q: want YYYY-MM-DD", fe.To)}
	}
	for _, c := range []struct {
		key string
		in  []string
		out *[]library.Period
	}{{"staffed", fe.Staffed, &e.Staffed}, {"self_service", fe.SelfService, &e.SelfService}} {
		for i, s := range c.in {
			p, err := library.ParsePeriod(s)
			if err != nil {
				return e, &library.Error{Code: library.EINVALID, Message: fmt.Sprintf("%s[%d]: %v", c.key, i, problemText(err))}
			}
			*c.out = append(*c.out, p)
		}
	}
	switch {
	case fe.Closed && !e.Closed():
		return e, &library.Error{Code: library.EINVALID, Message: "closed: an exception that is closed has no hours"}
	case !fe.Closed && e.Closed():
		return e, &library.Error{Code: library.EINVALID, Message: `closed: give the day's hours, or "closed": true`}
	}
	return e, e.Validate(today)
}

func weekdayIndex(day string) int {
	for i, d := range library.Weekdays {
		if d == day {
			return i
		}
	}
	return -1
}

// errField is the field a validation error's message starts with
// ("email: bad email address" → "email").
func errField(err error) string {
	msg := problemText(err)
	f, _, ok := strings.Cut(msg, ": ")
	if !ok || strings.ContainsAny(f, " \"") {
		return ""
	}
	return f
}

// problemText is an error's message without its code prefix.
func problemText(err error) string {
	var e *library.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// decodeProblem turns a JSON decoding error into FILE:LINE: reason.
func decodeProblem(name string, data []byte, loc *locator, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("%s:%d: not valid JSON: %v", name, lineAt(data, syn.Offset), syn)
	case errors.As(err, &typ):
		return fmt.Sprintf("%s:%d: %s: want %s, not a JSON %s", name, lineAt(data, typ.Offset), typ.Field, typ.Type, typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		path := loc.firstKey(field)
		return fmt.Sprintf("%s:%d: %s: unknown field %q (see docs/admin.md, Importing branches)", name, loc.line(path), path, field)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Sprintf("%s:%d: the JSON ends too soon", name, lineAt(data, int64(len(data))))
	}
	return fmt.Sprintf("%s: %v", name, err)
}

// locator knows the line of every value of a JSON document by its path
// ("libraries[0].branches[2].hours.monday").
type locator struct {
	data    []byte
	offsets map[string]int64
}

func newLocator(data []byte) *locator {
	l := &locator{data: data, offsets: map[string]int64{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	_ = l.walk(dec, "") // a broken document keeps the paths read so far
	return l
}

func (l *locator) walk(dec *json.Decoder, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if _, ok := l.offsets[path]; !ok {
		l.offsets[path] = dec.InputOffset()
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	for i := 0; dec.More(); i++ {
		child := fmt.Sprintf("%s[%d]", path, i)
		if d == '{' {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			child = strings.TrimPrefix(path+"."+fmt.Sprint(key), ".")
			l.offsets[child] = dec.InputOffset()
		}
		if err := l.walk(dec, child); err != nil {
			return err
		}
	}
	_, err = dec.Token()
	return err
}

// line returns the line of path, or of its longest prefix the document
// has (a field the file left out is reported where its object is).
func (l *locator) line(path string) int {
	for p := path; ; {
		if off, ok := l.offsets[p]; ok {
			return lineAt(l.data, off)
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return 1
		}
		p = p[:i]
	}
}

// firstKey returns the path of the first object key named key.
func (l *locator) firstKey(key string) string {
	var paths []string
	for p := range l.offsets {
		if p == key || strings.HasSuffix(p, "."+key) {
			paths = append(paths, p)
		}
	}
	sort.Slice(paths, func(i, j int) bool { return l.offsets[paths[i]] < l.offsets[paths[j]] })
	if len(paths) == 0 {
		return ""
	}
	return paths[0]
}

func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
