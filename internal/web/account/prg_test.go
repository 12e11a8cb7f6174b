package account

import (
	"go/ast"
	"go/token"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestSignInToReserveLandsOnTheForm: a visitor's way to reserve goes
// through signing in and comes back to the reserve form, whose heading
// takes the focus from the #reserve fragment.
func TestSignInToReserveLandsOnTheForm(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		if _, err := e.DB.CreatePatron(t.Context(), library.Patron{CardNumber: "2468013579", Name: "Nieminen, Pekka",
			PickupBranch: "hki-oodi", HomeLibrary: "helsinki"}, "2468"); err != nil {
			t.Fatal(err)
		}
		rec := e.RecordPath("(TEST)1")
		_, body := e.Do(t, "GET", rec, nil, "Cookie: lang=en")
		link := reserveLinkRE.FindStringSubmatch(body)
		if link == nil {
			t.Fatalf("record %s: no sign-in link to reserve", rec)
		}
		u, err := url.Parse(html.UnescapeString(link[1]))
		if err != nil {
			t.Fatal(err)
		}
		res, _ := e.Do(t, "POST", "/signin", url.Values{"card": {"2468013579"}, "pin": {"2468"}, "next": {u.Query().Get("next")}})
		if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 {
			t.Fatalf("sign in: %d", res.StatusCode)
		}
		cookie := "Cookie: lang=en"
		for _, c := range res.Cookies() {
			cookie += "; " + c.Name + "=" + c.Value
		}
		res, _ = e.Do(t, "GET", res.Header.Get("Location"), nil, cookie)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != rec+"#reserve" {
			t.Fatalf("after signing in: %d to %q, want %s#reserve", res.StatusCode, loc, rec)
		}
		_, body = e.Do(t, "GET", rec, nil, cookie)
		if !strings.Contains(body, `<h2 id="reserve" tabindex="-1">`) {
			t.Error("the reserve form's heading cannot take the focus at #reserve")
		}
		// The choices come before the button that sends them.
		i := strings.Index(body, `<h2 id="reserve"`)
		j := strings.Index(body[max(i, 0):], "</form>")
		if i < 0 || j < 0 {
			t.Fatal("no reserve form")
		}
		form := body[i : i+j]
		if b, s := strings.Index(form, `<button type="submit"`), strings.LastIndex(form, "</select>"); s < 0 || b < s {
			t.Errorf("the reserve button comes before the choices:\n%s", form)
		}
	})
}

var reserveLinkRE = regexp.MustCompile(`<a class="button" href="(/signin\?next=[^"]+)"`)

// TestPatronPostsRedirect looks at every form handler of the patron's
// pages: one that succeeds must answer with a redirect to a page to GET
// (http.Redirect), never with a page of its own (http.StatusOK), so that
// reloading the answer does not post again. Refusals may be pages with a
// 4xx status: they changed nothing. The staff desk is its own matter.
func TestPatronPostsRedirect(t *testing.T) {
	funcs := map[string]*ast.FuncDecl{}
	var posts [][2]string // pattern, handler
	for _, f := range webtest.ParseSource(t) {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				funcs[n.Name.Name] = n
			case *ast.CallExpr:
				if pattern, handler, ok := postRoute(n); ok {
					posts = append(posts, [2]string{pattern, handler})
				}
			}
			return true
		})
	}
	if len(posts) < 20 {
		t.Fatalf("found only %d POST routes: %q", len(posts), posts)
	}
	for _, p := range posts {
		pattern, handler := p[0], p[1]
		if strings.HasPrefix(pattern, "POST /desk") || strings.HasPrefix(pattern, "POST /staff") || strings.HasPrefix(pattern, "POST /api/") {
			continue
		}
		fd := funcs[handler]
		if fd == nil {
			t.Errorf("%s: handler %s not found", pattern, handler)
			continue
		}
		redirects, rendersOK := false, false
		// A handler that hands the request on (return s.save(w, r, st,
		// 0)) answers as the method it hands it to.
		for depth := 0; fd != nil && depth < 3; depth++ {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "http" {
						redirects = redirects || sel.Sel.Name == "Redirect"
						rendersOK = rendersOK || sel.Sel.Name == "StatusOK"
					}
				}
				return true
			})
			fd = handedTo(fd, funcs)
		}
		if !redirects || rendersOK {
			t.Errorf("%s (%s): answers success with a page, not a redirect to one", pattern, handler)
		}
	}
}

// handedTo returns the method a handler's last statement returns the
// answer of, return s.method(...), or nil.
func handedTo(fd *ast.FuncDecl, funcs map[string]*ast.FuncDecl) *ast.FuncDecl {
	list := fd.Body.List
	if len(list) == 0 {
		return nil
	}
	ret, ok := list[len(list)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	call, ok := ret.Results[0].(*ast.CallExpr)
	if !ok {
		return nil
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "s" {
		return nil
	}
	return funcs[sel.Sel.Name]
}

// postRoute recognises page("POST /path", s.handler) and
// page("POST /path", s.RequirePatron(s.handler)).
func postRoute(call *ast.CallExpr) (pattern, handler string, ok bool) {
	if id, isIdent := call.Fun.(*ast.Ident); !isIdent || id.Name != "page" || len(call.Args) != 2 {
		return "", "", false
	}
	lit, isLit := call.Args[0].(*ast.BasicLit)
	if !isLit || lit.Kind != token.STRING {
		return "", "", false
	}
	pattern, _ = strconv.Unquote(lit.Value)
	if !strings.HasPrefix(pattern, "POST ") {
		return "", "", false
	}
	h := call.Args[1]
	if c, isCall := h.(*ast.CallExpr); isCall && len(c.Args) == 1 {
		h = c.Args[0]
	}
	sel, isSel := h.(*ast.SelectorExpr)
	if !isSel {
		return "", "", false
	}
	return pattern, sel.Sel.Name, true
}

// TestPatronFormsAnswerWithRedirect posts the patron's forms one after
// another, as a patron would, and wants each success to answer 303 with a
// page that, fetched by GET, says what was done.
func TestPatronFormsAnswerWithRedirect(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -7))
		rec := e.RecordPath("(TEST)1")
		steps := []struct {
			path string
			form url.Values
			want func() string // in the page the redirect leads to
		}{
			{e.RecordPath("(TEST)f1") + "/hold", url.Values{"branch": {"hki-oodi"}}, func() string { return e.Msg("en", "hold.placed_title") }},
			{"/account/loans/renew", url.Values{}, func() string {
				loans, _ := e.DB.Loans(t.Context(), e.Patron.ID)
				return e.Msg("en", "account.renew.ok", "Date", e.Srv.FormatTime("en", loans[0].DueAt))
			}},
			{"/account/lists", url.Values{"name": {"Joululukemista"}}, func() string { return e.Msg("en", "lists.done.created") }},
			{rec + "/lists", url.Values{"list": {"new"}, "name": {"Toinen lista"}}, func() string { return e.Msg("en", "lists.done.added") }},
			{rec + "/rating", url.Values{"stars": {"4"}}, func() string { return `value="4" checked` }},
			{"/account/searches", url.Values{"q": {"kissa"}}, func() string { return e.Msg("en", "saved.done.saved") }},
			{"/account/history/optin", url.Values{"on": {"1"}}, func() string { return e.Msg("en", "privacy.history.done_on") }},
			{"/account/apps/calendar", url.Values{}, func() string { return e.Msg("en", "api.feed.done") }},
		}
		for _, st := range steps {
			loc, body := e.PostThenGet(t, st.path, st.form, e.AsPatron("en"))
			if want := st.want(); !strings.Contains(body, want) && !strings.Contains(body, webtest.HTMLText(want)) {
				t.Errorf("POST %s, then GET %s: no %q", st.path, loc, want)
			}
		}
	})
}
