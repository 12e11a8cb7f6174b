package site

import (
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The README promises that a demo's home page lists the accounts anyone
// may sign in with; a server that is not a demo lists none.
func TestHomeListsDemoAccounts(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		_, body := e.Get(t, "/?lang=en")
		for _, no := range []string{`id="demo-accounts"`, "4455", "sala-123"} {
			if strings.Contains(body, no) {
				t.Errorf("home page of a server that is not a demo shows %q", no)
			}
		}

		demo := []web.DemoAccount{
			{Name: "Virtanen, Aino", Login: "1000000001", Secret: "4455"},
			{Name: "Staff Member", Login: "oodi-desk", Secret: "sala-123", Staff: true, Branch: "hki-oodi"},
		}
		var err error
		e.Srv, err = webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return webtest.Now }, DemoAccounts: demo})
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range e.Bundle.Languages() {
			_, body := e.Get(t, "/?lang="+lang)
			for _, want := range []string{
				`id="demo-accounts"`,
				`<th scope="row">Virtanen, Aino</th><td><code>1000000001</code></td><td><code>4455</code></td>`,
				`<th scope="row"><code>oodi-desk</code></th><td><code>sala-123</code></td>`,
				webtest.HTMLText(webtest.Consortium().Branches[3].Name.Get(lang)), // Oodi, by name
				`href="/staff/signin"`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: demo home page lacks %q", lang, want)
				}
			}
			if strings.Contains(body, ">hki-oodi<") {
				t.Errorf("%s: demo home page shows a branch code, not its name", lang)
			}
		}
	})
}
