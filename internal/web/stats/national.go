package stats

import (
	"context"
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The national report at /admin/stats/national?year=YYYY: each member
// library's year in the fields of the Finnish public libraries'
// statistics (Yleisten kirjastojen tilastot, tilastot.kirjastot.fi), the
// form's own Finnish field name beside the field in the user's language,
// ready to copy into the form or to download as XLSX. A library's staff
// see their own library, the consortium's every member library.

// nationalPage is the report.
type nationalPage struct {
	Year   int
	Years  []int
	Scope  string
	Scopes []scopeOption
	Tables []*table
	Export string
}

// Opening hours are counted to the minute and reported in hours.
const minutesPerHour = 60

func (s *server) serveNational(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	sc, err := s.chosenScope(r, st)
	if err != nil {
		return err
	}
	if sc.Branch != "" {
		// The national form is a library's: a branch has no report.
		sc = library.LibraryScope(sc.Library)
		if err := library.Permit(st, library.ActStatistics, sc); err != nil {
			return err
		}
	}
	today := s.Today()
	year := today.Year - 1
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 9998 {
			return webInvalidYear(v)
		}
		year = y
	}
	ctx, lang := r.Context(), s.Lang(r)
	tables, err := s.nationalTables(ctx, lang, sc, year)
	if err != nil {
		return err
	}
	if done, err := s.export(w, r, "kirjasto-national-"+strconv.Itoa(year), tables); done || err != nil {
		return err
	}
	scopes, err := s.scopeOptions(ctx, lang, st)
	if err != nil {
		return err
	}
	var libScopes []scopeOption
	for _, o := range scopes {
		if o.Depth < 2 {
			libScopes = append(libScopes, o)
		}
	}
	d := &nationalPage{Year: year, Scope: scopeValue(sc), Scopes: libScopes, Tables: tables, Export: exportQuery(r.URL.Query())}
	for y := today.Year; y >= today.Year-5; y-- {
		d.Years = append(d.Years, y)
	}
	s.Render(w, r, http.StatusOK, "stats_national", s.Tr(r, "stats_web.national.title")+" "+strconv.Itoa(year), d)
	return nil
}

// nationalTables is one table per member library in sc.
func (s *server) nationalTables(ctx context.Context, lang string, sc library.Scope, year int) ([]*table, error) {
	db, err := s.stats()
	if err != nil {
		return nil, err
	}
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	from, to := library.Date{Year: year, Month: 1, Day: 1}, library.Date{Year: year, Month: 12, Day: 31}
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	circ, err := db.CirculationStats(ctx, library.StatsQuery{From: from, To: to, Library: sc.Library,
		Actions: []string{"checkout", "renew"}, By: []string{"library", "action", "material"}})
	if err != nil {
		return nil, err
	}
	visitors, err := db.Visitors(ctx, from, to)
	if err != nil {
		return nil, err
	}
	coll, err := db.CollectionPeriod(ctx, from, to)
	if err != nil {
		return nil, err
	}
	events, err := db.EventsByCategory(ctx, from, to)
	if err != nil {
		return nil, err
	}
	eloans, err := db.ELoanCounts(ctx, from, to)
	if err != nil {
		return nil, err
	}
	var out []*table
	for _, l := range libs {
		if !inScope(sc, l.ID, "") {
			continue
		}
		tb := &table{ID: "national-" + l.ID, Caption: textIn(l.Name, lang) + " " + strconv.Itoa(year), Note: t("stats_web.national.note"),
			Head: []string{t("stats_web.national.form_field"), t("stats_web.national.field"), t("stats_web.national.value")}}
		add := func(form, label string, v int64) {
			tb.Rows = append(tb.Rows, row{Head: form, Cells: []cell{{Text: label}, count(v)}})
		}
		// Loans: checkouts and renewals together, as the form counts them,
		// then by material, then the renewals alone.
		loansBy, renewals := map[string]int64{}, int64(0)
		var loansTotal int64
		for _, c := range circ {
			if c.Key[0] != l.ID {
				continue
			}
			loansBy[c.Key[2]] += c.N
			loansTotal += c.N
			if c.Key[1] == "renew" {
				renewals += c.N
			}
		}
		add("Fyysinen lainaus yhteensä", t("stats_web.national.loans"), loansTotal)
		for _, m := range sortedKeys(loansBy) {
			add("Lainaus: "+s.materialName("fi", m), t("stats_web.national.loans")+": "+s.materialName(lang, m), loansBy[m])
		}
		add("Uusinnat", t("stats_web.national.renewals"), renewals)
		eloan := eloans[l.ID]
		add("E-aineistojen lainaus", t("stats_web.national.eloans"), eloan)

		var visits, staffed, self int64
		for _, b := range branches {
			if b.LibraryID != l.ID {
				continue
			}
			visits += visitors[b.ID]
			st, se := openMinutes(b.Hours, from, to)
			staffed += st
			self += se
		}
		add("Fyysiset käynnit", t("stats_web.national.visits"), visits)
		add("Aukiolotunnit yhteensä", t("stats_web.national.hours"), (staffed+self)/minutesPerHour)
		add("Aukiolotunnit, joina henkilökunta paikalla", t("stats_web.national.hours_staffed"), staffed/minutesPerHour)
		add("Omatoimiaukiolotunnit", t("stats_web.national.hours_self"), self/minutesPerHour)

		items, added, withdrawn := map[string]int64{}, map[string]int64{}, map[string]int64{}
		var itemsTotal, addedTotal, withdrawnTotal int64
		for _, c := range coll {
			if c.Library != l.ID {
				continue
			}
			items[c.Material] += c.Items
			added[c.Material] += c.Added
			withdrawn[c.Material] += c.Withdrawn
			itemsTotal += c.Items
			addedTotal += c.Added
			withdrawnTotal += c.Withdrawn
		}
		byMaterial := func(form, key string, total int64, m map[string]int64) {
			add(form+" yhteensä", t(key), total)
			for _, mat := range sortedKeys(m) {
				add(form+": "+s.materialName("fi", mat), t(key)+": "+s.materialName(lang, mat), m[mat])
			}
		}
		byMaterial("Kokoelma", "stats_web.national.collection", itemsTotal, items)
		byMaterial("Hankinnat", "stats_web.national.acquisitions", addedTotal, added)
		byMaterial("Poistot", "stats_web.national.withdrawals", withdrawnTotal, withdrawn)

		var ev, evPeople, train, trainPeople int64
		for _, e := range events {
			if e.Library != l.ID {
				continue
			}
			if e.Category == library.DigitalHelp {
				train += e.Events
				trainPeople += e.Participants
			} else {
				ev += e.Events
				evPeople += e.Participants
			}
		}
		add("Tapahtumat", t("stats_web.national.events"), ev)
		add("Tapahtumien osallistujat", t("stats_web.national.event_participants"), evPeople)
		add("Käyttäjäkoulutukset", t("stats_web.national.training"), train)
		add("Käyttäjäkoulutusten osallistujat", t("stats_web.national.training_participants"), trainPeople)

		out = append(out, tb)
	}
	return out, nil
}

// openMinutes sums a branch's staffed and self-service opening minutes
// from..to, the weekly schedule with its exceptions.
func openMinutes(h library.Hours, from, to library.Date) (staffed, self int64) {
	for d := from; !to.Before(d); d = d.AddDays(1) {
		day, _ := h.On(d)
		for _, p := range day.Staffed {
			staffed += int64(p.Close - p.Open)
		}
		for _, p := range day.SelfService {
			self += int64(p.Close - p.Open)
		}
	}
	return staffed, self
}
