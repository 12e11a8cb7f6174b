package elib

import (
	"context"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// pubView is one publication as both OPDS formats show it: the record,
// its availability, and the patron's loan or hold of it, if any.
type pubView struct {
	Rec   library.Record
	Avail library.EAvailability
	Loan  *library.ELoan
	Hold  *library.EHold
	// OpenHref and OpenType are an open-access title's download.
	OpenHref, OpenType string
}

// acqLink is a link of a publication that acquires it or ends its
// acquisition, with the ODL-style availability both formats carry.
type acqLink struct {
	Rel, Href, Type, Title string
	State                  string // available, unavailable, reserved, ready; "" none
	Since, Until           time.Time
	Copies                 bool // Total and Free say the licences' places
	Total, Free            int
	Holds                  bool // Waiting (and Position, when the patron waits) say the queue
	Waiting, Position      int
}

// isOpen reports whether a title is open access only: downloaded, not
// lent.
func isOpen(a library.EAvailability) bool { return a.Open && a.Total == 0 && !a.Unlimited }

// canBorrow reports whether a place is free now.
func canBorrow(a library.EAvailability) bool { return a.Unlimited || a.Free > 0 }

// acquisitions are the publication's links that act: the patron's loan
// (open it, return it), their hold (borrow when offered, cancel), a
// download, or borrow and reserve. The links are
// under the format's prefix (/opds, /opds/v1), where its borrow, reserve,
// return and cancel are; they answer with pubType.
func (s *server) acquisitions(lang, base, prefix, pubType string, v pubView) []acqLink {
	tr := func(key string) string { return s.I18n().T(lang, key, nil) }
	pub := base + prefix + "/publications/" + strconv.FormatInt(v.Rec.ID, 10)
	a := v.Avail
	copies := func(l acqLink) acqLink {
		if !a.Unlimited && !isOpen(a) {
			l.Copies, l.Total, l.Free = true, a.Total, a.Free
		}
		l.Holds, l.Waiting = true, a.Waiting
		return l
	}
	switch {
	case v.Loan != nil:
		return []acqLink{
			{Rel: relAcquisition, Href: v.Loan.Link, Type: v.Loan.LinkType, Title: tr("opds.link.open"),
				State: "available", Since: v.Loan.Start, Until: v.Loan.Due},
			{Rel: relRevoke, Href: base + prefix + "/loans/" + strconv.FormatInt(v.Loan.ID, 10) + "/return",
				Type: pubType, Title: tr("opds.link.return")},
		}
	case v.OpenHref != "":
		return []acqLink{{Rel: relOpenAccess, Href: v.OpenHref, Type: v.OpenType, Title: tr("opds.link.download"), State: "available"}}
	case v.Hold != nil && v.Hold.Status == library.EHoldOffered:
		return []acqLink{
			copies(acqLink{Rel: relBorrow, Href: pub + "/borrow", Type: pubType, Title: tr("opds.link.borrow"),
				State: "ready", Since: v.Hold.Offered, Until: v.Hold.WindowEnds}),
			{Rel: relRevoke, Href: base + prefix + "/holds/" + strconv.FormatInt(v.Hold.ID, 10) + "/cancel",
				Type: pubType, Title: tr("opds.link.cancel")},
		}
	case v.Hold != nil:
		l := copies(acqLink{Rel: relBorrow, Href: pub + "/borrow", Type: pubType, Title: tr("opds.link.borrow"),
			State: "reserved", Since: v.Hold.Created})
		l.Position = v.Hold.Position
		if v.Hold.EstimatedWait > 0 {
			l.Until = s.Now().Add(v.Hold.EstimatedWait)
		}
		return []acqLink{l, {Rel: relRevoke, Href: base + prefix + "/holds/" + strconv.FormatInt(v.Hold.ID, 10) + "/cancel",
			Type: pubType, Title: tr("opds.link.cancel")}}
	case canBorrow(a):
		return []acqLink{copies(acqLink{Rel: relBorrow, Href: pub + "/borrow", Type: pubType,
			Title: tr("opds.link.borrow"), State: "available"})}
	default:
		// Nothing is free: the borrow relation (what reading apps look
		// for) leads to Reserve.
		l := copies(acqLink{Rel: relBorrow, Href: pub + "/reserve", Type: pubType,
			Title: tr("opds.link.reserve"), State: "unavailable"})
		if a.EstimatedWait > 0 {
			l.Until = s.Now().Add(a.EstimatedWait)
		}
		return []acqLink{l}
	}
}

// coverType guesses a cover picture's media type from its name; the
// record says none, and JPEG is what most cover services serve.
func coverType(u string) string {
	switch strings.ToLower(path.Ext(strings.SplitN(u, "?", 2)[0])) {
	case ".png":
		return "image/png"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	}
	return "image/jpeg"
}

// openDownload is an open-access title's download: its open licence's
// link (an import keeps the distributor's open-access link there, and
// in the record's links), else the record's first web link that is no
// cover.
func (s *server) openDownload(ctx context.Context, el library.ELibrary, v *pubView) error {
	ls, err := el.Licences(ctx, v.Rec.ID)
	if err != nil {
		return err
	}
	for _, l := range ls {
		if l.Model == library.ModelOpenAccess && library.WebURL(l.CheckoutURL) {
			v.OpenHref = l.CheckoutURL
			if len(l.Formats) > 0 {
				v.OpenType = l.Formats[0]
			}
			return nil
		}
	}
	for _, l := range v.Rec.Links {
		if !l.Cover && library.WebURL(l.URL) {
			v.OpenHref = l.URL
			return nil
		}
	}
	return nil
}

// views makes the publications of records, in order, with their
// availability; a record deleted since the index saw it, or one without
// licences, which nobody could borrow, is left out.
func (s *server) views(ctx context.Context, ids []int64, av map[int64]library.EAvailability) ([]pubView, error) {
	el, err := s.elib()
	if err != nil {
		return nil, err
	}
	var out []pubView
	for _, id := range ids {
		a, ok := av[id]
		if !ok {
			continue
		}
		rec, err := s.Store().Record(ctx, id)
		if library.ErrorCode(err) == library.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		v := pubView{Rec: rec, Avail: a}
		if isOpen(a) {
			if err := s.openDownload(ctx, el, &v); err != nil {
				return nil, err
			}
			if v.OpenHref == "" {
				continue // open access, yet nowhere to download it
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// feedResult is one page of a publications feed.
type feedResult struct {
	Query feedQuery
	Pubs  []pubView
	Total int // publications in the whole feed (before paging)
	Pages int
}

// maxScan bounds the hits a feed reads. A feed lists only titles with
// licences (a record without any offers nothing to acquire), and
// "available now" and "open access" are the e-library's to say, not the
// index's: so a feed reads its hits' availability in one query and pages
// over those that qualify. Past maxScan hits a feed lists the first
// maxScan hits' titles only; a search narrows it.
const maxScan = 2000

// feed searches the catalogue as /search does, for e-titles only, and
// reads their availability.
func (s *server) feed(r *http.Request, q feedQuery) (feedResult, error) {
	el, err := s.elib()
	if err != nil {
		return feedResult{}, err
	}
	ctx := r.Context()
	mats := []string{string(q.Material)}
	if q.Material == "" {
		mats = nil
		for _, m := range library.EMaterials {
			mats = append(mats, string(m))
		}
	}
	sq := library.SearchQuery{Text: q.Query, Lang: s.Lang(r), Filters: map[string][]string{library.FacetMaterial: mats}, Limit: maxScan}
	if q.New {
		sq.Sort = library.SortNewest
	}
	res, err := s.Search().Search(ctx, sq)
	if err != nil {
		return feedResult{}, err
	}
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	av, err := el.EAvailability(ctx, ids, s.Now())
	if err != nil {
		return feedResult{}, err
	}
	var keep []int64
	for _, id := range ids {
		a, ok := av[id]
		if ok && (!q.Open || isOpen(a)) && (!q.Available || isOpen(a) || canBorrow(a)) {
			keep = append(keep, id)
		}
	}
	size := s.PageSize()
	fr := feedResult{Query: q, Total: len(keep), Pages: (len(keep) + size - 1) / size}
	if q.Page > 1 && q.Page > fr.Pages {
		e := library.Errorf(library.ENOTFOUND, "page %d of %d", q.Page, fr.Pages)
		e.Key = "error.page_past_end"
		return feedResult{}, e
	}
	from := min((q.Page-1)*size, len(keep))
	fr.Pubs, err = s.views(ctx, keep[from:min(from+size, len(keep))], av)
	return fr, err
}

// onePublication reads a record's publication, with the patron's loan or
// hold of it when one is signed in (p.ID 0: nobody).
func (s *server) onePublication(r *http.Request, p library.Patron) (pubView, error) {
	rec, err := s.record(r)
	if err != nil {
		return pubView{}, err
	}
	return s.publicationOf(r, p, rec.ID)
}

// publicationOf reads a record's publication for the patron.
func (s *server) publicationOf(r *http.Request, p library.Patron, id int64) (pubView, error) {
	el, err := s.elib()
	if err != nil {
		return pubView{}, err
	}
	av, err := el.EAvailability(r.Context(), []int64{id}, s.Now())
	if err != nil {
		return pubView{}, err
	}
	vs, err := s.views(r.Context(), []int64{id}, av)
	if err != nil {
		return pubView{}, err
	}
	if len(vs) == 0 {
		return pubView{}, &library.Error{Code: library.ENOTFOUND, Key: "elib_web.avail.no_licence",
			Message: "record " + strconv.FormatInt(id, 10) + " has no licences"}
	}
	v := vs[0]
	if p.ID == 0 {
		return v, nil
	}
	shelf, err := s.shelf(r, p)
	if err != nil {
		return pubView{}, err
	}
	for _, sv := range shelf {
		if sv.Rec.ID == id {
			v.Loan, v.Hold = sv.Loan, sv.Hold
		}
	}
	return v, nil
}

// shelf is the patron's open e-loans and their holds in queue or on
// offer, as publications: what /opds/loans lists.
func (s *server) shelf(r *http.Request, p library.Patron) ([]pubView, error) {
	el, err := s.elib()
	if err != nil {
		return nil, err
	}
	ctx, now := r.Context(), s.Now()
	loans, err := el.ELoans(ctx, p.ID, now)
	if err != nil {
		return nil, err
	}
	holds, err := el.EHolds(ctx, p.ID, now)
	if err != nil {
		return nil, err
	}
	var ids []int64
	loanOf := map[int64]*library.ELoan{}
	holdOf := map[int64]*library.EHold{}
	for i, l := range loans {
		if l.Returned.IsZero() && l.Link != "" && loanOf[l.RecordID] == nil {
			loanOf[l.RecordID] = &loans[i]
			ids = append(ids, l.RecordID)
		}
	}
	for i, h := range holds {
		if (h.Status == library.EHoldWaiting || h.Status == library.EHoldOffered) && loanOf[h.RecordID] == nil && holdOf[h.RecordID] == nil {
			holdOf[h.RecordID] = &holds[i]
			ids = append(ids, h.RecordID)
		}
	}
	av, err := el.EAvailability(ctx, ids, now)
	if err != nil {
		return nil, err
	}
	out := make([]pubView, 0, len(ids))
	for _, id := range ids {
		rec, err := s.Store().Record(ctx, id)
		if library.ErrorCode(err) == library.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, pubView{Rec: rec, Avail: av[id], Loan: loanOf[id], Hold: holdOf[id]})
	}
	return out, nil
}

// recordPage is the record's page on the site, for the feeds' HTML
// alternates.
func recordPage(base string, id int64) string { return base + web.RecordURL(id) }
