package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The demo's news and content pages: the consortium's about page,
// accessibility statement, privacy notice and instructions for the
// e-library and the app, a page of Espoo's own, and a dozen news items of
// the libraries and the consortium, one scheduled for next week and one
// a draft. Some languages are left out on purpose, so that the pages show
// how a missing language is marked.

// demoNews is a news item published days before the build (after it,
// when days is negative); draft items are not published.
type demoNews struct {
	lib                  string
	days                 int
	draft                bool
	title, summary, body library.Text
}

// BuildContent stores the demo's pages and news, written by author (the
// consortium's administrator), published relative to now.
func BuildContent(ctx context.Context, st library.Content, author library.Staff, now time.Time) error {
	at := func(days int) time.Time {
		d := now.In(library.Helsinki).AddDate(0, 0, -days)
		return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, library.Helsinki)
	}
	for _, p := range demoPages {
		p.Publication = library.Publication{Status: library.StatusPublished, PublishAt: at(60)}
		if _, err := st.CreatePage(ctx, p, author, now); err != nil {
			return fmt.Errorf("demo page %s: %w", p.Slug, err)
		}
	}
	for _, n := range demoNewsItems {
		item := library.NewsItem{Library: n.lib, Title: n.title, Summary: n.summary, Body: n.body,
			Publication: library.Publication{Status: library.StatusPublished, PublishAt: at(n.days)}}
		if n.draft {
			item.Publication = library.Publication{Status: library.StatusDraft}
		}
		if _, err := st.CreateNews(ctx, item, author, now); err != nil {
			return fmt.Errorf("demo news %q: %w", n.title["fi"], err)
		}
	}
	return nil
}

var demoPages = []library.Page{
	{Slug: "tietoa", Kind: library.PageAbout,
		Title: library.Text{"fi": "Tietoa kirjastoista", "sv": "Om biblioteken", "en": "About the libraries", "ru": "О библиотеках"},
		Body: library.Text{
			"fi": "Espoon, Helsingin, Kauniaisten ja Vantaan kaupunginkirjastot muodostavat yhteisen kirjastokimpan. Yhdellä kirjastokortilla lainaat mistä tahansa kimpan kirjastosta ja palautat mihin tahansa.\n\n# Yhteinen kokoelma\n\nVaraa aineisto mistä kirjastosta tahansa ja nouda se lähimmästä. Varaukset, lainat ja maksut näet [omista tiedoistasi](/account).",
			"sv": "Stadsbiblioteken i Esbo, Helsingfors, Grankulla och Vanda bildar ett gemensamt bibliotekssamarbete. Med ett bibliotekskort lånar du på vilket bibliotek som helst och lämnar tillbaka var du vill.\n\n# En gemensam samling\n\nReservera material från vilket bibliotek som helst och hämta det på det närmaste. Dina reservationer, lån och avgifter ser du under [Mina uppgifter](/account).",
			"en": "The city libraries of Espoo, Helsinki, Kauniainen and Vantaa share one collection. With one library card you borrow at any of their libraries and return anywhere.\n\n# One collection\n\nReserve from any library and pick up at the nearest. Your holds, loans and fees are in [My account](/account).",
			"ru": "Городские библиотеки Эспоо, Хельсинки, Кауниайнена и Вантаа объединены в одну сеть. По одному читательскому билету можно брать книги в любой библиотеке сети и возвращать в любую.\n\n# Общий фонд\n\nЗаказывайте книги из любой библиотеки и получайте в ближайшей. Заказы, выдачи и платежи — в [личном кабинете](/account).",
		}},
	{Slug: "saavutettavuus", Kind: library.PageAccessibility,
		Title: library.Text{"fi": "Saavutettavuusseloste", "sv": "Tillgänglighetsutlåtande", "en": "Accessibility statement"},
		Body: library.Text{
			"fi": "Tämä saavutettavuusseloste koskee kirjastojen verkkokirjastoa. Sivusto on tehty täyttämään WCAG 2.1 -ohjeiston AA-tason vaatimukset.\n\n# Saavutettavuuden tila\n\n- Sivuja voi käyttää pelkällä näppäimistöllä.\n- Sivut toimivat ruudunlukijoilla ja 200 %:n suurennuksella.\n- Sivut tarkistetaan automaattisesti jokaisella kielellä.\n\n# Palaute\n\nJos huomaat puutteen, kerro siitä: [saavutettavuus@kirjasto.example](mailto:saavutettavuus@kirjasto.example).",
			"sv": "Detta tillgänglighetsutlåtande gäller bibliotekens webbibliotek. Webbplatsen är gjord för att uppfylla kraven på nivå AA i WCAG 2.1.\n\n# Tillgänglighetens status\n\n- Sidorna kan användas med enbart tangentbord.\n- Sidorna fungerar med skärmläsare och vid 200 % förstoring.\n\n# Respons\n\nOm du märker en brist, berätta: [saavutettavuus@kirjasto.example](mailto:saavutettavuus@kirjasto.example).",
			"en": "This statement covers the libraries' web library. The site is made to meet level AA of WCAG 2.1.\n\n# Status\n\n- Every page can be used with the keyboard alone.\n- Pages work with screen readers and at 200% zoom.\n- Pages are checked automatically in every language.\n\n# Feedback\n\nIf you find a barrier, tell us: [saavutettavuus@kirjasto.example](mailto:saavutettavuus@kirjasto.example).",
		}},
	{Slug: "tietosuoja", Kind: library.PagePrivacy,
		Title: library.Text{"fi": "Tietosuojaseloste", "sv": "Dataskyddsbeskrivning", "en": "Privacy notice"},
		Body: library.Text{
			"fi": "Kirjastot käsittelevät asiakkaidensa henkilötietoja lainaamisen ja varaamisen hoitamiseksi.\n\n# Mitä tietoja\n\nNimi, yhteystiedot, kirjastokortin numero, lainat, varaukset ja maksut. Lainaushistoriaa säilytetään vain, jos olet itse valinnut sen.\n\n# Oikeutesi\n\nVoit ladata tietosi ja sulkea tilisi [omista tiedoistasi](/account/privacy).",
			"sv": "Biblioteken behandlar sina kunders personuppgifter för att sköta lån och reservationer.\n\n# Vilka uppgifter\n\nNamn, kontaktuppgifter, bibliotekskortets nummer, lån, reservationer och avgifter. Lånehistorik sparas bara om du själv har valt det.\n\n# Dina rättigheter\n\nDu kan ladda ner dina uppgifter och stänga ditt konto under [Mina uppgifter](/account/privacy).",
			"en": "The libraries process their patrons' personal data to run loans and holds.\n\n# What data\n\nName, contact details, library card number, loans, holds and fees. A reading history is kept only if you chose it.\n\n# Your rights\n\nYou can download your data and close your account in [My account](/account/privacy).",
		}},
	{Slug: "e-kirjasto", Kind: library.PageELibrary,
		Title: library.Text{"fi": "E-kirjaston käyttö", "en": "Using the e-library", "so": "Isticmaalka maktabadda elektarooniga ah"},
		Body: library.Text{
			"fi": "E-kirjoja ja e-äänikirjoja lainaat kirjastokortilla ja PIN-koodilla.\n\n1. Hae teos ja valitse aineistolajiksi e-kirja.\n2. Avaa teoksen linkki ja kirjaudu kortillasi.\n3. Laina palautuu itsestään laina-ajan päätyttyä.",
			"en": "You borrow e-books and e-audiobooks with your library card and PIN.\n\n1. Search, and choose e-book as the material.\n2. Open the link of the title and sign in with your card.\n3. The loan returns itself when the loan period ends.",
			"so": "Buugaagta elektarooniga ah waxaad ku amaahataa kaarka maktabadda iyo PIN-kaaga.\n\n1. Raadi buugga oo dooro buug elektaroonig ah.\n2. Fur xiriirka buugga oo ku gal kaarkaaga.\n3. Amaahdu iskeed ayay u soo noqotaa marka muddadu dhammaato.",
		}},
	{Slug: "sovellus", Kind: library.PageApp,
		Title: library.Text{"fi": "Sovelluksen käyttö", "en": "Using the app", "ar": "استخدام التطبيق"},
		Body: library.Text{
			"fi": "Verkkokirjaston voi asentaa puhelimeen sovelluksena: avaa sivu selaimessa ja valitse *Lisää aloitusnäyttöön*.\n\nSovelluksessa näet kirjastokorttisi viivakoodina, joka toimii myös ilman verkkoyhteyttä.",
			"en": "The web library installs on a phone as an app: open the site in the browser and choose *Add to home screen*.\n\nThe app shows your library card as a barcode, which works offline too.",
			"ar": "يمكن تثبيت المكتبة الإلكترونية على الهاتف كتطبيق: افتح الموقع في المتصفح واختر *إضافة إلى الشاشة الرئيسية*.\n\nيعرض التطبيق بطاقة مكتبتك كرمز شريطي يعمل أيضًا دون اتصال.",
		}},
	{Library: "espoo", Slug: "tietoa", Kind: library.PageAbout,
		Title: library.Text{"fi": "Espoon kaupunginkirjasto", "sv": "Esbo stadsbibliotek"},
		Body: library.Text{
			"fi": "Espoossa on 17 kirjastoa ja kirjastoauto. Sellon kirjasto on Espoon suurin.",
			"sv": "Esbo har 17 bibliotek och en biblioteksbuss. Sellobiblioteket är det största i Esbo.",
		}},
}

var demoNewsItems = []demoNews{
	{lib: "", days: 1,
		title:   library.Text{"fi": "Verkkokirjasto uudistui", "sv": "Webbiblioteket har förnyats", "en": "The web library has been renewed"},
		summary: library.Text{"fi": "Uusi verkkokirjasto toimii seitsemällä kielellä.", "sv": "Det nya webbiblioteket fungerar på sju språk.", "en": "The new web library works in seven languages."},
		body: library.Text{"fi": "Uusi verkkokirjasto toimii suomeksi, ruotsiksi, englanniksi, venäjäksi, viroksi, somaliksi ja arabiaksi.\n\nKerro meille, mitä pidät: [palaute@kirjasto.example](mailto:palaute@kirjasto.example).",
			"sv": "Det nya webbiblioteket fungerar på finska, svenska, engelska, ryska, estniska, somaliska och arabiska.",
			"en": "The new web library works in Finnish, Swedish, English, Russian, Estonian, Somali and Arabic."}},
	{lib: "espoo", days: 2,
		title:   library.Text{"fi": "Sellon kirjaston musiikkistudio avautuu", "sv": "Sellobibliotekets musikstudio öppnar"},
		summary: library.Text{"fi": "Studion voi varata kirjastokortilla kahdeksi tunniksi kerrallaan.", "sv": "Studion kan bokas med bibliotekskort för två timmar i taget."},
		body:    library.Text{"fi": "Studiossa on rummut, vahvistimet ja äänityslaitteet.\n\n# Varaaminen\n\nVaraa vuoro kirjaston asiakaspalvelusta."}},
	{lib: "helsinki", days: 3,
		title: library.Text{"fi": "Oodissa kirjailijavierailu", "en": "Author visit at Oodi", "ru": "Встреча с писателем в Оди"},
		body: library.Text{"fi": "Kirjailija kertoo uudesta romaanistaan Oodin Maijansalissa lauantaina.", "en": "An author talks about her new novel in Oodi's Maija hall on Saturday.",
			"ru": "В субботу в зале Майя библиотеки Оди писательница расскажет о своём новом романе."}},
	{lib: "vantaa", days: 4,
		title: library.Text{"fi": "Tikkurilan kirjaston aukioloajat muuttuvat", "sv": "Dickursby biblioteks öppettider ändras"},
		body:  library.Text{"fi": "Tikkurilan kirjasto on joulukuusta alkaen avoinna arkisin kello 9–20.", "sv": "Dickursby bibliotek har från december öppet vardagar kl. 9–20."}},
	{lib: "kauniainen", days: 5,
		title:   library.Text{"fi": "Satutunnit jatkuvat", "sv": "Sagostunderna fortsätter"},
		summary: library.Text{"fi": "Satutunti tiistaisin kello 10.", "sv": "Sagostund på tisdagar kl. 10."}},
	{lib: "", days: 7,
		title: library.Text{"fi": "Kirjastokortti nyt myös puhelimessa", "en": "Your library card on your phone", "so": "Kaarka maktabadda oo taleefankaaga ku jira", "ar": "بطاقة المكتبة على هاتفك"},
		body: library.Text{"fi": "Avaa *Omat tiedot → Kirjastokortti*, niin näet korttisi viivakoodina.", "en": "Open *My account → Library card* to see your card as a barcode.",
			"so": "Fur *Xogtayda → Kaarka maktabadda* si aad u aragto kaarkaaga.", "ar": "افتح *حسابي ← بطاقة المكتبة* لترى بطاقتك كرمز شريطي."}},
	{lib: "helsinki", days: 9,
		title: library.Text{"fi": "Kallion kirjastossa kielikahvila", "en": "Language café at Kallio Library", "et": "Keelekohvik Kallio raamatukogus"},
		body: library.Text{"fi": "Harjoittele suomea rennosti keskiviikkoisin kello 17.", "en": "Practise Finnish in a relaxed way on Wednesdays at 5 pm.",
			"et": "Harjuta soome keelt kolmapäeviti kell 17."}},
	{lib: "espoo", days: 12,
		title: library.Text{"fi": "Digituki Ison Omenan kirjastossa"},
		body:  library.Text{"fi": "Apua älypuhelimen ja tietokoneen käyttöön torstaisin kello 14–16."}},
	{lib: "vantaa", days: 15,
		title: library.Text{"fi": "Myyrmäen kirjaston lastenosasto uudistuu", "sv": "Myrbacka biblioteks barnavdelning förnyas", "en": "Myyrmäki Library's children's section is renewed"},
		body:  library.Text{"fi": "Lastenosasto on suljettu kahden viikon ajan.", "sv": "Barnavdelningen är stängd i två veckor.", "en": "The children's section is closed for two weeks."}},
	{lib: "", days: 20,
		title: library.Text{"fi": "Lainaa lautapelejä", "sv": "Låna sällskapsspel", "en": "Borrow board games"},
		body:  library.Text{"fi": "Kirjastoista voi lainata yli tuhat lautapeliä.", "sv": "Biblioteken lånar ut över tusen sällskapsspel.", "en": "The libraries lend over a thousand board games."}},
	// Scheduled for next week: on the staff's list, not yet public.
	{lib: "helsinki", days: -7,
		title: library.Text{"fi": "Joulukonsertti Oodissa", "en": "Christmas concert at Oodi"},
		body:  library.Text{"fi": "Kuoro laulaa joululauluja Oodin aulassa.", "en": "A choir sings carols in Oodi's lobby."}},
	// A draft.
	{lib: "espoo", draft: true,
		title: library.Text{"fi": "Kevään tapahtumat (luonnos)"},
		body:  library.Text{"fi": "Tähän kevään tapahtumat."}},
}
