package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The OpenAPI 3.1 document's schemas are JSON Schema 2020-12, so the
// tests check live answers against them with a real validator rather
// than by hand: types, required and unknown properties, enums, formats.

// docURL is where the validator files the document; $refs inside it
// ("#/components/schemas/Loan") resolve against it.
const docURL = "https://kirjasto.test/api/openapi.json"

// responseSchemas are a document's response schemas, compiled.
type responseSchemas struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema // by JSON pointer
}

// compileResponses reads an OpenAPI document for validation. Formats
// (date-time, date, uri-reference, email) are asserted, not just noted.
func compileResponses(raw []byte) (*responseSchemas, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(docURL, doc); err != nil {
		return nil, err
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the document is not an object")
	}
	return &responseSchemas{doc: m, compiler: c, compiled: map[string]*jsonschema.Schema{}}, nil
}

// escape makes s one token of a JSON pointer (RFC 6901).
func escape(s string) string { return strings.NewReplacer("~", "~0", "/", "~1").Replace(s) }

// lookup returns the value at a JSON pointer ("#/a/b") in the document.
func (rs *responseSchemas) lookup(ptr string) (any, bool) {
	var v any = rs.doc
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "#/"), "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		if v, ok = m[tok]; !ok {
			return nil, false
		}
	}
	return v, true
}

// responsePointer returns where the document describes route's answer
// with status, following a $ref to a shared response, or an error if it
// does not. body is false for an answer documented without a body.
func (rs *responseSchemas) responsePointer(route string, status int) (ptr string, body bool, err error) {
	method, path, _ := strings.Cut(route, " ")
	ptr = "#/paths/" + escape(path) + "/" + strings.ToLower(method) + "/responses/" + strconv.Itoa(status)
	r, ok := rs.lookup(ptr)
	if !ok {
		return "", false, fmt.Errorf("%s does not document status %d", route, status)
	}
	if ref, ok := r.(map[string]any)["$ref"].(string); ok {
		ptr = ref
		if r, ok = rs.lookup(ptr); !ok {
			return "", false, fmt.Errorf("%s %d: $ref %s leads nowhere", route, status, ref)
		}
	}
	if _, ok := r.(map[string]any)["content"]; !ok {
		return ptr, false, nil
	}
	ptr += "/content/application~1json/schema"
	if _, ok := rs.lookup(ptr); !ok {
		return "", false, fmt.Errorf("%s %d: no application/json schema", route, status)
	}
	return ptr, true, nil
}

// check validates an answer of route against the document: its status
// must be documented, and its body valid against the status's schema.
func (rs *responseSchemas) check(route string, res *http.Response, body string) error {
	ptr, hasBody, err := rs.responsePointer(route, res.StatusCode)
	if err != nil {
		return err
	}
	if err := rs.checkHeaders(route, res, ptr); err != nil {
		return err
	}
	if !hasBody {
		if body != "" {
			return fmt.Errorf("%s %d: documented without a body, got %q", route, res.StatusCode, body)
		}
		return nil
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("%s %d: Content-Type %q", route, res.StatusCode, ct)
	}
	sch, ok := rs.compiled[ptr]
	if !ok {
		if sch, err = rs.compiler.Compile(docURL + ptr); err != nil {
			return fmt.Errorf("compile %s: %v", ptr, err)
		}
		rs.compiled[ptr] = sch
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s %d: body is not JSON: %v", route, res.StatusCode, err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("%s %d: the body does not match %s:\n%v\nbody: %.2000s", route, res.StatusCode, ptr, err, body)
	}
	return nil
}

// checkHeaders checks that an answer has the headers its documented
// response requires (Retry-After, WWW-Authenticate, Location).
func (rs *responseSchemas) checkHeaders(route string, res *http.Response, ptr string) error {
	r, _ := rs.lookup(strings.TrimSuffix(ptr, "/content/application~1json/schema"))
	headers, _ := r.(map[string]any)["headers"].(map[string]any)
	for name, h := range headers {
		if h.(map[string]any)["required"] == true && res.Header.Get(name) == "" {
			return fmt.Errorf("%s %d: no %s header", route, res.StatusCode, name)
		}
	}
	return nil
}

// The coverage of the schemas: which properties live answers have
// shown. A property is named by its component and path,
// "Hold.shelf_code" or "Branch.address.street".

// properties lists every property of every component schema.
func (rs *responseSchemas) properties() []string {
	schemas, _ := rs.lookup("#/components/schemas")
	var out []string
	for name, sch := range schemas.(map[string]any) {
		out = append(out, schemaProps(sch, name)...)
	}
	slices.Sort(out)
	return out
}

// schemaProps lists the properties of an inline schema, not following
// $ref: a referenced component lists its own.
func schemaProps(sch any, where string) []string {
	m, _ := sch.(map[string]any)
	var out []string
	if items, ok := m["items"]; ok {
		out = append(out, schemaProps(items, where+"[]")...)
	}
	props, _ := m["properties"].(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(props)) {
		out = append(out, where+"."+k)
		out = append(out, schemaProps(props[k], where+"."+k)...)
	}
	return out
}

// cover records in seen the properties that value v shows of schema
// sch, named from where.
func (rs *responseSchemas) cover(sch any, where string, v any, seen map[string]bool) {
	m, _ := sch.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		target, _ := rs.lookup(ref)
		rs.cover(target, ref[strings.LastIndex(ref, "/")+1:], v, seen)
		return
	}
	allOf, _ := m["allOf"].([]any)
	for _, sub := range allOf {
		rs.cover(sub, where, v, seen)
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			rs.cover(m["items"], where+"[]", e, seen)
		}
	case map[string]any:
		props, _ := m["properties"].(map[string]any)
		for k, pv := range v {
			if ps, ok := props[k]; ok {
				seen[where+"."+k] = true
				rs.cover(ps, where+"."+k, pv, seen)
			}
		}
	}
}

// coverBody records the properties an answer's body shows.
func (rs *responseSchemas) coverBody(route string, status int, body string, seen map[string]bool) {
	ptr, hasBody, err := rs.responsePointer(route, status)
	if err != nil || !hasBody {
		return
	}
	sch, _ := rs.lookup(ptr)
	var v any
	if json.Unmarshal([]byte(body), &v) == nil {
		rs.cover(sch, "", v, seen)
	}
}

func TestResponseSchemasCompile(t *testing.T) {
	rs, err := compileResponses(web.OpenAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := loadOpenAPI(t)
	for _, route := range documentedRoutes(doc) {
		method, path, _ := strings.Cut(route, " ")
		for status := range doc.Paths[path][strings.ToLower(method)].Responses {
			n, _ := strconv.Atoi(status)
			ptr, hasBody, err := rs.responsePointer(route, n)
			if err != nil {
				t.Error(err)
				continue
			}
			if hasBody {
				if _, err := rs.compiler.Compile(docURL + ptr); err != nil {
					t.Errorf("%s %s: %v", route, status, err)
				}
			}
		}
	}
}

// TestSchemaCheckCatchesMismatches makes sure the check above can fail:
// each case changes the document so that it no longer matches answers
// the server really gives, and the check must say so.
func TestSchemaCheckCatchesMismatches(t *testing.T) {
	e := webtest.NewCircEnv(t, storetest.Open(t, "sqlite"))
	ctx := context.Background()
	e.Checkout(t, e.Patron, "F1-0", webtest.Now)
	if _, err := e.DB.PlaceHold(ctx, library.Hold{PatronID: e.Patron.ID, RecordID: e.Records["(TEST)f3"], PickupBranch: "hki-oodi"}, web.WebActor(e.Patron), webtest.Now); err != nil {
		t.Fatal(err)
	}
	tok, err := e.DB.NewAPIToken(ctx, e.Patron.ID, "test", webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	type answer struct {
		route string
		res   *http.Response
		body  string
	}
	get := func(route, path string) answer {
		res, body := apiDo(t, e, http.MethodGet, apiCall{path: path}, tok.Token)
		return answer{route, res, body}
	}
	loans := get("GET /api/v1/account/loans", "/api/v1/account/loans")
	holds := get("GET /api/v1/account/holds", "/api/v1/account/holds")
	missing := get("GET /api/v1/records/{id}", "/api/v1/records/999999")
	branch := get("GET /api/v1/libraries/{id}", "/api/v1/libraries/hki-oodi")

	schema := func(doc map[string]any, name string) map[string]any {
		return doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
	}
	prop := func(doc map[string]any, name, p string) map[string]any {
		return schema(doc, name)["properties"].(map[string]any)[p].(map[string]any)
	}
	tests := []struct {
		name   string
		answer answer
		mutate func(doc map[string]any)
	}{
		{"a type", loans, func(d map[string]any) { prop(d, "Loan", "renewals")["type"] = "string" }},
		{"a property the answer has", loans, func(d map[string]any) {
			delete(schema(d, "Loan")["properties"].(map[string]any), "branch_name")
		}},
		{"a required property the answer lacks", loans, func(d map[string]any) {
			s := schema(d, "Loan")
			s["properties"].(map[string]any)["renewed_at"] = map[string]any{"type": "string"}
			s["required"] = append(s["required"].([]any), "renewed_at")
		}},
		{"an enum", holds, func(d map[string]any) { prop(d, "Hold", "status")["enum"] = []any{"ready"} }},
		{"a format", loans, func(d map[string]any) { prop(d, "Loan", "due_at")["format"] = "date" }},
		{"a pattern", branch, func(d map[string]any) {
			schema(d, "Period")["properties"].(map[string]any)["open"].(map[string]any)["pattern"] = "^[0-9]{4}$"
		}},
		{"an error's code", missing, func(d map[string]any) {
			d["paths"].(map[string]any)["/api/v1/records/{id}"].(map[string]any)["get"].(map[string]any)["responses"].(map[string]any)["404"] =
				map[string]any{"$ref": "#/components/responses/Conflict"}
		}},
		{"a header", loans, func(d map[string]any) {
			r := d["paths"].(map[string]any)["/api/v1/account/loans"].(map[string]any)["get"].(map[string]any)["responses"].(map[string]any)["200"].(map[string]any)
			r["headers"] = map[string]any{"X-Missing": map[string]any{"required": true, "schema": map[string]any{"type": "string"}}}
		}},
		{"a status", missing, func(d map[string]any) {
			delete(d["paths"].(map[string]any)["/api/v1/records/{id}"].(map[string]any)["get"].(map[string]any)["responses"].(map[string]any), "404")
		}},
	}
	check := func(raw []byte, a answer) error {
		rs, err := compileResponses(raw)
		if err != nil {
			t.Fatal(err)
		}
		return rs.check(a.route, a.res, a.body)
	}
	for _, a := range []answer{loans, holds, missing, branch} {
		if err := check(web.OpenAPIDoc, a); err != nil {
			t.Fatalf("the document as it is: %v", err)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(web.OpenAPIDoc, &doc); err != nil {
				t.Fatal(err)
			}
			tt.mutate(doc)
			raw, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			if err := check(raw, tt.answer); err == nil {
				t.Errorf("changing %s: the check still passes %s", tt.name, tt.answer.body)
			}
		})
	}

	// A property no answer shows is reported too.
	var doc map[string]any
	if err := json.Unmarshal(web.OpenAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	schema(doc, "Loan")["properties"].(map[string]any)["renewed_at"] = map[string]any{"type": "string"}
	raw, _ := json.Marshal(doc)
	rs, err := compileResponses(raw)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	rs.coverBody(loans.route, loans.res.StatusCode, loans.body, seen)
	if !seen["Loan.due_at"] || seen["Loan.renewed_at"] || !slices.Contains(rs.properties(), "Loan.renewed_at") {
		t.Errorf("coverage: seen %v", seen)
	}
}

// TestResponseSchemasAreDescribed keeps the document useful to a client
// generated from it: no answer is a bare object, every object says which
// properties it has and that it has no others, and every property says
// what it is. The OpenAPI document's own schema is the one open object:
// the OpenAPI specification describes it.
func TestResponseSchemasAreDescribed(t *testing.T) {
	rs, err := compileResponses(web.OpenAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(sch any, where string)
	walk = func(sch any, where string) {
		m, ok := sch.(map[string]any)
		if !ok {
			t.Errorf("%s: not a schema", where)
			return
		}
		if _, ok := m["$ref"]; ok {
			return
		}
		if m["type"] == "object" {
			props, _ := m["properties"].(map[string]any)
			if len(props) == 0 || m["additionalProperties"] != false {
				t.Errorf("%s: an object without properties or without additionalProperties: false", where)
			}
			for _, k := range slices.Sorted(maps.Keys(props)) {
				p := props[k].(map[string]any)
				if _, ok := p["$ref"]; !ok && p["description"] == nil {
					t.Errorf("%s.%s: no description", where, k)
				}
				walk(p, where+"."+k)
			}
		}
		if m["type"] == "array" {
			walk(m["items"], where+"[]")
		}
		if m["type"] == nil && m["const"] == nil && m["allOf"] == nil {
			t.Errorf("%s: no type", where)
		}
	}
	schemas, _ := rs.lookup("#/components/schemas")
	for name, sch := range schemas.(map[string]any) {
		if name != "OpenAPIDocument" {
			walk(sch, name)
		}
	}
	doc := loadOpenAPI(t)
	for _, route := range documentedRoutes(doc) {
		method, path, _ := strings.Cut(route, " ")
		for status := range doc.Paths[path][strings.ToLower(method)].Responses {
			n, _ := strconv.Atoi(status)
			if ptr, hasBody, err := rs.responsePointer(route, n); err == nil && hasBody {
				sch, _ := rs.lookup(ptr)
				walk(sch, route+" "+status)
			}
		}
	}
}
