package elibstaff

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The e-collection (/admin/elib): the licences to renew first, then every
// licence by title, filtered by distributor, model and state, a page at a
// time.

// licRow is a licence as the staff's tables show it.
type licRow struct {
	Title       string
	RecordURL   string
	ELibURL     string
	Owner       web.LangText
	Shared      bool // the consortium's shared collection: read only for a library administrator
	Distributor string
	Identifier  string
	Model       string
	Terms       string
	Checkouts   string
	Expires     string
	Loans       int
	Status      string
	Why         string // why it is to be renewed
}

// collectionPage is /admin/elib.
type collectionPage struct {
	Renew        []licRow
	Within       int
	Rows         []licRow
	Total        int
	Distributors []option
	Models       []option
	Statuses     []option
	Filtered     bool
	Page, Pages  int
	PrevURL      string
	NextURL      string
	SharedNote   bool // the staff member sees the shared collection read only
}

// perPage is the number of licences on a page of the list.
const perPage = 50

// defaultWithin is how many days ahead a licence's expiry puts it on
// the list to renew unless the page asks otherwise.
const defaultWithin = 30

func (s *server) serveCollection(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActELibrary, st.Reach()); err != nil {
		return err
	}
	el, es, err := s.stores()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := web.ParsePage(q.Get(web.ParamPage))
	if err != nil {
		return err
	}
	f := library.ELicenceFilter{Libraries: visible(st), Distributor: q.Get("distributor"), Model: q.Get("model"),
		Status: q.Get("status"), Offset: (page - 1) * perPage, Limit: perPage}
	if f.Model != "" && !slices.Contains(library.LicenceModels, f.Model) || f.Status != "" && !slices.Contains(library.LicenceStatuses, f.Status) {
		return web.Invalid("elibstaff.error.filter", "e-collection filter: model %q, status %q", f.Model, f.Status)
	}
	within := defaultWithin
	if v := q.Get("within"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 365 {
			return web.Invalid("elibstaff.error.within", "e-collection: within %q days", v)
		}
		within = n
	}
	ctx, lang, now := r.Context(), s.Lang(r), s.Now()
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return err
	}
	renew, err := el.LicencesToRenew(ctx, visible(st), time.Duration(within)*24*time.Hour, now)
	if err != nil {
		return err
	}
	lp, err := es.ELicences(ctx, f)
	if err != nil {
		return err
	}
	pg := &collectionPage{Within: within, Total: lp.Total, Page: page, Pages: max(1, (lp.Total+perPage-1)/perPage),
		Filtered: f.Distributor != "" || f.Model != "" || f.Status != "", SharedNote: visible(st) != nil}
	if page > pg.Pages {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.page_past_end", Message: "e-collection page " + itoa(page)}
	}
	if len(renew) > 0 {
		var ids []int64
		for _, l := range renew {
			ids = append(ids, l.RecordID)
		}
		titles, err := es.ELicences(ctx, library.ELicenceFilter{Libraries: visible(st), Records: ids})
		if err != nil {
			return err
		}
		names := map[int64]string{}
		for _, l := range titles.Licences {
			names[l.RecordID] = l.Title
		}
		for _, l := range renew {
			row := s.row(libs, library.TitledLicence{Licence: l, Title: names[l.RecordID]}, lang, st)
			row.Why = s.why(l, lang, now, time.Duration(within)*24*time.Hour)
			pg.Renew = append(pg.Renew, row)
		}
	}
	for _, l := range lp.Licences {
		pg.Rows = append(pg.Rows, s.row(libs, l, lang, st))
	}
	pg.Distributors = []option{{Value: "", Label: s.Tr(r, "elibstaff.filter.any"), Selected: f.Distributor == ""}}
	for _, d := range lp.Distributors {
		pg.Distributors = append(pg.Distributors, option{Value: d, Label: d, Selected: d == f.Distributor})
	}
	pg.Models = []option{{Value: "", Label: s.Tr(r, "elibstaff.filter.any"), Selected: f.Model == ""}}
	for _, m := range library.LicenceModels {
		pg.Models = append(pg.Models, option{Value: m, Label: s.Tr(r, "elib.model."+m), Selected: m == f.Model})
	}
	pg.Statuses = []option{{Value: "", Label: s.Tr(r, "elibstaff.filter.any"), Selected: f.Status == ""}}
	for _, ls := range library.LicenceStatuses {
		pg.Statuses = append(pg.Statuses, option{Value: ls, Label: s.Tr(r, "elib.licence.status."+ls), Selected: ls == f.Status})
	}
	link := func(p int) string {
		v := url.Values{}
		for _, k := range []string{"distributor", "model", "status", "within"} {
			if q.Get(k) != "" {
				v.Set(k, q.Get(k))
			}
		}
		v.Set(web.ParamPage, strconv.Itoa(p))
		return "/admin/elib?" + v.Encode()
	}
	if page > 1 {
		pg.PrevURL = link(page - 1)
	}
	if page < pg.Pages {
		pg.NextURL = link(page + 1)
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "elibstaff_collection", s.Tr(r, "elibstaff.title"), pg)
	return nil
}

// row describes a licence in lang.
func (s *server) row(libs []library.Library, l library.TitledLicence, lang string, st library.Staff) licRow {
	t := func(id string, args map[string]any) string { return s.I18n().T(lang, id, args) }
	id := strconv.FormatInt(l.RecordID, 10)
	row := licRow{Title: l.Title, RecordURL: web.RecordURL(l.RecordID), ELibURL: "/elib/" + id,
		Owner: s.libraryName(libs, l.Library, lang), Distributor: l.Distributor, Identifier: l.Identifier,
		Model: t("elib.model."+l.Model, nil), Loans: l.Loans, Status: t("elib.licence.status."+l.Status, nil),
		Checkouts: t("elibstaff.unmetered", nil), Expires: t("elibstaff.no_expiry", nil)}
	row.Shared = l.Library == "" && library.Permit(st, library.ActELibrary, library.ConsortiumScope) != nil
	if l.CheckoutsTotal > 0 {
		row.Checkouts = t("elibstaff.checkouts_left", map[string]any{"Left": l.Checkouts, "Total": l.CheckoutsTotal})
	}
	if !l.Expires.IsZero() {
		row.Expires = s.FormatDate(lang, library.DateOf(l.Expires.In(library.Helsinki)))
	}
	var terms []string
	switch {
	case l.Model == library.ModelOpenAccess:
		terms = append(terms, t("elibstaff.terms.open", nil))
	case l.Model == library.ModelODL && l.Concurrency > 0:
		terms = append(terms, t("elibstaff.terms.concurrency", map[string]any{"Count": l.Concurrency}))
	default:
		terms = append(terms, t("elibstaff.terms.unlimited", nil))
	}
	if l.LoanLength > 0 {
		terms = append(terms, t("elibstaff.terms.loan_days", map[string]any{"Days": int(l.LoanLength / (24 * time.Hour))}))
	}
	if l.Model == library.ModelCostPerCirculation {
		terms = append(terms, t("elibstaff.terms.price", map[string]any{"Price": s.Money(lang, int64(l.Price))}))
	}
	row.Terms = strings.Join(terms, "; ")
	return row
}

// why says why a licence is on the list to renew.
func (s *server) why(l library.Licence, lang string, now time.Time, within time.Duration) string {
	switch {
	case l.Status == library.LicenceExpired || !l.Expires.IsZero() && !now.Before(l.Expires):
		return s.I18n().T(lang, "elibstaff.why.expired", nil)
	case l.Status == library.LicenceUsedUp:
		return s.I18n().T(lang, "elibstaff.why.used_up", nil)
	case !l.Expires.IsZero() && l.Expires.Before(now.Add(within)):
		return s.I18n().T(lang, "elibstaff.why.expiring", map[string]any{"Date": s.FormatDate(lang, library.DateOf(l.Expires.In(library.Helsinki)))})
	}
	return s.I18n().T(lang, "elibstaff.why.few_checkouts", map[string]any{"Left": l.Checkouts})
}
