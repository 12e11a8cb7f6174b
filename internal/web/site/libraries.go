package site

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/picks"
)

// citiesView is the libraries page: member libraries and their branches.
type citiesView struct {
	Cities []cityView `json:"cities"`
}

type cityView struct {
	ID       string          `json:"id"`
	Name     web.LangText    `json:"name"`
	Branches []branchSummary `json:"branches"`
}

// branchSummary is a branch in a list, with whether it is open now.
type branchSummary struct {
	ID   string       `json:"id"`
	Name web.LangText `json:"name"`
	Open openStatus   `json:"open"`
}

// openStatus says whether a branch is open at the server's now, and when
// it opens next if it is closed (or when staff come, in self-service hours).
type openStatus struct {
	Status string `json:"status"` // "open", "self_service" or "closed"
	Until  string `json:"until,omitempty"`
	Label  string `json:"label"` // "Open now until 20.00"
	Class  string `json:"-"`
	// NextAt is the next opening (RFC 3339); Next says it in words:
	// "Opens tomorrow at 10:00".
	NextAt string `json:"next_at,omitempty"`
	Next   string `json:"next,omitempty"`
}

func (s *server) serveLibraries(w http.ResponseWriter, r *http.Request) error {
	lang := s.Lang(r)
	cv, err := s.cities(r.Context(), lang)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "libraries", s.I18n().T(lang, "libraries.title", nil), cv)
	return nil
}

func (s *server) cities(ctx context.Context, lang string) (*citiesView, error) {
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	cv := &citiesView{Cities: []cityView{}}
	for _, l := range libs {
		c := cityView{ID: l.ID, Name: web.TextIn(l.Name, lang), Branches: []branchSummary{}}
		for _, b := range branches {
			if b.LibraryID == l.ID {
				c.Branches = append(c.Branches, branchSummary{ID: b.ID, Name: web.TextIn(b.Name, lang), Open: s.openStatus(lang, b.Hours, now)})
			}
		}
		// People look for their branch by name, not by code.
		slices.SortFunc(c.Branches, func(a, b branchSummary) int { return web.CompareNames(a.Name.Text, b.Name.Text) })
		cv.Cities = append(cv.Cities, c)
	}
	return cv, nil
}

func (s *server) openStatus(lang string, h library.Hours, now time.Time) openStatus {
	st, until := h.StatusAt(now)
	var os openStatus
	switch st {
	case library.OpenStaffed:
		os = openStatus{Status: "open", Label: s.I18n().T(lang, "open.staffed", nil), Class: "open"}
	case library.OpenSelfService:
		os = openStatus{Status: "self_service", Label: s.I18n().T(lang, "open.self", nil), Class: "self"}
	default:
		os = openStatus{Status: "closed", Label: s.I18n().T(lang, "open.closed", nil), Class: "closed"}
	}
	if st != library.Closed {
		os.Until = s.FormatClock(lang, until)
		os.Label += " " + s.I18n().T(lang, "open.until", map[string]any{"Time": os.Until})
	}
	if o, ok := h.NextOpening(now); ok {
		key := "open.next"
		switch {
		case st == library.OpenSelfService:
			key = "open.next_staffed"
		case o.Status == library.OpenSelfService:
			key = "open.next_self"
		}
		os.NextAt = o.At.In(library.Helsinki).Format(time.RFC3339)
		os.Next = s.I18n().T(lang, key, map[string]any{"When": s.whenText(lang, o.At, now)})
	}
	return os
}

// whenText says when an instant comes as people say it: "today at 12:00",
// "tomorrow at 10:00", "on Monday at 9:00" within a week, else with the
// date. Days are Helsinki's, so a minute past midnight is a new day.
func (s *server) whenText(lang string, at, now time.Time) string {
	local := at.In(library.Helsinki)
	d, today := library.DateOf(local), library.DateOf(now.In(library.Helsinki))
	args := map[string]any{
		"Time": s.FormatClock(lang, library.NewClock(local.Hour(), local.Minute())),
		"Date": s.FormatDate(lang, d),
	}
	switch {
	case d == today:
		return s.I18n().T(lang, "when.today", args)
	case d == today.AddDays(1):
		return s.I18n().T(lang, "when.tomorrow", args)
	case d.Before(today.AddDays(7)):
		return s.I18n().T(lang, fmt.Sprintf("when.weekday.%d", d.Weekday()), args)
	}
	return s.I18n().T(lang, "when.date", args)
}

// branchPage is the page of one branch.
type branchPage struct {
	ld            ld              // the page's schema.org description, for pages only
	ID            string          `json:"id"`
	LibraryID     string          `json:"library_id"`
	City          web.LangText    `json:"city"`
	Name          web.LangText    `json:"name"`
	Address       addressView     `json:"address"`
	Lat           float64         `json:"lat"`
	Lon           float64         `json:"lon"`
	Phone         string          `json:"phone,omitempty"`
	PhoneURL      template.URL    `json:"-"`
	Email         string          `json:"email,omitempty"`
	Services      []serviceView   `json:"services"`
	Accessibility web.LangText    `json:"accessibility,omitzero"`
	Open          openStatus      `json:"open"`
	Week          []dayView       `json:"week"`      // this week, Monday to Sunday
	NextWeek      []dayView       `json:"next_week"` // the week after
	Weeks         []weekView      `json:"-"`         // both, for the page
	Exceptions    []dayView       `json:"exceptions"`
	Photo         photoView       `json:"-"`
	News          []newsLink      `json:"-"` // the library's latest news, on the page
	Bookable      []bookable      `json:"-"` // what can be booked here (library_bookings.go)
	Events        []web.EventCard `json:"-"` // the branch's next events, on the page
	Picks         picks.Cards     `json:"-"` // the librarians' picks for the branch, on the page
	Top           []topTitle      `json:"-"` // the city's most borrowed titles lately (libraries_top.go)
}

// newsLink is a news item on a branch's page (package content has the
// news pages).
type newsLink struct {
	URL, Date string
	Title     web.LangText
}

// newsURL is the page of a news item (package content's).
func newsURL(id int64) string { return fmt.Sprintf("/news/%d", id) }

// latestNews returns the newest public news items of the libraries
// (a member library's ID, or "" for the consortium's), at most three: a
// branch's page shows its library's, the home page the consortium's too.
func (s *server) latestNews(ctx context.Context, lang string, libs ...string) ([]newsLink, error) {
	c, ok := s.Store().(library.Content)
	if !ok {
		return nil, nil
	}
	ns, _, err := c.News(ctx, library.NewsFilter{Libraries: libs, PublicAt: s.Now(), Limit: 3})
	var out []newsLink
	for _, n := range ns {
		out = append(out, newsLink{URL: newsURL(n.ID), Date: s.FormatTime(lang, n.PublishAt), Title: web.TextIn(n.Title, lang)})
	}
	return out, err
}

// branchEventCount is how many of its next events a branch's page shows.
const branchEventCount = 4

// nextEvents returns a branch's next public events as cards.
func (s *server) nextEvents(ctx context.Context, lang, branchID string) ([]web.EventCard, error) {
	ev, ok := s.Store().(library.Events)
	if !ok {
		return nil, nil
	}
	events, err := ev.BranchEvents(ctx, branchID, branchEventCount, s.Now())
	if err != nil {
		return nil, err
	}
	return s.EventCards(ctx, lang, events)
}

// weekView is one week's table of hours on the branch page.
type weekView struct {
	ID, Title string
	Days      []dayView
}

type addressView struct {
	Street     string       `json:"street"`
	PostalCode string       `json:"postal_code"`
	City       web.LangText `json:"city"`
}

type serviceView struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// dayView is one day of a branch's opening hours.
type dayView struct {
	Date        string       `json:"date"` // 2006-01-02
	DateText    string       `json:"date_text"`
	Staffed     []periodJS   `json:"staffed"`
	SelfService []periodJS   `json:"self_service"`
	StaffedText string       `json:"-"`
	SelfText    string       `json:"-"`
	Closed      bool         `json:"closed"`
	Exception   bool         `json:"exception"`
	Note        web.LangText `json:"note,omitzero"`
	Today       bool         `json:"today"`
}

type periodJS struct {
	Open  string `json:"open"` // "09:00"
	Close string `json:"close"`
}

// branchPicks is how many librarians' picks a branch's page shows.
const branchPicks = 3

// exceptionDays is how far ahead the branch page lists exceptions.
const exceptionDays = 30

func (s *server) serveLibrary(w http.ResponseWriter, r *http.Request) error {
	lang := s.Lang(r)
	bp, err := s.branchPage(r.Context(), lang, r.PathValue("id"))
	if err != nil {
		return err
	}
	bp.ld = s.libraryLD(bp)
	if bp.News, err = s.latestNews(r.Context(), lang, bp.LibraryID); err != nil {
		return err
	}
	if bp.Bookable, err = s.bookable(r.Context(), lang, bp.ID); err != nil {
		return err
	}
	if bp.Events, err = s.nextEvents(r.Context(), lang, bp.ID); err != nil {
		return err
	}
	if bp.Picks, err = picks.ForBranch(r.Context(), s.Server, bp.ID, lang, branchPicks); err != nil {
		return err
	}
	if bp.Top, err = s.topTitles(r.Context(), bp.LibraryID); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "library", bp.Name.Text, bp)
	return nil
}

func (s *server) branchPage(ctx context.Context, lang, id string) (*branchPage, error) {
	b, err := s.Store().Branch(ctx, id)
	if err != nil {
		return nil, err
	}
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	bp := &branchPage{
		ID: b.ID, LibraryID: b.LibraryID, Name: web.TextIn(b.Name, lang),
		Address: addressView{b.Address.Street, b.Address.PostalCode, web.TextIn(b.Address.City, lang)},
		Lat:     b.Lat, Lon: b.Lon, Phone: b.Phone, Email: b.Email,
		Services: []serviceView{}, Accessibility: web.TextIn(b.Accessibility, lang),
		Open: s.openStatus(lang, b.Hours, now), Week: []dayView{}, NextWeek: []dayView{}, Exceptions: []dayView{},
	}
	if b.Phone != "" {
		bp.PhoneURL = telURL(b.Phone)
	}
	if bp.Photo, err = s.branchPhoto(ctx, b); err != nil {
		return nil, err
	}
	for _, l := range libs {
		if l.ID == b.LibraryID {
			bp.City = web.TextIn(l.Name, lang)
		}
	}
	for _, code := range b.Services {
		if s.I18n().Has(lang, "service."+code) { // an unknown code has no name to show
			bp.Services = append(bp.Services, serviceView{code, s.I18n().T(lang, "service."+code, nil)})
		}
	}
	today := library.DateOf(now.In(library.Helsinki))
	// The week runs from Monday, as calendars do in Finland. Next week is
	// there too: on a Sunday, this week is six days gone.
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	for i := range 7 {
		bp.Week = append(bp.Week, s.dayView(lang, b.Hours, monday.AddDays(i), today))
		bp.NextWeek = append(bp.NextWeek, s.dayView(lang, b.Hours, monday.AddDays(7+i), today))
	}
	bp.Weeks = []weekView{
		{"hours-h", s.I18n().T(lang, "library.hours", nil), bp.Week},
		{"hours-next-h", s.I18n().T(lang, "library.hours_next", nil), bp.NextWeek},
	}
	for _, e := range b.Hours.Exceptions {
		if !e.Date.Before(today) && e.Date.Before(today.AddDays(exceptionDays+1)) {
			bp.Exceptions = append(bp.Exceptions, s.dayView(lang, b.Hours, e.Date, today))
		}
	}
	slices.SortFunc(bp.Exceptions, func(a, b dayView) int { return web.CompareNames(a.Date, b.Date) })
	return bp, nil
}

func (s *server) dayView(lang string, h library.Hours, d, today library.Date) dayView {
	day, exc := h.On(d)
	dv := dayView{
		Date: d.String(), DateText: s.FormatDate(lang, d),
		Staffed: periods(day.Staffed), SelfService: periods(day.SelfService),
		StaffedText: s.FormatPeriods(lang, day.Staffed), SelfText: s.FormatPeriods(lang, day.SelfService),
		Closed: day.Closed(), Exception: exc, Note: web.TextIn(day.Note, lang), Today: d == today,
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
