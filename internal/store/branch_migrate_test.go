package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestMigrateExceptionsOutOfHours: a database whose branches keep their
// exceptions inside branches.hours (before migration 14) comes out with
// the same hours on every date, the exceptions now rows.
func TestMigrateExceptionsOutOfHours(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dsn := filepath.Join(t.TempDir(), "old.db")
			if dialect == "postgres" {
				dsn = storetest.PostgresDSN(t)
			}
			db, err := store.Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.MigrateTo(ctx, 13); err != nil {
				t.Fatal(err)
			}
			// As PutConsortium wrote them before: one exception a date.
			old := `{"Weekly":[{"Staffed":null,"SelfService":null,"Note":null},` +
				`{"Staffed":[{"Open":540,"Close":1200}],"SelfService":[{"Open":420,"Close":540}],"Note":null},` +
				`{"Staffed":[{"Open":540,"Close":1200}],"SelfService":null,"Note":null},{"Staffed":null,"SelfService":null,"Note":null},` +
				`{"Staffed":null,"SelfService":null,"Note":null},{"Staffed":null,"SelfService":null,"Note":null},{"Staffed":null,"SelfService":null,"Note":null}],` +
				`"Exceptions":[{"Date":{"Year":2026,"Month":12,"Day":24},"Staffed":[{"Open":540,"Close":720}],"SelfService":null,"Note":{"fi":"Jouluaatto","sv":"Julafton"}},` +
				`{"Date":{"Year":2026,"Month":12,"Day":25},"Staffed":null,"SelfService":null,"Note":{"fi":"Joulupäivä"}}]}`
			for _, q := range []string{
				`INSERT INTO libraries (id, name) VALUES ('espoo', '{"fi":"Espoo"}')`,
				`INSERT INTO branches (id, library_id, name, street, postal_code, city, lat, lon, phone, email, services, accessibility, hours)
				 VALUES ('esp-sello', 'espoo', '{"fi":"Sello"}', '', '', '{}', 0, 0, '', '', '[]', '{}', '` + old + `')`,
				`INSERT INTO branches (id, library_id, name, street, postal_code, city, lat, lon, phone, email, services, accessibility, hours)
				 VALUES ('esp-tapiola', 'espoo', '{"fi":"Tapiola"}', '', '', '{}', 0, 0, '', '', '[]', '{}', '{"Weekly":[{},{},{},{},{},{},{}],"Exceptions":null}')`,
			} {
				if err := db.ExecForTest(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			b, err := db.Branch(ctx, "esp-sello")
			if err != nil {
				t.Fatal(err)
			}
			eve, exc := b.Hours.On(date(2026, 12, 24))
			if !exc || len(eve.Staffed) != 1 || eve.Staffed[0].Close != library.NewClock(12, 0) || eve.Note["sv"] != "Julafton" {
				t.Errorf("Christmas Eve = %+v", eve)
			}
			if xmas, exc := b.Hours.On(date(2026, 12, 25)); !exc || !xmas.Closed() || xmas.Note["fi"] != "Joulupäivä" {
				t.Errorf("Christmas Day = %+v", xmas)
			}
			if mon := b.Hours.Weekly[time.Monday]; len(mon.Staffed) != 1 || len(mon.SelfService) != 1 {
				t.Errorf("Monday = %+v", mon)
			}
			es, err := db.Exceptions(ctx, "esp-sello", date(2026, 1, 1), date(2026, 12, 31))
			if err != nil || len(es) != 2 || es[0].From != date(2026, 12, 24) || es[0].To != date(2026, 12, 24) {
				t.Errorf("Exceptions = %+v, %v", es, err)
			}
			// The migrated rows are edited like any other.
			_, err = db.AddException(ctx, closure("esp-sello", date(2026, 12, 25), date(2026, 12, 26), "Joulu"), admin, circNow)
			wantKey(t, err, "error.exception_overlap")
			if tap, err := db.Branch(ctx, "esp-tapiola"); err != nil || len(tap.Hours.Exceptions) != 0 {
				t.Errorf("Tapiola = %+v, %v", tap, err)
			}
		})
	}
}
