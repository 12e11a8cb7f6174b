package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/store"
)

// elibBatch is how many publications go to the store in one transaction.
const elibBatch = 500

func newElibCmd(cfg *config) *cobra.Command {
	cmd := &cobra.Command{Use: "elib", Short: "The e-library: distributors' feeds"}
	var distributor, lib string
	cmd.AddCommand(&cobra.Command{
		Use:   "import FEED",
		Short: "Import a distributor's OPDS 2 + ODL feed (a file or an http(s) URL)",
		Long: `Import a distributor's OPDS 2 + ODL feed: its publications become catalogue records
(matched by the distributor and the publication's identifier, so importing again updates) and
its licences the e-library's licences (matched by the distributor and the licence's identifier).
The feed's "next" pages are followed. An entry that cannot be read is reported with its place,
identifier and reason, and the rest are imported. Credentials for the distributor come from the
environment, never from the command line: KIRJASTO_ODL_TOKEN (a bearer token), or
KIRJASTO_ODL_USER and KIRJASTO_ODL_PASSWORD (Basic authentication).
docs/odl.md has the mapping.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if distributor == "" {
				return fmt.Errorf("--distributor is required")
			}
			c := &odl.Client{Distributor: distributor, Token: os.Getenv("KIRJASTO_ODL_TOKEN"),
				Username: os.Getenv("KIRJASTO_ODL_USER"), Password: os.Getenv("KIRJASTO_ODL_PASSWORD")}
			db, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			return runElibImport(cmd.Context(), db, c, args[0], lib, time.Now(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	})
	cmd.PersistentFlags().StringVar(&distributor, "distributor", "", "the distributor's ID, as configured (it keys its records and licences)")
	cmd.PersistentFlags().StringVar(&lib, "library", "", "the member library that bought the licences; empty: the consortium's shared collection")
	return cmd
}

// runElibImport reads the feed and stores its records and licences,
// batch by batch; the feed's problems are reported on errOut.
func runElibImport(ctx context.Context, db *store.DB, c *odl.Client, src, lib string, now time.Time, out, errOut io.Writer) error {
	feed, err := c.ReadFeed(ctx, src)
	if err != nil {
		return err
	}
	for _, p := range feed.Problems {
		fmt.Fprintf(errOut, "%s [%s]\n", p.Error(), p.Key)
	}
	// The command line acts as the consortium's administrator, as the
	// other import commands do.
	by := library.Staff{Role: library.RoleAdmin}
	var created, updated, licences int
	var seen []string // every licence identifier the feed lists
	for from := 0; from < len(feed.Publications); from += elibBatch {
		batch := feed.Publications[from:min(from+elibBatch, len(feed.Publications))]
		recs := make([]library.RecordWithItems, len(batch))
		for i, p := range batch {
			r := p.Record
			// Open-access downloads are the record's links, as an
			// e-book's 856 is.
			for _, l := range p.OpenAccess {
				r.Links = append(r.Links, library.Link{URL: l.Href, Text: l.Title})
			}
			recs[i] = library.RecordWithItems{Record: r}
		}
		res, err := db.UpsertRecords(ctx, recs)
		if err != nil {
			return fmt.Errorf("records %d–%d: %w", from+1, from+len(batch), err)
		}
		var ls []library.Licence
		for i, p := range batch {
			if res[i].Created {
				created++
			} else {
				updated++
			}
			for _, l := range p.Licences {
				l.RecordID, l.Library = res[i].ID, lib
				// The feed states the checkouts bought; the licence's
				// info document says how many are left, which an
				// import must not reset.
				if l.CheckoutsTotal > 0 && l.StatusURL != "" {
					if in, err := c.LicenceInfo(ctx, l.StatusURL); err != nil {
						fmt.Fprintf(errOut, "licence %s: its checkouts left are unknown (%v); the feed's total stands\n", l.Identifier, err)
					} else {
						l = in.Apply(l, now)
					}
				}
				ls = append(ls, l)
			}
			// An open-access title gets a licence of its own model, so
			// the e-library knows it is free to download.
			if len(p.OpenAccess) > 0 {
				l := library.Licence{RecordID: res[i].ID, Library: lib, Distributor: c.Distributor,
					Identifier: "open:" + p.Identifier, Model: library.ModelOpenAccess, Status: library.LicenceActive,
					CheckoutURL: p.OpenAccess[0].Href}
				if t := p.OpenAccess[0].Type; t != "" {
					l.Formats = []string{t}
				}
				ls = append(ls, l)
			}
		}
		for _, l := range ls {
			seen = append(seen, l.Identifier)
		}
		if len(ls) > 0 {
			n, err := db.UpsertLicences(ctx, by, ls, now)
			if err != nil {
				return fmt.Errorf("licences of records %d–%d: %w", from+1, from+len(batch), err)
			}
			licences += n
		}
	}
	fmt.Fprintf(out, "imported %d publications (%d new, %d updated) with %d licences from %d pages; %d problems\n",
		created+updated, created, updated, licences, feed.Pages, len(feed.Problems))
	// A licence the distributor no longer lists stops lending. Only a
	// feed read without a problem says what it no longer lists: an entry
	// that could not be read may hold licences still bought.
	if len(feed.Problems) > 0 {
		fmt.Fprintf(out, "licences missing from the feed are not withdrawn, as %d entries could not be read\n", len(feed.Problems))
		return nil
	}
	n, err := db.WithdrawLicences(ctx, by, c.Distributor, lib, seen, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "withdrew %d licences no longer in the feed\n", n)
	return nil
}
