package i18n

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/kirjasto/kirjasto/internal/library"
)

func newBundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLanguagesDiscovered(t *testing.T) {
	b := newBundle(t)
	got := b.Languages()
	// The national languages and English come first, the others by code.
	if diff := cmp.Diff([]string{"fi", "sv", "en"}, got[:3]); diff != "" {
		t.Errorf("Languages() mismatch (-want +got):\n%s", diff)
	}
	if rest := got[3:]; !slices.IsSorted(rest) {
		t.Errorf("Languages() after fi, sv, en = %q, want them sorted by code", rest)
	}
	for _, lang := range []string{"ru", "et", "so", "ar"} {
		if !slices.Contains(got, lang) {
			t.Errorf("Languages() = %q, want it to offer %s", got, lang)
		}
	}
	// Every language folder is offered: nothing lists them in code.
	files, _ := fs.Glob(catalogues, "*/*.toml")
	named := map[string]bool{}
	for _, f := range files {
		named[path.Dir(f)] = true
	}
	if len(named) != len(got) {
		t.Errorf("catalogue files name %d languages but %d are offered", len(named), len(got))
	}
}

func TestAvailable(t *testing.T) {
	b := newBundle(t)
	for _, lang := range b.Languages() {
		if !Available(lang) {
			t.Errorf("Available(%q) = false for a language the bundle offers", lang)
		}
	}
	for _, lang := range []string{"", "xx", "FI", "fi.toml", "account"} {
		if Available(lang) {
			t.Errorf("Available(%q) = true", lang)
		}
	}
}

func TestNewLanguageIsJustAFile(t *testing.T) {
	fsys := fstest.MapFS{
		"fi/site.toml": {Data: []byte(`"x.hello" = "Hei"`)},
		"et/site.toml": {Data: []byte(`"x.hello" = "Tere"`)},
	}
	b, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"fi", "et"}, b.Languages()); diff != "" {
		t.Errorf("Languages() (-want +got):\n%s", diff)
	}
	if got := b.T("et", "x.hello", nil); got != "Tere" {
		t.Errorf(`T("et") = %q, want "Tere"`, got)
	}
}

// TestCatalogues checks that every language has every message, and none
// is empty, in its core file or any area file.
func TestCatalogues(t *testing.T) {
	b := newBundle(t)
	want := b.IDs(Default)
	for _, lang := range b.Languages() {
		if diff := cmp.Diff(want, b.IDs(lang)); diff != "" {
			t.Errorf("%s.toml has different message ids than %s.toml (-%s +%s):\n%s", lang, Default, Default, lang, diff)
		}
		for id, v := range rawMessages(t, lang) {
			switch v := v.(type) {
			case string:
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s: %q is empty", lang, id)
				}
			case map[string]any:
				if v["other"] == nil {
					t.Errorf("%s: plural %q has no form \"other\"", lang, id)
				}
				for form, s := range v {
					if s, _ := s.(string); strings.TrimSpace(s) == "" {
						t.Errorf("%s: %q form %s is empty", lang, id, form)
					}
				}
			default:
				t.Errorf("%s: %q is a %T, want a string or a table of plural forms", lang, id, v)
			}
		}
	}
}

// TestDomainNames checks that every code the domain defines has a name.
func TestDomainNames(t *testing.T) {
	var ids []string
	for _, m := range library.Materials {
		ids = append(ids, "material."+string(m))
	}
	for _, s := range library.ItemStatuses {
		ids = append(ids, "status."+string(s))
	}
	for _, l := range library.RecordLanguages {
		ids = append(ids, "lang."+l)
	}
	for _, s := range library.Services {
		ids = append(ids, "service."+s)
	}
	for _, f := range append(library.Facets, library.FacetYear) {
		ids = append(ids, "facet."+f)
	}
	for _, s := range []library.Sort{library.SortRelevance, library.SortNewest, library.SortTitle} {
		ids = append(ids, "sort."+string(s))
	}
	for _, a := range []string{library.AudienceAdult, library.AudienceYouth, library.AudienceChildren} {
		ids = append(ids, "audience."+a)
	}
	for _, c := range []string{library.ENOTFOUND, library.EINVALID, library.ECONFLICT, library.EUNAUTHORIZED, library.EFORBIDDEN, library.EINTERNAL} {
		ids = append(ids, library.ErrorKey(&library.Error{Code: c}))
	}
	for d := range 7 {
		ids = append(ids, fmt.Sprintf("weekday.short.%d", d), fmt.Sprintf("weekday.long.%d", d))
	}
	for m := 1; m <= 12; m++ {
		ids = append(ids, fmt.Sprintf("month.short.%d", m), fmt.Sprintf("month.long.%d", m))
	}
	b := newBundle(t)
	for _, lang := range b.Languages() {
		for _, id := range ids {
			if !b.Has(lang, id) {
				t.Errorf("%s: no message %q", lang, id)
			}
		}
	}
}

var (
	// In templates: {{t "id"}}, {{n "id" ...}}, (t "id"), and in Go any
	// string literal that starts with a catalogue's id prefix.
	literalRE = regexp.MustCompile(`"([a-z][a-z0-9_]*\.[a-z0-9_.\-]*[a-z0-9_])"`)
	keyRE     = regexp.MustCompile(`Key:\s*"([^"]+)"`)
)

// TestUsedIDsExist scans the web package's Go code and templates, and
// every error Key in internal/, for message ids no catalogue has.
func TestUsedIDsExist(t *testing.T) {
	b := newBundle(t)
	prefixes := map[string]bool{}
	for _, id := range b.IDs(Default) {
		prefixes[strings.SplitN(id, ".", 2)[0]] = true
	}
	check := func(path, id string) {
		if !b.Has(Default, id) {
			t.Errorf("%s uses message id %q, which %s.toml does not have", path, id, Default)
		}
	}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := filepath.Ext(path)
		if ext != ".go" && ext != ".html" || strings.HasSuffix(path, "_test.go") {
			return nil // tests may use missing ids on purpose
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyRE.FindAllSubmatch(data, -1) {
			check(path, string(m[1]))
		}
		if !strings.HasPrefix(filepath.ToSlash(path), "../web/") {
			return nil
		}
		for _, m := range literalRE.FindAllSubmatch(data, -1) {
			id := string(m[1])
			prefix := strings.SplitN(id, ".", 2)[0]
			if prefixes[prefix] && !slices.Contains([]string{".go", ".html", ".css", ".js", ".toml"}, filepath.Ext(id)) {
				check(path, id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMatch(t *testing.T) {
	b := newBundle(t)
	tests := []struct {
		name                  string
		accept, cookie, query string
		want                  string
	}{
		{"nothing", "", "", "", "fi"},
		{"query wins", "sv", "en", "ru", "ru"},
		{"cookie next", "sv", "en", "", "en"},
		{"unknown query falls back to cookie", "", "sv", "xx", "sv"},
		{"accept language", "sv-FI,sv;q=0.9,en;q=0.5", "", "", "sv"},
		{"accept language with region", "en-GB", "", "", "en"},
		{"accept language weights", "de;q=1,ru;q=0.8,en;q=0.2", "", "", "ru"},
		{"unsupported accept language", "de-DE,ja", "", "", "fi"},
		{"malformed accept language", ";;;q=x,,", "", "", "fi"},
		{"junk everywhere", "\xff", "\xff", "../../etc", "fi"},
		{"uppercase query is not a code", "", "", "FI", "fi"},
		{"estonian", "et-EE,et;q=0.9,en;q=0.5", "", "", "et"},
		{"somali", "so-SO", "", "", "so"},
		{"arabic of a region", "ar-IQ,ar;q=0.9", "", "", "ar"},
		{"query picks a new language", "fi", "", "ar", "ar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Match(tt.accept, tt.cookie, tt.query); got != tt.want {
				t.Errorf("Match(%q, %q, %q) = %q, want %q", tt.accept, tt.cookie, tt.query, got, tt.want)
			}
		})
	}
}

func TestPlurals(t *testing.T) {
	b := newBundle(t)
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"fi", 1, "1 hakutulos"},
		{"fi", 2, "2 hakutulosta"},
		{"sv", 1, "1 träff"},
		{"sv", 0, "0 träffar"},
		{"en", 1, "1 result"},
		{"en", 21, "21 results"},
		{"ru", 1, "1 результат"},
		{"ru", 3, "3 результата"},
		{"ru", 5, "5 результатов"},
		{"ru", 21, "21 результат"},
		{"ru", 11, "11 результатов"},
		{"et", 1, "1 tulemus"},
		{"et", 2, "2 tulemust"},
		{"so", 1, "1 natiijo"},
		{"so", 7, "7 natiijo"},
		{"ar", 0, "لا توجد نتائج"},
		{"ar", 1, "نتيجة واحدة"},
		{"ar", 2, "نتيجتان"},
		{"ar", 3, "3 نتائج"},
		{"ar", 10, "10 نتائج"},
		{"ar", 11, "11 نتيجة"},
		{"ar", 99, "99 نتيجة"},
		{"ar", 100, "100 نتيجة"},
		{"ar", 103, "103 نتائج"},
	}
	for _, tt := range tests {
		if got := b.N(tt.lang, "search.total", tt.n, nil); got != tt.want {
			t.Errorf("N(%s, search.total, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestT(t *testing.T) {
	b := newBundle(t)
	if got, want := b.T("fi", "open.until", map[string]any{"Time": "20.00"}), "klo 20.00 asti"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
	if got, want := b.T("xx", "nav.home", nil), "Etusivu"; got != want {
		t.Errorf("unknown language: T = %q, want %q", got, want)
	}
	if got, want := b.T("en", "no.such.id", nil), "no.such.id"; got != want {
		t.Errorf("missing id: T = %q, want %q", got, want)
	}
}

func TestMissingMessageFallsBackToFinnish(t *testing.T) {
	b, err := Load(fstest.MapFS{
		"fi/site.toml": {Data: []byte(`"x.hello" = "Hei"` + "\n" + `"x.bye" = "Näkemiin {{.Name}}"`)},
		"et/site.toml": {Data: []byte(`"x.hello" = "Tere"`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ lang, id, want string }{
		{"et", "x.hello", "Tere"},
		{"et", "x.bye", "Näkemiin Mari"},
		{"et", "x.none", "x.none"},
		{"fi", "x.none", "x.none"},
	} {
		if got := b.T(tt.lang, tt.id, map[string]any{"Name": "Mari"}); got != tt.want {
			t.Errorf("T(%s, %s) = %q, want %q", tt.lang, tt.id, got, tt.want)
		}
	}
}

func TestAreaFiles(t *testing.T) {
	b, err := Load(fstest.MapFS{
		"fi/site.toml":    {Data: []byte(`"x.hello" = "Hei"`)},
		"fi/account.toml": {Data: []byte(`"account.title" = "Omat tiedot"`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.T("fi", "account.title", nil); got != "Omat tiedot" {
		t.Errorf("area message = %q", got)
	}
	if diff := cmp.Diff([]string{"fi"}, b.Languages()); diff != "" {
		t.Errorf("Languages() (-want +got):\n%s", diff)
	}
	_, err = Load(fstest.MapFS{
		"fi/site.toml":    {Data: []byte(`"x.hello" = "Hei"`)},
		"fi/account.toml": {Data: []byte(`"x.hello" = "Moi"`)},
	})
	if err == nil {
		t.Error("a message defined in two files of one language loaded without an error")
	}
}

// rawMessages reads every catalogue file of lang, the core file and the
// area files, as TOML: strings, and tables of plural forms.
func rawMessages(t *testing.T, lang string) map[string]any {
	t.Helper()
	files, err := fs.Glob(catalogues, lang+"/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]any{}
	for _, f := range files {
		data, err := fs.ReadFile(catalogues, f)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := toml.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		maps.Copy(all, raw)
	}
	if len(all) == 0 {
		t.Fatalf("no catalogue files for %s", lang)
	}
	return all
}

// integerForms returns the CLDR plural forms lang uses for whole numbers,
// the only counts N is given, and "other", which go-i18n and CLDR always
// require. The rules depend on n modulo 100 at most, so 0–999 meets them all.
func integerForms(lang string) []string {
	names := map[plural.Form]string{
		plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many", plural.Other: "other",
	}
	tag := language.MustParse(lang)
	set := map[string]bool{"other": true}
	for n := range 1000 {
		set[names[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// TestPluralForms checks that every plural message has exactly the forms
// CLDR defines for its language: a missing form would show the message id
// for some counts, and an extra one is a form the translator got wrong.
func TestPluralForms(t *testing.T) {
	b := newBundle(t)
	for _, lang := range b.Languages() {
		want := integerForms(lang)
		for id, v := range rawMessages(t, lang) {
			forms, ok := v.(map[string]any)
			if !ok {
				continue
			}
			got := slices.Sorted(maps.Keys(forms))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: plural %q forms (-want +got):\n%s", lang, id, diff)
			}
			// go-i18n picks the form with its own copy of the CLDR
			// rules: every count must find one.
			for n := range 250 {
				if got := b.N(lang, id, n, nil); got == id {
					t.Errorf("%s: N(%q, %d) found no plural form", lang, id, n)
					break
				}
			}
		}
	}
}

// sameAsEnglish lists the messages that may read the same as in English:
// codes, names, formats, and words the languages share.
var sameAsEnglish = map[string][]string{
	"*": {"ask_staff.duration.minutes", "ask_staff.duration.hours", // "min" and "h" are the units' symbols
		"site.name", "meta.dir", "record.isbn", "record.issn", "material.bluray", "material.dvd",
		"material.cd", "format.range", "format.time", "ratings.decimal", "works.total",
		"chat_web.console.minutes",         // "5 min" in most languages
		"stats_web.csv", "stats_web.xlsx"}, // the file formats' names
	"sv": {"account.holds.status", "auth.outbox.status", "facet.genre", "role.designer", "ask_staff.filter.status",
		"ask_staff.field.status", "ask_staff.duration.days", "stats_web.period_kind"},
	"et": {"privacy.history.col_record"}, // "link" is Estonian too
	// CLDR's Somali month abbreviations; PIN and the euro sign as in English.
	"so": {"month.short.1", "month.short.2", "month.short.3", "month.short.5", "month.short.6",
		"auth.pin", "home.demo.pin", "account.money"},
}

// TestTranslated flags messages that read exactly as in English in another
// language: most often a text someone forgot to translate.
func TestTranslated(t *testing.T) {
	b := newBundle(t)
	en := rawMessages(t, "en")
	for _, lang := range b.Languages() {
		if lang == "en" {
			continue
		}
		for id, v := range rawMessages(t, lang) {
			if slices.Contains(sameAsEnglish["*"], id) || slices.Contains(sameAsEnglish[lang], id) {
				continue
			}
			if cmp.Equal(v, en[id]) {
				t.Errorf("%s: %q is the same as in English: %v", lang, id, v)
			}
		}
	}
}
