package stats

import (
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// textIn is t in lang, or in the language it has.
func textIn(t library.Text, lang string) string { return web.TextIn(t, lang).Text }
