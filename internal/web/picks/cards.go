package picks

import (
	"context"
	"net/url"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Cards are a few current picks for another area's page (the home page,
// a library's page), shown by the core's partial:
//
//	{{template "picks-cards" dict "Page" $ "Cards" .Picks}}
//
// where .Picks is a Cards. The partial is a section with an h2 of its
// own and an h3 for each pick, so it goes where an h2 may; it shows
// nothing when there are no picks.
type Cards struct {
	// Picks are the picks, newest first, each with its first records and
	// their availability now.
	Picks []Card
	// MoreURL lists all the picks the cards were taken from; FeedURL is
	// their Atom feed.
	MoreURL string
	FeedURL string
}

// ForHome returns at most n picks public now, for a page in lang: of the
// member library libraryID and the consortium, or of every library when
// libraryID is "".
func ForHome(ctx context.Context, srv *web.Server, libraryID, lang string, n int) (Cards, error) {
	c := Cards{MoreURL: "/picks", FeedURL: "/picks.atom"}
	if libraryID != "" {
		c.MoreURL += "?library=" + url.QueryEscape(libraryID)
		c.FeedURL += "?library=" + url.QueryEscape(libraryID)
	}
	return cards(ctx, srv, c, libraryID, "", lang, n)
}

// ForBranch returns at most n picks public now for the page of branch
// branchID in lang: the consortium's, its library's, and its own, but
// not those of the library's other branches.
func ForBranch(ctx context.Context, srv *web.Server, branchID, lang string, n int) (Cards, error) {
	b, err := srv.Store().Branch(ctx, branchID)
	if err != nil {
		return Cards{}, err
	}
	c := Cards{MoreURL: "/picks?library=" + b.LibraryID, FeedURL: "/libraries/" + b.ID + "/picks.atom"}
	return cards(ctx, srv, c, b.LibraryID, b.ID, lang, n)
}

func cards(ctx context.Context, srv *web.Server, c Cards, lib, branch, lang string, n int) (Cards, error) {
	store, err := picksOf(srv)
	if err != nil {
		return Cards{}, err
	}
	names, err := readNames(ctx, srv)
	if err != nil {
		return Cards{}, err
	}
	f := library.PickFilter{PublicAt: srv.Now(), Limit: n, Branch: branch}
	if lib != "" {
		f.Libraries = []string{"", lib}
	}
	ps, _, err := store.Picks(ctx, f)
	if err != nil {
		return Cards{}, err
	}
	for _, p := range ps {
		v := summarize(srv, p, names, lang)
		if v.Records, err = records(ctx, srv, firstRecords(p), names, lang); err != nil {
			return Cards{}, err
		}
		c.Picks = append(c.Picks, v)
	}
	return c, nil
}
