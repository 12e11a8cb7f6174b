package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The demo's librarians' picks: a dozen lists of the consortium, of the
// libraries and of some branches, made of the demo catalogue's records
// by material, genre, language and audience, in Finnish, Swedish and
// English at least (some in more), one scheduled for next week and one a
// draft.

// demoPick is a pick and the records it takes: the first n of the
// catalogue that match.
type demoPick struct {
	lib, branch string
	days        int  // published that many days before the build; negative: scheduled
	draft       bool // never published
	title, text library.Text
	n           int
	match       func(library.Record, []library.Item) bool
	note        library.Text // on the first record
}

// PickStore is what BuildPicks needs of the store: the catalogue to
// choose from and the picks to keep.
type PickStore interface {
	library.Store
	library.Picks
}

// errPicksFull stops the scan of the catalogue once every pick is full.
var errPicksFull = errors.New("every demo pick is full")

// BuildPicks stores the demo's picks, written by author (who may write
// for the consortium), published relative to now, and returns how many
// it stored.
func BuildPicks(ctx context.Context, st PickStore, author library.Staff, now time.Time) (int, error) {
	chosen := make([][]library.PickRecord, len(demoPicks))
	err := st.ScanRecords(ctx, 0, func(rec library.Record, items []library.Item) error {
		full := true
		for i, p := range demoPicks {
			if len(chosen[i]) < p.n && p.match(rec, items) {
				pr := library.PickRecord{RecordID: rec.ID}
				if len(chosen[i]) == 0 {
					pr.Note = p.note
				}
				chosen[i] = append(chosen[i], pr)
			}
			full = full && len(chosen[i]) == p.n
		}
		if full {
			return errPicksFull
		}
		return nil
	})
	if err != nil && !errors.Is(err, errPicksFull) {
		return 0, fmt.Errorf("demo picks: %w", err)
	}
	at := func(days int) time.Time {
		d := now.In(library.Helsinki).AddDate(0, 0, -days)
		return time.Date(d.Year(), d.Month(), d.Day(), 8, 0, 0, 0, library.Helsinki)
	}
	for i, p := range demoPicks {
		pick := library.Pick{Library: p.lib, Branch: p.branch, Title: p.title, Text: p.text, Records: chosen[i],
			Publication: library.Publication{Status: library.StatusPublished, PublishAt: at(p.days)}}
		if p.draft {
			pick.Publication = library.Publication{Status: library.StatusDraft}
		}
		if _, err := st.CreatePick(ctx, pick, author, now); err != nil {
			return i, fmt.Errorf("demo pick %q: %w", p.title["fi"], err)
		}
	}
	return len(demoPicks), nil
}

func physical(m library.Material) func(library.Record, []library.Item) bool {
	return func(rec library.Record, items []library.Item) bool { return rec.Material == m && len(items) > 0 }
}

func genreOf(rec library.Record, genres ...string) bool {
	return slices.ContainsFunc(rec.Genres, func(g string) bool { return slices.Contains(genres, g) })
}

func bookIn(lang, audience string) func(library.Record, []library.Item) bool {
	return func(rec library.Record, items []library.Item) bool {
		return rec.Material == library.Book && rec.Language == lang && (audience == "" || rec.Audience == audience) && len(items) > 0
	}
}

var demoPicks = []demoPick{
	{lib: "espoo", branch: "esp-sello", days: 3, n: 8,
		title: library.Text{"fi": "Sello suosittelee: syksyn dekkarit", "sv": "Sello rekommenderar: höstens deckare", "en": "Sello recommends: crime for the autumn"},
		text: library.Text{
			"fi": "Pimenevät illat, villasukat ja **hyvä dekkari**. Sellon kirjastonhoitajat valitsivat klassikoita ja uusia tuttavuuksia.",
			"sv": "Mörka kvällar, yllesockor och **en bra deckare**. Sellobibliotekets bibliotekarier valde klassiker och nya bekantskaper.",
			"en": "Dark evenings, woollen socks and **a good crime novel**. Sello's librarians chose classics and new acquaintances."},
		note: library.Text{"fi": "Aloita tästä!", "sv": "Börja här!", "en": "Start here!"},
		match: func(rec library.Record, items []library.Item) bool {
			return rec.Material == library.Book && genreOf(rec, "dekkarit", "crime fiction", "deckare") && len(items) > 0
		}},
	{days: 5, n: 10,
		title: library.Text{"fi": "Selkosuomea – helppoa luettavaa", "sv": "Lättläst finska", "en": "Easy Finnish", "ru": "Лёгкий финский",
			"et": "Lihtne soome keel", "so": "Af-Finnish fudud", "ar": "الفنلندية السهلة"},
		text: library.Text{
			"fi": "Lyhyitä ja selkeitä kirjoja suomen opiskelijoille ja kaikille, jotka haluavat lukea helppoa suomea.",
			"sv": "Korta och tydliga böcker för dig som lär dig finska.",
			"en": "Short, clear books in Finnish for learners of the language.",
			"ru": "Короткие и понятные книги на финском для тех, кто учит язык.",
			"et": "Lühikesed ja selged soomekeelsed raamatud keeleõppijatele.",
			"so": "Buugaag gaagaaban oo cad oo Af-Finnish ah, kuwa luqadda barta.",
			"ar": "كتب قصيرة وواضحة بالفنلندية لمتعلمي اللغة."},
		match: bookIn("fin", library.AudienceChildren)},
	{lib: "helsinki", branch: "hki-oodi", days: 1, n: 8,
		title: library.Text{"fi": "Uutta vinyyliä musiikkikirjastossa", "sv": "Ny vinyl på musikbiblioteket", "en": "New vinyl at the music library"},
		text: library.Text{
			"fi": "Oodin musiikkiosastolle saapui uusia LP-levyjä. Kuuntele paikan päällä tai lainaa kotiin.",
			"sv": "Nya LP-skivor har kommit till Odes musikavdelning. Lyssna på plats eller låna hem.",
			"en": "New LPs have arrived at Oodi's music department. Listen on the spot or borrow them home."},
		match: physical(library.Vinyl)},
	{lib: "vantaa", days: 8, n: 6,
		title: library.Text{"fi": "Lautapeli-illan suosikit", "sv": "Favoriter för spelkvällen", "en": "Board game night favourites"},
		text: library.Text{
			"fi": "Koko perheen pelejä pimeisiin iltoihin. Lainaa peli kolmeksi viikoksi.",
			"sv": "Spel för hela familjen. Låna ett spel för tre veckor.",
			"en": "Games for the whole family. Borrow a game for three weeks."},
		match: physical(library.BoardGame)},
	{days: 14, n: 12,
		title: library.Text{"fi": "Klassikot, jotka jokaisen kannattaa lukea", "sv": "Klassiker som alla borde läsa", "en": "Classics everyone should read", "ru": "Классика, которую стоит прочесть"},
		text: library.Text{
			"fi": "Kirjastonhoitajien yhteinen lista: kirjoja, joista puhutaan vielä sadan vuoden päästä.",
			"sv": "Bibliotekariernas gemensamma lista: böcker som man talar om om hundra år.",
			"en": "The librarians' shared list: books people will still talk about in a hundred years.",
			"ru": "Общий список библиотекарей: книги, о которых будут говорить и через сто лет."},
		match: func(rec library.Record, items []library.Item) bool {
			return rec.Material == library.Book && rec.Year > 0 && rec.Year < 1970 && len(items) > 0
		}},
	{lib: "kauniainen", days: 2, n: 8,
		title: library.Text{"fi": "Iltasatuja ruotsiksi", "sv": "Godnattsagor på svenska", "en": "Bedtime stories in Swedish"},
		text: library.Text{
			"fi": "Kaksikielisen Kauniaisten lastenosaston suosikit iltasatuhetkiin.",
			"sv": "Favoriter för sagostunden från barnavdelningen i tvåspråkiga Grankulla.",
			"en": "Favourites for bedtime from the children's department of bilingual Kauniainen."},
		match: bookIn("swe", library.AudienceChildren)},
	{lib: "espoo", days: 6, n: 6,
		title: library.Text{"fi": "Elokuvailta: jännitystä ja kauhua", "sv": "Filmkväll: spänning och skräck", "en": "Film night: thrills and horror"},
		text: library.Text{
			"fi": "Sammuta valot ja valitse elokuva – jos uskallat.",
			"sv": "Släck lamporna och välj en film – om du vågar.",
			"en": "Turn off the lights and pick a film – if you dare."},
		match: func(rec library.Record, items []library.Item) bool {
			return (rec.Material == library.DVD || rec.Material == library.BluRay) && genreOf(rec, "jännityselokuvat", "kauhuelokuvat") && len(items) > 0
		}},
	{lib: "helsinki", days: 10, n: 8,
		title: library.Text{"fi": "Jazzia sateisiin päiviin", "sv": "Jazz för regniga dagar", "en": "Jazz for rainy days"},
		text: library.Text{
			"fi": "Helsingin musiikkikirjastojen valinta harmaiden päivien iloksi.",
			"sv": "Helsingfors musikbiblioteks val för gråa dagar.",
			"en": "Helsinki's music libraries' choice for grey days."},
		match: func(rec library.Record, items []library.Item) bool {
			return rec.Material == library.CD && genreOf(rec, "jazz") && len(items) > 0
		}},
	{lib: "vantaa", branch: "van-tikkurila", days: 4, n: 8,
		title: library.Text{"fi": "Ruotsinkielisiä romaaneja", "sv": "Svenska romaner", "en": "Novels in Swedish"},
		text: library.Text{
			"fi": "Tikkurilan kirjaston valikoima ruotsinkielistä kaunokirjallisuutta.",
			"sv": "Dickursby biblioteks urval av skönlitteratur på svenska.",
			"en": "Tikkurila Library's selection of fiction in Swedish."},
		match: bookIn("swe", library.AudienceAdult)},
	{lib: "helsinki", branch: "hki-itakeskus", days: 9, n: 8,
		title: library.Text{"fi": "Kirjoja venäjäksi", "sv": "Böcker på ryska", "en": "Books in Russian", "ru": "Книги на русском языке"},
		text: library.Text{
			"fi": "Itäkeskuksen kirjaston venäjänkielisiä suosikkeja.",
			"sv": "Östra centrums biblioteks favoriter på ryska.",
			"en": "Itäkeskus Library's favourites in Russian.",
			"ru": "Любимые книги на русском языке из библиотеки Итякескус."},
		match: bookIn("rus", "")},
	{days: -7, n: 8,
		title: library.Text{"fi": "Äänikirjat matkalle", "sv": "Ljudböcker för resan", "en": "Audiobooks for the journey"},
		text: library.Text{
			"fi": "Joululoman junamatkoille ja automatkoille: kuunneltavaa koko perheelle.",
			"sv": "För jullovets tåg- och bilresor: något att lyssna på för hela familjen.",
			"en": "For the Christmas holiday's train and car journeys: something to listen to for the whole family."},
		match: physical(library.AudioBook)},
	{lib: "vantaa", branch: "van-myyrmaki", draft: true, n: 6,
		title: library.Text{"fi": "Nuorten suosikit", "sv": "Ungdomarnas favoriter", "en": "Young readers' favourites"},
		text: library.Text{
			"fi": "Myyrmäen nuorten valitsemia kirjoja. (Luonnos: lista täydentyy.)",
			"sv": "Böcker som Myrbackas unga valt.",
			"en": "Books chosen by Myyrmäki's young readers."},
		match: func(rec library.Record, items []library.Item) bool {
			return rec.Material == library.Book && rec.Audience == library.AudienceYouth && len(items) > 0
		}},
}
