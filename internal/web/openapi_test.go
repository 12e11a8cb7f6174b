package web_test

import (
	"encoding/json"
	"go/ast"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
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
	Ref string `json:"$ref"` // a shared response in components
}

func loadOpenAPI(t *testing.T) openAPI {
	t.Helper()
	var doc openAPI
	if err := json.Unmarshal(web.OpenAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return doc
}

// routePattern matches the mux patterns of API routes.
var routePattern = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE) (/api/\S+)$`)

// registeredRoutes returns every API route pattern in the package's
// source ("GET /api/v1/search"), wherever it is registered: the mux
// cannot list its patterns, so the test reads them where they are written.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, f := range webtest.ParseSource(t) {
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
	doc := loadOpenAPI(t)
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
	srv := webtest.NewEnv(t, storetest.Open(t, "sqlite")).Srv
	for _, route := range documentedRoutes(doc) {
		method, path, _ := strings.Cut(route, " ")
		url := regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(path, "x1")
		req := httptest.NewRequest(method, url, nil)
		if _, pattern := web.Mux(srv).Handler(req); pattern != route {
			t.Errorf("%s %s is served by %q, want %q", method, url, pattern, route)
		}
	}
}

// apiCall is a request to an operation.
type apiCall struct {
	path string // with the path's parameters filled in
	body string // JSON, for POST
}

// apiDo sends a call, with a bearer token unless token is "".
func apiDo(t *testing.T, e *webtest.CircEnv, method string, c apiCall, token string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, "http://kirjasto.test"+c.path, strings.NewReader(c.body))
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	e.Srv.Handler().ServeHTTP(w, req)
	return w.Result(), w.Body.String()
}

// TestOpenAPIDocumentsEveryParameter checks the parameters the handlers
// read against the document: the path's, the search's filters, paging
// where an answer is paged, and a description for each.
func TestOpenAPIDocumentsEveryParameter(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name, In, Description string
			} `json:"parameters"`
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(web.OpenAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	rs, err := compileResponses(web.OpenAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	pathParam := regexp.MustCompile(`\{([^}]+)\}`)
	for path, ops := range doc.Paths {
		for method, op := range ops {
			route := strings.ToUpper(method) + " " + path
			var want, got []string
			for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
				want = append(want, "path "+m[1])
			}
			if route != "GET /api/openapi.json" { // the same in every language
				want = append(want, "query "+web.ParamLang)
			}
			if route == "GET /api/v1/search" {
				want = append(want, "query "+web.ParamQuery, "query "+web.ParamPage, "query "+web.ParamSort, "query "+web.ParamGroup)
				for _, f := range web.FacetNames {
					want = append(want, "query "+f)
				}
			}
			if ref := op.Responses["200"].Content["application/json"].Schema.Ref; ref != "" {
				if _, paged := rs.lookup(ref + "/properties/" + web.ParamOffset); paged {
					want = append(want, "query "+web.ParamOffset, "query "+web.ParamLimit)
				}
			}
			for _, p := range op.Parameters {
				got = append(got, p.In+" "+p.Name)
				if p.Description == "" {
					t.Errorf("%s: parameter %s has no description", route, p.Name)
				}
			}
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("%s: the document lacks the %s parameter", route, w)
				}
			}
		}
	}
}

// TestAPIDocNamesEveryOperation keeps docs/api.md in step with the
// document: it names every documented operation, and every operation it
// names (an example such as "GET /api/v1/records/1" included) is one.
func TestAPIDocNamesEveryOperation(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "..", "docs", "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := loadOpenAPI(t)
	routes := documentedRoutes(doc)
	for _, route := range routes {
		if !strings.Contains(string(text), route) {
			t.Errorf("docs/api.md does not name %s", route)
		}
	}
	named := regexp.MustCompile("\\b(GET|HEAD|POST|PUT|PATCH|DELETE) (/api/[^\\s`?,)]*)")
	for _, m := range named.FindAllStringSubmatch(string(text), -1) {
		if !slices.ContainsFunc(routes, func(route string) bool { return routeMatches(route, m[0]) }) {
			t.Errorf("docs/api.md names %s, which the document does not have", m[0])
		}
	}
}

// routeMatches reports whether a request such as "GET /api/v1/records/1"
// is one of route, a mux pattern such as "GET /api/v1/records/{id}".
func routeMatches(route, request string) bool {
	rs, qs := strings.Split(route, "/"), strings.Split(request, "/")
	if len(rs) != len(qs) {
		return false
	}
	for i := range rs {
		if rs[i] != qs[i] && !strings.HasPrefix(rs[i], "{") {
			return false
		}
	}
	return true
}

// TestAPIDocExamplesMatchSchemas validates the examples of docs/api.md
// marked "<!-- schema: Name -->" against the document's schema Name, so
// that the page shows answers as they are.
func TestAPIDocExamplesMatchSchemas(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "..", "docs", "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := compileResponses(web.OpenAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	example := regexp.MustCompile("(?s)<!-- schema: (\\w+) -->\n```json\n(.*?)```")
	found := example.FindAllStringSubmatch(string(text), -1)
	if len(found) < 10 {
		t.Fatalf("docs/api.md has %d marked examples, want at least 10", len(found))
	}
	for _, m := range found {
		sch, err := rs.compiler.Compile(docURL + "#/components/schemas/" + m[1])
		if err != nil {
			t.Errorf("example of %s: %v", m[1], err)
			continue
		}
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(m[2]))
		if err != nil {
			t.Errorf("example of %s is not JSON: %v", m[1], err)
			continue
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("example of %s in docs/api.md does not match the document: %v", m[1], err)
		}
	}
}
