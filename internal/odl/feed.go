package odl

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Feed is what a distributor's feed held: the publications that could be
// read and the problems of those that could not.
type Feed struct {
	Title        string
	Pages        int
	Publications []Publication
	Problems     []Problem
}

// ReadFeed reads a distributor's OPDS 2 + ODL feed from a file or an
// http(s) URL, following its "next" links page by page. An entry that
// cannot be read is a Problem and never stops the others; a page that
// cannot be read ends the reading there with a Problem (key
// error.odl_bad_page), keeping what came before. Only when the first page
// cannot be read is there an error. A publication listed twice is read
// once, the first time (error.odl_duplicate).
func (c *Client) ReadFeed(ctx context.Context, src string) (*Feed, error) {
	f := &Feed{}
	seenPage := map[string]bool{}
	seenPub := map[string]bool{}
	max := c.MaxPages
	if max <= 0 {
		max = 10000
	}
	pos := 0
	for next := src; next != "" && f.Pages < max; {
		if seenPage[next] {
			break // a loop of "next" links
		}
		seenPage[next] = true
		page, base, err := c.readPage(ctx, next)
		if err != nil {
			if f.Pages == 0 {
				return nil, err
			}
			f.Problems = append(f.Problems, Problem{Position: pos + 1, Key: KeyBadPage,
				Message: fmt.Sprintf("page %d (%s): %v", f.Pages+1, redact(next), err)})
			break
		}
		f.Pages++
		if f.Title == "" {
			f.Title = page.Metadata.Title
		}
		for _, raw := range page.Publications {
			pos++
			p, problems, ok := parsePublication(raw, base, c.Distributor)
			for _, prob := range problems {
				prob.Position = pos
				f.Problems = append(f.Problems, prob)
			}
			if !ok {
				continue
			}
			if seenPub[p.Identifier] {
				f.Problems = append(f.Problems, Problem{Position: pos, Identifier: p.Identifier, Key: KeyDuplicate,
					Message: "listed again; the first entry is kept"})
				continue
			}
			seenPub[p.Identifier] = true
			f.Publications = append(f.Publications, p)
		}
		next = ""
		for _, l := range page.Links {
			if l.has("next") {
				if href, ok := resolveAny(base, l.Href); ok {
					next = href
				}
				break
			}
		}
	}
	return f, ctx.Err()
}

// readPage reads one page from a URL or a file; base is its address,
// against which its links resolve (nil for a file: a file's links must be
// absolute, or relative to another file).
func (c *Client) readPage(ctx context.Context, src string) (*wireFeed, *url.URL, error) {
	var body []byte
	var base *url.URL
	if isWeb(src) {
		status, _, b, err := c.do(ctx, http.MethodGet, src, TypeOPDS+", application/json")
		if err != nil {
			return nil, nil, err
		}
		if status != http.StatusOK {
			return nil, nil, refusal("the feed", status, b)
		}
		body = b
		base, _ = url.Parse(src)
	} else {
		b, err := os.ReadFile(strings.TrimPrefix(src, "file://"))
		if err != nil {
			return nil, nil, &library.Error{Code: library.EINVALID, Key: KeyBadPage, Message: err.Error()}
		}
		body = b
		abs, _ := filepath.Abs(strings.TrimPrefix(src, "file://"))
		base = &url.URL{Scheme: "file", Path: abs}
	}
	var page wireFeed
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, nil, &library.Error{Code: library.EINVALID, Key: KeyBadPage,
			Message: fmt.Sprintf("not an OPDS 2 feed: %v", err)}
	}
	if page.Publications == nil {
		return nil, nil, &library.Error{Code: library.EINVALID, Key: KeyBadPage,
			Message: "an ODL feed must have publications"}
	}
	return &page, base, nil
}

func isWeb(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// resolveAny resolves a "next" link against its page, which may be a
// file; a file page's next page may be a file too.
func resolveAny(base *url.URL, href string) (string, bool) {
	u, err := base.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", false
	}
	if u.Scheme == "file" {
		return u.Path, true
	}
	return resolve(nil, u.String())
}
