package demo

import "github.com/kirjasto/kirjasto/internal/library"

// The demo's bookable resources, at the branches that offer them (their
// services in branchSpecs): the music studios of Oodi, Pasila, Sello and
// the others, Oodi's recording studio and Myllypuro's media studio, the
// makerspaces' 3D printers, sewing machines and VHS digitisers, digital
// pianos, meeting and group rooms at the bigger branches, and digital
// help at several branches of every city.

// resourceSpec is a resource of the demo before it is stored; key names it
// for the demo's bookings.
type resourceSpec struct {
	key string
	library.Resource
}

// rehearsal is a band room: two hours at most, twice a week, from 15.
func rehearsal(key, branch string, name library.Text) resourceSpec {
	return resourceSpec{key, library.Resource{BranchID: branch, Kind: library.KindRehearsalStudio, Name: name,
		Description: text("Äänieristetty bänditila: rumpusetti, bassovahvistin, kaksi kitaravahvistinta, PA-laitteet ja mikrofonit.",
			"Ljudisolerad replokal: trumset, basförstärkare, två gitarrförstärkare, PA och mikrofoner.",
			"A soundproof band room: drum kit, bass amplifier, two guitar amplifiers, PA and microphones."),
		Rules: text("Tuo omat soittimesi ja rumpukapulat. Jätä tila siistiksi ja laitteet pois päältä. Alle 15-vuotiaat aikuisen kanssa.",
			"Ta med egna instrument och trumstockar. Lämna lokalen städad och utrustningen avstängd. Under 15 år med en vuxen.",
			"Bring your own instruments and drumsticks. Leave the room tidy and the equipment switched off. Under-15s with an adult."),
		Accessibility: text("Esteetön kulku, tila on katutasossa.", "Tillgänglig, lokalen ligger i gatuplan.", "Step-free, on the street level."),
		Equipment: []library.Text{text("Rumpusetti", "Trumset", "Drum kit"), text("PA-laitteet", "PA-anläggning", "PA system"),
			text("Kolme mikrofonia", "Tre mikrofoner", "Three microphones")},
		Capacity: 6, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120, BufferMinutes: 15, HorizonDays: 14,
		WeeklyBookings: 2, CancelBeforeMinutes: 24 * 60, MinAge: 15}}
}

// help is an hour of digital help, one a week for each person.
func help(key, branch string) resourceSpec {
	return resourceSpec{key, library.Resource{BranchID: branch, Kind: library.KindDigitalHelp,
		Name: text("Digituki", "Digistöd", "Digital help"),
		Description: text("Henkilökohtaista opastusta puhelimen, tabletin tai tietokoneen käyttöön: Suomi.fi-tunnistus, verkkopankki, e-kirjasto, videopuhelut. Ota oma laite ja tunnukset mukaan.",
			"Personlig handledning i att använda telefon, surfplatta eller dator: Suomi.fi-identifiering, nätbank, e-bibliotek, videosamtal. Ta med egen enhet och koder.",
			"One-to-one guidance with a phone, tablet or computer: Suomi.fi identification, online banking, the e-library, video calls. Bring your own device and codes."),
		Rules: text("Emme käsittele pankkitunnuksiasi emmekä salasanojasi puolestasi.",
			"Vi hanterar inte dina bankkoder eller lösenord åt dig.",
			"We never handle your banking codes or passwords for you."),
		Capacity: 1, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 60, HorizonDays: 21, WeeklyBookings: 1, CancelBeforeMinutes: 120}}
}

// room is a meeting or group room.
func room(key, branch string, name library.Text, capacity int, approval, self bool) resourceSpec {
	return resourceSpec{key, library.Resource{BranchID: branch, Kind: library.KindRoom, Name: name,
		Description: text("Kokoustila, jossa on näyttö, HDMI-liitäntä ja valkotaulu.", "Mötesrum med skärm, HDMI-anslutning och whiteboard.",
			"A meeting room with a screen, an HDMI connection and a whiteboard."),
		Rules: text("Tila on maksuton ei-kaupalliseen käyttöön. Ruokailu ei ole sallittua.",
			"Rummet är gratis för icke-kommersiellt bruk. Att äta är inte tillåtet.",
			"Free for non-commercial use. No meals in the room."),
		Accessibility: text("Esteetön, induktiosilmukka.", "Tillgängligt, hörslinga.", "Step-free, induction loop."),
		Capacity:      capacity, SlotMinutes: 30, MinMinutes: 30, MaxMinutes: 240, BufferMinutes: 15, HorizonDays: 30,
		WeeklyMinutes: 8 * 60, CancelBeforeMinutes: 60, NeedsApproval: approval, SelfService: self}}
}

// machine is equipment or an instrument used in the library.
func machine(key, branch, kind string, name, desc library.Text, slot, longest int, price int64) resourceSpec {
	return resourceSpec{key, library.Resource{BranchID: branch, Kind: kind, Name: name, Description: desc,
		Rules: text("Henkilökunta opastaa ensimmäisellä kerralla. Ilmoita vioista palvelutiskille.",
			"Personalen handleder första gången. Anmäl fel till servicedisken.",
			"Staff show you how the first time. Report faults at the service desk."),
		Capacity: 1, SlotMinutes: slot, MinMinutes: slot, MaxMinutes: longest, HorizonDays: 14,
		WeeklyMinutes: 2 * longest, CancelBeforeMinutes: 60, Price: price}}
}

var (
	printer3D = text("3D-tulostin", "3D-skrivare", "3D printer")
	printDesc = text("Prusa i3 MK3S -tulostin, PLA-filamentti. Tuo malli USB-tikulla STL- tai G-code-muodossa.",
		"Prusa i3 MK3S-skrivare, PLA-filament. Ta med modellen på ett USB-minne i STL- eller G-code-format.",
		"A Prusa i3 MK3S printer with PLA filament. Bring your model on a USB stick as STL or G-code.")
	sewing     = text("Ompelukone", "Symaskin", "Sewing machine")
	sewingDesc = text("Bernina-ompelukone ja saumuri. Tuo omat kankaat ja langat.", "Bernina-symaskin och overlock. Ta med egna tyger och tråd.",
		"A Bernina sewing machine and an overlocker. Bring your own fabrics and thread.")
	piano     = text("Digitaalipiano", "Digitalpiano", "Digital piano")
	pianoDesc = text("Yamaha Clavinova kuulokkeilla, nuottiteline ja penkki.", "Yamaha Clavinova med hörlurar, notställ och pall.",
		"A Yamaha Clavinova with headphones, a music stand and a bench.")
	vhs     = text("VHS-digitointilaite", "VHS-digitalisering", "VHS digitiser")
	vhsDesc = text("Siirrä VHS-kasetit tiedostoiksi. Tuo mukaan USB-muisti (vähintään 32 Gt).",
		"För över VHS-kassetter till filer. Ta med ett USB-minne (minst 32 GB).",
		"Turn VHS tapes into files. Bring a USB stick of at least 32 GB.")
)

// demoResources are the demo's resources, in the order they are stored.
var demoResources = []resourceSpec{
	// Oodi: two band rooms, a recording studio, the urban workshop's
	// machines, group and meeting rooms, digital help.
	rehearsal("oodi-band-1", "hki-oodi", text("Bänditila 1", "Replokal 1", "Band room 1")),
	rehearsal("oodi-band-2", "hki-oodi", text("Bänditila 2", "Replokal 2", "Band room 2")),
	{"oodi-recording", library.Resource{BranchID: "hki-oodi", Kind: library.KindRecordingStudio,
		Name: text("Äänitysstudio", "Inspelningsstudio", "Recording studio"),
		Description: text("Tarkkaamo ja soittotila: Pro Tools, studiomonitorit, kondensaattori- ja dynaamiset mikrofonit.",
			"Kontrollrum och inspelningsrum: Pro Tools, studiomonitorer, kondensator- och dynamiska mikrofoner.",
			"A control room and a live room: Pro Tools, studio monitors, condenser and dynamic microphones."),
		Rules: text("Ensimmäisellä kerralla studioperehdytys henkilökunnan kanssa. Henkilökunta vahvistaa varaukset.",
			"Första gången en introduktion med personalen. Personalen bekräftar bokningarna.",
			"The first time, an introduction with staff. Staff confirm the bookings."),
		Equipment: []library.Text{text("Pro Tools", "Pro Tools -studio", "Pro Tools"), text("Studiomonitorit", "Studiomonitorer", "Studio monitors")},
		Capacity:  5, SlotMinutes: 60, MinMinutes: 120, MaxMinutes: 240, BufferMinutes: 30, HorizonDays: 28,
		WeeklyMinutes: 8 * 60, CancelBeforeMinutes: 48 * 60, MinAge: 15, NeedsApproval: true}},
	machine("oodi-3d", "hki-oodi", library.KindEquipment, printer3D, printDesc, 60, 240, 0),
	machine("oodi-sewing", "hki-oodi", library.KindEquipment, sewing, sewingDesc, 60, 180, 0),
	machine("oodi-piano", "hki-oodi", library.KindInstrument, piano, pianoDesc, 30, 120, 0),
	room("oodi-group", "hki-oodi", text("Ryhmätila Kuusi", "Grupprum Gran", "Group room Spruce"), 8, false, false),
	room("oodi-meeting", "hki-oodi", text("Kokoushuone Tuuli", "Mötesrum Vinden", "Meeting room Wind"), 16, true, false),
	help("oodi-help", "hki-oodi"),
	// Pasila: Helsinki's music library.
	rehearsal("pasila-band", "hki-pasila", text("Musiikkistudio", "Musikstudio", "Music studio")),
	machine("pasila-piano", "hki-pasila", library.KindInstrument, piano, pianoDesc, 30, 120, 0),
	room("pasila-meeting", "hki-pasila", text("Kokoushuone", "Mötesrum", "Meeting room"), 10, false, false),
	// Itäkeskus, Malmi, Kallio, Myllypuro.
	rehearsal("itakeskus-band", "hki-itakeskus", text("Bänditila", "Replokal", "Band room")),
	machine("itakeskus-3d", "hki-itakeskus", library.KindEquipment, printer3D, printDesc, 60, 240, 0),
	help("itakeskus-help", "hki-itakeskus"),
	machine("malmi-3d", "hki-malmi", library.KindEquipment, printer3D, printDesc, 60, 240, 0),
	room("kallio-room", "hki-kallio", text("Ryhmätila", "Grupprum", "Group room"), 6, false, true),
	help("kallio-help", "hki-kallio"),
	{"myllypuro-studio", library.Resource{BranchID: "hki-myllypuro", Kind: library.KindRecordingStudio,
		Name:        text("Mediastudio", "Mediestudio", "Media studio"),
		Description: text("Podcast- ja videostudio: mikrofonit, kamera, valot ja editointikone.", "Podd- och videostudio: mikrofoner, kamera, ljus och redigeringsdator.", "A podcast and video studio: microphones, a camera, lights and an editing computer."),
		Capacity:    4, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 180, BufferMinutes: 15, HorizonDays: 14, WeeklyBookings: 2,
		CancelBeforeMinutes: 24 * 60, SelfService: true}},
	// Sello: the music library's studios and instruments, the makerspace.
	rehearsal("sello-band", "esp-sello", text("Musiikkistudio", "Musikstudio", "Music studio")),
	{"sello-recording", library.Resource{BranchID: "esp-sello", Kind: library.KindRecordingStudio,
		Name:        text("Äänitysstudio", "Inspelningsstudio", "Recording studio"),
		Description: text("Pieni äänitysstudio laululle ja akustisille soittimille.", "En liten inspelningsstudio för sång och akustiska instrument.", "A small recording studio for vocals and acoustic instruments."),
		Capacity:    3, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 180, BufferMinutes: 15, HorizonDays: 14, WeeklyBookings: 2,
		CancelBeforeMinutes: 24 * 60, MinAge: 15}},
	machine("sello-drums", "esp-sello", library.KindInstrument, text("Sähkörummut", "Elektroniska trummor", "Electronic drum kit"),
		text("Roland TD-17 kuulokkeilla.", "Roland TD-17 med hörlurar.", "A Roland TD-17 with headphones."), 60, 120, 0),
	machine("sello-piano", "esp-sello", library.KindInstrument, piano, pianoDesc, 30, 120, 0),
	machine("sello-vhs", "esp-sello", library.KindEquipment, vhs, vhsDesc, 60, 180, 0),
	machine("sello-sewing", "esp-sello", library.KindEquipment, sewing, sewingDesc, 60, 180, 0),
	machine("sello-3d", "esp-sello", library.KindEquipment, printer3D, printDesc, 60, 240, 200),
	room("sello-meeting", "esp-sello", text("Neuvotteluhuone Sellosali", "Mötesrum Sellosalen", "Meeting room Sellosali"), 12, false, false),
	help("sello-help", "esp-sello"),
	// Iso Omena, Tapiola.
	machine("isoomena-3d", "esp-iso-omena", library.KindEquipment, printer3D, printDesc, 60, 240, 200),
	machine("isoomena-sewing", "esp-iso-omena", library.KindEquipment, sewing, sewingDesc, 60, 180, 0),
	help("isoomena-help", "esp-iso-omena"),
	rehearsal("tapiola-band", "esp-tapiola", text("Bänditila", "Replokal", "Band room")),
	// Kauniainen.
	room("kauniainen-room", "kau-kauniainen", text("Ryhmähuone", "Grupprum", "Group room"), 8, false, true),
	help("kauniainen-help", "kau-kauniainen"),
	// Tikkurila, Myyrmäki.
	rehearsal("tikkurila-band", "van-tikkurila", text("Musiikkistudio", "Musikstudio", "Music studio")),
	machine("tikkurila-sewing", "van-tikkurila", library.KindEquipment, sewing, sewingDesc, 60, 180, 0),
	machine("tikkurila-3d", "van-tikkurila", library.KindEquipment, printer3D, printDesc, 60, 240, 0),
	room("tikkurila-meeting", "van-tikkurila", text("Kokoushuone", "Mötesrum", "Meeting room"), 10, true, false),
	help("tikkurila-help", "van-tikkurila"),
	rehearsal("myyrmaki-band", "van-myyrmaki", text("Bänditila", "Replokal", "Band room")),
	room("myyrmaki-room", "van-myyrmaki", text("Ryhmätila", "Grupprum", "Group room"), 8, false, false),
	help("myyrmaki-help", "van-myyrmaki"),
}
