package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestChatSavedAnswers: a library's desk keeps its own saved answers,
// the consortium's are the administrator's and offered to everyone.
func TestChatSavedAnswers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		save := func(by library.Staff, a library.SavedAnswer) library.SavedAnswer {
			t.Helper()
			got, err := db.SaveAnswer(f.ctx, by, a)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		opening := save(f.helsinki, library.SavedAnswer{Library: "helsinki", Lang: "fi", Title: " Aukioloajat ", Text: "Oodi on auki 8–22."})
		if opening.ID == 0 || opening.Title != "Aukioloajat" {
			t.Errorf("saved %+v", opening)
		}
		save(f.espoo, library.SavedAnswer{Library: "espoo", Lang: "fi", Title: "Sello", Text: "Sello on auki 9–20."})
		save(f.admin, library.SavedAnswer{Library: "", Lang: "fi", Title: "Etälainaus", Text: "Kirjaudu sisään."})
		save(f.admin, library.SavedAnswer{Library: "", Lang: "en", Title: "E-books", Text: "Sign in."})

		for _, c := range []struct {
			name string
			by   library.Staff
			a    library.SavedAnswer
			key  string
		}{
			{"no title", f.helsinki, library.SavedAnswer{Library: "helsinki", Lang: "fi", Text: "x"}, "error.chat_answer_title"},
			{"long title", f.helsinki, library.SavedAnswer{Library: "helsinki", Lang: "fi", Title: strings.Repeat("t", library.MaxSavedAnswerTitle+1), Text: "x"}, "error.chat_answer_title_too_long"},
			{"no text", f.helsinki, library.SavedAnswer{Library: "helsinki", Lang: "fi", Title: "t"}, "error.chat_empty"},
			{"language", f.helsinki, library.SavedAnswer{Library: "helsinki", Lang: "de", Title: "t", Text: "x"}, "error.chat_answer_lang"},
			{"another city's", f.helsinki, library.SavedAnswer{Library: "espoo", Lang: "fi", Title: "t", Text: "x"}, "error.staff_other_library"},
			{"the consortium's", f.helsinki, library.SavedAnswer{Library: "", Lang: "fi", Title: "t", Text: "x"}, "error.staff_other_library"},
			{"moved away from another city", f.helsinki, library.SavedAnswer{ID: opening.ID + 1, Library: "helsinki", Lang: "fi", Title: "t", Text: "x"}, "error.staff_other_library"},
			{"no such answer", f.helsinki, library.SavedAnswer{ID: 9999, Library: "helsinki", Lang: "fi", Title: "t", Text: "x"}, "error.chat_answer_not_found"},
			{"cataloguer", f.cataloguer, library.SavedAnswer{Library: "helsinki", Lang: "fi", Title: "t", Text: "x"}, "error.staff_role"},
		} {
			_, err := db.SaveAnswer(f.ctx, c.by, c.a)
			if got := library.ErrorKey(err); err == nil || got != c.key {
				t.Errorf("%s: %v, want %s", c.name, err, c.key)
			}
		}

		titles := func(libs []string, lang string) []string {
			t.Helper()
			as, err := db.SavedAnswers(f.ctx, libs, lang)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range as {
				out = append(out, a.Title)
			}
			return out
		}
		if got := titles([]string{"helsinki"}, "fi"); !slices.Equal(got, []string{"Aukioloajat", "Etälainaus"}) {
			t.Errorf("Helsinki's in Finnish: %q", got)
		}
		if got := titles(nil, "en"); !slices.Equal(got, []string{"E-books"}) {
			t.Errorf("the consortium's in English: %q", got)
		}
		if got := titles([]string{"helsinki", "espoo"}, ""); len(got) != 4 {
			t.Errorf("all of Helsinki and Espoo: %q", got)
		}

		opening.Text = "Oodi on auki 8–21."
		if got := save(f.helsinki2, opening); got.Text != opening.Text {
			t.Errorf("edited %+v", got)
		}
		if err := db.DeleteSavedAnswer(f.ctx, f.espoo, opening.ID); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("Espoo deletes Helsinki's: %v", err)
		}
		if err := db.DeleteSavedAnswer(f.ctx, f.helsinki, opening.ID); err != nil {
			t.Fatal(err)
		}
		err := db.DeleteSavedAnswer(f.ctx, f.helsinki, opening.ID)
		wantKey(t, err, "error.chat_answer_not_found")
		if n := len(f.audited(library.AuditChatAnswerSave)); n != 5 {
			t.Errorf("%d saves audited, want 5", n)
		}
		if es := f.audited(library.AuditChatAnswerDelete); len(es) != 1 || es[0].Library != "helsinki" {
			t.Errorf("deletes audited: %+v", es)
		}
	})
}

// TestChatHours: a library's chat team sets its hours; they read back
// Monday first, and bad hours are refused before anything changes.
func TestChatHours(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		slots := []library.ChatSlot{
			{Weekday: time.Sunday, Open: "12:00", Close: "16:00"},
			{Weekday: time.Tuesday, Open: "13:00", Close: "24:00"},
			{Weekday: time.Tuesday, Open: "09:00", Close: "12:00"},
		}
		if err := db.SetChatHours(f.ctx, f.helsinki2, "helsinki", slots, circNow); err != nil {
			t.Fatal(err)
		}
		got, err := db.ChatHours(f.ctx, "helsinki")
		if err != nil {
			t.Fatal(err)
		}
		want := []library.ChatSlot{
			{Queue: "helsinki", Weekday: time.Tuesday, Open: "09:00", Close: "12:00"},
			{Queue: "helsinki", Weekday: time.Tuesday, Open: "13:00", Close: "24:00"},
			{Queue: "helsinki", Weekday: time.Sunday, Open: "12:00", Close: "16:00"},
		}
		if !slices.Equal(got, want) {
			t.Errorf("hours %+v\nwant %+v", got, want)
		}
		// Monday's hours went with the change: Helsinki is closed now.
		if open, _ := db.ChatOpen(f.ctx, "helsinki", circNow); open {
			t.Error("open on Monday without Monday's hours")
		}
		if open, _ := db.ChatOpen(f.ctx, "helsinki", circNow.Add(24*time.Hour+13*time.Hour+59*time.Minute)); open {
			t.Error("open on Tuesday at 23:59 without anyone on duty")
		}
		bad := append(slices.Clone(slots), library.ChatSlot{Weekday: time.Tuesday, Open: "11:00", Close: "14:00"})
		err = db.SetChatHours(f.ctx, f.helsinki, "helsinki", bad, circNow)
		wantKey(t, err, "error.chat_hours_overlap")
		if err := db.SetChatHours(f.ctx, f.espoo, "helsinki", slots, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("Espoo sets Helsinki's hours: %v", err)
		}
		err = db.SetChatHours(f.ctx, f.admin, "turku", slots, circNow)
		wantKey(t, err, "error.chat_queue")
		if got, _ := db.ChatHours(f.ctx, "helsinki"); len(got) != 3 {
			t.Errorf("refused changes changed the hours: %+v", got)
		}
		if es := f.audited(library.AuditChatHours); len(es) != 2 || es[0].Library != "helsinki" { // the fixture's and this test's
			t.Errorf("audited %+v", es)
		}
		// Clearing the hours closes the chat.
		if err := db.SetChatHours(f.ctx, f.helsinki, "helsinki", nil, circNow); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.ChatHours(f.ctx, "helsinki"); len(got) != 0 {
			t.Errorf("cleared hours %+v", got)
		}
	})
}
