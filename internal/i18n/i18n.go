// Package i18n holds Kirjasto's message catalogues and picks the language
// of a request.
//
// The catalogues are TOML files embedded from one folder per language,
// named by BCP 47 code (fi/, sv/ ...), so that a translator works in one
// place. Inside a folder each area of the site keeps its messages in a file
// of its own (fi/site.toml, fi/account.toml), so that work on one area does
// not touch the others' files. A language is added by dropping in its
// folder: nothing in the code lists them. Plural
// forms follow the CLDR rules of each language, through go-i18n.
//
// Message ids are flat, dotted and quoted in the files ("search.title"),
// so that a grep finds every use and a table named "other" can never be
// mistaken for a plural form. Plural messages are inline tables of CLDR
// forms: "search.total" = { one = "...", other = "..." }. The first part
// of an id says what it names:
//
//   - page chrome and labels by page: site., nav., home., search., sort.,
//     pager., avail., record., libraries., library., open.
//   - names of domain codes, id = prefix + the code: material., lang. (MARC
//     language codes), status., role., service., facet., audience.
//   - calendar: weekday.short.N and weekday.long.N (N as time.Weekday,
//     0 is Sunday), month.short.N and month.long.N (1 is January)
//   - formats: format.date, format.time, format.range, decade.label
//   - errors: error. + a library error code, or the Key of a library.Error
//   - meta.name: the language's own name, for the language switcher;
//     meta.dir: "ltr", or "rtl" for a language written right to left
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed */*.toml
var catalogues embed.FS

// Default is the language used when nothing better is known: the
// consortium's majority language.
const Default = "fi"

// preferred orders the languages a switcher shows: the two national
// languages first, then English; any others follow by code.
var preferred = []string{"fi", "sv", "en"}

// Bundle is the set of message catalogues. It is safe for concurrent use.
type Bundle struct {
	bundle     *goi18n.Bundle
	langs      []string
	localizers map[string]*goi18n.Localizer
	ids        map[string][]string // language → message ids, for tests and Has
	matcher    language.Matcher
}

// New returns the embedded catalogues. They are loaded once per process
// and shared: a Bundle never changes once loaded, and loading takes a
// moment (seconds under the race detector, which every test server of
// the web packages would pay).
func New() (*Bundle, error) { return embeddedBundle() }

var embeddedBundle = sync.OnceValues(func() (*Bundle, error) { return Load(catalogues) })

// Load reads every lang/area.toml file of fsys as part of the catalogue
// of the language its folder is named for. Tests use it with their own
// files.
func Load(fsys fs.FS) (*Bundle, error) {
	names, err := fs.Glob(fsys, "*/*.toml")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("i18n: no catalogues")
	}
	b := &Bundle{
		bundle:     goi18n.NewBundle(language.MustParse(Default)),
		localizers: make(map[string]*goi18n.Localizer),
		ids:        make(map[string][]string),
	}
	b.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		lang := langOf(name)
		// go-i18n reads the language from the file name (area.fi.toml).
		area := strings.TrimSuffix(path.Base(name), ".toml")
		mf, err := b.bundle.ParseMessageFileBytes(data, area+"."+lang+".toml")
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		if mf.Tag.String() != lang {
			return nil, fmt.Errorf("i18n: %s: folder is not named by a plain language code", name)
		}
		if _, seen := b.ids[lang]; !seen {
			b.langs = append(b.langs, lang)
		}
		for _, m := range mf.Messages {
			if slices.Contains(b.ids[lang], m.ID) {
				return nil, fmt.Errorf("i18n: %s: message %q is defined twice for %s", name, m.ID, lang)
			}
			b.ids[lang] = append(b.ids[lang], m.ID)
		}
	}
	for _, ids := range b.ids {
		slices.Sort(ids)
	}
	if _, ok := b.ids[Default]; !ok {
		return nil, fmt.Errorf("i18n: no catalogue for the default language %q", Default)
	}
	slices.SortFunc(b.langs, func(x, y string) int {
		ix, iy := rank(x), rank(y)
		if ix != iy {
			return ix - iy
		}
		return strings.Compare(x, y)
	})
	tags := make([]language.Tag, len(b.langs))
	for i, l := range b.langs {
		tags[i] = language.MustParse(l)
		// Falling back to Finnish keeps a page whole if a new catalogue
		// lags behind; the catalogue test makes sure none does.
		b.localizers[l] = goi18n.NewLocalizer(b.bundle, l, Default)
	}
	b.matcher = language.NewMatcher(tags) // the first, Finnish, is the default match
	return b, nil
}

// langOf returns the language a catalogue file is for: the name of its
// folder (fi/account.toml).
func langOf(name string) string { return path.Base(path.Dir(name)) }

// embedded lists the languages of the embedded catalogues.
var embedded = sync.OnceValue(func() []string {
	names, _ := fs.Glob(catalogues, "*/*.toml")
	var langs []string
	for _, n := range names {
		if l := langOf(n); !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	return langs
})

// Available reports whether the embedded catalogues have language lang.
// It is for code that checks a stored language without a Bundle at hand,
// such as the store checking a patron's language of notices, so that a
// language dropped in as files is accepted there too.
func Available(lang string) bool { return slices.Contains(embedded(), lang) }

func rank(lang string) int {
	if i := slices.Index(preferred, lang); i >= 0 {
		return i
	}
	return len(preferred)
}

// Languages returns the codes of the languages that have a catalogue,
// in the order a language switcher shows them.
func (b *Bundle) Languages() []string { return slices.Clone(b.langs) }

// Supported reports whether lang has a catalogue.
func (b *Bundle) Supported(lang string) bool { return b.localizers[lang] != nil }

// IDs returns the message ids of one language's catalogue, sorted.
func (b *Bundle) IDs(lang string) []string { return slices.Clone(b.ids[lang]) }

// Has reports whether the catalogue of lang has the message id, so that
// callers can fall back from ids built out of data (a role, a service).
func (b *Bundle) Has(lang, id string) bool {
	_, found := slices.BinarySearch(b.ids[lang], id)
	return found
}

// Match picks the language of a request: an explicit query parameter
// first, then the cookie that remembers an earlier choice, then the
// browser's Accept-Language, then Finnish. Unknown or malformed values
// are skipped, never an error.
func (b *Bundle) Match(acceptLanguage, cookie, query string) string {
	for _, l := range []string{query, cookie} {
		if b.Supported(l) {
			return l
		}
	}
	if acceptLanguage == "" || len(acceptLanguage) > 1000 {
		return Default
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := b.matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return b.langs[i]
}

// T returns message id in lang, with data filling its template fields.
// A message lang lacks shows in Finnish, and one no catalogue has shows as
// its id; the catalogue tests forbid both.
func (b *Bundle) T(lang, id string, data any) string {
	return b.localize(lang, &goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
}

// N returns the plural form of message id that fits n in lang. The count
// is available to the template as {{.Count}}, unless data (a map) sets it.
func (b *Bundle) N(lang, id string, n int, data any) string {
	m := map[string]any{"Count": n}
	switch d := data.(type) {
	case nil:
	case map[string]any:
		for k, v := range d {
			m[k] = v
		}
	default:
		return b.localize(lang, &goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: data})
	}
	return b.localize(lang, &goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: m})
}

func (b *Bundle) localize(lang string, lc *goi18n.LocalizeConfig) string {
	l := b.localizers[lang]
	if l == nil {
		l = b.localizers[Default]
	}
	s, err := l.Localize(lc)
	var notFound *goi18n.MessageNotFoundErr
	if errors.As(err, &notFound) && s != "" {
		return s // the Finnish text, in place of a message lang lacks
	}
	if err != nil {
		return lc.MessageID
	}
	return s
}
