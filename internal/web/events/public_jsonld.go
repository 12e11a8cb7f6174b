package events

import (
	"fmt"

	"github.com/kirjasto/kirjasto/internal/library"
)

// schema.org's description of an event's page, as JSON-LD, for search
// engines and calendars that read structured data; the core's layout
// puts it in the page as the record and library pages do (web's
// page.JSONLD).

// ld is a JSON-LD node.
type ld = map[string]any

const schemaOrg = "https://schema.org"

// JSONLD returns the event page's schema.org description.
func (p *eventPage) JSONLD() any { return p.Event.EventLD }

// eventLD describes an event: when, where, for whom, at what price, who
// puts it on, and whether it is cancelled.
func eventLD(e library.Event, v eventView, addr library.Venue) ld {
	status := schemaOrg + "/EventScheduled"
	if e.Cancelled() {
		status = schemaOrg + "/EventCancelled"
	}
	n := ld{
		"@context": schemaOrg, "@type": "Event", "@id": v.URL, "url": v.URL, "name": v.Title.Text,
		"startDate":           e.Start.In(library.Helsinki).Format("2006-01-02T15:04:05-07:00"),
		"endDate":             e.End.In(library.Helsinki).Format("2006-01-02T15:04:05-07:00"),
		"eventStatus":         status,
		"eventAttendanceMode": schemaOrg + "/OfflineEventAttendanceMode",
		"organizer":           ld{"@type": "Library", "name": v.LibraryName.Text},
	}
	if v.Summary.Text != "" {
		n["description"] = v.Summary.Text
	}
	place := ld{"@type": "Place", "name": v.Place}
	if e.Venue.IsZero() {
		place["@id"] = v.BranchURL
	}
	pa := ld{"@type": "PostalAddress", "addressCountry": "FI"}
	for k, val := range map[string]string{"streetAddress": addr.Street, "postalCode": addr.PostalCode, "addressLocality": addr.City} {
		if val != "" {
			pa[k] = val
		}
	}
	place["address"] = pa
	n["location"] = place
	offer := ld{"@type": "Offer", "price": fmt.Sprintf("%d.%02d", e.PriceCents/100, e.PriceCents%100),
		"priceCurrency": "EUR", "url": v.URL}
	switch v.State {
	case stateFull, stateWaiting, stateStarted, stateCancelled:
		offer["availability"] = schemaOrg + "/SoldOut"
	default:
		offer["availability"] = schemaOrg + "/InStock"
	}
	if v.SignupOpens != nil {
		offer["validFrom"] = v.SignupOpens.In(library.Helsinki).Format("2006-01-02T15:04:05-07:00")
	}
	n["offers"] = offer
	n["isAccessibleForFree"] = e.Free()
	if len(e.Languages) == 1 {
		n["inLanguage"] = e.Languages[0]
	} else if len(e.Languages) > 1 {
		n["inLanguage"] = e.Languages
	}
	if len(e.Audiences) > 0 {
		var aud []ld
		for _, a := range v.Audiences {
			aud = append(aud, ld{"@type": "Audience", "audienceType": a.Name})
		}
		n["audience"] = aud
	}
	if e.Capacity > 0 && e.Registration {
		n["maximumAttendeeCapacity"] = e.Capacity
		n["remainingAttendeeCapacity"] = e.PlacesLeft()
	}
	return n
}
