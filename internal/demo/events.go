package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The demo's events: eight weeks of what the branches put on, from the
// day after the demo is built. Weekly series (story times, language
// cafés, digital help hours), music workshops at the branches with a
// music studio, concerts, author visits and exhibitions, in several
// languages; some with sign-up, partly full, one full with a waiting
// list; a series with a skipped week, one with a single date moved and
// one with a single date cancelled; a cancelled workshop, a draft and a
// scheduled concert for the staff's lists. Everything goes through the
// real store methods, so sign-ups have their notices.

// EventSummary counts what BuildEvents made.
type EventSummary struct {
	Events  int // occurrences and single events
	Series  int
	Signups int
}

// eventSpec is a single event of the demo, on a day after the demo day.
type eventSpec struct {
	branch     string
	title      library.Text
	desc       library.Text
	category   string
	audiences  []string
	langs      []string
	room       string
	day        int // days after the demo day
	start, end library.Clock
	price      int
	capacity   int // sign-up needed when > 0
	maxPlaces  int
	fill       int // sign-ups to make; more than capacity fills the waiting list
}

// seriesSpec is a weekly series of eight, from the demo day on.
type seriesSpec struct {
	branch     string
	title      library.Text
	desc       library.Text
	category   string
	audiences  []string
	langs      []string
	room       string
	weekday    time.Weekday
	start, end library.Clock
	capacity   int // sign-up needed when > 0, opening two weeks before
	fill       int // sign-ups for the first date
}

func clock(h, m int) library.Clock { return library.NewClock(h, m) }

var kids, families, adults, young, seniors = library.ForChildren, library.ForFamilies, library.ForAdults, library.ForYoung, library.ForSeniors

var demoSeries = []seriesSpec{
	{"esp-sello", text("Satutunti", "Sagostund", "Story time"), text("Satuja ja loruja 3–6-vuotiaille. Tule ajoissa, ovet suljetaan alussa.", "", ""),
		library.StoryTime, []string{kids, families}, []string{"fi"}, "Satuluola", time.Monday, clock(10, 0), clock(10, 45), 0, 0},
	{"hki-oodi", text("Satutunti", "Sagostund", "Story time"), text("Kuvakirjoja ääneen luettuna pienille ja heidän aikuisilleen.", "", ""),
		library.StoryTime, []string{kids, families}, []string{"fi"}, "Satuhuone", time.Wednesday, clock(10, 0), clock(10, 30), 0, 0},
	{"hki-oodi", text("Englanninkielinen satutunti", "Sagostund på engelska", "Story time in English"),
		text("Satuja englanniksi koko perheelle.", "", "Picture books read aloud in English, for the whole family."),
		library.StoryTime, []string{kids, families}, []string{"en"}, "Satuhuone", time.Saturday, clock(11, 0), clock(11, 45), 0, 0},
	{"van-tikkurila", text("Satutunti", "Sagostund", "Story time"), text("Satuja ja laululeikkejä.", "", ""),
		library.StoryTime, []string{kids}, []string{"fi"}, "Lastenosasto", time.Tuesday, clock(10, 0), clock(10, 45), 0, 0},
	{"kau-kauniainen", text("Satutunti ruotsiksi", "Sagostund", "Story time in Swedish"), text("", "Sagor och ramsor för barn i alla åldrar.", ""),
		library.StoryTime, []string{kids, families}, []string{"sv"}, "Sagohörnan", time.Friday, clock(10, 0), clock(10, 45), 0, 0},
	{"hki-itakeskus", text("Satutunti arabiaksi", "Sagostund på arabiska", "Story time in Arabic"),
		text("Satuja arabiaksi lapsille ja perheille.", "", "Stories in Arabic for children and families."),
		library.StoryTime, []string{kids, families}, []string{"ar"}, "Lastenmaa", time.Saturday, clock(12, 0), clock(12, 45), 0, 0},
	{"hki-pasila", text("Kielikahvila", "Språkcafé", "Language café"), text("Harjoittele suomea rennosti. Kaikki tasot tervetulleita.", "", "Practise Finnish over coffee. All levels welcome."),
		library.LanguageCafe, []string{adults}, []string{"fi"}, "Kahvila", time.Tuesday, clock(17, 0), clock(18, 30), 0, 0},
	{"esp-iso-omena", text("Kielikahvila", "Språkcafé", "Language café"), text("Puhutaan suomea yhdessä vapaaehtoisten kanssa.", "", ""),
		library.LanguageCafe, []string{adults, young}, []string{"fi"}, "Olohuone", time.Thursday, clock(17, 0), clock(18, 30), 0, 0},
	{"esp-entresse", text("Ruotsin kielikahvila", "Svenskt språkcafé", "Swedish language café"), text("", "Vi pratar svenska i lugn takt.", ""),
		library.LanguageCafe, []string{adults}, []string{"sv"}, "Kahvila", time.Wednesday, clock(17, 30), clock(19, 0), 0, 0},
	{"hki-oodi", text("Englannin keskustelukerho", "Engelsk samtalsklubb", "English conversation club"), text("", "", "Conversation in English, led by volunteers."),
		library.LanguageCafe, []string{adults}, []string{"en"}, "Ryhmätila 2", time.Thursday, clock(18, 0), clock(19, 30), 0, 0},
	{"van-myyrmaki", text("Venäjänkielinen kirjallisuuspiiri", "Rysk litteraturcirkel", "Russian reading group"),
		text("Keskustelemme kuukauden kirjasta venäjäksi.", "", "We talk about the month's book, in Russian."),
		library.ReadingGroup, []string{adults, seniors}, []string{"ru"}, "Kokoushuone", time.Monday, clock(18, 0), clock(19, 30), 0, 0},
	{"esp-sello", text("Digituki", "Digistöd", "Digital help"), text("Apua puhelimen, tabletin ja tietokoneen käyttöön. Varaa aika.", "Hjälp med telefon, surfplatta och dator.", "Help with phones, tablets and computers."),
		library.DigitalHelp, []string{adults, seniors}, []string{"fi", "sv"}, "Digipiste", time.Tuesday, clock(13, 0), clock(14, 0), 4, 3},
	{"hki-oodi", text("Digituki", "Digistöd", "Digital help"), text("Kysy rohkeasti: sähköposti, pankkitunnukset, kirjaston e-aineistot.", "", "Ask us: e-mail, online banking, the library's e-books."),
		library.DigitalHelp, []string{adults, seniors}, []string{"fi", "en"}, "Digituki", time.Friday, clock(13, 0), clock(14, 0), 4, 2},
	{"van-tikkurila", text("Digituki", "Digistöd", "Digital help"), text("Henkilökohtaista opastusta digiasioissa.", "", ""),
		library.DigitalHelp, []string{seniors}, []string{"fi", "ru"}, "Neuvontapiste", time.Wednesday, clock(14, 0), clock(15, 0), 4, 4},
}

// demoEvents are the single events; the music workshops are added for
// every branch with a music studio.
var demoEvents = []eventSpec{
	{"hki-oodi", text("Kirjailijavierailu: Rosa Liksom", "Författarbesök: Rosa Liksom", "Author visit: Rosa Liksom"),
		text("Rosa Liksom kertoo uudesta romaanistaan. Haastattelijana kirjastonhoitaja.", "", ""),
		library.AuthorVisit, []string{adults}, []string{"fi"}, "Kuutio", 9, clock(18, 0), clock(19, 30), 0, 20, 2, 24},
	{"van-tikkurila", text("Kirjailijavierailu: Pajtim Statovci", "Författarbesök: Pajtim Statovci", "Author visit: Pajtim Statovci"),
		text("Keskustelu kirjoittamisesta ja kotimaista.", "", ""),
		library.AuthorVisit, []string{adults, young}, []string{"fi"}, "Lumitila", 16, clock(18, 0), clock(19, 0), 0, 60, 2, 23},
	{"esp-tapiola", text("Kirjailijavierailu: Kjell Westö", "Författarbesök: Kjell Westö", "Author visit: Kjell Westö"),
		text("", "Kjell Westö berättar om sin nya roman.", ""),
		library.AuthorVisit, []string{adults}, []string{"sv"}, "Salen", 23, clock(18, 0), clock(19, 0), 0, 40, 2, 12},
	{"hki-oodi", text("Lounaskonsertti: Sibelius-Akatemian opiskelijat", "Lunchkonsert: Sibelius-Akademins studerande", "Lunch concert: Sibelius Academy students"),
		text("Kamarimusiikkia Oodin Maijansalissa. Vapaa pääsy.", "", ""),
		library.Concert, []string{adults, seniors, families}, nil, "Maijansali", 5, clock(12, 0), clock(12, 45), 0, 0, 0, 0},
	{"esp-sello", text("Jazzilta Sellossa", "Jazzkväll på Sello", "Jazz evening at Sello"),
		text("Paikallisten muusikoiden jazz-ilta. Liput kirjaston asiakaspalvelusta.", "", ""),
		library.Concert, []string{adults}, nil, "Sellosali", 19, clock(19, 0), clock(21, 0), 1000, 0, 0, 0},
	{"esp-tapiola", text("Kuorokonsertti", "Körkonsert", "Choir concert"), text("Tapiolan kuorot esiintyvät.", "", ""),
		library.Concert, []string{families, seniors}, []string{"fi", "sv"}, "Aula", 33, clock(18, 0), clock(19, 0), 0, 0, 0, 0},
	{"esp-entresse", text("Näyttely: Espoon lasten kuvitukset", "Utställning: Esbobarnens illustrationer", "Exhibition: illustrations by Espoo's children"),
		text("Lasten piirroksia suosikkikirjoistaan.", "", ""),
		library.Exhibition, []string{families, kids}, nil, "Galleria", -10, clock(9, 0), clock(20, 0), 0, 0, 0, 0},
	{"van-myyrmaki", text("Näyttely: Myyrmäki ennen ja nyt", "Utställning: Myrbacka förr och nu", "Exhibition: Myyrmäki then and now"),
		text("Valokuvia Myyrmäen historiasta.", "", ""),
		library.Exhibition, []string{adults, seniors}, nil, "Näyttelytila", 3, clock(9, 0), clock(20, 0), 0, 0, 0, 0},
	{"hki-kallio", text("Lukupiiri: kuukauden klassikko", "Läsecirkel: månadens klassiker", "Reading group: the month's classic"),
		text("Tällä kertaa Minna Canthin novellit.", "", ""),
		library.ReadingGroup, []string{adults}, []string{"fi"}, "Lukusali", 12, clock(17, 30), clock(19, 0), 0, 12, 1, 7},
	{"hki-vuosaari", text("Nuorten pelipäivä", "Speldag för unga", "Games day for young people"),
		text("Lautapelejä ja konsolipelejä 13–17-vuotiaille.", "", ""),
		library.Workshop, []string{young}, []string{"fi", "en"}, "Nuortenosasto", 11, clock(14, 0), clock(18, 0), 0, 0, 0, 0},
}

// musicWorkshops are held at every branch with a music studio, one a week
// in turn.
var musicWorkshops = []struct {
	title library.Text
	desc  library.Text
	langs []string
}{
	{text("Biisipaja", "Låtverkstad", "Songwriting workshop"), text("Tee oma biisi ammattilaisen opastuksella. Soittimet löytyvät paikalta.", "", ""), []string{"fi"}},
	{text("Ukulele aloittelijoille", "Ukulele för nybörjare", "Ukulele for beginners"), text("Opettele kolme sointua tunnissa.", "", "Learn three chords in an hour."), []string{"fi", "en"}},
	{text("Beattipaja", "Beatverkstad", "Beat-making workshop"), text("Tee beatteja studion ohjelmilla.", "", ""), []string{"fi"}},
}

// demoGuests are the names the demo's guests sign up with.
var demoGuests = []string{"Laura Nieminen", "Johanna Koskinen", "Mika Järvinen", "Fatima Ahmed", "Hodan Warsame",
	"Sofia Lindholm", "Juho Heikkinen", "Anna Kuznetsova", "Kristiina Tamm", "Omar Hassan", "Emilia Salo",
	"Ville Laine", "Aleksi Ojala", "Maryam Ali", "Sanna Rantanen", "Tuomas Lehto", "Ida Björklund", "Nina Ivanova"}

var mailFold = strings.NewReplacer(" ", ".", "ä", "a", "ö", "o", "å", "a", "Ä", "a", "Ö", "o")

// BuildEvents stores the demo's events for the eight weeks after now,
// created by the system and signed up for by guests and by patrons.
// Which days the single events fall on and who signs up follow seed. It
// expects the demo consortium and patrons; run it once.
func BuildEvents(ctx context.Context, st library.Events, seed uint64, patrons []library.Patron, now time.Time) (EventSummary, error) {
	b := &eventBuilder{st: st, ctx: ctx, now: now, day: library.LocalDate(now), r: rand.New(rand.NewPCG(seed, 0xe7e475)), patrons: patrons}
	for i, s := range demoSeries {
		if err := b.series(i, s); err != nil {
			return b.sum, fmt.Errorf("demo events: %s at %s: %w", s.title["fi"], s.branch, err)
		}
	}
	events := slices.Clone(demoEvents)
	for i, br := range musicBranches(now.In(library.Helsinki).Year()) {
		w := musicWorkshops[i%len(musicWorkshops)]
		events = append(events, eventSpec{br, w.title, w.desc, library.Music, []string{young, adults}, w.langs, "Musiikkistudio",
			7*(i%8) + 2 + b.r.IntN(5), clock(17, 0), clock(19, 0), 0, 8, 2, b.r.IntN(4)})
	}
	for _, s := range events {
		if _, err := b.single(s); err != nil {
			return b.sum, fmt.Errorf("demo events: %s at %s: %w", s.title["fi"], s.branch, err)
		}
	}
	if err := b.staffViews(); err != nil {
		return b.sum, fmt.Errorf("demo events: %w", err)
	}
	return b.sum, nil
}

// musicBranches are the demo branches with a music studio.
func musicBranches(year int) []string {
	var out []string
	for _, br := range Consortium(year).Branches {
		if slices.Contains(br.Services, "music-studio") {
			out = append(out, br.ID)
		}
	}
	return out
}

type eventBuilder struct {
	st      library.Events
	ctx     context.Context
	now     time.Time
	day     library.Date
	r       *rand.Rand
	patrons []library.Patron
	guests  int
	sum     EventSummary
}

func libraryOf(branch string) string {
	for _, s := range branchSpecs {
		if s.id == branch {
			return s.lib
		}
	}
	panic("demo: unknown branch " + branch)
}

func (b *eventBuilder) template(branch string, title, desc library.Text, category string, audiences, langs []string, room string) library.Event {
	return library.Event{Library: libraryOf(branch), Branch: branch, Room: room, Title: title, Description: desc,
		Category: category, Audiences: audiences, Languages: langs, Status: library.EventPublished,
		Accessibility: text("Esteetön sisäänkäynti, induktiosilmukka.", "Tillgänglig entré, hörslinga.", "Step-free entrance, induction loop.")}
}

// series stores a weekly series of eight; the i'th gets the demo's one-off
// changes (see the file comment).
func (b *eventBuilder) series(i int, s seriesSpec) error {
	t := b.template(s.branch, s.title, s.desc, s.category, s.audiences, s.langs, s.room)
	if s.capacity > 0 {
		t.Registration, t.Capacity, t.MaxPlaces = true, s.capacity, 1
	}
	rule := library.Recurrence{Weekdays: []time.Weekday{s.weekday}, From: b.day.AddDays(1), Count: 8, Start: s.start, End: s.end}
	if i == 0 { // a skipped week: the autumn or winter break
		first := library.Recurrence{Weekdays: rule.Weekdays, From: rule.From, Count: 4}
		rule.Except = []library.Date{first.Dates()[3]}
	}
	days := 0
	if s.capacity > 0 {
		days = 14
	}
	ch, err := b.st.CreateSeries(b.ctx, library.SystemStaff, library.Series{Template: t, Rule: rule, SignupDays: days}, b.now)
	if err != nil {
		return err
	}
	b.sum.Series++
	b.sum.Events += ch.Created
	occ := ch.Series.Occurrences
	switch i {
	case 1: // one date moved to another room, an hour later
		e := occ[2]
		e.Room, e.Start, e.End = "Kuutio", e.Start.Add(time.Hour), e.End.Add(time.Hour)
		if _, err := b.st.UpdateEvent(b.ctx, library.SystemStaff, e, b.now); err != nil {
			return err
		}
	case 3: // one date cancelled
		reason := text("Esiintyjä on sairastunut. Tervetuloa ensi viikolla!", "Uppläsaren är sjuk. Välkommen nästa vecka!", "The reader is ill. Welcome next week!")
		if _, _, err := b.st.CancelEvent(b.ctx, library.SystemStaff, occ[1].ID, reason, b.now); err != nil {
			return err
		}
	}
	if s.fill > 0 {
		return b.fill(occ[0], s.fill, 1)
	}
	return nil
}

// single stores a single event.
func (b *eventBuilder) single(s eventSpec) (library.Event, error) {
	e := b.template(s.branch, s.title, s.desc, s.category, s.audiences, s.langs, s.room)
	date := b.day.AddDays(s.day)
	e.Start, e.End = date.In(library.Helsinki, s.start), date.In(library.Helsinki, s.end)
	if s.category == library.Exhibition {
		e.End = date.AddDays(35).In(library.Helsinki, s.end)
	}
	e.PriceCents = s.price
	if s.price > 0 {
		e.PriceNote = text("Liput 10 €, alle 18-vuotiaat ilmaiseksi.", "Biljetter 10 €, under 18 år gratis.", "Tickets €10, under 18s free.")
	}
	if s.capacity > 0 {
		e.Registration, e.Capacity, e.MaxPlaces, e.WaitingList = true, s.capacity, s.maxPlaces, true
	}
	ev, err := b.st.CreateEvent(b.ctx, library.SystemStaff, e, b.now)
	if err != nil {
		return ev, err
	}
	b.sum.Events++
	if s.fill > 0 {
		return ev, b.fill(ev, s.fill, s.maxPlaces)
	}
	return ev, nil
}

// fill signs n people up for ev: a demo patron now and then, guests
// otherwise, some for more than one place.
func (b *eventBuilder) fill(ev library.Event, n, maxPlaces int) error {
	for done, tries := 0, 0; done < n && tries < 3*n; tries++ {
		req := library.SignupRequest{EventID: ev.ID, Places: 1}
		if maxPlaces > 1 && b.r.IntN(3) == 0 {
			req.Places = 2
		}
		if len(b.patrons) > 0 && b.r.IntN(4) == 0 {
			req.PatronID = b.patrons[b.r.IntN(len(b.patrons))].ID
		} else {
			req.Guest = b.guest()
		}
		_, err := b.st.SignUp(b.ctx, req, b.now)
		switch library.ErrorKey(err) {
		case "error.event_already_signed_up", "error.account_closed":
			continue // the same demo patron drawn twice
		case "error.event_full":
			return nil
		}
		if err != nil {
			return err
		}
		b.sum.Signups++
		done++
	}
	return nil
}

// guest is the next demo guest: every third gives a phone number only.
func (b *eventBuilder) guest() *library.Guest {
	b.guests++
	name := demoGuests[b.r.IntN(len(demoGuests))]
	g := &library.Guest{Name: name, Lang: []string{"fi", "fi", "sv", "en", "ru", "so", "ar", "et"}[b.r.IntN(8)]}
	if b.guests%3 == 0 {
		g.Phone = fmt.Sprintf("040 %03d %04d", b.r.IntN(1000), b.guests)
	} else {
		g.Email = fmt.Sprintf("%s.%d@example.org", strings.ToLower(mailFold.Replace(name)), b.guests)
	}
	return g
}

// staffViews stores what the staff's lists show besides the calendar: a
// workshop cancelled after people signed up, a draft, and a concert to be
// published in three days.
func (b *eventBuilder) staffViews() error {
	ws, err := b.single(eventSpec{"esp-sello", text("Sarjakuvatyöpaja", "Serieverkstad", "Comics workshop"),
		text("Piirrä oma sarjakuva.", "", ""), library.Workshop, []string{kids, young}, []string{"fi"}, "Pajatila",
		13, clock(15, 0), clock(17, 0), 0, 12, 1, 5})
	if err != nil {
		return err
	}
	reason := text("Ohjaaja on estynyt. Uusi aika kerrotaan myöhemmin.", "Handledaren har förhinder. Ny tid meddelas senare.", "The instructor cannot come. A new date will follow.")
	if _, _, err := b.st.CancelEvent(b.ctx, library.SystemStaff, ws.ID, reason, b.now); err != nil {
		return err
	}
	draft := b.template("hki-oodi", text("Kirjailijavierailu (vahvistamatta)", "Författarbesök (obekräftat)", "Author visit (to be confirmed)"),
		nil, library.AuthorVisit, []string{adults}, []string{"fi"}, "Kuutio")
	draft.Status = library.EventDraft
	date := b.day.AddDays(40)
	draft.Start, draft.End = date.In(library.Helsinki, clock(18, 0)), date.In(library.Helsinki, clock(19, 0))
	if _, err := b.st.CreateEvent(b.ctx, library.SystemStaff, draft, b.now); err != nil {
		return err
	}
	later := b.template("van-tikkurila", text("Joulukonsertti", "Julkonsert", "Christmas concert"), text("Vantaan musiikkiopiston oppilaat.", "", ""),
		library.Concert, []string{families}, nil, "Lumitila")
	date = b.day.AddDays(45)
	later.Start, later.End = date.In(library.Helsinki, clock(18, 0)), date.In(library.Helsinki, clock(19, 0))
	later.PublishAt = b.now.Add(72 * time.Hour)
	if _, err := b.st.CreateEvent(b.ctx, library.SystemStaff, later, b.now); err != nil {
		return err
	}
	b.sum.Events += 2 // single counted the workshop
	return nil
}
