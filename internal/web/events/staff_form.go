package events

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Reading the editor's form into an event, and an event into the form.

// rawFields are the editor's fields kept as typed when a refusal shows
// the form again.
var rawFields = []string{"start_date", "start_time", "end_date", "end_time", "room", "venue_name", "venue_street",
	"venue_postal", "venue_city", "languages", "price", "capacity", "max_places", "signup_opens_date",
	"signup_opens_time", "publish_date", "publish_time", "status", "registration", "waiting_list", "library", "branch", "category"}

// Publication choices of the form.
const (
	choiceDraft    = "draft"
	choicePublish  = "publish"  // now, or keep a published event as it is
	choiceSchedule = "schedule" // at publish_date and publish_time
)

// publishing is what the form asks of the event's publication.
type publishing struct {
	now bool
	at  time.Time // a scheduled publication
}

// formTexts reads a multilingual field (title.fi, title.sv, ...).
func formTexts(r *http.Request, field string) library.Text {
	t := library.Text{}
	for _, l := range library.Languages {
		if v := strings.TrimSpace(r.PostFormValue(field + "." + l)); v != "" {
			t[l] = v
		}
	}
	return t
}

// formErr is a refusal of the form's shape, at a field.
func formErr(key, msg string) error {
	return &library.Error{Code: library.EINVALID, Key: key, Message: msg}
}

// readForm reads the posted form over old. Fields the form does not
// hold (series, image) stay as they were.
func (s *server) readForm(r *http.Request, old library.Event) (library.Event, publishing, error) {
	e := old
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	e.Title, e.Description = formTexts(r, "title"), formTexts(r, "description")
	e.Accessibility, e.PriceNote = formTexts(r, "accessibility"), formTexts(r, "price_note")
	e.Library, e.Branch, e.Room = f("library"), f("branch"), f("room")
	if e.Branch != "" {
		if lib, ok := s.branchLibrary(r, e.Branch); ok {
			e.Library = lib
		}
	}
	e.Venue = library.Venue{Name: f("venue_name"), Street: f("venue_street"), PostalCode: f("venue_postal"), City: f("venue_city")}
	e.Audiences = r.PostForm["audiences"]
	e.Category = f("category")
	e.Languages = nil
	for _, l := range strings.FieldsFunc(f("languages"), func(c rune) bool { return c == ',' || c == ' ' }) {
		e.Languages = append(e.Languages, strings.ToLower(l))
	}
	e.Registration, e.WaitingList = f("registration") != "", f("waiting_list") != ""
	var pub publishing
	var err error
	if v, perr := strconv.ParseInt(f("version"), 10, 64); perr == nil {
		e.Version = v
	}
	if e.Start, err = helsinkiTime(f("start_date"), f("start_time")); err != nil {
		return e, pub, formErr("events_staff.error.date", err.Error())
	}
	endDate := f("end_date")
	if endDate == "" {
		endDate = f("start_date")
	}
	if e.End, err = helsinkiTime(endDate, f("end_time")); err != nil {
		return e, pub, formErr("events_staff.error.end_date", err.Error())
	}
	if e.PriceCents, err = euros(f("price")); err != nil {
		return e, pub, formErr("events_staff.error.price", err.Error())
	}
	if e.Capacity, err = number(f("capacity"), 0); err != nil {
		return e, pub, formErr("events_staff.error.number", err.Error())
	}
	if e.MaxPlaces, err = number(f("max_places"), 1); err != nil {
		return e, pub, formErr("error.event_max_places", err.Error())
	}
	if e.SignupOpens, err = helsinkiTime(f("signup_opens_date"), f("signup_opens_time")); err != nil {
		return e, pub, formErr("events_staff.error.signup_opens", err.Error())
	}
	switch f("status") {
	case choicePublish:
		pub.now = true
	case choiceSchedule:
		pub.at, err = helsinkiTime(f("publish_date"), f("publish_time"))
		if err != nil || pub.at.IsZero() {
			return e, pub, formErr("events_staff.error.publish_at", "publish at "+f("publish_date")+" "+f("publish_time"))
		}
	case choiceDraft:
		if e.Status == library.EventPublished {
			e.Status, e.PublishAt = library.EventDraft, time.Time{}
		}
	default:
		if e.Status != library.EventCancelled {
			return e, pub, formErr("error.event_status", "status "+f("status"))
		}
	}
	if e.Status == "" {
		e.Status = library.EventDraft
	}
	return e, pub, nil
}

// branchLibrary is the library of a branch, if it is one.
func (s *server) branchLibrary(r *http.Request, branch string) (string, bool) {
	_, branches, err := s.Consortium(r.Context())
	if err != nil {
		return "", false
	}
	for _, b := range branches {
		if b.ID == branch {
			return b.LibraryID, true
		}
	}
	return "", false
}

// number reads a whole number that is not negative; empty is def.
func number(v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err == nil && n < 0 {
		err = strconv.ErrRange
	}
	return n, err
}

// euros reads a price in euros ("5", "4,50", "4.50") as cents.
func euros(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil || f < 0 || f > library.MaxEventPrice/100 {
		return 0, strconv.ErrRange
	}
	return int(f*100 + 0.5), nil
}

// fill shows e in the editor, with the choices st may make.
func (s *server) fill(r *http.Request, ed *editor, st library.Staff, e library.Event) {
	lang := s.Lang(r)
	ed.ID, ed.Version = e.ID, e.Version
	ed.Langs = nil
	for _, l := range library.Languages {
		ed.Langs = append(ed.Langs, langFields{Lang: l, Name: web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l},
			Required: l == "fi", Title: e.Title[l], Description: e.Description[l], Accessibility: e.Accessibility[l], PriceNote: e.PriceNote[l]})
	}
	if e.ID != 0 {
		id := strconv.FormatInt(e.ID, 10)
		ed.State, ed.Missing = s.stateText(r, e), s.missing(e.Title)
		if e.Registration {
			ed.Attendees = "/admin/events/" + id + "/attendees"
		}
		if !e.Cancelled() {
			ed.CancelURL = "/admin/events/" + id + "/cancel"
		}
		ed.ImageURL = "/admin/events/" + id + "/image"
		if e.SeriesID != 0 {
			ed.SeriesURL = seriesURL(e.SeriesID)
		} else if e.Status == library.EventDraft {
			ed.DeleteURL = "/admin/events/" + id + "/delete"
		}
	}
	libs, branches, _ := s.Consortium(r.Context())
	for _, l := range libs {
		if library.Permit(st, library.ActContent, library.LibraryScope(l.ID)) == nil {
			ed.Libraries = append(ed.Libraries, choice{Value: l.ID, Name: web.TextIn(l.Name, lang).Text, Checked: l.ID == e.Library})
		}
	}
	for _, b := range branches {
		if library.Permit(st, library.ActContent, library.BranchScope(b.LibraryID, b.ID)) == nil {
			ed.Branches = append(ed.Branches, choice{Value: b.ID, Name: web.TextIn(b.Name, lang).Text, Checked: b.ID == e.Branch})
		}
	}
	ed.Audiences = s.choices(lang, "events_staff.audience.", library.EventAudiences, e.Audiences...)
	ed.Categories = s.choices(lang, "events_staff.category.", library.EventCategories, e.Category)
	status := choiceDraft
	switch {
	case e.Scheduled(s.Now()):
		status = choiceSchedule
	case e.Status == library.EventPublished:
		status = choicePublish
	}
	if !e.Cancelled() {
		ed.Statuses = s.choices(lang, "events_staff.status.", []string{choiceDraft, choicePublish, choiceSchedule}, status)
	}
	local := func(t time.Time, layout string) string {
		if t.IsZero() {
			return ""
		}
		return t.In(library.Helsinki).Format(layout)
	}
	ed.Form = map[string]string{
		"start_date": local(e.Start, "2006-01-02"), "start_time": local(e.Start, "15:04"),
		"end_date": local(e.End, "2006-01-02"), "end_time": local(e.End, "15:04"),
		"room": e.Room, "venue_name": e.Venue.Name, "venue_street": e.Venue.Street, "venue_postal": e.Venue.PostalCode,
		"venue_city": e.Venue.City, "languages": strings.Join(e.Languages, ", "), "price": priceText(e.PriceCents),
		"capacity": strconv.Itoa(e.Capacity), "max_places": strconv.Itoa(max(e.MaxPlaces, 1)),
		"signup_opens_date": local(e.SignupOpens, "2006-01-02"), "signup_opens_time": local(e.SignupOpens, "15:04"),
		"status": status, "library": e.Library, "branch": e.Branch, "category": e.Category,
	}
	if e.Scheduled(s.Now()) {
		ed.Form["publish_date"], ed.Form["publish_time"] = local(e.PublishAt, "2006-01-02"), local(e.PublishAt, "15:04")
	}
	if e.Registration {
		ed.Form["registration"] = "on"
	}
	if e.WaitingList {
		ed.Form["waiting_list"] = "on"
	}
}

// priceText writes cents as euros for the form ("4.50"); free is "".
func priceText(c int) string {
	if c == 0 {
		return ""
	}
	return strconv.Itoa(c/100) + "." + strconv.Itoa(c%100/10) + strconv.Itoa(c%10)
}
