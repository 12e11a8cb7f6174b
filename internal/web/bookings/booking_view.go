package bookings

import (
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// bookingView is one of the booker's own bookings, as their pages, their
// calendar and the API show it; the access code is in it, for these are
// the booker's views only.
type bookingView struct {
	ID           int64        `json:"id"`
	ResourceID   int64        `json:"resource_id"`
	ResourceName web.LangText `json:"resource_name"`
	Kind         string       `json:"kind"`
	BranchID     string       `json:"branch"`
	Branch       web.LangText `json:"branch_name"`
	Start        string       `json:"start"` // RFC 3339, UTC
	End          string       `json:"end"`
	When         string       `json:"when"` // "Tue 24 Nov 2026 10:00–11:00"
	Status       string       `json:"status"`
	StatusName   string       `json:"status_name"`
	// AccessCode opens a studio's door for the booking's time.
	AccessCode   string `json:"access_code,omitempty"`
	Topic        string `json:"topic,omitempty"`
	TopicName    string `json:"topic_name,omitempty"`
	HelpLang     string `json:"help_lang,omitempty"`
	HelpLangName string `json:"help_lang_name,omitempty"`
	Message      string `json:"message,omitempty"`
	Price        int64  `json:"price_cents"`
	PriceText    string `json:"price_text"`
	CanCancel    bool   `json:"can_cancel"`
	// CancelUntil is the last moment the booker may cancel, while they
	// still may.
	CancelUntil     string `json:"cancel_until,omitempty"`
	CancelUntilText string `json:"-"`
	URL             string `json:"-"` // the booking's page
	ICSURL          string `json:"-"`
	ResourceURL     string `json:"-"`
	GuestName       string `json:"-"`
}

// myBookingURL is the address of a resident's booking in My Account.
func myBookingURL(id int64) string { return "/account/bookings/" + strconv.FormatInt(id, 10) }

// bookingView returns the view of one of the booker's bookings in lang,
// seen at now.
func (s *server) bookingView(lang string, b library.BookingDetail, branches map[string]web.LangText, now time.Time) bookingView {
	v := bookingView{
		ID: b.ID, ResourceID: b.ResourceID, ResourceName: web.TextIn(b.Resource.Name, lang), Kind: b.Resource.Kind,
		BranchID: b.Resource.BranchID, Branch: branches[b.Resource.BranchID],
		Start: formatStart(b.Start), End: formatStart(b.End), When: s.whenText(lang, b.Interval()),
		Status: b.Status, StatusName: s.I18n().T(lang, "booking.status."+b.Status, nil),
		AccessCode: b.AccessCode, Topic: b.Topic, HelpLang: b.HelpLang, Message: b.Message,
		Price: b.Price, PriceText: s.I18n().T(lang, "bookings_public.free", nil),
		URL: myBookingURL(b.ID), ICSURL: myBookingURL(b.ID) + ".ics", ResourceURL: resourceURL(b.ResourceID),
	}
	if b.Price > 0 {
		v.PriceText = s.Money(lang, b.Price)
	}
	if b.Topic != "" {
		v.TopicName = s.I18n().T(lang, "booking.topic."+b.Topic, nil)
	}
	if b.HelpLang != "" {
		v.HelpLangName = s.I18n().T(lang, "booking.help_lang."+b.HelpLang, nil)
	}
	if b.Guest != nil {
		v.GuestName = b.Guest.Name
	}
	if library.CanCancel(b.Resource, b.Booking, now) == nil {
		v.CanCancel = true
		if b.Status == library.BookingConfirmed {
			until := b.Start.Add(-time.Duration(b.Resource.CancelBeforeMinutes) * time.Minute)
			v.CancelUntil = formatStart(until)
			v.CancelUntilText = s.FormatTime(lang, until) + " " + s.FormatClock(lang, clockOf(until))
		}
	}
	return v
}
