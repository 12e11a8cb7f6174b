// Package library holds Kirjasto's domain: the consortium, its member
// libraries and branches, opening hours, bibliographic records, items,
// events, and the interfaces through which the rest of the program
// reaches them.
//
// It depends on nothing but the standard library, so that every other
// package (store, search, web, marc, protocols) can share its types without
// depending on each other.
package library

import "strings"

// Text is a short text in several languages, keyed by BCP 47 language
// code ("fi", "sv", "en", "ru"). Branch names and notes are kept in every
// language the library gives them in.
type Text map[string]string

// Get returns the text in lang, else in Finnish, English or Swedish, else
// any text at all, so that a page never shows a hole where a name should be.
func (t Text) Get(lang string) string {
	s, _ := t.Lookup(lang)
	return s
}

// Lookup is Get that also says which language the text is in, so that a
// page can mark a Finnish name shown on a Russian page as Finnish.
func (t Text) Lookup(lang string) (text, in string) {
	if s := t[lang]; s != "" {
		return s, lang
	}
	for _, l := range []string{"fi", "en", "sv"} {
		if s := t[l]; s != "" {
			return s, l
		}
	}
	for l, s := range t {
		if s != "" {
			return s, l
		}
	}
	return "", ""
}

// Languages are the languages Kirjasto speaks, Finnish first: the
// languages a library's texts may be given in.
var Languages = []string{"fi", "sv", "en", "ru", "et", "so", "ar"}

// Missing returns the languages of Languages that t has no text in, so
// that an edit page can mark them and a public page knows it falls back
// (see Lookup).
func (t Text) Missing() []string {
	var out []string
	for _, l := range Languages {
		if strings.TrimSpace(t[l]) == "" {
			out = append(out, l)
		}
	}
	return out
}

// validText trims a multilingual text, drops empty languages, refuses
// languages Kirjasto does not speak and texts over max bytes, and when
// required, a text without Finnish.
func validText(field string, t Text, max int, required bool) (Text, error) {
	out := Text{}
	for lang, s := range t {
		if !knownLanguage(lang) {
			return nil, fieldErr(field, "error.branch_language", "%s: unknown language %q", field, lang)
		}
		s = strings.TrimSpace(s)
		if len(s) > max {
			return nil, fieldErr(field, "error.branch_text_long", "%s.%s: longer than %d bytes", field, lang, max)
		}
		if s != "" {
			out[lang] = s
		}
	}
	if required && out["fi"] == "" {
		return nil, fieldErr(field, "error.branch_finnish_required", "%s: the Finnish text is required", field)
	}
	return out, nil
}

func knownLanguage(l string) bool {
	for _, k := range Languages {
		if k == l {
			return true
		}
	}
	return false
}
