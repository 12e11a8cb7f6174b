package web

import (
	"testing"
)

// TestIsolatedMessage checks the escaping of T's arguments.
func TestIsolatedMessage(t *testing.T) {
	tr := func(m map[string]any) string { return "A & B: " + m["X"].(string) + ", " + m["Y"].(string) + "." }
	got := isolatedMessage("ar", []any{"X", "<i>", "Y", LangText{"Kallio", "fi"}}, tr)
	want := `A &amp; B: <bdi>&lt;i&gt;</bdi>, <bdi lang="fi">Kallio</bdi>.`
	if string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
