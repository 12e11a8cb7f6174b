package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DemoPatron is a demo card holder with the PIN that opens the card: the
// demo prints them so that anyone can sign in.
type DemoPatron struct {
	library.Patron
	PIN string
}

// DemoStaff is a demo staff account with its password.
type DemoStaff struct {
	library.Staff
	Password string
}

// patronSpec is a demo patron before the seed gives it a card and PIN.
type patronSpec struct {
	name, email, phone, street, postal, city, lang, channel, pickup, home string
	category                                                              string
	guardianOf                                                            int // index+1 of the child this patron is guardian of; 0 none
	history                                                               bool
	block                                                                 string
}

// patronSpecs covers what the pages must show: all four cities, the four
// languages, every notice channel, a child with a guardian, a reader who
// keeps their history and one who is blocked.
var patronSpecs = []patronSpec{
	{name: "Virtanen, Aino", email: "aino.virtanen@example.org", phone: "+358 40 100 0001", street: "Töölönkatu 12 A 3", postal: "00100", city: "Helsinki", lang: "fi", channel: library.ChannelEmail, pickup: "hki-oodi", home: "helsinki", history: true},
	{name: "Korhonen, Mikko", email: "mikko.korhonen@example.org", street: "Leppävaarankatu 5", postal: "02600", city: "Espoo", lang: "fi", channel: library.ChannelEmail, pickup: "esp-sello", home: "espoo", guardianOf: 3},
	{name: "Korhonen, Ella", street: "Leppävaarankatu 5", postal: "02600", city: "Espoo", lang: "fi", channel: library.ChannelAccount, pickup: "esp-sello", home: "espoo", category: library.CategoryChild},
	{name: "Lindqvist, Saga", email: "saga.lindqvist@example.org", phone: "+358 50 100 0004", street: "Thurmansallén 2", postal: "02700", city: "Grankulla", lang: "sv", channel: library.ChannelSMS, pickup: "kau-kauniainen", home: "kauniainen"},
	{name: "Ivanova, Olga", email: "olga.ivanova@example.org", street: "Lummetie 8", postal: "01300", city: "Vantaa", lang: "ru", channel: library.ChannelEmail, pickup: "van-tikkurila", home: "vantaa"},
	{name: "Smith, James", email: "james.smith@example.org", street: "Mannerheimintie 40", postal: "00260", city: "Helsinki", lang: "en", channel: library.ChannelEmail, home: "helsinki"},
	{name: "Nieminen, Pekka", phone: "+358 44 100 0007", street: "Paalutori 1", postal: "01600", city: "Vantaa", lang: "fi", channel: library.ChannelSMS, pickup: "van-myyrmaki", home: "vantaa", block: "Card reported lost"},
	{name: "Mäkinen, Liisa", email: "liisa.makinen@example.org", street: "Piispansilta 3", postal: "02230", city: "Espoo", lang: "fi", channel: library.ChannelEmail, pickup: "esp-iso-omena", home: "espoo"},
	{name: "Holmström, Erik", email: "erik.holmstrom@example.org", street: "Tölögatan 20", postal: "00250", city: "Helsingfors", lang: "sv", channel: library.ChannelEmail, pickup: "hki-toolo", home: "helsinki"},
	{name: "Nguyen, Linh", email: "linh.nguyen@example.org", street: "Kellosilta 3", postal: "00520", city: "Helsinki", lang: "en", channel: library.ChannelAccount, pickup: "hki-pasila", home: "helsinki", history: true},
	{name: "Smirnov, Dmitri", phone: "+358 45 100 0011", street: "Martinlaaksontie 10", postal: "01620", city: "Vantaa", lang: "ru", channel: library.ChannelAccount, pickup: "van-martinlaakso", home: "vantaa"},
	{name: "Grönroos, Anna", email: "anna.gronroos@example.org", street: "Kauniaistentie 7", postal: "02700", city: "Kauniainen", lang: "sv", channel: library.ChannelEmail, home: "kauniainen"},
}

// staffSpecs are a desk account per city, one consortium admin, and
// Helsinki's events and content editor (after the others, so that their
// passwords stay what they were).
var staffSpecs = []library.Staff{
	{Username: "espoo-staff", Name: "Espoon kirjasto, asiakaspalvelu", Role: library.RoleBranchStaff, Branch: "esp-sello"},
	{Username: "helsinki-staff", Name: "Helsingin kirjasto, asiakaspalvelu", Role: library.RoleBranchStaff, Branch: "hki-oodi"},
	{Username: "kauniainen-staff", Name: "Kauniaisten kirjasto, asiakaspalvelu", Role: library.RoleBranchStaff, Branch: "kau-kauniainen"},
	{Username: "vantaa-staff", Name: "Vantaan kirjasto, asiakaspalvelu", Role: library.RoleBranchStaff, Branch: "van-tikkurila"},
	{Username: "admin", Name: "Kirjasto-konsortion ylläpito", Role: library.RoleAdmin, Branch: "hki-oodi"},
	{Username: "helsinki-content", Name: "Helsingin kirjasto, tapahtumat ja sisällöt", Role: library.RoleContent, Branch: "hki-oodi"},
}

// Patrons returns the demo patrons and staff with card numbers, PINs and
// passwords drawn from seed: the same seed gives the same cards, so a demo
// can be rebuilt without reprinting them. Card numbers are 14 digits
// starting 2700, like Helmet's; PINs are 4 digits.
func Patrons(seed uint64) ([]DemoPatron, []DemoStaff) {
	r := rand.New(rand.NewPCG(seed, 0x9a7f0115)) // its own stream: other demo data does not shift it
	var ps []DemoPatron
	for i, s := range patronSpecs {
		cat := s.category
		if cat == "" {
			cat = library.CategoryAdult
		}
		ps = append(ps, DemoPatron{
			Patron: library.Patron{
				CardNumber: fmt.Sprintf("2700%06d%04d", r.IntN(1_000_000), i+1), // the suffix keeps them unique
				Name:       s.name, Email: s.email, Phone: s.phone, Street: s.street, PostalCode: s.postal, City: s.city,
				Lang: s.lang, NoticeChannel: s.channel, PickupBranch: s.pickup, Category: cat, HomeLibrary: s.home,
				HistoryOptIn: s.history, BlockReason: s.block,
			},
			PIN: fmt.Sprintf("%04d", r.IntN(10_000)),
		})
	}
	var ss []DemoStaff
	for _, s := range staffSpecs {
		ss = append(ss, DemoStaff{Staff: s, Password: fmt.Sprintf("%s-%06d", s.Username, r.IntN(1_000_000))})
	}
	return ps, ss
}

// BuildPatrons stores the demo patrons and staff of seed and returns them
// with their IDs. Guardians are stored before the children they manage.
func BuildPatrons(ctx context.Context, st library.Patrons, seed uint64) ([]DemoPatron, []DemoStaff, error) {
	ps, ss := Patrons(seed)
	guardian := make(map[int]int64) // child index → guardian ID
	for i, s := range patronSpecs {
		if s.guardianOf == 0 {
			continue
		}
		p, err := st.CreatePatron(ctx, ps[i].Patron, ps[i].PIN)
		if err != nil {
			return nil, nil, fmt.Errorf("demo patron %s: %w", ps[i].Name, err)
		}
		ps[i].Patron = p
		guardian[s.guardianOf-1] = p.ID
	}
	for i, s := range patronSpecs {
		if s.guardianOf != 0 {
			continue
		}
		ps[i].GuardianID = guardian[i]
		p, err := st.CreatePatron(ctx, ps[i].Patron, ps[i].PIN)
		if err != nil {
			return nil, nil, fmt.Errorf("demo patron %s: %w", ps[i].Name, err)
		}
		ps[i].Patron = p
	}
	for i := range ss {
		s, err := st.CreateStaff(ctx, ss[i].Staff, ss[i].Password)
		if err != nil {
			return nil, nil, fmt.Errorf("demo staff %s: %w", ss[i].Username, err)
		}
		ss[i].Staff = s
	}
	return ps, ss, nil
}
