package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The demo's chat: open in the daytime every day of the week, in every
// library's queue and the consortium's, so that whoever tries the demo
// by day finds it open once a librarian goes on duty; and a few saved
// answers in Finnish, Swedish and English.

// chatOpen and chatClose are the demo's daily chat hours.
const chatOpen, chatClose = "08:00", "20:00"

// demoAnswers are the consortium's saved answers.
var demoAnswers = []library.SavedAnswer{
	{Lang: "fi", Title: "Tervehdys", Text: "Hei! Olen kirjastonhoitaja. Miten voin auttaa?"},
	{Lang: "fi", Title: "Uusiminen", Text: "Voit uusia lainasi Omat tiedot -sivulla kohdassa Lainat, ellei niihin ole varauksia."},
	{Lang: "fi", Title: "Lopetus", Text: "Kiitos yhteydenotosta! Mukavia lukuhetkiä."},
	{Lang: "sv", Title: "Hälsning", Text: "Hej! Jag är bibliotekarie. Hur kan jag hjälpa dig?"},
	{Lang: "sv", Title: "Förnyelse", Text: "Du kan förnya dina lån på sidan Mina uppgifter under Lån, om ingen har reserverat dem."},
	{Lang: "sv", Title: "Avslutning", Text: "Tack för att du hörde av dig! Trevlig läsning."},
	{Lang: "en", Title: "Greeting", Text: "Hello! I am a librarian. How can I help?"},
	{Lang: "en", Title: "Renewing", Text: "You can renew your loans in My Account under Loans, unless someone has reserved them."},
	{Lang: "en", Title: "Goodbye", Text: "Thank you for asking! Happy reading."},
}

// BuildChat sets the demo's chat hours for the consortium's queue and
// each of libs', and stores the saved answers, as by (an administrator).
func BuildChat(ctx context.Context, st library.ChatService, by library.Staff, libs []string, now time.Time) error {
	for _, q := range append([]string{""}, libs...) {
		var slots []library.ChatSlot
		for d := time.Sunday; d <= time.Saturday; d++ {
			slots = append(slots, library.ChatSlot{Queue: q, Weekday: d, Open: chatOpen, Close: chatClose})
		}
		if err := st.SetChatHours(ctx, by, q, slots, now); err != nil {
			return fmt.Errorf("demo: chat hours of %q: %w", q, err)
		}
	}
	for _, a := range demoAnswers {
		if _, err := st.SaveAnswer(ctx, by, a); err != nil {
			return fmt.Errorf("demo: saved answer %q: %w", a.Title, err)
		}
	}
	return nil
}
