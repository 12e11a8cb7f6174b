package odltest

import (
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"
)

// Member libraries' own licences: besides the consortium's shared
// collection, a library may buy licences of its own for a title (more
// copies of a title its residents queue for). A distributor keeps a
// feed per customer, so each library's licences come in a feed of its
// own, which an importer reads with the library's code.

// LibraryFeedPath is the path of a member library's own feed.
func LibraryFeedPath(library string) string { return "/libraries/" + url.PathEscape(library) + "/feed" }

// buyForLibraries adds licences of each library's own to about one
// licensed title in 25, drawn from a generator of the library's own so
// that the consortium's catalogue stays the same; it returns the titles
// each library bought for.
func buyForLibraries(seed int64, pubs []*publication, libs []string, start time.Time) map[string][]*publication {
	bought := map[string][]*publication{}
	for i, lib := range libs {
		rng := rand.New(rand.NewPCG(uint64(seed), uint64(i+1)<<32|0x6c6962))
		bought[lib] = []*publication{}
		for _, p := range pubs {
			if p.open || rng.IntN(25) != 0 {
				continue
			}
			l := newLicence(rng, p, newUUID(rng), start)
			l.library = lib
			p.licences = append(p.licences, l)
			bought[lib] = append(bought[lib], p)
		}
	}
	return bought
}

// serveLibraryFeed serves a member library's own feed, in one page.
func (s *Server) serveLibraryFeed(w http.ResponseWriter, r *http.Request) {
	lib := r.PathValue("library")
	pubs, ok := s.byLibrary[lib]
	if !ok {
		problem(w, http.StatusNotFound, problemGeneric, "no such library")
		return
	}
	base := s.base(r)
	f := jsonFeed{
		Metadata: jsonFeedMetadata{Title: "Kirjasto's ODL test distributor: " + lib, NumberOfItems: len(pubs),
			ItemsPerPage: max(len(pubs), 1), CurrentPage: 1},
		Links:        []jsonLink{{Rel: "self", Href: base + LibraryFeedPath(lib), Type: typeOPDS}},
		Publications: []jsonPub{},
	}
	for _, p := range pubs {
		f.Publications = append(f.Publications, s.jsonPublication(base, p, lib))
	}
	writeJSON(w, http.StatusOK, typeOPDS, f)
}
