package odltest

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Checkouts, loans and returns, under one lock: ODL's counts (checkouts
// left, concurrent places) are the distributor's to keep honest.

// open reports whether a loan still holds its place at now; a loan past
// its end has expired (settled lazily, on the next look).
func (l *loan) open(now time.Time) bool {
	if (l.status == "ready" || l.status == "active") && !now.Before(l.end) {
		l.status, l.updated = "expired", l.end
	}
	return l.status == "ready" || l.status == "active"
}

// activeLoans returns the licence's open loans at now; s.mu is held.
func (s *Server) activeLoans(lic *licence, now time.Time) []*loan {
	var out []*loan
	for _, l := range lic.loans {
		if l.open(now) {
			out = append(out, l)
		}
	}
	return out
}

func (s *Server) serveInfo(w http.ResponseWriter, r *http.Request) {
	lic := s.licences[r.PathValue("id")]
	if lic == nil {
		problem(w, http.StatusNotFound, problemGeneric, "no such licence")
		return
	}
	base, now := s.base(r), s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	active := s.activeLoans(lic, now)
	status := "available"
	if (!lic.expires.IsZero() && !now.Before(lic.expires)) || (lic.checkouts > 0 && lic.left <= 0) {
		status = "unavailable"
	}
	checkouts := map[string]any{}
	if lic.checkouts > 0 {
		checkouts["left"] = lic.left
	}
	if lic.concurrency > 0 {
		checkouts["available"] = max(0, lic.concurrency-len(active))
	}
	list := []map[string]string{}
	for _, l := range active {
		list = append(list, map[string]string{"href": base + "/loans/" + l.id, "id": l.checkoutID,
			"patron_id": l.patronID, "expires": l.end.UTC().Format(time.RFC3339)})
	}
	checkouts["active"] = list
	doc := s.jsonLicence(base, lic).Metadata
	writeJSON(w, http.StatusOK, typeInfo, map[string]any{
		"identifier": lic.id, "status": status, "checkouts": checkouts,
		"format": doc.Format, "created": doc.Created, "terms": doc.Terms, "protection": doc.Protection,
	})
}

func (s *Server) serveCheckout(w http.ResponseWriter, r *http.Request) {
	lic := s.licences[r.PathValue("id")]
	if lic == nil {
		problem(w, http.StatusNotFound, problemGeneric, "no such licence")
		return
	}
	q := r.URL.Query()
	for _, name := range []string{"id", "checkout_id", "patron_id"} {
		if q.Get(name) == "" {
			problem(w, http.StatusBadRequest, problemCheckout+name, name+" is required")
			return
		}
	}
	if q.Get("id") != lic.id {
		problem(w, http.StatusBadRequest, problemCheckout+"id", "id is not this licence's")
		return
	}
	var want time.Time
	if v := q.Get("expires"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			problem(w, http.StatusBadRequest, problemCheckout+"expires", "expires is not an ISO 8601 date and time")
			return
		}
		want = t
	}
	if v := q.Get("notification_url"); v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			problem(w, http.StatusBadRequest, problemCheckout+"notification_url", "notification_url is not a URL")
			return
		}
	}
	base, now := s.base(r), s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	// The same checkout again: ODL's 303 to the loan made before, unchanged.
	if l := s.byCheckout[lic.id+" "+q.Get("checkout_id")]; l != nil {
		http.Redirect(w, r, base+"/loans/"+l.id, http.StatusSeeOther)
		return
	}
	switch {
	case !lic.expires.IsZero() && !now.Before(lic.expires):
		problem(w, http.StatusForbidden, problemCheckout+"expired", "the licence has expired")
		return
	case lic.checkouts > 0 && lic.left <= 0:
		problem(w, http.StatusForbidden, problemCheckout+"unavailable", "no checkouts left")
		return
	case lic.concurrency > 0 && len(s.activeLoans(lic, now)) >= lic.concurrency:
		problem(w, http.StatusForbidden, problemCheckout+"unavailable", "every concurrent checkout is taken")
		return
	}
	// The loan ends when asked, but never after the terms' length or the
	// licence's expiry.
	end := now.Add(lic.length)
	if !want.IsZero() && want.Before(end) {
		if !want.After(now) {
			problem(w, http.StatusBadRequest, problemCheckout+"expires", "expires is in the past")
			return
		}
		end = want
	}
	if !lic.expires.IsZero() && lic.expires.Before(end) {
		end = lic.expires
	}
	s.seq++
	l := &loan{id: fmt.Sprint(s.seq), checkoutID: q.Get("checkout_id"), patronID: q.Get("patron_id"),
		notify: q.Get("notification_url"), lic: lic, status: "ready", start: now, end: end, updated: now}
	s.loans[l.id] = l
	s.byCheckout[lic.id+" "+l.checkoutID] = l
	lic.loans = append(lic.loans, l)
	if lic.checkouts > 0 {
		lic.left--
	}
	writeJSON(w, http.StatusCreated, typeStatus, s.statusDocument(base, l, now))
}

// statusDocument is a loan's Readium License Status Document.
func (s *Server) statusDocument(base string, l *loan, now time.Time) map[string]any {
	open := l.open(now)
	self := base + "/loans/" + l.id
	links := []map[string]any{
		{"rel": "self", "href": self, "type": typeStatus},
		{"rel": "license", "href": self + "/license", "type": typeLCPLicence},
	}
	if open {
		links = append(links, map[string]any{"rel": "return", "href": self + "/return" + returnParams,
			"type": typeStatus, "templated": true},
			map[string]any{"rel": "renew", "href": self + "/renew" + renewParams,
				"type": typeStatus, "templated": true})
	}
	return map[string]any{
		"id":      l.checkoutID,
		"status":  l.status,
		"message": "The loan is " + l.status + ".",
		"updated": map[string]string{"license": l.start.UTC().Format(time.RFC3339),
			"status": l.updated.UTC().Format(time.RFC3339)},
		"links":            links,
		"potential_rights": map[string]string{"end": l.maxEnd().UTC().Format(time.RFC3339)},
		"events": []map[string]string{{"type": "register", "name": "Kirjasto",
			"timestamp": l.start.UTC().Format(time.RFC3339), "id": l.patronID}},
	}
}

func (s *Server) loan(w http.ResponseWriter, r *http.Request) *loan {
	l := s.loans[r.PathValue("id")]
	if l == nil {
		problem(w, http.StatusNotFound, problemGeneric, "no such loan")
	}
	return l
}

func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.loan(w, r); l != nil {
		writeJSON(w, http.StatusOK, typeStatus, s.statusDocument(s.base(r), l, s.opts.Now()))
	}
}

// serveReturn ends a loan (LSD's return interaction): its place is free
// again; a checkout spent stays spent.
func (s *Server) serveReturn(w http.ResponseWriter, r *http.Request) {
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.loan(w, r)
	if l == nil {
		return
	}
	if !l.open(now) {
		problem(w, http.StatusBadRequest, problemGeneric, "the loan is "+l.status+", not open")
		return
	}
	l.status, l.updated = "returned", now
	writeJSON(w, http.StatusOK, typeStatus, s.statusDocument(s.base(r), l, now))
}

// serveLicenceFile stands in for the loan's LCP licence: what a reading
// app fetches. Fetching it makes the loan active, as with LCP. It is a
// stand-in, not an encrypted LCP licence.
func (s *Server) serveLicenceFile(w http.ResponseWriter, r *http.Request) {
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.loan(w, r)
	if l == nil {
		return
	}
	if !l.open(now) {
		problem(w, http.StatusForbidden, problemGeneric, "the loan is "+l.status)
		return
	}
	if l.status == "ready" {
		l.status, l.updated = "active", now
	}
	base := s.base(r)
	writeJSON(w, http.StatusOK, typeLCPLicence, map[string]any{
		"id": l.checkoutID, "issued": l.start.UTC().Format(time.RFC3339), "provider": base,
		"rights": map[string]string{"start": l.start.UTC().Format(time.RFC3339), "end": l.end.UTC().Format(time.RFC3339)},
		"links": []map[string]string{
			{"rel": "status", "href": base + "/loans/" + l.id, "type": typeStatus},
			{"rel": "publication", "href": fmt.Sprintf("%s/preview/%d", base, l.lic.pub.n), "type": "text/html"},
		},
	})
}

// maxEnd is the latest a loan may be renewed to (LSD's potential
// rights): three loan lengths from its start, never past the licence.
func (l *loan) maxEnd() time.Time {
	end := l.start.Add(3 * l.lic.length)
	if !l.lic.expires.IsZero() && l.lic.expires.Before(end) {
		end = l.lic.expires
	}
	return end
}

// serveRenew extends an open loan (LSD's renew interaction) to the end
// asked for, within its potential rights.
func (s *Server) serveRenew(w http.ResponseWriter, r *http.Request) {
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.loan(w, r)
	if l == nil {
		return
	}
	if !l.open(now) {
		problem(w, http.StatusBadRequest, problemRenew, "the loan is "+l.status+", not open")
		return
	}
	end, err := time.Parse(time.RFC3339, r.URL.Query().Get("end"))
	switch {
	case err != nil:
		problem(w, http.StatusBadRequest, problemRenew, "end is not an ISO 8601 date and time")
		return
	case !end.After(l.end):
		problem(w, http.StatusBadRequest, problemRenew, "end is not later than the loan's end")
		return
	case end.After(l.maxEnd()):
		problem(w, http.StatusForbidden, problemRenew, "end is past the loan's potential rights")
		return
	}
	l.end, l.status, l.updated = end, "active", now
	writeJSON(w, http.StatusOK, typeStatus, s.statusDocument(s.base(r), l, now))
}
