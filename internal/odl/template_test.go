package odl

import "testing"

func TestExpand(t *testing.T) {
	vars := map[string]string{"id": "urn:uuid:1", "checkout_id": "7", "patron_id": "a b&c", "expires": "2026-12-01T10:00:00Z",
		"name": "Kirjasto", "path": "/x/y"}
	for _, tt := range []struct{ tmpl, want string }{
		{"http://d.example/get{?id,checkout_id,expires,patron_id,notification_url}",
			"http://d.example/get?id=urn%3Auuid%3A1&checkout_id=7&expires=2026-12-01T10%3A00%3A00Z&patron_id=a%20b%26c"},
		{"http://d.example/loan/{checkout_id}/return{?name}", "http://d.example/loan/7/return?name=Kirjasto"},
		{"http://d.example/x?a=1{&name}", "http://d.example/x?a=1&name=Kirjasto"},
		{"http://d.example{+path}{/checkout_id}", "http://d.example/x/y/7"},
		{"http://d.example/none{?missing}", "http://d.example/none"},
		{"http://d.example/plain", "http://d.example/plain"},
	} {
		got, err := expand(tt.tmpl, vars)
		if err != nil || got != tt.want {
			t.Errorf("expand(%q) = %q, %v; want %q", tt.tmpl, got, err, tt.want)
		}
	}
	for _, bad := range []string{"http://d.example/{id", "http://d.example/{id:3}", "http://d.example/{?id*}"} {
		if _, err := expand(bad, vars); err == nil {
			t.Errorf("expand(%q) gave no error", bad)
		}
	}
	got := templateVars("http://d.example/get{?id,checkout_id,passphrase}{/hint}")
	for _, v := range []string{"id", "checkout_id", "passphrase", "hint"} {
		if !got[v] {
			t.Errorf("templateVars missed %s: %v", v, got)
		}
	}
}

func TestParseDateAndIdentifiers(t *testing.T) {
	for _, s := range []string{"2026-12-01T10:00:00Z", "2026-12-01T10:00:00+02:00", "2026-12-01", "2026-12", "2026"} {
		if _, err := parseDate(s); err != nil {
			t.Errorf("parseDate(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "yesterday", "2026-13-01", "01.12.2026"} {
		if _, err := parseDate(s); err == nil {
			t.Errorf("parseDate(%q) gave no error", s)
		}
	}
	if got := isbnsOf([]string{"urn:isbn:978-951-1-12345-6", "urn:uuid:1", "951123456x"}); len(got) != 2 || got[0] != "9789511123456" || got[1] != "951123456X" {
		t.Errorf("isbnsOf = %v", got)
	}
	if got := issnsOf("urn:issn:0355-287x"); len(got) != 1 || got[0] != "0355-287X" {
		t.Errorf("issnsOf = %v", got)
	}
	for tag, want := range map[string]string{"fi": "fin", "sv-FI": "swe", "en-GB": "eng", "xx": "und", "": "und"} {
		if got := marcLanguage(tag); got != want {
			t.Errorf("marcLanguage(%q) = %q, want %q", tag, got, want)
		}
	}
}
