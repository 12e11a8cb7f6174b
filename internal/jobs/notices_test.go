package jobs

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The due notices sweep registered on two nodes queues each loan's notice
// once, however often it runs.
func TestDueNoticesOnTwoNodesQueuedOnce(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		other, _ := e.NewPatron(t, "1001", "Korhonen, Eino", "hki-oodi")
		loans := []library.Loan{
			e.Checkout(t, e.Patron, "T1-1", webtest.Now),
			e.Checkout(t, other, "T1-2", webtest.Now),
		}
		// The nodes' clock starts two days before the loans are due, when
		// the due-soon notices fall due, and runs on.
		base, t0 := loans[0].DueAt.Add(-48*time.Hour), time.Now()
		clock := func() time.Time { return base.Add(time.Since(t0)) }
		var runs atomic.Int32
		var stops []func()
		for i, db := range []dueNoticer{e.DB, node(t, e.DB)} {
			job := Job{Name: "due notices", Every: 10 * time.Millisecond, Run: func(ctx context.Context, now time.Time) (int, error) {
				runs.Add(1)
				return db.DueNotices(ctx, now)
			}}
			stops = append(stops, start(t, &Runner{Store: db.(Store), Holder: []string{"a", "b"}[i], Now: clock,
				Poll: time.Millisecond, Jobs: []Job{job}}))
		}
		waitFor(t, "20 runs", func() bool { return runs.Load() >= 20 })
		for _, stop := range stops {
			stop()
		}
		seen := map[int64]int{}
		for _, l := range loans {
			ns, err := e.DB.Notices(context.Background(), l.PatronID)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range ns {
				if n.Kind == library.NoticeDueSoon {
					seen[l.PatronID]++
				}
			}
		}
		for _, l := range loans {
			if seen[l.PatronID] != 1 {
				t.Errorf("patron %d has %d due-soon notices, want 1", l.PatronID, seen[l.PatronID])
			}
		}
	})
}

type dueNoticer interface {
	DueNotices(ctx context.Context, now time.Time) (int, error)
}
