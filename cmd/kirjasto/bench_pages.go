package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// bench pages times the residents' pages of a running server as a
// browser asks for them: one page at a time, the whole answer read.
// Pointed at `kirjasto demo` (50,000 records by default), it measures the
// home page the issue asks to be served under 20 ms.

type benchPagesOptions struct {
	url      string
	paths    []string
	requests int
	lang     string
}

func newBenchPagesCmd() *cobra.Command {
	var o benchPagesOptions
	cmd := &cobra.Command{
		Use:   "pages",
		Short: "Time the pages of a running server (e.g. kirjasto demo), one request at a time",
		Long: `pages asks a running server (--url) for each of --paths --requests times,
one request at a time after five to warm up, reads every answer to the
end, and prints per page the median, the 95th percentile and the worst
time to the last byte, with the size of the page. Run it on the machine
of the server, against kirjasto demo, for the times of a demo's pages:

    kirjasto demo --data /tmp/demo --addr 127.0.0.1:8080 &
    kirjasto bench pages --url http://127.0.0.1:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return benchPages(cmd.Context(), cmd.OutOrStdout(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.url, "url", "http://127.0.0.1:8080", "the server's address")
	f.StringSliceVar(&o.paths, "paths", []string{"/", "/?branch=hki-oodi", "/events", "/news", "/libraries/hki-oodi", "/search?q=kissa"},
		"the pages to time")
	f.IntVar(&o.requests, "requests", 200, "requests per page")
	f.StringVar(&o.lang, "lang", "fi", "the language the pages are asked in (a cookie, as the site keeps it)")
	return cmd
}

func benchPages(ctx context.Context, w io.Writer, o benchPagesOptions) error {
	if o.requests < 1 {
		return fmt.Errorf("--requests must be positive")
	}
	client := &http.Client{Timeout: 30 * time.Second}
	fmt.Fprintf(w, "%s, %d requests a page, load average %s\n\n", o.url, o.requests, loadAverage())
	fmt.Fprintln(w, "| page | median | p95 | worst | size |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, path := range o.paths {
		var times []time.Duration
		var size int64
		for i := range o.requests + 5 {
			start := time.Now()
			n, err := getPage(ctx, client, strings.TrimSuffix(o.url, "/")+path, o.lang)
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			if i >= 5 {
				times = append(times, time.Since(start))
			}
			size = n
		}
		slices.Sort(times)
		fmt.Fprintf(w, "| `%s` | %.1f ms | %.1f ms | %.1f ms | %d KB |\n", path, ms(times[len(times)/2]),
			ms(times[len(times)*95/100]), ms(times[len(times)-1]), size/1024)
	}
	return nil
}

// getPage reads one page to its end and returns its size.
func getPage(ctx context.Context, client *http.Client, url, lang string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Cookie", "lang="+lang)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %s", resp.Status)
	}
	return n, err
}
