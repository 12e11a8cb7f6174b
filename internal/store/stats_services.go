package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The measures of stats_services.
const (
	MeasureEvents            = "events"             // events held (starting that day)
	MeasureEventSignups      = "event_signups"      // places signed up for them
	MeasureEventParticipants = "event_participants" // places marked attended
	MeasureEventNoShows      = "event_no_shows"     // places marked not come
	MeasureBookings          = "bookings"           // bookings starting that day, not cancelled or declined
	MeasureBookingNoShows    = "booking_no_shows"
	MeasureQuestions         = "questions"          // asked that day
	MeasureQuestionsAnswered = "questions_answered" // answered that day; seconds: from asking to answer
	MeasureFeedback          = "feedback"
	MeasureFeedbackAnswered  = "feedback_answered"
	MeasureSuggestions       = "suggestions"
	MeasureSuggestionsDone   = "suggestions_decided" // seconds: from suggestion to decision
	MeasureChats             = "chats"               // opened that day
	MeasureChatsTaken        = "chats_taken"         // taken that day; seconds: the wait
	MeasureChatsUnanswered   = "chats_unanswered"    // ended that day never taken
)

// servicesKey is one cell of stats_services.
type servicesKey struct{ library, branch, measure string }

type servicesCell struct{ n, seconds int64 }

// services counts the other services' use that day. Each query reads
// library, branch, a count and, where the measure has one, the two times
// whose difference is a wait or a response time.
func (r rollup) services(ctx context.Context) error {
	cells := map[servicesKey]*servicesCell{}
	add := func(k servicesKey, n, seconds int64) {
		c := cells[k]
		if c == nil {
			c = &servicesCell{}
			cells[k] = c
		}
		c.n += n
		c.seconds += seconds
	}
	counts := []struct{ measure, query string }{
		{MeasureEvents, `SELECT library_id, branch_id, count(*) FROM events
			WHERE starts_at >= $1 AND starts_at < $2 AND status = 'published' GROUP BY 1, 2`},
		{MeasureEventSignups, `SELECT e.library_id, e.branch_id, coalesce(sum(s.places), 0) FROM event_signups s JOIN events e ON e.id = s.event_id
			WHERE e.starts_at >= $1 AND e.starts_at < $2 AND s.status IN ('registered', 'attended', 'no_show') GROUP BY 1, 2`},
		{MeasureEventParticipants, `SELECT e.library_id, e.branch_id, coalesce(sum(s.places), 0) FROM event_signups s JOIN events e ON e.id = s.event_id
			WHERE e.starts_at >= $1 AND e.starts_at < $2 AND s.status = 'attended' GROUP BY 1, 2`},
		{MeasureEventNoShows, `SELECT e.library_id, e.branch_id, coalesce(sum(s.places), 0) FROM event_signups s JOIN events e ON e.id = s.event_id
			WHERE e.starts_at >= $1 AND e.starts_at < $2 AND s.status = 'no_show' GROUP BY 1, 2`},
		{MeasureBookings, `SELECT br.library_id, r.branch_id, count(*) FROM bookings b JOIN resources r ON r.id = b.resource_id
			JOIN branches br ON br.id = r.branch_id
			WHERE b.starts >= $1 AND b.starts < $2 AND NOT b.block AND b.status IN ('confirmed', 'checked_in', 'no_show') GROUP BY 1, 2`},
		{MeasureBookingNoShows, `SELECT br.library_id, r.branch_id, count(*) FROM bookings b JOIN resources r ON r.id = b.resource_id
			JOIN branches br ON br.id = r.branch_id
			WHERE b.starts >= $1 AND b.starts < $2 AND NOT b.block AND b.status = 'no_show' GROUP BY 1, 2`},
		{MeasureQuestions, `SELECT library_id, '', count(*) FROM questions WHERE created_at >= $1 AND created_at < $2 GROUP BY 1`},
		{MeasureFeedback, `SELECT library_id, branch_id, count(*) FROM feedback WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2`},
		{MeasureSuggestions, `SELECT library_id, '', count(*) FROM suggestions WHERE created_at >= $1 AND created_at < $2 GROUP BY 1`},
		{MeasureChats, `SELECT queue, '', count(*) FROM chats WHERE created_at >= $1 AND created_at < $2 GROUP BY 1`},
		{MeasureChatsUnanswered, `SELECT queue, '', count(*) FROM chats
			WHERE ended_at >= $1 AND ended_at < $2 AND taken_at IS NULL GROUP BY 1`},
	}
	for _, c := range counts {
		rows, err := r.tx.QueryContext(ctx, c.query, r.start, r.end)
		if err != nil {
			return fmt.Errorf("%s: %w", c.measure, err)
		}
		for rows.Next() {
			k := servicesKey{measure: c.measure}
			var n int64
			if err := rows.Scan(&k.library, &k.branch, &n); err != nil {
				rows.Close()
				return fmt.Errorf("%s: %w", c.measure, err)
			}
			if n > 0 {
				add(k, n, 0)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("%s: %w", c.measure, err)
		}
	}
	waits := []struct{ measure, query string }{
		{MeasureQuestionsAnswered, `SELECT library_id, '', created_at, answered_at FROM questions WHERE answered_at >= $1 AND answered_at < $2`},
		{MeasureFeedbackAnswered, `SELECT library_id, branch_id, created_at, answered_at FROM feedback WHERE answered_at >= $1 AND answered_at < $2`},
		{MeasureSuggestionsDone, `SELECT library_id, '', created_at, decided_at FROM suggestions WHERE decided_at >= $1 AND decided_at < $2`},
		{MeasureChatsTaken, `SELECT queue, '', created_at, taken_at FROM chats WHERE taken_at >= $1 AND taken_at < $2`},
	}
	for _, w := range waits {
		rows, err := r.tx.QueryContext(ctx, w.query, r.start, r.end)
		if err != nil {
			return fmt.Errorf("%s: %w", w.measure, err)
		}
		for rows.Next() {
			k := servicesKey{measure: w.measure}
			var from, to time.Time
			if err := rows.Scan(&k.library, &k.branch, &from, &to); err != nil {
				rows.Close()
				return fmt.Errorf("%s: %w", w.measure, err)
			}
			add(k, 1, max(0, int64(to.Sub(from)/time.Second)))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("%s: %w", w.measure, err)
		}
	}
	out := make([][]any, 0, len(cells))
	for k, c := range cells {
		out = append(out, []any{r.day.String(), k.library, k.branch, k.measure, c.n, c.seconds})
	}
	return insertRows(ctx, r.tx, "stats_services", "day, library, branch, measure, n, seconds", out)
}

// topTitlesKept is how many titles a month keeps per library and material.
const topTitlesKept = 50

// topTitles recounts the month so far's most borrowed titles per lending
// library and material from the trail's checkouts, keeping the first
// topTitlesKept of each. Only record IDs and counts are kept.
func (r rollup) topTitles(ctx context.Context) error {
	month := r.day.String()[:7]
	first := library.Date{Year: r.day.Year, Month: r.day.Month, Day: 1}
	monthStart := utc(first.In(library.Helsinki, 0))
	monthEnd := utc(time.Date(first.Year, first.Month+1, 1, 0, 0, 0, 0, library.Helsinki))
	rows, err := r.tx.QueryContext(ctx, `
		SELECT coalesce(b.library_id, ''), coalesce(rec.material, ''), e.record_id, count(*)
		FROM circulation_events e LEFT JOIN branches b ON b.id = e.branch LEFT JOIN records rec ON rec.id = e.record_id
		WHERE e.at >= $1 AND e.at < $2 AND e.action = 'checkout' AND e.record_id IS NOT NULL
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 4 DESC, 3`, monthStart, monthEnd)
	if err != nil {
		return fmt.Errorf("top titles: %w", err)
	}
	var out [][]any
	var lib, mat string
	kept := 0
	for rows.Next() {
		var l, m string
		var id, n int64
		if err := rows.Scan(&l, &m, &id, &n); err != nil {
			rows.Close()
			return fmt.Errorf("top titles: %w", err)
		}
		if l != lib || m != mat || out == nil {
			lib, mat, kept = l, m, 0
		}
		if kept < topTitlesKept {
			out = append(out, []any{month, l, m, id, n})
			kept++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("top titles: %w", err)
	}
	if _, err := r.tx.ExecContext(ctx, `DELETE FROM stats_top_titles WHERE month = $1`, month); err != nil {
		return fmt.Errorf("top titles: %w", err)
	}
	return insertRows(ctx, r.tx, "stats_top_titles", "month, library, material, record_id, loans", out)
}
