package picks

import (
	"bytes"
	"encoding/xml"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The Atom feed of the picks (RFC 4287): /picks.atom of every library's
// (?library= for one library's and the consortium's), and
// /libraries/{id}/picks.atom of what a branch's page shows. Each entry
// is a pick in the request's language, its text and its records as HTML.

// feedLen is how many picks a feed holds, newest first.
const feedLen = 30

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Author    atomPerson `xml:"author"`
	Link      atomLink   `xml:"link"`
	Summary   *atomText  `xml:"summary,omitempty"`
	Content   atomText   `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

func (s *server) serveFeed(w http.ResponseWriter, r *http.Request) error {
	ctx, lang := r.Context(), s.Lang(r)
	n, err := readNames(ctx, s.Server)
	if err != nil {
		return err
	}
	lib, branch := r.URL.Query().Get("library"), ""
	self, alternate := "/picks.atom", "/picks"
	if id := r.PathValue("id"); id != "" {
		b, err := s.Store().Branch(ctx, id)
		if err != nil {
			return err
		}
		lib, branch = b.LibraryID, b.ID
		self, alternate = "/libraries/"+b.ID+"/picks.atom", "/libraries/"+b.ID
	} else if lib != "" {
		self += "?library=" + url.QueryEscape(lib)
		alternate += "?library=" + url.QueryEscape(lib)
	}
	ps, _, err := s.public(ctx, n, lib, branch, 0, feedLen)
	if err != nil {
		return err
	}
	base := s.base(r)
	title := s.I18n().T(lang, "picks.feed_title", nil)
	if branch != "" {
		title += ": " + n.branch(branch, lang).Text
	} else if lib != "" {
		title += ": " + n.place(s.Server, library.Pick{Library: lib}, lang).Text
	}
	f := atomFeed{
		Lang: lang, ID: base + self, Title: title,
		Author: atomPerson{Name: s.I18n().T(lang, "site.name", nil)},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + alternate},
		},
		Entries: []atomEntry{},
	}
	// A feed without entries was last updated... never: the epoch says
	// so truthfully enough, and keeps the feed valid.
	updated := time.Unix(0, 0).UTC()
	for _, p := range ps {
		v, err := wholeView(ctx, s.Server, p, n, lang)
		if err != nil {
			return err
		}
		changed := p.Updated
		if p.PublishAt.After(changed) {
			changed = p.PublishAt
		}
		if changed.After(updated) {
			updated = changed
		}
		e := atomEntry{
			ID: base + v.URL, Title: atomText{Lang: v.Lang, Text: v.Title.Text},
			Updated: atomTime(changed), Published: atomTime(p.PublishAt),
			Author:  atomPerson{Name: v.PlaceName.Text},
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: base + v.URL},
			Content: atomText{Type: "html", Lang: v.Lang, Text: s.entryHTML(v, base, lang)},
		}
		if v.Summary.Text != "" {
			e.Summary = &atomText{Lang: v.Lang, Text: v.Summary.Text}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = atomTime(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(buf.Bytes())
	return nil
}

// entryTemplate is an entry's content: the pick's text, then its records
// with how many copies are on the shelf as the feed was made.
var entryTemplate = template.Must(template.New("entry").Parse(`{{.Text}}<ul>{{range .Records}}
<li><a href="{{$.Base}}{{.URL}}">{{.Title}}</a>{{with .Authors}} – {{index . 0}}{{end}} ({{.MaterialLabel}}){{with .Note.Text}}: {{.}}{{end}}. {{.Availability.Text}}</li>{{end}}
</ul>`))

func (s *server) entryHTML(v pickView, base, lang string) string {
	var b strings.Builder
	err := entryTemplate.Execute(&b, map[string]any{"Text": v.TextHTML, "Records": v.Records, "Base": base})
	if err != nil { // the template and its data are ours: it cannot fail
		s.Logger().Error("picks feed entry", "pick", v.ID, "err", err)
	}
	return b.String()
}

// base is the site's address as the request reached it, for the feed's
// absolute links.
func (s *server) base(r *http.Request) string {
	scheme := "http"
	if s.Secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
