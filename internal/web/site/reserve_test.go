package site

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// A patron can wait for one particular copy rather than any copy.
func TestReserveOneCopy(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		path := "/records/" + strconv.FormatInt(e.Records["(TEST)1"], 10)
		_, body := e.Do(t, "GET", path, nil, e.AsPatron("en"))
		if !strings.Contains(body, `<select id="copy" name="copy"`) || !strings.Contains(body, `<option value="T1-3">`) {
			t.Fatal("the reserve form offers no choice of copy")
		}
		resp, body := e.Do(t, "POST", path+"/hold", url.Values{"branch": {"hki-oodi"}, "copy": {"F1-0"}}, e.AsPatron("sv"))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, webtest.HTMLText(e.Msg("sv", "error.hold_copy"))) {
			t.Errorf("a copy of another record: %d, want 400 with %q", resp.StatusCode, e.Msg("sv", "error.hold_copy"))
		}
		e.PostThenGet(t, path+"/hold", url.Values{"branch": {"hki-oodi"}, "copy": {"T1-3"}}, e.AsPatron("en"))
		item, err := e.DB.Item(ctx, "T1-3")
		if err != nil {
			t.Fatal(err)
		}
		holds, err := e.DB.Holds(ctx, e.Patron.ID)
		if err != nil || len(holds) != 1 || holds[0].ItemID != item.ID {
			t.Fatalf("holds %+v, %v: want one hold on copy T1-3 (item %d)", holds, err, item.ID)
		}
	})
}
