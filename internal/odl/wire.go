package odl

import (
	"encoding/json"
	"strings"
)

// The OPDS 2 and ODL documents as they arrive. Fields that take several
// JSON shapes (a string or an object or an array of them) are decoded
// into json.RawMessage and read by the helpers below, so that one odd
// field costs its entry, not the page.

type wireFeed struct {
	Metadata struct {
		Title string `json:"title"`
	} `json:"metadata"`
	Links        []wireLink        `json:"links"`
	Publications []json.RawMessage `json:"publications"`
}

type wireLink struct {
	Href      string          `json:"href"`
	Type      string          `json:"type"`
	Rel       json.RawMessage `json:"rel"`
	Title     string          `json:"title"`
	Templated bool            `json:"templated"`
}

// rels returns the link's relations, given as a string or an array.
func (l wireLink) rels() []string { return stringsOf(l.Rel) }

func (l wireLink) has(rel string) bool {
	for _, r := range l.rels() {
		if r == rel {
			return true
		}
	}
	return false
}

type wirePublication struct {
	Metadata wireMetadata  `json:"metadata"`
	Links    []wireLink    `json:"links"`
	Images   []wireLink    `json:"images"`
	Licenses []wireLicense `json:"licenses"`
}

type wireMetadata struct {
	Type        string          `json:"@type"`
	Identifier  string          `json:"identifier"`
	Title       json.RawMessage `json:"title"`
	Subtitle    json.RawMessage `json:"subtitle"`
	Language    json.RawMessage `json:"language"`
	Published   string          `json:"published"`
	Modified    string          `json:"modified"`
	Description string          `json:"description"`
	Publisher   json.RawMessage `json:"publisher"`
	Subject     json.RawMessage `json:"subject"`
	BelongsTo   struct {
		Series     json.RawMessage `json:"series"`
		Magazine   json.RawMessage `json:"magazine"`
		Periodical json.RawMessage `json:"periodical"`
		Journal    json.RawMessage `json:"journal"`
		Newspaper  json.RawMessage `json:"newspaper"`
	} `json:"belongsTo"`
	AltIdentifier json.RawMessage `json:"altIdentifier"`
	Duration      float64         `json:"duration"`
	// Contributors by role; read through roles below.
	Author      json.RawMessage `json:"author"`
	Translator  json.RawMessage `json:"translator"`
	Editor      json.RawMessage `json:"editor"`
	Illustrator json.RawMessage `json:"illustrator"`
	Narrator    json.RawMessage `json:"narrator"`
	Artist      json.RawMessage `json:"artist"`
	Contributor json.RawMessage `json:"contributor"`
}

type wireLicense struct {
	Metadata struct {
		Identifier string          `json:"identifier"`
		Format     json.RawMessage `json:"format"`
		Created    string          `json:"created"`
		Price      *wirePrice      `json:"price"`
		Terms      struct {
			Checkouts   *int   `json:"checkouts"`
			Expires     string `json:"expires"`
			Concurrency *int   `json:"concurrency"`
			Length      *int64 `json:"length"`
		} `json:"terms"`
		Protection struct {
			Format json.RawMessage `json:"format"`
		} `json:"protection"`
		// CostPerCirculation is Kirjasto's documented extension
		// (CostPerCirculationKey); ODL itself has no such term.
		CostPerCirculation *wirePrice `json:"https://kirjasto.fi/odl/cost-per-circulation"`
	} `json:"metadata"`
	Links []wireLink `json:"links"`
}

type wirePrice struct {
	Currency string  `json:"currency"`
	Value    float64 `json:"value"`
}

// stringsOf reads a string or an array of strings; anything else is none.
func stringsOf(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s = strings.TrimSpace(s); s == "" {
			return nil
		}
		return []string{s}
	}
	var ss []string
	if json.Unmarshal(raw, &ss) == nil {
		var out []string
		for _, s := range ss {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// languageMap reads an OPDS language map: a plain string, or an object
// of BCP 47 tags to strings, of which it prefers prefer, then "und", then
// any in tag order.
func languageMap(raw json.RawMessage, prefer string) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var m map[string]string
	if json.Unmarshal(raw, &m) != nil || len(m) == 0 {
		return ""
	}
	for _, k := range []string{prefer, "und", "en"} {
		if v, ok := m[k]; ok && k != "" {
			return strings.TrimSpace(v)
		}
	}
	best := ""
	for k := range m {
		if best == "" || k < best {
			best = k
		}
	}
	return strings.TrimSpace(m[best])
}

// named is a contributor, subject or collection: a string, an object
// with a name (a language map), or an array of either.
type named struct {
	Name       string
	Identifier string
	Roles      []string
	Position   float64
	Issue      json.RawMessage
	Code       string
}

func nameds(raw json.RawMessage, lang string) []named {
	if len(raw) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s = strings.TrimSpace(s); s == "" {
			return nil
		}
		return []named{{Name: s}}
	}
	var obj struct {
		Name       json.RawMessage `json:"name"`
		Identifier string          `json:"identifier"`
		Role       json.RawMessage `json:"role"`
		Position   float64         `json:"position"`
		Issue      json.RawMessage `json:"issue"`
		Code       string          `json:"code"`
	}
	if len(raw) > 0 && raw[0] == '{' {
		if json.Unmarshal(raw, &obj) != nil {
			return nil
		}
		n := named{Name: languageMap(obj.Name, lang), Identifier: obj.Identifier, Roles: stringsOf(obj.Role),
			Position: obj.Position, Issue: obj.Issue, Code: obj.Code}
		if n.Name == "" {
			return nil
		}
		return []named{n}
	}
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) != nil {
		return nil
	}
	var out []named
	for _, a := range arr {
		out = append(out, nameds(a, lang)...)
	}
	return out
}
