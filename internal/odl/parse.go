package odl

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// SourceID is the catalogue's identity (Record.SourceID) of a
// distributor's publication: the distributor in parentheses, as MARC 035
// names a source, then its identifier.
func SourceID(distributor, identifier string) string {
	return "(odl:" + distributor + ")" + identifier
}

// parsePublication reads one entry of a feed page whose address is base.
// It returns ok false when the entry as a whole cannot be imported; the
// problems then say why. Problems of single licences leave the rest.
func parsePublication(raw json.RawMessage, base *url.URL, distributor string) (Publication, []Problem, bool) {
	var w wirePublication
	if err := json.Unmarshal(raw, &w); err != nil {
		// Say which publication, if its identifier can be read at all.
		var id struct {
			Metadata struct {
				Identifier string `json:"identifier"`
			} `json:"metadata"`
		}
		_ = json.Unmarshal(raw, &id)
		return Publication{}, []Problem{{Identifier: id.Metadata.Identifier, Key: KeyBadEntry, Message: err.Error()}}, false
	}
	m := w.Metadata
	p := Publication{Identifier: strings.TrimSpace(m.Identifier)}
	fail := func(key, format string, args ...any) (Publication, []Problem, bool) {
		return Publication{}, []Problem{{Identifier: p.Identifier, Key: key, Message: fmt.Sprintf(format, args...)}}, false
	}
	if p.Identifier == "" {
		return fail(KeyNoIdentifier, "no metadata.identifier")
	}
	langs := stringsOf(m.Language)
	lang := ""
	if len(langs) > 0 {
		lang = langs[0]
	}
	r := library.Record{
		SourceID:  SourceID(distributor, p.Identifier),
		Title:     languageMap(m.Title, lang),
		Subtitle:  languageMap(m.Subtitle, lang),
		Summary:   strings.TrimSpace(m.Description),
		Language:  marcLanguage(lang),
		Publisher: firstName(nameds(m.Publisher, lang)),
	}
	if r.Title == "" {
		return fail(KeyNoTitle, "no metadata.title")
	}
	if lang == "" {
		r.Language = "und"
	}
	if m.Published != "" {
		t, err := parseDate(m.Published)
		if err != nil {
			return fail(KeyBadDate, "metadata.published %q: %v", m.Published, err)
		}
		p.Published, r.Year = t, t.Year()
	}
	for _, c := range []struct {
		raw  json.RawMessage
		role string
	}{{m.Author, "author"}, {m.Translator, "translator"}, {m.Editor, "editor"}, {m.Illustrator, "illustrator"},
		{m.Artist, "illustrator"}, {m.Narrator, "narrator"}, {m.Contributor, "contributor"}} {
		for _, n := range nameds(c.raw, lang) {
			r.Authors = append(r.Authors, library.Contributor{Name: n.Name, Role: c.role})
		}
	}
	for _, s := range nameds(m.Subject, lang) {
		r.Subjects = append(r.Subjects, s.Name)
	}
	if s := nameds(m.BelongsTo.Series, lang); len(s) > 0 {
		r.Series = s[0].Name
	}
	r.ISBNs = isbnsOf(append([]string{p.Identifier}, altIdentifiers(m.AltIdentifier)...))

	// The material: @type when it is given, else what the licences'
	// and links' formats say; a type Kirjasto does not know is the
	// entry's problem, not a guess.
	material, known := materialOf(m.Type)
	if m.Type != "" && !known {
		return fail(KeyUnknownType, "@type %q", m.Type)
	}
	for _, raw := range [][]byte{m.BelongsTo.Magazine, m.BelongsTo.Periodical, m.BelongsTo.Journal, m.BelongsTo.Newspaper} {
		if ns := nameds(raw, lang); len(ns) > 0 {
			p.Periodical = ns[0].Name
			p.Issue = issueName(ns[0].Issue, lang)
			r.ISSNs = issnsOf(ns[0].Identifier)
			if !known {
				material, known = library.EMagazine, true
			}
			break
		}
	}
	if material == library.EMagazine && r.Series == "" {
		r.Series = p.Periodical
	}

	for _, l := range w.Links {
		switch {
		case l.has(RelOpenAccess):
			if href, ok := resolve(base, l.Href); ok {
				p.OpenAccess = append(p.OpenAccess, Link{Href: href, Type: l.Type, Title: l.Title})
			}
		case l.has(RelImage) || l.has(RelCover):
			if href, ok := resolve(base, l.Href); ok && p.Cover == "" {
				p.Cover = href
			}
		}
	}
	if p.Cover == "" {
		p.Cover = coverOf(base, w.Images)
	}
	if p.Cover != "" {
		r.Links = append(r.Links, library.Link{URL: p.Cover, Cover: true})
	}

	var problems []Problem
	for i, wl := range w.Licenses {
		l, prob := parseLicence(wl, base, distributor)
		if prob != nil {
			prob.Identifier = p.Identifier
			if prob.Licence == "" {
				prob.Licence = fmt.Sprintf("#%d", i+1)
			}
			problems = append(problems, *prob)
			continue
		}
		p.Licences = append(p.Licences, l)
	}
	if len(p.Licences) == 0 && len(p.OpenAccess) == 0 {
		problems = append(problems, Problem{Identifier: p.Identifier, Key: KeyNoAcquisition,
			Message: "neither a usable licence nor an open-access link"})
		return Publication{}, problems, false
	}
	if !known {
		material = library.EBook
		for _, f := range p.formats() {
			if contentFormats[f] == library.EAudioBook {
				material = library.EAudioBook
			}
		}
	}
	r.Material = material
	p.Record = r
	return p, problems, true
}

// formats lists the publication's content formats, licences first.
func (p Publication) formats() []string {
	var fs []string
	for _, l := range p.Licences {
		fs = append(fs, l.Formats...)
	}
	for _, l := range p.OpenAccess {
		fs = append(fs, l.Type)
	}
	return fs
}

// parseLicence reads one licence; a problem leaves it out.
func parseLicence(w wireLicense, base *url.URL, distributor string) (library.Licence, *Problem) {
	md := w.Metadata
	l := library.Licence{
		Distributor: distributor,
		Identifier:  strings.TrimSpace(md.Identifier),
		Model:       library.ModelODL,
		Status:      library.LicenceActive,
	}
	bad := func(key, format string, args ...any) (library.Licence, *Problem) {
		return library.Licence{}, &Problem{Licence: l.Identifier, Key: key, Message: fmt.Sprintf(format, args...)}
	}
	if l.Identifier == "" {
		return bad(KeyNoIdentifier, "licence without metadata.identifier")
	}
	for _, f := range stringsOf(md.Format) {
		if _, ok := contentFormats[f]; ok {
			l.Formats = append(l.Formats, f)
		}
	}
	if len(l.Formats) == 0 {
		return bad(KeyUnknownFormat, "no format Kirjasto lends among %q", stringsOf(md.Format))
	}
	if md.Created != "" {
		if _, err := parseDate(md.Created); err != nil {
			return bad(KeyBadDate, "created %q: %v", md.Created, err)
		}
	}
	t := md.Terms
	if t.Expires != "" {
		e, err := parseDate(t.Expires)
		if err != nil {
			return bad(KeyBadDate, "terms.expires %q: %v", t.Expires, err)
		}
		l.Expires = e
	}
	switch {
	case t.Concurrency != nil && *t.Concurrency < 1:
		return bad(KeyBadTerms, "terms.concurrency %d", *t.Concurrency)
	case t.Checkouts != nil && *t.Checkouts < 0:
		return bad(KeyBadTerms, "terms.checkouts %d", *t.Checkouts)
	case t.Length != nil && *t.Length < 1:
		return bad(KeyBadTerms, "terms.length %d", *t.Length)
	}
	if t.Concurrency != nil {
		l.Concurrency = *t.Concurrency
	}
	if t.Checkouts != nil {
		// The feed states the checkouts bought; the licence info
		// document (LicenceInfo) tells how many are left.
		l.Checkouts, l.CheckoutsTotal = *t.Checkouts, *t.Checkouts
		if l.CheckoutsTotal == 0 {
			l.Status = library.LicenceUsedUp
		}
	}
	if t.Length != nil {
		l.LoanLength = time.Duration(*t.Length) * time.Second
	}
	switch {
	case md.CostPerCirculation != nil:
		c := md.CostPerCirculation
		if !strings.EqualFold(c.Currency, "EUR") || c.Value < 0 || c.Value > 1000 {
			return bad(KeyBadTerms, "cost per circulation %v %s: only euros are kept", c.Value, c.Currency)
		}
		l.Model, l.Price = library.ModelCostPerCirculation, int(math.Round(c.Value*100))
	case t.Concurrency == nil && t.Checkouts == nil:
		// No concurrency limit and no count: anyone may borrow at once
		// (within the expiry if there is one).
		l.Model = library.ModelSimultaneous
	}
	for _, wl := range w.Links {
		switch {
		case wl.has(RelBorrow):
			if href, ok := resolve(base, wl.Href); ok {
				l.CheckoutURL = href
			}
		case wl.has("self"):
			if href, ok := resolve(base, wl.Href); ok {
				l.StatusURL = href
			}
		}
	}
	if l.CheckoutURL == "" {
		return bad(KeyNoCheckout, "no %s link", RelBorrow)
	}
	return l, nil
}

// parseDate reads ISO 8601 as OPDS uses it: a date-time with a zone, or
// a date, or a year.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not an ISO 8601 date")
}

// resolve makes href absolute against base; only web addresses pass.
func resolve(base *url.URL, href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" {
		return "", false
	}
	if base != nil {
		// A URI template's braces are not a URL's; resolve the part
		// before them and keep the template as it is.
		head, tail := href, ""
		if i := strings.IndexByte(href, '{'); i >= 0 {
			head, tail = href[:i], href[i:]
		}
		u, err := base.Parse(head)
		if err != nil {
			return "", false
		}
		href = u.String() + tail
	}
	u, err := url.Parse(strings.SplitN(href, "{", 2)[0])
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return href, true
}

// coverOf picks the cover among a publication's images: the first
// picture in a format pages can show.
func coverOf(base *url.URL, images []wireLink) string {
	for _, l := range images {
		switch l.Type {
		case "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "":
			if href, ok := resolve(base, l.Href); ok {
				return href
			}
		}
	}
	return ""
}

func firstName(ns []named) string {
	if len(ns) == 0 {
		return ""
	}
	return ns[0].Name
}

// issueName reads a periodical's issue: a number, or an object with a
// name or a position.
func issueName(raw json.RawMessage, lang string) string {
	if len(raw) == 0 {
		return ""
	}
	var n float64
	if json.Unmarshal(raw, &n) == nil {
		return fmt.Sprint(n)
	}
	if ns := nameds(raw, lang); len(ns) > 0 {
		return ns[0].Name
	}
	var obj struct {
		Position float64 `json:"position"`
	}
	if json.Unmarshal(raw, &obj) == nil && obj.Position != 0 {
		return fmt.Sprint(obj.Position)
	}
	return ""
}

func altIdentifiers(raw json.RawMessage) []string {
	ids := stringsOf(raw)
	var objs []struct {
		Value string `json:"value"`
	}
	if json.Unmarshal(raw, &objs) == nil {
		for _, o := range objs {
			ids = append(ids, o.Value)
		}
	}
	return ids
}

var (
	isbnRE = regexp.MustCompile(`(?i)^(?:urn:isbn:)?([0-9][0-9-]{8,16}[0-9x])$`)
	issnRE = regexp.MustCompile(`(?i)^(?:urn:issn:)?([0-9]{4})-?([0-9]{3}[0-9x])$`)
)

// isbnsOf returns the ISBNs among identifiers (urn:isbn: or bare),
// normalised to digits and X.
func isbnsOf(ids []string) []string {
	var out []string
	for _, id := range ids {
		m := isbnRE.FindStringSubmatch(strings.TrimSpace(id))
		if m == nil {
			continue
		}
		d := strings.ToUpper(strings.ReplaceAll(m[1], "-", ""))
		if len(d) == 10 || len(d) == 13 {
			out = append(out, d)
		}
	}
	return out
}

func issnsOf(id string) []string {
	m := issnRE.FindStringSubmatch(strings.TrimSpace(id))
	if m == nil {
		return nil
	}
	return []string{m[1] + "-" + strings.ToUpper(m[2])}
}
