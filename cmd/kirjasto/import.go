package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
)

// importBatch is how many records go to the store in one transaction:
// large enough to amortise the commit, small enough that a batch that
// fails can be retried record by record quickly.
const importBatch = 1000

func newImportCmd(cfg *config) *cobra.Command {
	var charset string
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import MARC21 records (ISO 2709 or MARCXML, MARC-8 or UTF-8)",
		Long: `Import MARC21 bibliographic records with their holdings (952, 852) into the catalogue.
Records are matched on 001+003, else 035: importing a file twice updates, never duplicates.
What is invalid in a record is repaired where there is one reading (an indicator '^' becomes
blank, a tag "45" is 045, control fields go first); a record that cannot be read or repaired
without a guess (a tag "30-") is reported with its file, number, 001 and reason, and skipped,
in ISO 2709 and MARCXML alike; the import goes on, and ends with the counts of records
imported, repaired and skipped.
ISO 2709 records are read as leader/09 says (UTF-8 or MARC-8), checked against their bytes: a
record labelled UTF-8 whose text is MARC-8 is read as MARC-8, and the log says so. --charset
overrides leader/09 for every record: marc-8, utf-8, or the character set the sending system
really wrote (windows-1251, iso-8859-1, ibm866, ...).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cs, err := marc.ParseCharset(charset)
			if err != nil {
				return fmt.Errorf("--charset: %w", err)
			}
			db, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			imp := &importer{store: db, out: cmd.ErrOrStderr(), charset: cs}
			return imp.run(cmd.Context(), args)
		},
	}
	cmd.Flags().StringVar(&charset, "charset", "auto", "character set of ISO 2709 records: auto (leader/09, checked against the bytes), or marc-8, utf-8 or a WHATWG encoding name such as windows-1251, which overrides leader/09")
	return cmd
}

// importer carries the counts of one import run across its files.
type importer struct {
	store   library.Store
	out     io.Writer
	charset marc.Charset // of ISO 2709 records; Automatic follows leader/09

	read, created, updated, skipped int
	repaired                        int // records stored that needed repairs
	fulfilled                       int // accepted purchase suggestions whose title arrived
	failedFiles                     int
	progress                        *progress
}

// pending is a record read and waiting in a batch for the store.
type pending struct {
	n        int    // number in the file
	id       string // its 001, to name it in messages
	repaired bool
}

func (imp *importer) run(ctx context.Context, files []string) error {
	start := time.Now()
	imp.progress = newProgress(imp.out, totalSize(files))
	for _, name := range files {
		if err := imp.importFile(ctx, name); err != nil {
			if ctx.Err() != nil {
				return err
			}
			imp.failedFiles++
			imp.progress.println(fmt.Sprintf("%s: %v", name, err))
		}
	}
	imp.progress.finish()
	elapsed := time.Since(start)
	fmt.Fprintf(imp.out, "imported %d file(s) in %s: %d records read: %d imported (%d created, %d updated), %d repaired, %d skipped (%.0f records/s)\n",
		len(files)-imp.failedFiles, elapsed.Round(time.Millisecond), imp.read, imp.created+imp.updated, imp.created, imp.updated,
		imp.repaired, imp.skipped, float64(imp.read)/max(elapsed.Seconds(), 1e-9))
	if imp.fulfilled > 0 {
		fmt.Fprintf(imp.out, "%d accepted purchase suggestion(s) arrived: holds placed and the patrons told\n", imp.fulfilled)
	}
	if imp.failedFiles > 0 {
		return fmt.Errorf("%d of %d file(s) could not be imported", imp.failedFiles, len(files))
	}
	return nil
}

func totalSize(files []string) int64 {
	var n int64
	for _, name := range files {
		if fi, err := os.Stat(name); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// recordReader is what the ISO 2709 and MARCXML readers have in common.
type recordReader interface {
	Next() (*marc.Record, error)
	Repairs() []string // what was repaired in the record Next just returned
	N() int            // the number of the record Next just returned
}

// newRecordReader sniffs the format: MARCXML starts with '<' (after any
// byte-order mark or white space), ISO 2709 with a five-digit length.
func newRecordReader(r io.Reader, cs marc.Charset) recordReader {
	br := bufio.NewReader(r)
	for {
		b, err := br.Peek(1)
		if err != nil || !(b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' || b[0] == 0xEF || b[0] == 0xBB || b[0] == 0xBF) {
			if err == nil && b[0] == '<' {
				return marc.NewXMLReader(br)
			}
			mr := marc.NewReader(br)
			mr.Charset = cs
			return mr
		}
		br.ReadByte()
	}
}

// importFile reads a file and stores its records in batches. A record
// that cannot be read, mapped or stored is reported and skipped; an error
// that ends the file (a read error) still stores what was read before it.
func (imp *importer) importFile(ctx context.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	rr := newRecordReader(imp.progress.reader(f), imp.charset)
	var batch []library.RecordWithItems
	var info []pending
	defer func() {
		if ctx.Err() == nil {
			imp.store1(ctx, name, batch, info)
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := rr.Next()
		if err == io.EOF {
			return nil
		}
		var recErr *marc.RecordError
		if errors.As(err, &recErr) {
			imp.skip(name, recErr.Where(), recErr.Reason)
			continue
		}
		if err != nil {
			return fmt.Errorf("after record %d: %w", rr.N(), err)
		}
		imp.read++
		p := pending{n: rr.N(), id: rec.Control("001"), repaired: len(rr.Repairs()) > 0}
		if p.repaired {
			imp.progress.println(fmt.Sprintf("%s: record %s repaired: %s", name, p.where(), strings.Join(rr.Repairs(), "; ")))
		}
		r, items, err := marc.ToLibrary(rec)
		if err != nil {
			imp.skip(name, p.where(), err.Error())
			continue
		}
		batch = append(batch, library.RecordWithItems{Record: r, Items: items})
		info = append(info, p)
		if len(batch) == importBatch {
			imp.store1(ctx, name, batch, info)
			batch, info = batch[:0], info[:0]
		}
	}
}

// where names the record in messages: "12 (001 ocm123)".
func (p pending) where() string {
	if p.id == "" {
		return fmt.Sprint(p.n)
	}
	return fmt.Sprintf("%d (001 %s)", p.n, p.id)
}

// store1 stores one batch. The store takes a batch all or nothing, so when
// it refuses one, each record is tried alone to find and report the
// records at fault while the rest still go in.
func (imp *importer) store1(ctx context.Context, name string, batch []library.RecordWithItems, info []pending) {
	if len(batch) == 0 {
		return
	}
	res, err := imp.store.UpsertRecords(ctx, batch)
	if err == nil {
		imp.count(res, info)
		imp.matchSuggestions(ctx, name, res)
		return
	}
	if len(batch) == 1 {
		imp.skip(name, info[0].where(), err.Error())
		return
	}
	for i := range batch {
		imp.store1(ctx, name, batch[i:i+1], info[i:i+1])
	}
}

// matchSuggestions fulfils the accepted purchase suggestions that the
// batch's records answer by ISBN: a hold for each patron who suggested the
// title, in order, and a notice. It runs after the batch has committed, so
// a failure here loses no record; it is reported, and the suggestions stay
// accepted for staff to name the record on their page.
func (imp *importer) matchSuggestions(ctx context.Context, name string, res []library.UpsertResult) {
	ps, ok := imp.store.(library.PurchaseSuggestions)
	if !ok {
		return
	}
	ids := make([]int64, len(res))
	for i, r := range res {
		ids[i] = r.ID
	}
	n, err := ps.MatchSuggestionsByISBN(ctx, ids, time.Now())
	imp.fulfilled += n
	if err != nil {
		imp.progress.println(fmt.Sprintf("%s: purchase suggestions not fulfilled: %v", name, err))
	}
}

func (imp *importer) count(res []library.UpsertResult, info []pending) {
	for i, r := range res {
		if r.Created {
			imp.created++
		} else {
			imp.updated++
		}
		if info[i].repaired {
			imp.repaired++
		}
	}
	imp.progress.records(len(res))
}

func (imp *importer) skip(name, where, reason string) {
	imp.skipped++
	imp.progress.println(fmt.Sprintf("%s: record %s skipped: %s", name, where, reason))
}

// progress shows how an import goes: a bar with rate and time left on a
// terminal, a plain line every few seconds otherwise (logs, CI).
type progress struct {
	out     io.Writer
	bar     *progressbar.ProgressBar
	done    int
	last    time.Time
	started time.Time
}

func newProgress(out io.Writer, total int64) *progress {
	p := &progress{out: out, started: time.Now(), last: time.Now()}
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(out),
			progressbar.OptionSetDescription("importing"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionFullWidth(),
		)
	}
	return p
}

// reader counts the bytes of r into the bar.
func (p *progress) reader(r io.Reader) io.Reader {
	if p.bar == nil {
		return r
	}
	pr := progressbar.NewReader(r, p.bar)
	return &pr
}

func (p *progress) records(n int) {
	p.done += n
	if p.bar == nil && time.Since(p.last) >= 5*time.Second {
		p.last = time.Now()
		fmt.Fprintf(p.out, "%d records stored (%.0f/s)\n", p.done, float64(p.done)/time.Since(p.started).Seconds())
	}
}

func (p *progress) println(s string) {
	if p.bar != nil {
		p.bar.Clear()
	}
	fmt.Fprintln(p.out, s)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprintln(p.out)
	}
}
