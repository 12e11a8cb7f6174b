package bookings

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's pages of bookings: the resources a branch lends by the hour
// (staff_resources.go, staff_photos.go), a branch's day across them with
// each booking's actions (staff_schedule.go, staff_actions.go), bookings
// at the desk (staff_desk.go), staff blocks (staff_blocks.go) and the
// no-show rule (staff_noshow.go). Every handler asks library.Permit
// before it reads or shows anything; the store asks again.

// resourceLimits are the limits of the resource editor's form: seven
// languages of a name, a description, rules and accessibility notes,
// and the equipment list.
var resourceLimits = web.FormLimits{Values: 120, ValueLen: 16 << 10, Body: 1 << 20}

// photoLimits bound a photo's upload, read as a stream.
var photoLimits = web.FormLimits{Body: maxPhotoRequest, Multipart: true}

// staffRoutes registers the staff's pages.
func staffRoutes(s *server, mux *http.ServeMux) {
	staff := func(pattern string, lim web.FormLimits, h web.StaffHandler) {
		mux.Handle(pattern, s.Wrap(s.AsStaffWith(lim, h), false))
	}
	short := web.DefaultFormLimits
	staff("GET /admin/resources", short, s.serveResources)
	staff("GET /admin/resources/new", short, s.serveResourceNew)
	staff("POST /admin/resources", resourceLimits, s.postResourceNew)
	staff("GET /admin/resources/{id}", short, s.serveResourceEdit)
	staff("POST /admin/resources/{id}", resourceLimits, s.postResourceEdit)
	staff("POST /admin/resources/{id}/withdraw", short, s.postWithdraw)
	staff("POST /admin/resources/{id}/restore", short, s.postRestore)
	staff("POST /admin/resources/{id}/photos", photoLimits, s.postPhoto)
	staff("GET /admin/resources/{id}/photos/{pid}", short, s.serveStaffPhoto)
	staff("POST /admin/resources/{id}/photos/{pid}/delete", short, s.postPhotoDelete)

	staff("GET /admin/bookings", short, s.serveSchedule)
	staff("GET /admin/bookings/requests", short, s.serveRequests)
	staff("GET /admin/bookings/new", short, s.serveDeskNew)
	staff("POST /admin/bookings", short, s.postDesk)
	staff("GET /admin/bookings/blocks/new", short, s.serveBlockNew)
	staff("POST /admin/bookings/blocks", short, s.postBlock)
	staff("GET /admin/bookings/no-shows", short, s.serveNoShows)
	staff("POST /admin/bookings/no-shows", short, s.postNoShows)
	staff("GET /admin/bookings/{id}", short, s.serveBooking)
	staff("POST /admin/bookings/{id}/{action}", short, s.postBookingAction)
}

// branchChoice is a branch a staff member may choose on a page.
type branchChoice struct {
	ID      string
	Name    web.LangText
	Library string
	Current bool
}

// branchesFor returns the branches where st may do act, in the
// consortium's order, with current marked.
func (s *server) branchesFor(r *http.Request, st library.Staff, act library.Action, current string) ([]branchChoice, error) {
	_, branches, err := s.Consortium(r.Context())
	if err != nil {
		return nil, err
	}
	lang := s.Lang(r)
	var out []branchChoice
	for _, b := range branches {
		if library.Permit(st, act, library.BranchScope(b.LibraryID, b.ID)) == nil {
			out = append(out, branchChoice{ID: b.ID, Name: web.TextIn(b.Name, lang), Library: b.LibraryID, Current: b.ID == current})
		}
	}
	return out, nil
}

// branchScope returns the scope of a branch of the consortium, or
// ENOTFOUND.
func (s *server) branchScope(r *http.Request, id string) (library.Scope, library.Branch, error) {
	_, branches, err := s.Consortium(r.Context())
	if err != nil {
		return library.Scope{}, library.Branch{}, err
	}
	for _, b := range branches {
		if b.ID == id {
			return library.BranchScope(b.LibraryID, b.ID), b, nil
		}
	}
	return library.Scope{}, library.Branch{}, &library.Error{Code: library.ENOTFOUND, Key: "error.branch_not_found", Message: "branch " + id}
}

// pickBranch is the branch a page shows: the one asked for, else the
// staff member's own, else the first they may act at.
func (s *server) pickBranch(r *http.Request, st library.Staff, act library.Action) (library.Branch, []branchChoice, error) {
	id := r.FormValue("branch")
	if id == "" {
		id = st.Branch
	}
	choices, err := s.branchesFor(r, st, act, "")
	if err != nil {
		return library.Branch{}, nil, err
	}
	if len(choices) == 0 {
		return library.Branch{}, nil, library.Permit(st, act, st.Reach())
	}
	if id == "" || r.FormValue("branch") == "" && !hasBranch(choices, id) {
		id = choices[0].ID
	}
	scope, b, err := s.branchScope(r, id)
	if err != nil {
		return library.Branch{}, nil, err
	}
	if err := library.Permit(st, act, scope); err != nil {
		return library.Branch{}, nil, err
	}
	for i := range choices {
		choices[i].Current = choices[i].ID == b.ID
	}
	return b, choices, nil
}

func hasBranch(cs []branchChoice, id string) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

// staffResource reads the resource of the path's {id} and asks Permit for
// act at its branch.
func (s *server) staffResource(r *http.Request, st library.Staff, act library.Action) (library.Bookings, library.Resource, error) {
	if err := library.Permit(st, act, st.Reach()); err != nil {
		return nil, library.Resource{}, err
	}
	bk, err := s.bookings()
	if err != nil {
		return nil, library.Resource{}, err
	}
	id, err := pathID(r, "id", "error.resource_not_found")
	if err != nil {
		return nil, library.Resource{}, err
	}
	res, err := bk.Resource(r.Context(), id)
	if err != nil {
		return nil, library.Resource{}, err
	}
	return bk, res, library.Permit(st, act, library.BranchScope(res.LibraryID, res.BranchID))
}

// staffBooking reads the booking of the path's {id} and asks Permit for
// ActBookings at its resource's branch.
func (s *server) staffBooking(r *http.Request, st library.Staff) (library.Bookings, library.BookingDetail, error) {
	if err := library.Permit(st, library.ActBookings, st.Reach()); err != nil {
		return nil, library.BookingDetail{}, err
	}
	bk, err := s.bookings()
	if err != nil {
		return nil, library.BookingDetail{}, err
	}
	id, err := pathID(r, "id", "error.booking_not_found")
	if err != nil {
		return nil, library.BookingDetail{}, err
	}
	d, err := bk.Booking(r.Context(), id)
	if err != nil {
		return nil, library.BookingDetail{}, err
	}
	return bk, d, library.Permit(st, library.ActBookings, library.BranchScope(d.Resource.LibraryID, d.Resource.BranchID))
}

// pathID reads a positive ID of the path; anything else is not found.
func pathID(r *http.Request, name, key string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &library.Error{Code: library.ENOTFOUND, Key: key, Message: name + " " + r.PathValue(name)}
	}
	return id, nil
}

// formErr is a refusal of a form's shape, at a field.
func formErr(key, msg string) error {
	return &library.Error{Code: library.EINVALID, Key: key, Message: msg}
}

// doneText is the message of a finished action (?done=KEY), for the page
// a form redirects to.
func (s *server) doneText(r *http.Request) string {
	key := r.URL.Query().Get("done")
	switch key {
	case "saved", "withdrawn", "restored", "photo_added", "photo_deleted", "checked_in", "no_show", "cancelled",
		"approved", "declined", "booked", "blocked", "block_deleted", "rule_saved":
		msg := s.Tr(r, "bookings_staff.done."+key)
		if n := r.URL.Query().Get("n"); n != "" && (key == "withdrawn" || key == "blocked" || key == "block_deleted") {
			msg += " (" + n + ")"
		}
		return msg
	}
	return ""
}

// redirect sends the browser to path with ?done=key (and n when given).
func redirect(w http.ResponseWriter, r *http.Request, path, key string, n int) {
	q := url.Values{"done": {key}}
	if n > 0 {
		q.Set("n", strconv.Itoa(n))
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	http.Redirect(w, r, path+sep+q.Encode(), http.StatusSeeOther)
}

// scheduleURL is the day schedule's URL of a branch and day.
func scheduleURL(branch string, d library.Date) string {
	return "/admin/bookings?" + url.Values{"branch": {branch}, "date": {d.String()}}.Encode()
}

// missing lists the languages a text lacks, each named in itself.
func (s *server) missing(t library.Text) []web.LangText {
	var out []web.LangText
	for _, l := range t.Missing() {
		out = append(out, web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l})
	}
	return out
}

// local writes an instant as Helsinki's clock time in layout.
func local(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(library.Helsinki).Format(layout)
}
