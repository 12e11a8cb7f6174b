package web

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// citiesView is the libraries page: member libraries and their branches.
type citiesView struct {
	Cities []cityView `json:"cities"`
}

type cityView struct {
	ID       string          `json:"id"`
	Name     langText        `json:"name"`
	Branches []branchSummary `json:"branches"`
}

// branchSummary is a branch in a list, with whether it is open now.
type branchSummary struct {
	ID   string     `json:"id"`
	Name langText   `json:"name"`
	Open openStatus `json:"open"`
}

// openStatus says whether a branch is open at the server's now.
type openStatus struct {
	Status string `json:"status"` // "open", "self_service" or "closed"
	Until  string `json:"until,omitempty"`
	Label  string `json:"label"` // "Open now until 20.00"
	Class  string `json:"-"`
}

func (s *Server) serveLibraries(w http.ResponseWriter, r *http.Request) error {
	lang := s.lang(r)
	cv, err := s.cities(r.Context(), lang)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "libraries", s.i18n.T(lang, "libraries.title", nil), cv)
	return nil
}

func (s *Server) cities(ctx context.Context, lang string) (*citiesView, error) {
	libs, branches, err := s.consortium(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	cv := &citiesView{Cities: []cityView{}}
	for _, l := range libs {
		c := cityView{ID: l.ID, Name: textIn(l.Name, lang), Branches: []branchSummary{}}
		for _, b := range branches {
			if b.LibraryID == l.ID {
				c.Branches = append(c.Branches, branchSummary{ID: b.ID, Name: textIn(b.Name, lang), Open: s.openStatus(lang, b.Hours, now)})
			}
		}
		// People look for their branch by name, not by code.
		slices.SortFunc(c.Branches, func(a, b branchSummary) int { return compareNames(a.Name.Text, b.Name.Text) })
		cv.Cities = append(cv.Cities, c)
	}
	return cv, nil
}

func (s *Server) openStatus(lang string, h library.Hours, now time.Time) openStatus {
	st, until := h.StatusAt(now)
	var os openStatus
	switch st {
	case library.OpenStaffed:
		os = openStatus{Status: "open", Label: s.i18n.T(lang, "open.staffed", nil), Class: "open"}
	case library.OpenSelfService:
		os = openStatus{Status: "self_service", Label: s.i18n.T(lang, "open.self", nil), Class: "self"}
	default:
		return openStatus{Status: "closed", Label: s.i18n.T(lang, "open.closed", nil), Class: "closed"}
	}
	os.Until = s.formatClock(lang, until)
	os.Label += " " + s.i18n.T(lang, "open.until", map[string]any{"Time": os.Until})
	return os
}

// branchPage is the page of one branch.
type branchPage struct {
	ID            string        `json:"id"`
	LibraryID     string        `json:"library_id"`
	City          langText      `json:"city"`
	Name          langText      `json:"name"`
	Address       addressView   `json:"address"`
	Lat           float64       `json:"lat"`
	Lon           float64       `json:"lon"`
	Phone         string        `json:"phone,omitempty"`
	PhoneURL      template.URL  `json:"-"`
	Email         string        `json:"email,omitempty"`
	Services      []serviceView `json:"services"`
	Accessibility langText      `json:"accessibility,omitzero"`
	Open          openStatus    `json:"open"`
	Week          []dayView     `json:"week"`
	Exceptions    []dayView     `json:"exceptions"`
}

type addressView struct {
	Street     string   `json:"street"`
	PostalCode string   `json:"postal_code"`
	City       langText `json:"city"`
}

type serviceView struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// dayView is one day of a branch's opening hours.
type dayView struct {
	Date        string     `json:"date"` // 2006-01-02
	DateText    string     `json:"date_text"`
	Staffed     []periodJS `json:"staffed"`
	SelfService []periodJS `json:"self_service"`
	StaffedText string     `json:"-"`
	SelfText    string     `json:"-"`
	Closed      bool       `json:"closed"`
	Exception   bool       `json:"exception"`
	Note        langText   `json:"note,omitzero"`
	Today       bool       `json:"today"`
}

type periodJS struct {
	Open  string `json:"open"` // "09:00"
	Close string `json:"close"`
}

// exceptionDays is how far ahead the branch page lists exceptions.
const exceptionDays = 30

func (s *Server) serveLibrary(w http.ResponseWriter, r *http.Request) error {
	lang := s.lang(r)
	bp, err := s.branchPage(r.Context(), lang, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "library", bp.Name.Text, bp)
	return nil
}

func (s *Server) branchPage(ctx context.Context, lang, id string) (*branchPage, error) {
	b, err := s.store.Branch(ctx, id)
	if err != nil {
		return nil, err
	}
	libs, _, err := s.consortium(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	bp := &branchPage{
		ID: b.ID, LibraryID: b.LibraryID, Name: textIn(b.Name, lang),
		Address: addressView{b.Address.Street, b.Address.PostalCode, textIn(b.Address.City, lang)},
		Lat:     b.Lat, Lon: b.Lon, Phone: b.Phone, Email: b.Email,
		Services: []serviceView{}, Accessibility: textIn(b.Accessibility, lang),
		Open: s.openStatus(lang, b.Hours, now), Week: []dayView{}, Exceptions: []dayView{},
	}
	if b.Phone != "" {
		bp.PhoneURL = telURL(b.Phone)
	}
	for _, l := range libs {
		if l.ID == b.LibraryID {
			bp.City = textIn(l.Name, lang)
		}
	}
	for _, code := range b.Services {
		if s.i18n.Has(lang, "service."+code) { // an unknown code has no name to show
			bp.Services = append(bp.Services, serviceView{code, s.i18n.T(lang, "service."+code, nil)})
		}
	}
	today := library.DateOf(now.In(library.Helsinki))
	// The week runs from Monday, as calendars do in Finland.
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	for i := range 7 {
		d := monday.AddDays(i)
		bp.Week = append(bp.Week, s.dayView(lang, b.Hours, d, today))
	}
	for _, e := range b.Hours.Exceptions {
		if !e.Date.Before(today) && e.Date.Before(today.AddDays(exceptionDays+1)) {
			bp.Exceptions = append(bp.Exceptions, s.dayView(lang, b.Hours, e.Date, today))
		}
	}
	slices.SortFunc(bp.Exceptions, func(a, b dayView) int { return compareNames(a.Date, b.Date) })
	return bp, nil
}

func (s *Server) dayView(lang string, h library.Hours, d, today library.Date) dayView {
	day, exc := h.On(d)
	dv := dayView{
		Date: d.String(), DateText: s.formatDate(lang, d),
		Staffed: periods(day.Staffed), SelfService: periods(day.SelfService),
		StaffedText: s.formatPeriods(lang, day.Staffed), SelfText: s.formatPeriods(lang, day.SelfService),
		Closed: day.Closed(), Exception: exc, Note: textIn(day.Note, lang), Today: d == today,
	}
	return dv
}

func periods(ps []library.Period) []periodJS {
	out := []periodJS{}
	for _, p := range ps {
		out = append(out, periodJS{p.Open.String(), p.Close.String()})
	}
	return out
}

// telURL returns a tel: link for a phone number. html/template distrusts
// the tel: scheme, so the number is reduced to digits and a leading plus
// first, which makes it safe to mark as a URL.
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}
