package library

// Consortium is the set of member libraries that share one collection.
type Consortium struct {
	Name      Text
	Libraries []Library
	Branches  []Branch
}

// Library is a member library of the consortium: one city's library
// organisation, such as Espoo's or Vantaa's.
type Library struct {
	ID   string // short stable code, e.g. "espoo"
	Name Text   // "Espoon kaupunginkirjasto", ...
}

// Branch is one library building (or a mobile library) that lends,
// receives returns and holds reservations for pickup.
type Branch struct {
	ID            string // short stable code, e.g. "esp-sello"
	LibraryID     string // owning member library
	Name          Text
	Address       Address
	Lat, Lon      float64
	Phone         string
	Email         string
	Services      []string // service codes, e.g. "music-studio", "3d-printer"; names are in the message catalogues under "service.<code>"
	Accessibility Text
	Hours         Hours
}

// Address is a postal address of a branch.
type Address struct {
	Street     string
	PostalCode string
	City       Text
}

// Service codes a branch can offer. Each has a name in the message
// catalogues under "service." + code.
var Services = []string{
	"music-studio", "3d-printer", "sewing-machine", "recording-studio",
	"gaming", "computers", "scanner", "meeting-rooms", "cafe",
	"makerspace", "instrument-lending", "digital-support", "kids-corner",
}
