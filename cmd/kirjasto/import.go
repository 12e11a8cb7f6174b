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
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"

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
A broken record is reported with its file, number and reason, skipped, and the import goes on.
ISO 2709 records not flagged as UTF-8 (leader/09) are read as MARC-8, unless --charset names the
character set the sending system really wrote (windows-1251, iso-8859-1, ...).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			legacy, err := legacyEncoding(charset)
			if err != nil {
				return err
			}
			db, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			imp := &importer{store: db, out: cmd.ErrOrStderr(), legacy: legacy}
			return imp.run(cmd.Context(), args)
		},
	}
	cmd.Flags().StringVar(&charset, "charset", "marc-8", "character set of ISO 2709 records not flagged as UTF-8: marc-8, or a WHATWG encoding name such as windows-1251")
	return cmd
}

// legacyEncoding resolves the --charset flag: nil for MARC-8, the
// standard's own, else the named encoding.
func legacyEncoding(name string) (encoding.Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "marc-8", "marc8":
		return nil, nil
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		return nil, fmt.Errorf("--charset %q: not a character set this importer knows (try marc-8, windows-1251, iso-8859-1)", name)
	}
	return enc, nil
}

// importer carries the counts of one import run across its files.
type importer struct {
	store  library.Store
	out    io.Writer
	legacy encoding.Encoding // for ISO 2709 records not flagged UTF-8; nil is MARC-8

	read, created, updated, skipped int
	repairs                         int
	failedFiles                     int
	progress                        *progress
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
	fmt.Fprintf(imp.out, "imported %d file(s) in %s: %d records read, %d created, %d updated, %d skipped, %d repaired (%.0f records/s)\n",
		len(files)-imp.failedFiles, elapsed.Round(time.Millisecond), imp.read, imp.created, imp.updated, imp.skipped, imp.repairs,
		float64(imp.read)/max(elapsed.Seconds(), 1e-9))
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
}

// newRecordReader sniffs the format: MARCXML starts with '<' (after any
// byte-order mark or white space), ISO 2709 with a five-digit length.
func newRecordReader(r io.Reader, legacy encoding.Encoding) recordReader {
	br := bufio.NewReader(r)
	for {
		b, err := br.Peek(1)
		if err != nil || !(b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' || b[0] == 0xEF || b[0] == 0xBB || b[0] == 0xBF) {
			if err == nil && b[0] == '<' {
				return marc.NewXMLReader(br)
			}
			mr := marc.NewReader(br)
			mr.Legacy = legacy
			return mr
		}
		br.ReadByte()
	}
}

func (imp *importer) importFile(ctx context.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	rr := newRecordReader(imp.progress.reader(f), imp.legacy)
	var batch []library.RecordWithItems
	var numbers []int // record number in the file of each batch entry
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := rr.Next()
		if err == io.EOF {
			break
		}
		n++
		var recErr *marc.RecordError
		if errors.As(err, &recErr) {
			n = recErr.N
			imp.skip(name, n, recErr.Reason)
			continue
		}
		if err != nil {
			return fmt.Errorf("record %d: %w", n, err)
		}
		imp.read++
		if repairs := rr.Repairs(); len(repairs) > 0 {
			imp.repairs++
			for _, r := range repairs {
				imp.progress.println(fmt.Sprintf("%s: record %d repaired: %s", name, n, r))
			}
		}
		r, items, err := marc.ToLibrary(rec)
		if err != nil {
			imp.skip(name, n, err.Error())
			continue
		}
		batch = append(batch, library.RecordWithItems{Record: r, Items: items})
		numbers = append(numbers, n)
		if len(batch) == importBatch {
			imp.store1(ctx, name, batch, numbers)
			batch, numbers = batch[:0], numbers[:0]
		}
	}
	imp.store1(ctx, name, batch, numbers)
	return nil
}

// store1 stores one batch. The store takes a batch all or nothing, so when
// it refuses one, each record is tried alone to find and report the
// records at fault while the rest still go in.
func (imp *importer) store1(ctx context.Context, name string, batch []library.RecordWithItems, numbers []int) {
	if len(batch) == 0 {
		return
	}
	res, err := imp.store.UpsertRecords(ctx, batch)
	if err == nil {
		imp.count(res)
		return
	}
	if len(batch) == 1 {
		imp.skip(name, numbers[0], err.Error())
		return
	}
	for i := range batch {
		imp.store1(ctx, name, batch[i:i+1], numbers[i:i+1])
	}
}

func (imp *importer) count(res []library.UpsertResult) {
	for _, r := range res {
		if r.Created {
			imp.created++
		} else {
			imp.updated++
		}
	}
	imp.progress.records(len(res))
}

func (imp *importer) skip(name string, n int, reason string) {
	imp.skipped++
	imp.progress.println(fmt.Sprintf("%s: record %d skipped: %s", name, n, reason))
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
