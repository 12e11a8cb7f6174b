package web

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// openAPI is the part of the OpenAPI document the tests read.
type openAPI struct {
	OpenAPI string                          `json:"openapi"`
	Paths   map[string]map[string]operation `json:"paths"`
}

type operation struct {
	OperationID string              `json:"operationId"`
	Security    []map[string]any    `json:"security"`
	Responses   map[string]response `json:"responses"`
}

type response struct {
	Content map[string]struct {
		Schema json.RawMessage `json:"schema"`
	} `json:"content"`
}

func loadOpenAPI(t *testing.T) (openAPI, map[string]json.RawMessage) {
	t.Helper()
	var doc openAPI
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var comps struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDoc, &comps); err != nil {
		t.Fatal(err)
	}
	return doc, comps.Components.Schemas
}

// routePattern matches the mux patterns of API routes.
var routePattern = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE) (/api/\S+)$`)

// registeredRoutes returns every API route pattern in the package's
// source ("GET /api/v1/search"), wherever it is registered: the mux
// cannot list its patterns, so the test reads them where they are written.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && routePattern.MatchString(s) {
				out = append(out, s)
			}
			return true
		})
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// documentedRoutes returns the document's operations as mux patterns.
func documentedRoutes(doc openAPI) []string {
	var out []string
	for path, ops := range doc.Paths {
		for method := range ops {
			out = append(out, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(out)
	return out
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	registered := registeredRoutes(t)
	if len(registered) < 20 {
		t.Fatalf("found only %d API routes in the source: %v", len(registered), registered)
	}
	if diff := cmp.Diff(registered, documentedRoutes(doc)); diff != "" {
		t.Errorf("routes in the source (-) and in openapi.json (+) differ:\n%s", diff)
	}

	// Every documented operation reaches the handler registered for it,
	// not a wider pattern (such as the /api/ catch-all).
	srv := newEnv(t, storetest.Open(t, "sqlite")).srv
	for _, route := range documentedRoutes(doc) {
		method, path, _ := strings.Cut(route, " ")
		url := regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(path, "x1")
		req := httptest.NewRequest(method, url, nil)
		if _, pattern := srv.mux.Handler(req); pattern != route {
			t.Errorf("%s %s is served by %q, want %q", method, url, pattern, route)
		}
	}
}

// apiCall is a request one documented operation is tried with.
type apiCall struct {
	path string // with the path's parameters filled in
	body string // JSON, for POST
}

// apiCalls prepares, for every documented operation, a request that
// should succeed: the data it needs, made in the store.
func apiCalls(t *testing.T, e *circEnv, p library.Patron) map[string]apiCall {
	t.Helper()
	ctx := context.Background()
	rec := strconv.FormatInt(e.records["(TEST)1"], 10)
	e.checkout(t, p, "F1-0", testNow)
	e.checkout(t, p, "T1-2", testNow)
	h, err := e.db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: e.records["(TEST)f3"], PickupBranch: "hki-oodi"}, webActor(p), testNow)
	if err != nil {
		t.Fatal(err)
	}
	child, err := e.db.CreatePatron(ctx, library.Patron{CardNumber: "1009", Name: "Virtanen, Eino", Category: library.CategoryChild,
		HomeLibrary: "espoo", GuardianID: p.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.db.CreateList(ctx, p.ID, "Luettavaa")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.AddToList(ctx, p.ID, list.ID, e.records["(TEST)1"]); err != nil {
		t.Fatal(err)
	}
	if list, err = e.db.ShareList(ctx, p.ID, list.ID, true); err != nil {
		t.Fatal(err)
	}
	other, err := e.db.NewAPIToken(ctx, p.ID, "old phone", testNow)
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return map[string]apiCall{
		"GET /api/openapi.json":                      {path: "/api/openapi.json"},
		"GET /api/v1/search":                         {path: "/api/v1/search?q=kokoelma"},
		"GET /api/v1/works/{id}":                     {path: "/api/v1/works/" + e.srv.works.WorkOf(ctx, e.records["(TEST)1"])},
		"GET /api/v1/records/{id}":                   {path: "/api/v1/records/" + rec},
		"GET /api/v1/records/{id}/availability":      {path: "/api/v1/records/" + rec + "/availability"},
		"GET /api/v1/suggest":                        {path: "/api/v1/suggest?q=tun"},
		"GET /api/v1/lists/shared/{token}":           {path: "/api/v1/lists/shared/" + list.ShareToken},
		"GET /api/v1/libraries":                      {path: "/api/v1/libraries"},
		"GET /api/v1/libraries/{id}":                 {path: "/api/v1/libraries/esp-sello"},
		"POST /api/v1/tokens":                        {path: "/api/v1/tokens", body: `{"card": "1001", "pin": "2468", "name": "test"}`},
		"GET /api/v1/tokens":                         {path: "/api/v1/tokens"},
		"DELETE /api/v1/tokens/current":              {path: "/api/v1/tokens/current"},
		"DELETE /api/v1/tokens/{id}":                 {path: "/api/v1/tokens/" + id(other.ID)},
		"GET /api/v1/account":                        {path: "/api/v1/account"},
		"GET /api/v1/account/card":                   {path: "/api/v1/account/card"},
		"GET /api/v1/account/loans":                  {path: "/api/v1/account/loans?limit=1"},
		"POST /api/v1/account/loans/{barcode}/renew": {path: "/api/v1/account/loans/F1-0/renew"},
		"GET /api/v1/account/holds":                  {path: "/api/v1/account/holds"},
		"POST /api/v1/account/holds":                 {path: "/api/v1/account/holds", body: `{"record_id": ` + id(e.records["(TEST)f6"]) + `, "pickup_branch": "esp-sello"}`},
		"DELETE /api/v1/account/holds/{id}":          {path: "/api/v1/account/holds/" + id(h.ID)},
		"GET /api/v1/account/fees":                   {path: "/api/v1/account/fees"},
		"GET /api/v1/account/messages":               {path: "/api/v1/account/messages"},
		"GET /api/v1/account/history":                {path: "/api/v1/account/history"},
		"GET /api/v1/account/children":               {path: "/api/v1/account/children"},
		"GET /api/v1/account/children/{id}":          {path: "/api/v1/account/children/" + id(child.ID)},
		"GET /api/v1/account/lists":                  {path: "/api/v1/account/lists"},
		"GET /api/v1/account/lists/{id}":             {path: "/api/v1/account/lists/" + id(list.ID)},
	}
}

// TestOpenAPIRoutesAnswerAsDocumented calls every documented operation:
// without credentials where it needs them (a documented 401), then as a
// patron with a bearer token, and checks the status is the documented
// success and the body has every property the document requires.
func TestOpenAPIRoutesAnswerAsDocumented(t *testing.T) {
	doc, schemas := loadOpenAPI(t)
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
		ctx := context.Background()
		p, err := e.db.CreatePatron(ctx, library.Patron{CardNumber: "1001", Name: "Nieminen, Aapo", HomeLibrary: "helsinki"}, "2468")
		if err != nil {
			t.Fatal(err)
		}
		calls := apiCalls(t, e, p)
		tok, err := e.db.NewAPIToken(ctx, p.ID, "test", testNow)
		if err != nil {
			t.Fatal(err)
		}
		routes := documentedRoutes(doc)
		// Revoking the current token goes last: the others need it.
		slices.SortStableFunc(routes, func(a, b string) int {
			return cmpBool(a == "DELETE /api/v1/tokens/current", b == "DELETE /api/v1/tokens/current")
		})
		for _, route := range routes {
			method, path, _ := strings.Cut(route, " ")
			op := doc.Paths[path][strings.ToLower(method)]
			call, ok := calls[route]
			if !ok {
				t.Errorf("%s: the test has no call for it", route)
				continue
			}
			t.Run(op.OperationID, func(t *testing.T) {
				if op.Security != nil {
					res, body := apiDo(t, e, method, call, "")
					checkDocumented(t, route, op, schemas, res, body)
					if res.StatusCode != http.StatusUnauthorized {
						t.Errorf("without credentials: status %d, want 401", res.StatusCode)
					}
				}
				res, body := apiDo(t, e, method, call, tok.Token)
				checkDocumented(t, route, op, schemas, res, body)
				if res.StatusCode >= 300 {
					t.Errorf("status %d, want success: %s", res.StatusCode, body)
				}
			})
		}
	})
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// apiDo sends a call, with a bearer token unless token is "".
func apiDo(t *testing.T, e *circEnv, method string, c apiCall, token string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, "http://kirjasto.test"+c.path, strings.NewReader(c.body))
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(w, req)
	return w.Result(), w.Body.String()
}

// checkDocumented checks that a response's status is one the operation
// documents and that a JSON body has the properties its schema requires.
func checkDocumented(t *testing.T, route string, op operation, schemas map[string]json.RawMessage, res *http.Response, body string) {
	t.Helper()
	r, ok := op.Responses[strconv.Itoa(res.StatusCode)]
	if !ok {
		t.Errorf("%s answered %d, which the document does not list: %s", route, res.StatusCode, body)
		return
	}
	c, ok := r.Content["application/json"]
	if !ok {
		if body != "" {
			t.Errorf("%s %d: documented without a body, got %q", route, res.StatusCode, body)
		}
		return
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %d: Content-Type %q", route, res.StatusCode, ct)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("%s %d: body is not a JSON object: %v", route, res.StatusCode, err)
	}
	for _, prop := range requiredProps(t, c.Schema, schemas) {
		if _, ok := got[prop]; !ok {
			t.Errorf("%s %d: body lacks %q: %s", route, res.StatusCode, prop, body)
		}
	}
}

// requiredProps returns a schema's required properties, following $ref.
func requiredProps(t *testing.T, raw json.RawMessage, schemas map[string]json.RawMessage) []string {
	t.Helper()
	var s struct {
		Ref      string   `json:"$ref"`
		Required []string `json:"required"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
		target, ok := schemas[name]
		if !ok {
			t.Fatalf("schema %s is not in components", name)
		}
		return requiredProps(t, target, schemas)
	}
	if len(s.Required) == 0 {
		t.Errorf("schema %s requires no property: a test of it could not fail", raw)
	}
	return s.Required
}
