package bookings

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Staff blocks (/admin/bookings/blocks/new): a resource's time taken
// for maintenance or a class, once or at the same time every week,
// refused as a whole when any time clashes with a booking. A block is
// removed from its booking's page (staff_actions.go), alone or with the
// rest of its series. ActBookings at the resource's branch.

func (s *server) serveBlockNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	b, _, err := s.formBranch(r, st)
	if err != nil {
		return err
	}
	f, err := s.newDeskForm(r, b)
	if err != nil {
		return err
	}
	if f.Form["weeks"] == "" {
		f.Form["weeks"] = "1"
	}
	return s.renderDesk(w, r, http.StatusOK, "bookings_admin_block", "bookings_staff.block.title", f)
}

func (s *server) postBlock(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActBookings, st.Reach()); err != nil {
		return err
	}
	b, res, err := s.formBranch(r, st)
	if err != nil && library.ErrorCode(err) != library.ENOTFOUND {
		return err
	}
	f, ferr := s.newDeskForm(r, b)
	if ferr != nil {
		return ferr
	}
	if err == nil && res.ID == 0 {
		err = &library.Error{Code: library.EINVALID, Key: "error.resource_not_found", Message: "resource: none chosen"}
	}
	var blocks []library.Booking
	if err == nil {
		blocks, err = s.block(r, st, res)
	}
	if err != nil {
		code := library.ErrorCode(err)
		if code == library.EFORBIDDEN || code == library.EINTERNAL || code == "" {
			return err
		}
		s.deskFail(r, f, err)
		return s.renderDesk(w, r, web.HTTPStatus(code), "bookings_admin_block", "bookings_staff.block.title", f)
	}
	redirect(w, r, scheduleURL(res.BranchID, library.LocalDate(blocks[0].Start)), "blocked", len(blocks))
	return nil
}

// block adds the form's block of res.
func (s *server) block(r *http.Request, st library.Staff, res library.Resource) ([]library.Booking, error) {
	start, end, err := formTimes(r)
	if err != nil {
		return nil, err
	}
	weeks := 1
	if v := strings.TrimSpace(r.PostFormValue("weeks")); v != "" {
		if weeks, err = strconv.Atoi(v); err != nil {
			return nil, formErr("bookings_staff.error.number", "weeks: "+v)
		}
	}
	bk, err := s.bookings()
	if err != nil {
		return nil, err
	}
	return bk.AddBlock(r.Context(), library.BlockRequest{ResourceID: res.ID, Start: start, End: end,
		Reason: strings.TrimSpace(r.PostFormValue("reason")), Weeks: weeks}, st, s.Now())
}
