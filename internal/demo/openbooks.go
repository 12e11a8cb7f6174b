package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/epub"
	"github.com/kirjasto/kirjasto/internal/library"
)

// The demo's open-access books: short original stories, free for anyone,
// written as real EPUB 3 files (internal/epub) that Kirjasto keeps and
// serves itself at /elib/{record}/download. Their text is put together
// from a few sentences per language with names, places and times slotted
// in, every slot in the form its sentence needs, so each sentence is
// grammatical; Russian runs in the present tense and Arabic names only
// women, so that no verb has to agree with a name's gender.

// OpenBookCount is how many open-access books the demo writes.
const OpenBookCount = 12

// openLang is what the stories of one language are made of.
type openLang struct {
	code, contents, chapter, rights, publisher string
	titles, authors                            []string
	names, places, times                       []string
	// sentences have slots {name}, {place} and {time}.
	sentences []string
}

var openLangs = []openLang{
	{code: "fi", contents: "Sisällys", chapter: "Luku %d", rights: "Vapaasti käytettävissä (CC0)", publisher: "Kirjaston avoimet kirjat",
		titles:  []string{"Sataman kirjeet", "Saaren kesä", "Hiljainen kirjasto"},
		authors: []string{"Helmi Saarinen", "Oskari Laine", "Ilona Rantanen"},
		names:   []string{"Aino", "Eino", "Helmi", "Väinö", "Linnea", "Oskari"},
		places:  []string{"satamassa", "metsässä", "kirjastossa", "torilla", "saaressa", "puistossa"},
		times:   []string{"aamulla", "illalla", "keväällä", "syksyllä", "talvella", "yöllä"},
		sentences: []string{"{time} {name} istui {place} ja katseli merta.", "{name} muisti kaiken, mitä isoäiti oli kertonut.",
			"{time} {place} oli hiljaista.", "{name} avasi vanhan kirjeen ja luki sen kahdesti.", "{place} {name} tapasi vanhan ystävän.",
			"{time} {name} palasi kotiin.", "{name} ajatteli, että huominen olisi parempi päivä.", "Kello löi kuusi, ja {name} nousi ylös."}},
	{code: "sv", contents: "Innehåll", chapter: "Kapitel %d", rights: "Fri att använda (CC0)", publisher: "Bibliotekets öppna böcker",
		titles:  []string{"Breven från hamnen", "Sommaren på ön"},
		authors: []string{"Elsa Lindqvist", "Johan Berg"},
		names:   []string{"Tove", "Linnea", "Oskar", "Elsa", "Johan", "Maja"},
		places:  []string{"i hamnen", "i skogen", "på biblioteket", "på torget", "på ön", "i parken"},
		times:   []string{"på morgonen", "på kvällen", "på våren", "på hösten", "på vintern", "om natten"},
		sentences: []string{"{time} satt {name} {place} och såg ut över havet.", "{name} mindes allt som mormor hade berättat.",
			"{time} var det tyst {place}.", "{name} öppnade ett gammalt brev och läste det två gånger.", "{place} mötte {name} en gammal vän.",
			"{time} gick {name} hem.", "{name} tänkte att morgondagen skulle bli bättre.", "Klockan slog sex, och {name} reste sig."}},
	{code: "en", contents: "Contents", chapter: "Chapter %d", rights: "Free to use (CC0)", publisher: "The Library's Open Books",
		titles:  []string{"Letters from the Harbour", "A Summer on the Island"},
		authors: []string{"Grace Whitfield", "Henry Marsh"},
		names:   []string{"Mary", "Thomas", "Alice", "William", "Grace", "Henry"},
		places:  []string{"at the harbour", "in the forest", "in the library", "in the market square", "on the island", "in the park"},
		times:   []string{"in the morning", "in the evening", "in spring", "in autumn", "in winter", "at night"},
		sentences: []string{"{time} {name} sat {place} and watched the sea.", "{name} remembered everything that grandmother had said.",
			"{time} it was quiet {place}.", "{name} opened an old letter and read it twice.", "{place} {name} met an old friend.",
			"{time} {name} walked home.", "{name} thought that tomorrow would be a better day.", "The clock struck six, and {name} stood up."}},
	{code: "ru", contents: "Содержание", chapter: "Глава %d", rights: "Свободное использование (CC0)", publisher: "Открытые книги библиотеки",
		titles:  []string{"Письма из гавани", "Лето на острове"},
		authors: []string{"Анна Соколова", "Пётр Лебедев"},
		names:   []string{"Ольга", "Иван", "Анна", "Пётр", "Мария", "Алексей"},
		places:  []string{"в гавани", "в лесу", "в библиотеке", "на площади", "на острове", "в парке"},
		times:   []string{"утром", "вечером", "весной", "осенью", "зимой", "ночью"},
		sentences: []string{"{time} {name} сидит {place} и смотрит на море.", "{name} помнит всё, что рассказывала бабушка.",
			"{time} {place} тихо.", "{name} открывает старое письмо и читает его дважды.", "{place} {name} встречает старого друга.",
			"{time} {name} идёт домой.", "{name} думает, что завтра будет лучше.", "Часы бьют шесть, и {name} встаёт."}},
	{code: "et", contents: "Sisukord", chapter: "%d. peatükk", rights: "Vabalt kasutatav (CC0)", publisher: "Raamatukogu avatud raamatud",
		titles:  []string{"Kirjad sadamast"},
		authors: []string{"Kadri Tamm"},
		names:   []string{"Kadri", "Jaan", "Liis", "Mart", "Kristiina", "Toomas"},
		places:  []string{"sadamas", "metsas", "raamatukogus", "turul", "saarel", "pargis"},
		times:   []string{"hommikul", "õhtul", "kevadel", "sügisel", "talvel", "öösel"},
		sentences: []string{"{time} istus {name} {place} ja vaatas merd.", "{name} mäletas kõike, mida vanaema oli rääkinud.",
			"{time} oli {place} vaikne.", "{name} avas vana kirja ja luges seda kaks korda.", "{place} kohtas {name} vana sõpra.",
			"{time} läks {name} koju.", "{name} mõtles, et homme on parem päev.", "Kell lõi kuus ja {name} tõusis püsti."}},
	{code: "ar", contents: "المحتويات", chapter: "الفصل %d", rights: "متاح للاستخدام الحر (CC0)", publisher: "كتب المكتبة المفتوحة",
		titles:  []string{"رسائل من الميناء", "صيف على الجزيرة"},
		authors: []string{"ليلى حداد", "سلمى نصار"},
		names:   []string{"أمينة", "فاطمة", "ليلى", "سلمى", "مريم", "هدى"},
		places:  []string{"في الميناء", "في الغابة", "في المكتبة", "في السوق", "على الجزيرة", "في الحديقة"},
		times:   []string{"في الصباح", "في المساء", "في الربيع", "في الخريف", "في الشتاء", "في الليل"},
		sentences: []string{"{time} جلست {name} {place} تنظر إلى البحر.", "تذكرت {name} كل ما حكته الجدة.",
			"{time} كان المكان هادئا {place}.", "فتحت {name} رسالة قديمة وقرأتها مرتين.", "{place} التقت {name} بصديقة قديمة.",
			"{time} عادت {name} إلى البيت.", "فكرت {name} أن الغد سيكون يوما أفضل.", "دقت الساعة السادسة، فنهضت {name}."}},
}

// OpenBook is one of the demo's open-access books: its catalogue record
// and its EPUB.
type OpenBook struct {
	Record library.Record
	Book   epub.Book
	// File is the name a download is saved under.
	File string
}

// OpenBooks writes the demo's OpenBookCount books from seed; the same
// seed writes the same books.
func OpenBooks(seed uint64, now time.Time) []OpenBook {
	r := rand.New(rand.NewPCG(seed, 0x65707562))
	var books []OpenBook
	for _, l := range openLangs {
		for i, title := range l.titles {
			n := len(books) + 1
			b := epub.Book{Identifier: fmt.Sprintf("urn:uuid:6b69726a-6173-4f00-8000-%012x", seed<<8|uint64(n)),
				Title: title, Authors: []string{l.authors[i]}, Language: l.code, Publisher: l.publisher,
				Rights: l.rights, Modified: now, Contents: l.contents}
			for c := range 3 {
				ch := epub.Chapter{Title: fmt.Sprintf(l.chapter, c+1)}
				for range 3 + r.IntN(3) {
					ch.Paragraphs = append(ch.Paragraphs, l.paragraph(r))
				}
				b.Chapters = append(b.Chapters, ch)
			}
			b.Description = b.Chapters[0].Paragraphs[0]
			rec := library.Record{SourceID: "KIRJASTO-DEMO-OPEN " + strconv.Itoa(n), Title: title,
				Authors: []library.Contributor{{Name: invertName(l.authors[i])}}, Language: openRecordLanguage[l.code],
				Year: now.Year(), Publisher: l.publisher, Material: library.EBook, Summary: b.Description,
				Notes: []string{l.rights}}
			books = append(books, OpenBook{Record: rec, Book: b, File: fmt.Sprintf("kirjasto-open-%02d-%s.epub", n, l.code)})
		}
	}
	return books
}

// openRecordLanguage is each book language's code in the catalogue
// (MARC's three letters, as the demo's other records have).
var openRecordLanguage = map[string]string{"fi": "fin", "sv": "swe", "en": "eng", "ru": "rus", "et": "est", "ar": "ara"}

// invertName turns "First Last" into the catalogue's "Last, First".
func invertName(s string) string {
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		return s[i+1:] + ", " + s[:i]
	}
	return s
}

// paragraph is four to six sentences.
func (l openLang) paragraph(r *rand.Rand) string {
	name := l.names[r.IntN(len(l.names))]
	var ss []string
	for range 4 + r.IntN(3) {
		s := strings.NewReplacer("{name}", name, "{place}", l.places[r.IntN(len(l.places))],
			"{time}", l.times[r.IntN(len(l.times))]).Replace(l.sentences[r.IntN(len(l.sentences))])
		ss = append(ss, upperFirst(s))
	}
	return strings.Join(ss, " ")
}

// upperFirst capitalises a sentence's first letter (a no-op in scripts
// without case).
func upperFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(c)) + s[n:]
}

// OpenBookStore is what BuildOpenBooks stores the books in.
type OpenBookStore interface {
	UpsertRecords(ctx context.Context, recs []library.RecordWithItems) ([]library.UpsertResult, error)
	UpsertLicences(ctx context.Context, by library.Staff, ls []library.Licence, now time.Time) (int, error)
	library.EFiles
}

// BuildOpenBooks catalogues the open-access books as e-books with an
// open-access licence whose download is Kirjasto's own, and stores
// their EPUB files; by is a consortium administrator. It returns how
// many books it stored.
func BuildOpenBooks(ctx context.Context, st OpenBookStore, by library.Staff, seed uint64, now time.Time) (int, error) {
	books := OpenBooks(seed, now)
	recs := make([]library.RecordWithItems, len(books))
	for i, b := range books {
		recs[i] = library.RecordWithItems{Record: b.Record}
	}
	res, err := st.UpsertRecords(ctx, recs)
	if err != nil {
		return 0, fmt.Errorf("open books: %w", err)
	}
	ls := make([]library.Licence, len(books))
	for i, b := range books {
		id := res[i].ID
		data, err := b.Book.Bytes()
		if err != nil {
			return 0, fmt.Errorf("open book %q: %w", b.Book.Title, err)
		}
		if err := st.PutEFile(ctx, by, library.EFile{RecordID: id, Name: b.File, MediaType: epub.MediaType, Bytes: data}, now); err != nil {
			return 0, err
		}
		ls[i] = library.Licence{RecordID: id, Distributor: library.EFileDistributor, Identifier: "open:" + b.Book.Identifier,
			Model: library.ModelOpenAccess, Status: library.LicenceActive, Formats: []string{epub.MediaType},
			CheckoutURL: "/elib/" + strconv.FormatInt(id, 10) + "/download"}
	}
	if _, err := st.UpsertLicences(ctx, by, ls, now); err != nil {
		return 0, fmt.Errorf("open books' licences: %w", err)
	}
	return len(books), nil
}
