package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The demo's questions, feedback and purchase suggestions, so that the
// staff's lists, My Account and each library's "you asked, we answered"
// page have something in them: per library, a question answered and one
// waiting; feedback answered and published with the sender's consent, and
// a complaint waiting; and purchase suggestions of a few titles, some
// asked by several residents and some accepted, waiting for the title to
// arrive. Everything goes through the store's own methods, so each
// answer and decision has its notice. The seed chooses who asks what
// and when, the same way for the same seed.

// AskTellStore is what the demo's questions, feedback and suggestions need.
type AskTellStore interface {
	library.Questions
	library.FeedbackService
	library.PurchaseSuggestions
}

// AskTellSummary counts what BuildAskTell made.
type AskTellSummary struct {
	Questions, Feedback, Published, Suggestions, Accepted int
}

// askSpec is a question of the demo, asked by a resident of the library.
type askSpec struct {
	library, topic, text, answer string
}

var demoQuestions = []askSpec{
	{"helsinki", library.QTopicCollection, "Onko Oodissa nuotteja Sibeliuksen pianokappaleisiin?",
		"Kyllä: Oodin musiikkiosastolla on Sibeliuksen pianoteosten nuottikokoelmia. Voit varata ne verkkokirjastosta."},
	{"helsinki", library.QTopicELibrary, "Miten saan e-kirjat luettua lukulaitteella?", ""},
	{"espoo", library.QTopicSpaces, "Voiko Sellon 3D-tulostimeen tuoda oman filamentin?",
		"Valitettavasti ei: tulostimessa käytetään vain kirjaston filamenttia, jotta laite pysyy kunnossa. Tulostaminen on maksutonta."},
	{"espoo", library.QTopicEvents, "Onko syksyllä lasten satutunteja ruotsiksi?", ""},
	{"vantaa", library.QTopicLoans, "Сколько раз можно продлить книгу?",
		"Книгу можно продлить пять раз, если на неё нет брони. Продлить можно в разделе «Мой аккаунт»."},
	{"vantaa", library.QTopicInformation, "Mistä löydän Tikkurilan vanhoja karttoja?", ""},
	{"kauniainen", library.QTopicCollection, "Har ni ljudböcker på svenska för barn?",
		"Ja, vi har en hel hylla med ljudböcker på svenska för barn, och fler finns att låna som e-ljudböcker."},
	{"kauniainen", library.QTopicAccount, "Unohdin PIN-koodini. Miten saan uuden?", ""},
}

// feedbackSpec is feedback of the demo; a published one has the public
// summary and answer staff wrote.
type feedbackSpec struct {
	library, kind, text, answer, summary, public string
}

var demoFeedback = []feedbackSpec{
	{"helsinki", library.FeedbackIdea, "Oodiin lisää pistorasioita kolmanteen kerrokseen, kiitos!", "Kiitos ideasta! Lisäämme pistorasioita kolmannen kerroksen pöytiin ensi kuussa.",
		"Toive: lisää pistorasioita Oodin kolmanteen kerrokseen.", "Kolmannen kerroksen pöytiin asennetaan lisää pistorasioita ensi kuussa."},
	{"helsinki", library.FeedbackPraise, "Pasilan henkilökunta auttoi minua löytämään sukututkimuksen lähteet. Upeaa palvelua!", "Kiitos lämpimästä palautteesta, välitämme sen Pasilan tiimille.",
		"Kiitos Pasilan henkilökunnalle avusta sukututkimuksessa.", "Kiitos! Palaute on välitetty Pasilan kirjaston tiimille."},
	{"helsinki", library.FeedbackComplaint, "Varaushyllyllä oli jonoa puoli tuntia lauantaina.", "", "", ""},
	{"espoo", library.FeedbackComplaint, "Sellon lehtilukusalissa on liian kylmä.", "Kiitos palautteesta. Ilmanvaihdon asetukset on nyt korjattu, ja lämpötila on noussut.",
		"Sellon lehtilukusali oli liian kylmä.", "Ilmanvaihdon asetukset korjattiin, ja salissa on nyt lämpimämpää."},
	{"espoo", library.FeedbackIdea, "Lisää mangaa nuortenosastolle!", "Hyvä idea! Olemme tilanneet uusia mangasarjoja Iso Omenan ja Sellon nuortenosastoille.",
		"Toive: lisää mangaa nuortenosastolle.", "Uusia mangasarjoja on tilattu Iso Omenan ja Sellon nuortenosastoille."},
	{"vantaa", library.FeedbackPraise, "Спасибо за книги на русском языке в Тиккурила!", "Спасибо! Мы рады, что книги на русском языке нужны читателям.",
		"Благодарность за книги на русском языке в Тиккурила.", "Спасибо! Мы продолжаем пополнять русскоязычную коллекцию."},
	{"vantaa", library.FeedbackIdea, "Myyrmäkeen pidemmät aukioloajat viikonloppuisin.", "Kiitos ehdotuksesta. Myyrmäen kirjasto on kokeilussa auki sunnuntaisin kevään ajan.",
		"Toive: pidemmät aukioloajat Myyrmäessä viikonloppuisin.", "Myyrmäen kirjasto on kokeiluna auki myös sunnuntaisin kevään ajan."},
	{"kauniainen", library.FeedbackPraise, "Tack för den trevliga sagostunden på svenska!", "Tack själv! Sagostunderna fortsätter varje tisdag.",
		"Tack för sagostunden på svenska.", "Sagostunderna på svenska fortsätter varje tisdag."},
	{"kauniainen", library.FeedbackIdea, "Toivoisin lautapelejä lainattavaksi.", "", "", ""},
}

// suggestionSpec is a title residents of a library suggest: how many of
// them, and whether staff have accepted it. The ISBNs are of the 979-12
// range, which the demo's catalogue never draws, so no title is owned.
type suggestionSpec struct {
	library, title, author, isbn string
	material                     library.Material
	language                     string
	why                          []string // one per resident who asks
	accepted                     bool
}

var demoSuggestions = []suggestionSpec{
	{library: "helsinki", title: "Pohjoisen valon kirja", author: "Aalto, Iiris", isbn: checkedISBN("979120000001"), language: "fin",
		why: []string{"Lukupiirimme lukee sen keväällä.", "Kirjasta puhuttiin radiossa.", ""}, accepted: true},
	{library: "helsinki", title: "The Quiet Harbour", author: "Hale, Nora", isbn: checkedISBN("979120000002"), language: "eng",
		why: []string{"For our English book club.", ""}},
	{library: "helsinki", title: "Kaupunkiviljelijän käsikirja", author: "Laine, Otso", material: library.AudioBook, language: "fin",
		why: []string{"Äänikirjana kuunneltavaksi työmatkoilla."}},
	{library: "espoo", title: "Avaruuden arvoitukset lapsille", author: "Koski, Veera", isbn: checkedISBN("979120000003"), language: "fin",
		why: []string{"Lapseni rakastaa avaruutta.", "Koululaisille sopiva."}, accepted: true},
	{library: "espoo", title: "Sienet ja marjat", author: "Heino, Aune", isbn: checkedISBN("979120000004"), language: "fin",
		why: []string{""}},
	{library: "vantaa", title: "Северные сказки", author: "Ильина, Мария", isbn: checkedISBN("979120000005"), language: "rus",
		why: []string{"Для детей, которые говорят по-русски.", ""}, accepted: true},
	{library: "kauniainen", title: "Skärgårdens fåglar", author: "Berg, Ulla", isbn: checkedISBN("979120000006"), language: "swe",
		why: []string{"Perfekt för fågelskådare.", "Till sommarstugan."}},
}

// checkedISBN completes the twelve digits of an ISBN-13 with its check digit.
func checkedISBN(twelve string) string {
	sum := 0
	for i, c := range twelve {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return twelve + strconv.Itoa((10-sum%10)%10)
}

// BuildAskTell stores the demo's questions, feedback and purchase
// suggestions of the demo patrons, answered and decided by staff (a
// consortium administrator, who may act for every library).
func BuildAskTell(ctx context.Context, st AskTellStore, seed uint64, staff library.Staff, patrons []library.Patron, now time.Time) (AskTellSummary, error) {
	var sum AskTellSummary
	r := rand.New(rand.NewPCG(seed, 0xa5c7e11))
	// The adults of each library who can be told (a blocked patron may
	// still ask; the demo keeps to those in good standing).
	residents := map[string][]library.Patron{}
	for _, p := range patrons {
		if p.Category == library.CategoryChild || p.BlockReason != "" {
			continue
		}
		residents[p.HomeLibrary] = append(residents[p.HomeLibrary], p)
	}
	pick := func(lib string) library.Patron {
		ps := residents[lib]
		return ps[r.IntN(len(ps))]
	}
	ago := func(maxDays int) time.Time {
		return now.Add(-time.Duration(1+r.IntN(maxDays*24)) * time.Hour)
	}

	for _, s := range demoQuestions {
		p := pick(s.library)
		at := ago(20)
		q, err := st.Ask(ctx, library.Question{Library: s.library, Topic: s.topic, Text: s.text, AnswerBy: library.AnswerByAccount,
			Sender: library.Sender{PatronID: p.ID, Lang: p.Lang}}, at)
		if err != nil {
			return sum, fmt.Errorf("demo question: %w", err)
		}
		sum.Questions++
		if s.answer != "" {
			if _, err := st.AnswerQuestion(ctx, staff, q.ID, s.answer, at.Add(time.Duration(2+r.IntN(30))*time.Hour)); err != nil {
				return sum, fmt.Errorf("demo answer: %w", err)
			}
		}
	}

	for _, s := range demoFeedback {
		p := pick(s.library)
		at := ago(40)
		f, err := st.SendFeedback(ctx, library.Feedback{Kind: s.kind, Library: s.library, Text: s.text, Consent: s.summary != "",
			Sender: library.Sender{PatronID: p.ID, Lang: p.Lang}}, at)
		if err != nil {
			return sum, fmt.Errorf("demo feedback: %w", err)
		}
		sum.Feedback++
		if s.answer == "" {
			continue
		}
		answered := at.Add(time.Duration(4+r.IntN(48)) * time.Hour)
		if _, err := st.AnswerFeedback(ctx, staff, f.ID, s.answer, answered); err != nil {
			return sum, fmt.Errorf("demo feedback answer: %w", err)
		}
		if s.summary != "" {
			if _, err := st.PublishFeedback(ctx, staff, f.ID, s.summary, s.public, answered.Add(time.Hour)); err != nil {
				return sum, fmt.Errorf("demo feedback published: %w", err)
			}
			sum.Published++
		}
	}

	for _, s := range demoSuggestions {
		// Different residents of the library, in an order the seed picks.
		ps := residents[s.library]
		order := r.Perm(len(ps))
		var key string
		for i, why := range s.why {
			if i >= len(ps) {
				break
			}
			p := ps[order[i]]
			m := s.material
			if m == "" {
				m = library.Book
			}
			sug, err := st.Suggest(ctx, library.PurchaseSuggestion{PatronID: p.ID, Library: s.library, Title: s.title, Author: s.author,
				ISBN: s.isbn, Material: m, Language: s.language, Why: why}, ago(30))
			if err != nil {
				return sum, fmt.Errorf("demo suggestion %q: %w", s.title, err)
			}
			key = sug.Key
			sum.Suggestions++
		}
		if s.accepted && key != "" {
			n, err := st.AcceptSuggestions(ctx, staff, s.library, key, now.Add(-time.Hour))
			if err != nil {
				return sum, fmt.Errorf("demo suggestion %q accepted: %w", s.title, err)
			}
			sum.Accepted += n
		}
	}
	return sum, nil
}
