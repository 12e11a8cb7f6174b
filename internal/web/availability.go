package web

import (
	"slices"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Availability is how available a record is now, in short: the line of a
// result list (package site) and of a librarians' pick (package picks),
// so that both say the same in the same words.
type Availability struct {
	// Online: an e-resource that can be opened, borrowed or downloaded
	// now; no shelves involved.
	Online    bool   `json:"online"`
	Libraries int    `json:"libraries"` // branches with a copy on the shelf
	Copies    int    `json:"copies"`
	Text      string `json:"text"`
	// ELib is the page where an e-title with licences is borrowed,
	// reserved or downloaded (/elib/{id}); "" for other records.
	ELib string `json:"elib,omitempty"`
}

// Availability sums up where rec can be had, from its items. An
// e-resource is "available online" only when its record gives a web link
// to open it with, which the record page shows; without one it is a
// record without copies, and is said to be nothing more.
func (s *Server) Availability(lang string, rec library.Record, items []library.Item) Availability {
	var sum Availability
	if rec.Material.Electronic() && HasWebLink(rec) {
		sum.Online = true
		sum.Text = s.I18n().T(lang, "avail.online", nil)
		return sum
	}
	branches := map[string]bool{}
	for _, it := range items {
		if it.AvailableHere() {
			sum.Copies++
			branches[it.Branch] = true
		}
	}
	sum.Libraries = len(branches)
	if sum.Libraries == 0 {
		sum.Text = s.I18n().T(lang, "avail.none", nil)
	} else {
		sum.Text = s.I18n().N(lang, "avail.summary", sum.Libraries, nil)
	}
	return sum
}

// HasWebLink reports whether the record has a link a page can offer: a
// picture of its cover is none.
func HasWebLink(rec library.Record) bool {
	return slices.ContainsFunc(rec.Links, func(l library.Link) bool { return !l.Cover && library.WebURL(l.URL) })
}
