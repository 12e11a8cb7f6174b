package web

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Data shown inside a page's own words (a title, a branch name, a call
// number, a date) is isolated from them, so that the Unicode bidirectional
// algorithm lays out each on its own: in Arabic, "85 KOR" and "12-VIR"
// keep their order and a sentence's full stop stays at its end. Data whose
// language is known and differs from the page's (a Finnish holiday on a
// Russian page) says so with lang, for screen readers' voices and for
// hyphenation. Templates do it through the page's helpers: T and N
// isolate every argument of a message, Bdi a datum shown on its own, Code
// an identifier that reads left to right in every language, TitleOrCode a
// copy's title or barcode, RecordText a title in its record's language;
// LangAttr marks an element where no <bdi> may stand, such as <option>.
// A block of data (a heading, a paragraph) keeps the page's direction, so
// that it is aligned with the page, and isolates its text inside.
// Sentences that are plain text (attributes, e-mail) use Unicode's
// isolates instead (isolated, notice.Render).

// LangText is data in a known language: a branch's name in the language
// the page asked for, or in Finnish when the branch has none in it. In
// JSON it is the plain string.
type LangText struct {
	Text string
	Lang string // BCP 47; "" when unknown
}

func (t LangText) String() string { return t.Text }

func (t LangText) MarshalJSON() ([]byte, error) { return json.Marshal(t.Text) }

func (t *LangText) UnmarshalJSON(b []byte) error {
	t.Lang = ""
	return json.Unmarshal(b, &t.Text)
}

// TextIn returns t in lang, marked with the language it is really in.
func TextIn(t library.Text, lang string) LangText {
	s, in := t.Lookup(lang)
	return LangText{s, in}
}

// isolated returns s between Unicode's first-strong isolate and pop
// directional isolate: the plain-text <bdi>, for sentences that are text,
// not markup (attributes, JSON's texts, e-mail).
func isolated(s string) string { return "\u2068" + s + "\u2069" }

// code is an identifier of Latin letters and digits: a call number, a
// hold-shelf code, a card number or a barcode. It reads left to right on
// every page.
type code string

// marcLangs maps MARC language codes to BCP 47, for marking titles with
// the language of their record.
var marcLangs = map[string]string{
	"fin": "fi", "swe": "sv", "eng": "en", "rus": "ru", "est": "et", "som": "so", "ara": "ar",
	"ger": "de", "fre": "fr", "spa": "es", "jpn": "ja", "chi": "zh",
}

// RecordText returns a record's title or subtitle isolated and marked with
// the record's language (a MARC code), when the record says what it is.
func (p *page) RecordText(s, marcLang string) template.HTML {
	return p.Bdi(LangText{s, marcLangs[marcLang]})
}

// Bdi returns v isolated from the text around it: a langText in another
// language than the page's also carries lang, a code reads left to right,
// and template.HTML, numbers and empty values stay as they are.
func (p *page) Bdi(v any) template.HTML { return isolate(p.Lang, v) }

// Code returns s isolated as an identifier that reads left to right.
func (p *page) Code(s string) template.HTML { return isolate(p.Lang, code(s)) }

// LangAttr returns the lang attribute, with a space before it, that v
// needs on a page in the page's language, for places where no <bdi> may
// stand, such as <option>.
func (p *page) LangAttr(v any) template.HTMLAttr {
	if t, ok := v.(LangText); ok && t.Lang != "" && t.Lang != p.Lang {
		return template.HTMLAttr(` lang="` + html.EscapeString(t.Lang) + `"`)
	}
	return ""
}

func isolate(pageLang string, v any) template.HTML {
	switch v := v.(type) {
	case template.HTML:
		return v
	case LangText:
		if v.Text == "" {
			return ""
		}
		if v.Lang != "" && v.Lang != pageLang {
			return template.HTML(`<bdi lang="` + html.EscapeString(v.Lang) + `">` + html.EscapeString(v.Text) + `</bdi>`)
		}
		return template.HTML(`<bdi>` + html.EscapeString(v.Text) + `</bdi>`)
	case code:
		if v == "" {
			return ""
		}
		return template.HTML(`<bdi dir="ltr">` + html.EscapeString(string(v)) + `</bdi>`)
	case string:
		if v == "" {
			return ""
		}
		return template.HTML(`<bdi>` + html.EscapeString(v) + `</bdi>`)
	case fmt.Stringer:
		return isolate(pageLang, v.String())
	default:
		// Numbers are neutral; they need no isolation of their own.
		return template.HTML(html.EscapeString(fmt.Sprint(v)))
	}
}

// placeholder marks where a message's argument goes: the message is
// translated with placeholders, escaped, and then each placeholder is
// replaced by its isolated argument. The private-use characters cannot
// come from a catalogue or survive escaping changed.
func placeholder(i int) string { return fmt.Sprintf("\uE000%d\uE001", i) }

// isolatedMessage translates a message with tr, its arguments (name, value
// pairs) isolated as Bdi isolates them.
func isolatedMessage(pageLang string, args []any, tr func(map[string]any) string) template.HTML {
	if len(args) < 2 {
		return template.HTML(html.EscapeString(tr(nil)))
	}
	m := make(map[string]any, len(args)/2)
	var repl []string
	for i := 0; i+1 < len(args); i += 2 {
		ph := placeholder(i / 2)
		m[fmt.Sprint(args[i])] = ph
		repl = append(repl, ph, string(isolate(pageLang, args[i+1])))
	}
	return template.HTML(strings.NewReplacer(repl...).Replace(html.EscapeString(tr(m))))
}

// TitleOrCode isolates a copy's title, or its barcode when the title is
// unknown (a record since deleted).
func (p *page) TitleOrCode(title, barcode string) template.HTML {
	if title != "" {
		return p.Bdi(title)
	}
	return p.Code(barcode)
}
