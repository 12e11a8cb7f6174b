// Package library holds Kirjasto's domain: the consortium, its member
// libraries and branches, opening hours, bibliographic records, items, and
// the interfaces through which the rest of the program reaches them.
//
// It depends on nothing but the standard library, so that every other
// package (store, search, web, marc, protocols) can share its types without
// depending on each other.
package library

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
