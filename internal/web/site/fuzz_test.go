package site

import (
	"net/url"
	"testing"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// FuzzSearch feeds arbitrary parameters to the search page and API: any
// input may be refused, but none may cause a server error. Without -fuzz
// it runs the seeds below as a normal test.
func FuzzSearch(f *testing.F) {
	for _, seed := range [][3]string{
		{"sotilas", "1", "relevance"},
		{`"unclosed (AND OR NOT`, "2", "newest"},
		{"\x00\x01\xff", "-0", "title"},
		{"*:*", "1e3", ""},
		{"a b c d e f g h i j k l m n o p q r s t u v w x y z", "1000", "x"},
		{"ääkkönen Ölkerä Москва", " 1", "Relevance"},
		{"%", "+1", "%00"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	e := webtest.NewEnv(f, storetest.Open(f, "sqlite"))
	f.Fuzz(func(t *testing.T, q, page, sort string) {
		v := url.Values{"q": {q}, "page": {page}, "sort": {sort}, "material": {q}, "available_city": {sort}}
		for _, p := range []string{"/search?", "/api/v1/search?"} {
			resp, body := e.Get(t, p+v.Encode())
			if resp.StatusCode >= 500 {
				t.Fatalf("%s%s: status %d\n%s", p, v.Encode(), resp.StatusCode, body)
			}
		}
		resp, _ := e.Get(t, "/records/"+url.PathEscape(q))
		if resp.StatusCode >= 500 {
			t.Fatalf("/records/%s: status %d", url.PathEscape(q), resp.StatusCode)
		}
		resp, _ = e.Get(t, "/libraries/"+url.PathEscape(q))
		if resp.StatusCode >= 500 {
			t.Fatalf("/libraries/%s: status %d", url.PathEscape(q), resp.StatusCode)
		}
	})
}
