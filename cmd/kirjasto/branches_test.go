package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// consortiumFile builds an import file of 4 libraries with 15 branches
// each, in the documented format, with exceptions around today.
func consortiumFile(today library.Date) map[string]any {
	var libs []any
	for li, city := range []string{"espoo", "helsinki", "kauniainen", "vantaa"} {
		var branches []any
		for bi := range 15 {
			b := map[string]any{
				"id":          fmt.Sprintf("%s-%02d", city[:3], bi),
				"name":        map[string]string{"fi": fmt.Sprintf("Kirjasto %d", bi), "sv": fmt.Sprintf("Bibliotek %d", bi)},
				"description": map[string]string{"fi": "Lähikirjasto."},
				"address":     map[string]any{"street": fmt.Sprintf("Kirjastokatu %d", bi+1), "postal_code": fmt.Sprintf("0%d%03d", li+1, bi*10), "city": map[string]string{"fi": city}},
				"lat":         60.1 + float64(li)/10, "lon": 24.6 + float64(bi)/100,
				"phone":    fmt.Sprintf("09 816 %04d", li*100+bi),
				"email":    fmt.Sprintf("branch%d@%s.fi", bi, city),
				"services": []string{"computers", "kids-corner"},
				"hours": map[string]any{
					"monday":    map[string]any{"staffed": []string{"10:00-20:00"}, "self_service": []string{"07:00-10:00", "20:00-22:00"}},
					"tuesday":   map[string]any{"staffed": []string{"10:00-20:00"}},
					"wednesday": map[string]any{"staffed": []string{"10:00-20:00"}},
					"thursday":  map[string]any{"staffed": []string{"10:00-20:00"}},
					"friday":    map[string]any{"staffed": []string{"10:00-18:00"}},
					"saturday":  map[string]any{"staffed": []string{"10:00-16:00"}},
					"sunday":    map[string]any{"self_service": []string{"10:00-16:00"}},
				},
				"exceptions": []any{
					map[string]any{"from": today.AddDays(2).String(), "to": today.AddDays(3).String(), "reason": map[string]string{"fi": "Inventaario"}, "closed": true},
					map[string]any{"from": today.AddDays(5).String(), "reason": map[string]string{"fi": "Lyhennetty päivä"}, "staffed": []string{"12:00-14:00"}},
				},
			}
			branches = append(branches, b)
		}
		libs = append(libs, map[string]any{"id": city, "name": map[string]string{"fi": city + "n kirjasto"}, "branches": branches})
	}
	return map[string]any{"libraries": libs}
}

func writeJSON(t *testing.T, v any) (string, []byte) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "branches.json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p, data
}

// branchOf returns branch bi of library li in a consortiumFile.
func branchOf(f map[string]any, li, bi int) map[string]any {
	return f["libraries"].([]any)[li].(map[string]any)["branches"].([]any)[bi].(map[string]any)
}

// runFail runs kirjasto, wants it to fail, and returns its output.
func runFail(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(binary, args...).CombinedOutput()
	if err == nil {
		t.Fatalf("kirjasto %v succeeded:\n%s", args, out)
	}
	return string(out)
}

var problemLine = regexp.MustCompile(`(?m)^\S+\.json:(\d+): (\S+): (.*)$`)

// openImportedStore opens the database that dbArgs pointed kirjasto at.
func openImportedStore(t *testing.T, args []string) *store.DB {
	t.Helper()
	dsn := filepath.Join(args[1], "kirjasto.db")
	for i, a := range args {
		if a == "--db" {
			dsn = args[i+1]
		}
	}
	db, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestBranchesImport(t *testing.T) {
	today := library.DateOf(time.Now().In(library.Helsinki))
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := dbArgs(t, dialect)
			f := consortiumFile(today)
			file, _ := writeJSON(t, f)
			out := run(t, append(args, "branches", "import", file)...)
			if !strings.Contains(out, "imported 4 libraries (4 new, 0 updated), 60 branches (60 new, 0 updated), 120 exceptions") {
				t.Fatalf("first import:\n%s", out)
			}
			// Again: the same state, every row updated, nothing added.
			out = run(t, append(args, "branches", "import", file)...)
			if !strings.Contains(out, "imported 4 libraries (0 new, 4 updated), 60 branches (0 new, 60 updated), 120 exceptions") {
				t.Fatalf("second import:\n%s", out)
			}
			db := openImportedStore(t, args)
			bs, err := db.Branches(context.Background())
			if err != nil || len(bs) != 60 {
				t.Fatalf("%d branches, %v", len(bs), err)
			}
			b, err := db.Branch(context.Background(), "hel-07")
			if err != nil {
				t.Fatal(err)
			}
			mon := b.Hours.Weekly[time.Monday]
			if len(mon.Staffed) != 1 || len(mon.SelfService) != 2 || b.Email != "branch7@helsinki.fi" || len(b.Hours.Exceptions) != 3 {
				t.Errorf("hel-07 = %+v", b)
			}

			// A file with problems in several places: each reported with
			// the line it is on, and nothing written.
			branchOf(f, 3, 14)["email"] = "branch14 at vantaa.fi"
			branchOf(f, 0, 2)["hours"].(map[string]any)["tuesday"] = map[string]any{"staffed": []string{"10:00-14:00", "13:00-20:00"}}
			branchOf(f, 1, 0)["exceptions"] = []any{map[string]any{"from": today.String(), "to": today.AddDays(-1).String(), "reason": map[string]string{"fi": "x"}, "closed": true}}
			branchOf(f, 2, 5)["phone"] = "+358 9 999 9999"
			bad, data := writeJSON(t, f)
			out = runFail(t, append(args, "branches", "import", bad)...)
			lines := strings.Split(string(data), "\n")
			want := map[string]string{
				"libraries[3].branches[14].email":                   `"email"`,
				"libraries[0].branches[2].hours.tuesday.staffed[1]": `"13:00-20:00"`,
				"libraries[1].branches[0].exceptions[0].to":         `"to"`,
			}
			got := problemLine.FindAllStringSubmatch(out, -1)
			if len(got) != len(want) {
				t.Fatalf("problems:\n%s", out)
			}
			for _, m := range got {
				n, _ := strconv.Atoi(m[1])
				text, ok := want[m[2]]
				if !ok || n < 1 || n > len(lines) || !strings.Contains(lines[n-1], text) {
					t.Errorf("problem %q at line %d (%q); want its line to hold %s", m[2], n, lines[max(0, min(n, len(lines))-1)], text)
				}
			}
			if again, _ := db.Branch(context.Background(), "kau-05"); again.Phone != "09 816 0205" {
				t.Errorf("refused file wrote a phone: %q", again.Phone)
			}

			// A file valid in itself that the database refuses (a branch
			// moving to another library): the error names its line, and
			// nothing of the file is written.
			f = consortiumFile(today)
			branchOf(f, 2, 5)["phone"] = "+358 9 999 9999"
			moved := branchOf(f, 0, 14)
			lib1 := f["libraries"].([]any)[1].(map[string]any)
			lib1["branches"] = append(lib1["branches"].([]any), moved)
			lib0 := f["libraries"].([]any)[0].(map[string]any)
			lib0["branches"] = lib0["branches"].([]any)[:14]
			bad, data = writeJSON(t, f)
			out = runFail(t, append(args, "branches", "import", bad)...)
			m := regexp.MustCompile(`json:(\d+): (libraries\[1\]\.branches\[15\]): `).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no line for the moved branch:\n%s", out)
			}
			if n, _ := strconv.Atoi(m[1]); !strings.Contains(strings.Split(string(data), "\n")[n-1], "{") {
				t.Errorf("line %d does not start the moved branch", n)
			}
			if again, _ := db.Branch(context.Background(), "kau-05"); again.Phone != "09 816 0205" {
				t.Errorf("refused import wrote a phone: %q", again.Phone)
			}
		})
	}
}

// TestBranchesImportShowsAtOnce: hours changed by an import while the
// server runs reach the iCal feed at once.
func TestBranchesImportShowsAtOnce(t *testing.T) {
	today := library.DateOf(time.Now().In(library.Helsinki))
	args := dbArgs(t, "sqlite")
	f := consortiumFile(today)
	file, _ := writeJSON(t, f)
	run(t, append(args, "branches", "import", file)...)
	s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	code, body := s.get(t, "/libraries/esp-03/hours.ics")
	short := today.AddDays(5)
	stamp := fmt.Sprintf("%04d%02d%02dT120000", short.Year, short.Month, short.Day)
	if code != 200 || !strings.Contains(body, "DTSTART;TZID=Europe/Helsinki:"+stamp) || !strings.Contains(body, "Lyhennetty päivä") {
		t.Fatalf("hours.ics: %d\n%s", code, body)
	}
	branchOf(f, 0, 3)["exceptions"] = []any{map[string]any{"from": short.String(), "reason": map[string]string{"fi": "Muutettu päivä"}, "staffed": []string{"15:00-17:00"}}}
	file, _ = writeJSON(t, f)
	run(t, append(args, "branches", "import", file)...)
	_, body = s.get(t, "/libraries/esp-03/hours.ics")
	if strings.Contains(body, stamp) || !strings.Contains(body, fmt.Sprintf("%04d%02d%02dT150000", short.Year, short.Month, short.Day)) || !strings.Contains(body, "Muutettu päivä") {
		t.Errorf("hours.ics after the import still shows the old hours:\n%s", body)
	}
}
