package site

import (
	"bytes"
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/web"
)

// recordPage is everything the record page shows, and the API returns.
type recordPage struct {
	Record       recordView  `json:"record"`
	Items        []itemView  `json:"items"`
	Availability []cityAvail `json:"availability"`
	Summary      summary     `json:"summary"`
	MARC         []marcField `json:"-"`
	MARCText     []string    `json:"marc"` // one field a line: "245 10 $a Title $c Author"
	MARCDerived  bool        `json:"marc_derived"`
	// Rating is the patrons' average (ratings.go); nil when the store
	// keeps no ratings. Mine is the user's own rating and lists form.
	Rating *ratingView `json:"rating,omitempty"`
	Mine   *recordMine `json:"-"`
	// Work is the record's work when it has other editions (works.go).
	Work *workRef `json:"work,omitempty"`
}

// recordView is a record as the page and the API show it: codes with
// their names in the user's language next to them.
type recordView struct {
	ID            int64             `json:"id"`
	Title         string            `json:"title"`
	Subtitle      string            `json:"subtitle,omitempty"`
	Contributors  []contributorView `json:"contributors"`
	Subjects      []link            `json:"subjects"`
	Genres        []link            `json:"genres"`
	Language      string            `json:"language"`
	LanguageLabel string            `json:"language_label"`
	Year          int               `json:"year,omitempty"`
	Publisher     string            `json:"publisher,omitempty"`
	Material      string            `json:"material"`
	MaterialLabel string            `json:"material_label"`
	ISBNs         []string          `json:"isbns"`
	ISSNs         []string          `json:"issns"`
	Series        string            `json:"series,omitempty"`
	Summary       string            `json:"summary,omitempty"`
	Audience      string            `json:"audience,omitempty"`
	AudienceLabel string            `json:"audience_label,omitempty"`
	Notes         []string          `json:"notes"`
	Links         []onlineLink      `json:"links"`
	Cover         web.Cover         `json:"cover"`
}

// onlineLink is one of the record's electronic locations (MARC 856): where
// the resource, or something about it, is online.
type onlineLink struct {
	URL  string `json:"url"`
	Text string `json:"text"` // the record's words, else "Open online" in the user's language
	Host string `json:"host"`
}

type contributorView struct {
	Name      string `json:"name"`
	Role      string `json:"role"`
	RoleLabel string `json:"role_label"`
	URL       string `json:"-"`
}

// link is a word that is also a search, such as a subject.
type link struct {
	Text string `json:"text"`
	URL  string `json:"-"`
}

type itemView struct {
	Barcode     string     `json:"barcode"`
	Branch      string     `json:"branch"`
	CallNumber  string     `json:"call_number"`
	Shelf       string     `json:"shelf"`
	Status      string     `json:"status"`
	StatusLabel string     `json:"status_label"`
	DueAt       *time.Time `json:"due_at,omitempty"`
}

// cityAvail is the availability of a record in one member library.
type cityAvail struct {
	ID       string        `json:"id"`
	Name     web.LangText  `json:"name"`
	Branches []branchAvail `json:"branches"`
}

// branchAvail counts the copies of a record in one branch.
type branchAvail struct {
	ID          string        `json:"id"`
	Name        web.LangText  `json:"name"`
	Available   int           `json:"available"`
	OnLoan      int           `json:"on_loan"`
	EarliestDue *time.Time    `json:"earliest_due,omitempty"`
	DueText     string        `json:"-"`
	Other       []statusCount `json:"other"`
	Shelves     []string      `json:"shelves"`
	CallNumbers []string      `json:"call_numbers"`
}

type statusCount struct {
	Status string `json:"status"`
	Label  string `json:"label"`
	Count  int    `json:"count"`
}

func (s *server) serveRecord(w http.ResponseWriter, r *http.Request) error {
	rp, err := s.recordPage(r.Context(), s.Lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	p, signedIn := s.CurrentPatron(r)
	reserve, err := s.reserveFormFor(r.Context(), s.Lang(r), rp, p, signedIn)
	if err != nil {
		return err
	}
	if rp.Mine, err = s.recordMineFor(r.Context(), s.Lang(r), rp.Record.ID, p, signedIn); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "record", rp.Record.Title, recordWithReserve{rp, reserve})
	return nil
}

func (s *server) recordPage(ctx context.Context, lang, idText string) (*recordPage, error) {
	id, err := web.ParseRecordID(idText)
	if err != nil {
		return nil, err
	}
	rec, err := s.Store().Record(ctx, id)
	if err != nil {
		return nil, err
	}
	items, err := s.Store().Items(ctx, id)
	if err != nil {
		return nil, err
	}
	// A withdrawn copy has left the collection: the public sees it no more.
	items = slices.DeleteFunc(items, func(it library.Item) bool { return it.Status == library.Withdrawn })
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	rp := &recordPage{Record: s.recordView(lang, rec), Items: []itemView{}}
	for _, it := range items {
		iv := itemView{
			Barcode: it.Barcode, Branch: it.Branch, CallNumber: it.CallNumber, Shelf: it.Shelf,
			Status: string(it.Status), StatusLabel: s.statusName(lang, it.Status),
		}
		if it.Status == library.OnLoan && !it.DueAt.IsZero() {
			iv.DueAt = &it.DueAt
		}
		rp.Items = append(rp.Items, iv)
	}
	rp.Availability = s.availability(lang, items, libs, branches)
	ed := edition{rec: rec, items: items}
	av, err := s.EAvailabilities(ctx, []library.Record{rec})
	if err != nil {
		return nil, err
	}
	if a, ok := av[rec.ID]; ok {
		ed.ea = &a
	}
	rp.Summary = s.summarize(lang, ed)
	rp.MARC, rp.MARCDerived = marcView(rec, items)
	if rp.Rating, err = s.recordRating(ctx, lang, id); err != nil {
		return nil, err
	}
	for _, f := range rp.MARC {
		rp.MARCText = append(rp.MARCText, f.String())
	}
	rp.Work = s.workOf(ctx, id)
	return rp, nil
}

func (s *server) recordView(lang string, rec library.Record) recordView {
	rv := recordView{
		ID: rec.ID, Title: rec.Title, Subtitle: rec.Subtitle,
		Contributors: []contributorView{}, Subjects: []link{}, Genres: []link{},
		Language: rec.Language, LanguageLabel: s.languageName(lang, rec.Language),
		Year: rec.Year, Publisher: rec.Publisher,
		Material: string(rec.Material), MaterialLabel: s.materialName(lang, rec.Material),
		ISBNs: nonNil(rec.ISBNs), ISSNs: nonNil(rec.ISSNs), Series: rec.Series,
		Summary: rec.Summary, Audience: rec.Audience, Notes: nonNil(rec.Notes),
	}
	if rec.Audience != "" && s.I18n().Has(lang, "audience."+rec.Audience) {
		rv.AudienceLabel = s.I18n().T(lang, "audience."+rec.Audience, nil)
	}
	for _, c := range rec.Authors {
		role := c.Role
		if role == "" {
			role = "author"
		}
		label := s.I18n().T(lang, "role.contributor", nil)
		if s.I18n().Has(lang, "role."+role) {
			label = s.I18n().T(lang, "role."+role, nil)
		}
		rv.Contributors = append(rv.Contributors, contributorView{
			Name: c.Name, Role: role, RoleLabel: label, URL: filterURL(library.FacetAuthor, c.Name),
		})
	}
	for _, x := range rec.Subjects {
		rv.Subjects = append(rv.Subjects, link{x, filterURL(library.FacetSubject, x)})
	}
	for _, x := range rec.Genres {
		rv.Genres = append(rv.Genres, link{x, filterURL(library.FacetGenre, x)})
	}
	rv.Links = s.onlineLinks(lang, rec)
	rv.Cover = s.Cover(lang, rec, web.CoverOnPage)
	return rv
}

// onlineLinks returns the record's web links to show. Only http and https
// addresses are links (the import keeps no others, and a record stored
// some other way is checked again here); a picture of the cover is shown
// as the cover, not offered as a link. A link without words of its own
// says "Open online"; the page shows every link's host beside its words,
// so that the link text says where it leads.
func (s *server) onlineLinks(lang string, rec library.Record) []onlineLink {
	out := []onlineLink{}
	for _, l := range rec.Links {
		if l.Cover || !library.WebURL(l.URL) {
			continue
		}
		u, err := url.Parse(l.URL)
		if err != nil {
			continue
		}
		ol := onlineLink{URL: l.URL, Text: l.Text, Host: u.Hostname()}
		if ol.Text == "" {
			ol.Text = s.I18n().T(lang, "record.online_open", nil)
		}
		out = append(out, ol)
	}
	return out
}

// filterURL returns a search for everything with one facet value.
func filterURL(facet, value string) string {
	return "/search?" + url.Values{facet: {value}}.Encode()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// availability groups a record's items by the branch they are at, and
// the branches by city, in the consortium's order.
func (s *server) availability(lang string, items []library.Item, libs []library.Library, branches []library.Branch) []cityAvail {
	byBranch := map[string]*branchAvail{}
	for _, it := range items {
		ba := byBranch[it.Branch]
		if ba == nil {
			ba = &branchAvail{ID: it.Branch, Other: []statusCount{}, Shelves: []string{}, CallNumbers: []string{}}
			byBranch[it.Branch] = ba
		}
		switch it.Status {
		case library.Available:
			ba.Available++
		case library.OnLoan:
			ba.OnLoan++
			if due := it.DueAt; !due.IsZero() && (ba.EarliestDue == nil || due.Before(*ba.EarliestDue)) {
				ba.EarliestDue = &due
			}
		default:
			i := slices.IndexFunc(ba.Other, func(sc statusCount) bool { return sc.Status == string(it.Status) })
			if i < 0 {
				ba.Other = append(ba.Other, statusCount{Status: string(it.Status), Label: s.statusName(lang, it.Status)})
				i = len(ba.Other) - 1
			}
			ba.Other[i].Count++
		}
		if it.Shelf != "" && !slices.Contains(ba.Shelves, it.Shelf) {
			ba.Shelves = append(ba.Shelves, it.Shelf)
		}
		if it.CallNumber != "" && !slices.Contains(ba.CallNumbers, it.CallNumber) {
			ba.CallNumbers = append(ba.CallNumbers, it.CallNumber)
		}
	}
	var out []cityAvail
	placed := map[string]bool{}
	for _, l := range libs {
		ca := cityAvail{ID: l.ID, Name: web.TextIn(l.Name, lang)}
		for _, b := range branches {
			if ba := byBranch[b.ID]; ba != nil && b.LibraryID == l.ID {
				ba.Name = web.TextIn(b.Name, lang)
				ca.Branches = append(ca.Branches, *ba)
				placed[b.ID] = true
			}
		}
		if len(ca.Branches) > 0 {
			out = append(out, ca)
		}
	}
	// Items at a branch the consortium no longer lists still exist.
	var rest []branchAvail
	for id, ba := range byBranch {
		if !placed[id] {
			ba.Name = web.LangText{Text: id}
			rest = append(rest, *ba)
		}
	}
	if len(rest) > 0 {
		slices.SortFunc(rest, func(a, b branchAvail) int { return cmp.Compare(a.ID, b.ID) })
		out = append(out, cityAvail{ID: "", Name: web.LangText{Text: s.I18n().T(lang, "avail.other", nil), Lang: lang}, Branches: rest})
	}
	for i := range out {
		for j := range out[i].Branches {
			if d := out[i].Branches[j].EarliestDue; d != nil {
				out[i].Branches[j].DueText = s.I18n().T(lang, "avail.due", map[string]any{"Date": s.FormatTime(lang, *d)})
			}
		}
	}
	if out == nil {
		out = []cityAvail{}
	}
	return out
}

func (s *server) statusName(lang string, st library.ItemStatus) string {
	if s.I18n().Has(lang, "status."+string(st)) {
		return s.I18n().T(lang, "status."+string(st), nil)
	}
	return string(st)
}

// marcField is one line of the MARC view.
type marcField struct {
	Tag        string
	Indicators string // two characters, as in the record
	Value      string // control fields
	Subfields  []marc.Subfield
}

// marcView returns the record's MARC fields for display: its source MARC
// if it has one that decodes, else one derived from the catalogue data.
func marcView(rec library.Record, items []library.Item) ([]marcField, bool) {
	var mr *marc.Record
	derived := false
	if len(rec.MARC) > 0 {
		if m, err := marc.NewReader(bytes.NewReader(rec.MARC)).Next(); err == nil {
			mr = m
		}
	}
	if mr == nil {
		mr, derived = marc.FromLibrary(rec, items), true
	}
	fields := []marcField{{Tag: "LDR", Value: mr.Leader.String()}}
	for _, f := range mr.Fields {
		mf := marcField{Tag: f.Tag}
		if f.IsControl() {
			mf.Value = f.Value
		} else {
			mf.Indicators = string([]byte{blank(f.Ind1), blank(f.Ind2)})
			mf.Subfields = f.Subfields
		}
		fields = append(fields, mf)
	}
	return fields, derived
}

// String returns the field in the usual text form: "245 10 $a Title $c Author".
func (f marcField) String() string {
	if f.Subfields == nil {
		return f.Tag + " " + f.Value
	}
	var b strings.Builder
	b.WriteString(f.Tag + " " + f.Indicators)
	for _, sf := range f.Subfields {
		b.WriteString(" $" + string(rune(sf.Code)) + " " + sf.Value)
	}
	return b.String()
}

func blank(b byte) byte {
	if b == 0 {
		return ' '
	}
	return b
}
