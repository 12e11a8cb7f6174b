package site

import (
	"context"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// A library's page lists its city's most borrowed titles of this month
// and the last (issue 18, point 5), from the statistics' monthly top
// titles: record IDs and counts, summed over everyone. A title lent
// fewer than library.MinPublicLoans times is left out, so that the list
// of a quiet month never shows what one or two people read
// (docs/privacy.md), and so is a record no longer in the catalogue.

// topTitle is a line of the list.
type topTitle struct {
	URL, Title string
	Loans      int
}

// topTitlesShown is how many titles the page lists.
const topTitlesShown = 10

// topTitlesReader is the part of the store the list reads.
type topTitlesReader interface {
	TopTitlesPeriod(ctx context.Context, fromMonth, toMonth, lib string, limit int) ([]library.TopTitle, error)
}

func (s *server) topTitles(ctx context.Context, lib string) ([]topTitle, error) {
	st, ok := s.Store().(topTitlesReader)
	if !ok {
		return nil, nil
	}
	now := s.Now().In(library.Helsinki)
	this := now.Format("2006-01")
	last := time.Date(now.Year(), now.Month()-1, 1, 12, 0, 0, 0, library.Helsinki).Format("2006-01")
	top, err := st.TopTitlesPeriod(ctx, last, this, lib, 2*topTitlesShown)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(top))
	for i, t := range top {
		ids[i] = t.RecordID
	}
	titles := s.Titles(ctx, ids)
	var out []topTitle
	for _, t := range top {
		if t.Loans < library.MinPublicLoans || titles[t.RecordID] == "" || len(out) == topTitlesShown {
			continue
		}
		out = append(out, topTitle{URL: "/records/" + strconv.FormatInt(t.RecordID, 10), Title: titles[t.RecordID], Loans: int(t.Loans)})
	}
	return out, nil
}
