package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
)

func newExportCmd(cfg *config) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "export FILE",
		Short: "Export the whole catalogue as MARC21 (ISO 2709 or MARCXML, UTF-8)",
		Long: `Export every record of the catalogue, in ID order, to FILE ("-" for standard output).
A record imported from MARC is written as it was imported; any other record is built from
the catalogue's data with its copies as 952 fields. The export streams: memory stays small
however large the catalogue.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "iso2709" && format != "marcxml" {
				return fmt.Errorf("--format %q: want iso2709 or marcxml", format)
			}
			db, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			return exportFile(cmd.Context(), db, format, args[0], cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&format, "format", "iso2709", "iso2709 or marcxml")
	return cmd
}

// exportFile writes the catalogue to name. A file is written under a
// temporary name and renamed when complete, so that a failed export never
// leaves a truncated file that looks whole.
func exportFile(ctx context.Context, st library.Store, format, name string, log io.Writer) error {
	if name == "-" {
		w := bufio.NewWriter(os.Stdout)
		if err := export(ctx, st, format, w, log); err != nil {
			return err
		}
		return w.Flush()
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".kirjasto-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after a successful rename there is nothing left to remove
	w := bufio.NewWriterSize(f, 1<<16)
	if err := export(ctx, st, format, w, log); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

// export streams every record to w with ScanRecords. A record too large
// for ISO 2709, or that the writers refuse as invalid MARC, is reported and
// left out. (marc.Of hands out a record rebuilt from the catalogue when the
// stored one cannot be repaired, so the second does not happen.)
func export(ctx context.Context, st library.Store, format string, w io.Writer, log io.Writer) error {
	var xw *marc.XMLWriter
	if format == "marcxml" {
		xw = marc.NewXMLWriter(w)
	}
	written, skipped := 0, 0
	err := st.ScanRecords(ctx, 0, func(rec library.Record, items []library.Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		m := marc.Of(rec, items)
		if xw != nil {
			if err := xw.Write(m); errors.Is(err, marc.ErrInvalid) {
				fmt.Fprintf(log, "record %d (%s) skipped: %v\n", rec.ID, rec.SourceID, err)
				skipped++
				return nil
			} else if err != nil {
				return err
			}
			written++
			return nil
		}
		b, err := marc.Marshal(m)
		if err != nil {
			fmt.Fprintf(log, "record %d (%s) skipped: %v\n", rec.ID, rec.SourceID, err)
			skipped++
			return nil
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		written++
		return nil
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if xw != nil {
		if err := xw.Close(); err != nil {
			return err
		}
	}
	fmt.Fprintf(log, "exported %d records, %d skipped\n", written, skipped)
	return nil
}
