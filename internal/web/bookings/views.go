package bookings

import (
	"net/url"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The views of resources and their times that the pages and the API
// share, so that the two cannot drift apart.

// resourceView is a resource as residents see it, in their language.
type resourceView struct {
	ID            int64          `json:"id"`
	URL           string         `json:"url"`
	Kind          string         `json:"kind"`
	KindName      string         `json:"kind_name"`
	BranchID      string         `json:"branch"`
	Branch        web.LangText   `json:"branch_name"`
	LibraryID     string         `json:"library"`
	Name          web.LangText   `json:"name"`
	Description   web.LangText   `json:"description"`
	Rules         web.LangText   `json:"rules"`
	Accessibility web.LangText   `json:"accessibility"`
	Equipment     []web.LangText `json:"equipment"`
	Photos        []photoView    `json:"photos"`
	Capacity      int            `json:"capacity"`
	SlotMinutes   int            `json:"slot_minutes"`
	MinMinutes    int            `json:"min_minutes"`
	MaxMinutes    int            `json:"max_minutes"`
	HorizonDays   int            `json:"horizon_days"`
	// CancelBeforeMinutes is how long before the start the booker may
	// still cancel.
	CancelBeforeMinutes int    `json:"cancel_before_minutes"`
	WeeklyBookings      int    `json:"weekly_bookings"`
	WeeklyMinutes       int    `json:"weekly_minutes"`
	MinAge              int    `json:"min_age"`
	NeedsApproval       bool   `json:"needs_approval"`
	SelfService         bool   `json:"self_service"`
	NeedsCard           bool   `json:"needs_card"`
	Price               int64  `json:"price_cents"`
	PriceText           string `json:"price_text"`
	// Next is the next free time, when the list asked for it.
	Next *slotView `json:"next_free,omitempty"`
	// Missing are the languages the resource's name and description lack
	// of the page's: "Finnish" when the page is in Somali and the
	// text is shown in Finnish.
	Missing string `json:"-"`
}

// photoView is one photo of a resource.
type photoView struct {
	URL      string       `json:"url"`
	ThumbURL string       `json:"thumb_url"`
	Alt      web.LangText `json:"alt"`
	Width    int          `json:"width"`
	Height   int          `json:"height"`
}

// slotView is a time a booking may start, or any slot of a day's grid.
type slotView struct {
	Start string `json:"start"` // RFC 3339, UTC
	End   string `json:"end"`
	State string `json:"state"`
	// SelfService marks a time when no staff are in.
	SelfService bool `json:"self_service"`
	// MaxMinutes is the longest booking that may start here.
	MaxMinutes int    `json:"max_minutes"`
	Text       string `json:"text"` // "Tue 24 Nov 2026 10:00–11:00"
	Clock      string `json:"-"`    // "10:00–11:00"
	BookURL    string `json:"-"`
	StateName  string `json:"-"`
}

// resourceView returns r's view in lang; branches names the branches.
func (s *server) resourceView(lang string, r library.Resource, branches map[string]web.LangText) resourceView {
	v := resourceView{
		ID: r.ID, URL: resourceURL(r.ID), Kind: r.Kind, KindName: s.I18n().T(lang, "resource.kind."+r.Kind, nil),
		BranchID: r.BranchID, Branch: branches[r.BranchID], LibraryID: r.LibraryID,
		Name: web.TextIn(r.Name, lang), Description: web.TextIn(r.Description, lang),
		Rules: web.TextIn(r.Rules, lang), Accessibility: web.TextIn(r.Accessibility, lang),
		Equipment: []web.LangText{}, Photos: []photoView{},
		Capacity: r.Capacity, SlotMinutes: r.SlotMinutes, MinMinutes: r.MinMinutes, MaxMinutes: r.MaxMinutes,
		HorizonDays: r.HorizonDays, CancelBeforeMinutes: r.CancelBeforeMinutes,
		WeeklyBookings: r.WeeklyBookings, WeeklyMinutes: r.WeeklyMinutes, MinAge: r.MinAge,
		NeedsApproval: r.NeedsApproval, SelfService: r.SelfService, NeedsCard: r.Kind != library.KindDigitalHelp,
		Price: r.Price, PriceText: s.I18n().T(lang, "bookings_public.free", nil),
	}
	if r.Price > 0 {
		v.PriceText = s.Money(lang, r.Price)
	}
	for _, e := range r.Equipment {
		v.Equipment = append(v.Equipment, web.TextIn(e, lang))
	}
	for _, p := range r.Photos {
		base := resourceURL(r.ID) + "/photos/" + strconv.FormatInt(p.ID, 10) + "?"
		v.Photos = append(v.Photos, photoView{
			URL:      base + url.Values{"v": {p.Hash}}.Encode(),
			ThumbURL: base + url.Values{"v": {p.Hash}, "size": {"thumb"}}.Encode(),
			Alt:      web.TextIn(p.Alt, lang), Width: p.Width, Height: p.Height,
		})
	}
	// The name and description shown in another language than the
	// page's are marked, so that a reader knows the library has not
	// written them in theirs.
	switch {
	case v.Description.Text != "" && v.Description.Lang != lang:
		v.Missing = s.I18n().T(lang, "booking.help_lang."+v.Description.Lang, nil)
	case v.Name.Lang != lang:
		v.Missing = s.I18n().T(lang, "booking.help_lang."+v.Name.Lang, nil)
	}
	return v
}

// slotView returns a slot's view in lang, with the link that books it
// when it is free.
func (s *server) slotView(lang string, resourceID int64, sl library.Slot) slotView {
	v := slotView{
		Start: formatStart(sl.Start), End: formatStart(sl.End), State: sl.State, SelfService: sl.SelfService,
		MaxMinutes: sl.MaxMinutes, Text: s.whenText(lang, sl.Interval), Clock: s.rangeText(lang, sl.Interval),
		StateName: s.I18n().T(lang, "bookings_public.slot."+sl.State, nil),
	}
	if sl.State == library.SlotFree {
		v.BookURL = bookURL(resourceID, sl.Start)
	}
	return v
}
