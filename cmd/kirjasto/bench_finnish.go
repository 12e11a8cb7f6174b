package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
)

// inflections are Finnish base forms with inflected forms a patron types:
// consonant gradation (sota/sodan, katu/kadulla), stem changes (käsi/
// kädessä, vesi/veden, hevonen/hevosen), plurals, a possessive suffix and
// a clitic. kirjasto bench finnish counts the hits of each beside its
// base form's.
var inflections = [][]string{
	{"sota", "sodan", "sodassa", "sotia", "sodat"},
	{"kissa", "kissan", "kissoja", "kissat", "kissoille"},
	{"käsi", "kädessä", "käden"},
	{"tyttö", "tytöt", "tytön", "tyttöjen"},
	{"helsinki", "helsingissä", "helsingin"},
	{"katu", "kadulla", "kadun"},
	{"lintu", "linnun", "lintujen"},
	{"vesi", "veden", "vedessä"},
	{"hevonen", "hevosen", "hevosilla"},
	{"kaupunki", "kaupungissa", "kaupunkien"},
	{"talvi", "talvella", "talven"},
	{"kirja", "kirjani", "kirjakin", "kirjoista"},
	{"joki", "joen", "joella"},
	{"meri", "merellä", "meren"},
	{"lapsi", "lapsille", "lasten"},
	{"sydän", "sydämessä", "sydämen"},
	{"aika", "ajan", "aikana"},
	{"susi", "sudet", "susien"},
}

// benchFinnishOptions are the flags of kirjasto bench finnish.
type benchFinnishOptions struct {
	records int
	seed    uint64
	known   int
}

func newBenchFinnishCmd(cfg *config) *cobra.Command {
	var o benchFinnishOptions
	cmd := &cobra.Command{
		Use:   "finnish",
		Short: "Count the hits of inflected Finnish words against their base forms, and run a known-item test",
		Long: `finnish generates --records demo records (as bench search does), indexes
them, and prints the number of hits of Finnish base forms and of their
inflected forms (sota, sodan, sodassa, ...), searched with the Finnish
interface language. Then it looks for --known random records by their
title and main author, and prints the share found first and in the top
three: a record counts as found when the hit is the record or one with
the same title and authors, which the query cannot tell apart.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return benchFinnish(cmd.Context(), cfg, cmd.OutOrStdout(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.records, "records", 50_000, "records to generate and index")
	f.Uint64Var(&o.seed, "seed", 1, "seed of the generated records and of the known-item sample")
	f.IntVar(&o.known, "known", 200, "records to look for by title and author")
	finnishFlags(cmd, &cfg.finnish)
	return cmd
}

func benchFinnish(ctx context.Context, cfg *config, w io.Writer, o benchFinnishOptions) error {
	if o.records <= 0 || o.known < 0 {
		return fmt.Errorf("--records must be positive and --known not negative")
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC) // as bench search, so the corpus depends on the seed only
	cons := demo.Consortium(now.Year())
	ix := search.New(cfg.finnish.searchConfig(search.Config{Branches: search.BranchCities(cons.Branches), Logger: cfg.logger}, cfg.logger))
	var docs []search.Doc
	start := time.Now()
	err := ix.Build(ctx, library.FeedPos{}, func(put func(search.Doc) error) error {
		i := 0
		for rw := range demo.Records(o.seed, o.records, cons, now) {
			i++
			rw.Record.ID = int64(i)
			d := search.DocFrom(rw.Record, rw.Items)
			docs = append(docs, d)
			if err := put(d); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "kirjasto bench finnish: %d records, seed %d, built in %.1f s, load average %s\n%s\n",
		ix.Len(), o.seed, time.Since(start).Seconds(), loadAverage(), cfg.finnish.describe())

	total := func(text, lang string) (int, error) {
		res, err := ix.Search(ctx, library.SearchQuery{Text: text, Lang: lang, Limit: 1})
		return res.Total, err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "base form\thits\tinflected form\thits\tof them the base's\tof the base's hits\t")
	var shares float64
	var forms int
	for _, set := range inflections {
		base, err := total(set[0], "fi")
		if err != nil {
			return err
		}
		for _, form := range set[1:] {
			n, err := total(form, "fi")
			if err != nil {
				return err
			}
			// Both words in one query find the records both find.
			both, err := total(form+" "+set[0], "fi")
			if err != nil {
				return err
			}
			share := 0.0
			if base > 0 {
				share = float64(both) / float64(base)
			}
			shares += share
			forms++
			fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%.0f %%\t\n", set[0], base, form, n, both, 100*share)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "inflected forms: %d; on average they find %.0f %% of their base form's hits\n", forms, 100*shares/float64(max(forms, 1)))
	for _, lang := range []string{"en", "sv"} {
		n, err := total("sodassa", lang)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "sodassa with the interface in %s: %d hits\n", lang, n)
	}
	return knownItems(ctx, w, ix, docs, o)
}

// knownItems looks for o.known random documents by their title and main
// author and prints how many came first and how many in the top three.
func knownItems(ctx context.Context, w io.Writer, ix *search.Index, docs []search.Doc, o benchFinnishOptions) error {
	if o.known == 0 {
		return nil
	}
	byID := make(map[int64]*search.Doc, len(docs))
	for i := range docs {
		byID[docs[i].ID] = &docs[i]
	}
	same := func(a, b *search.Doc) bool {
		return a.ID == b.ID || strings.EqualFold(a.Title, b.Title) && strings.EqualFold(a.Subtitle, b.Subtitle) &&
			strings.EqualFold(strings.Join(a.Authors, ";"), strings.Join(b.Authors, ";"))
	}
	r := rand.New(rand.NewPCG(o.seed, 13))
	first, top3, finnish, finnishFirst, finnishTop3 := 0, 0, 0, 0, 0
	for range o.known {
		d := &docs[r.IntN(len(docs))]
		text := d.Title
		if len(d.Authors) > 0 {
			text += " " + d.Authors[0]
		}
		res, err := ix.Search(ctx, library.SearchQuery{Text: text, Lang: "fi", Limit: 3})
		if err != nil {
			return err
		}
		rank := -1
		for i, h := range res.Hits {
			if same(byID[h.ID], d) {
				rank = i
				break
			}
		}
		fin := d.Language == "fin"
		if fin {
			finnish++
		}
		if rank == 0 {
			first++
			if fin {
				finnishFirst++
			}
		}
		if rank >= 0 {
			top3++
			if fin {
				finnishTop3++
			}
		}
	}
	pct := func(n, of int) float64 { return 100 * float64(n) / float64(max(of, 1)) }
	fmt.Fprintf(w, "known items: %d records by title and main author: first %d (%.1f %%), top three %d (%.1f %%); of them %d in Finnish: first %.1f %%, top three %.1f %%\n",
		o.known, first, pct(first, o.known), top3, pct(top3, o.known), finnish, pct(finnishFirst, finnish), pct(finnishTop3, finnish))
	return nil
}
