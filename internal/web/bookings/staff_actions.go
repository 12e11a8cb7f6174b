package bookings

import (
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// One booking for staff (/admin/bookings/{id}) and what they do to it:
// check in, mark a no-show, cancel or decline with a reason told to the
// booker, approve, and remove a staff block or its series.
// ActBookings at the booking's branch.

// Actions of POST /admin/bookings/{id}/{action}.
const (
	actCheckIn     = "check-in"
	actNoShow      = "no-show"
	actCancel      = "cancel"
	actApprove     = "approve"
	actDecline     = "decline"
	actDeleteBlock = "delete-block"
)

// bookingPage is the data of one booking's page.
type bookingPage struct {
	bookingRow
	Schedule  string // the day's schedule
	Open      bool   // not ended, declined or cancelled: staff may cancel it
	Requested bool
	Series    bool // a block of a weekly series
	Alert     string
	Done      string
	Reason    string // as typed, when a refusal shows the page again
}

func (s *server) serveBooking(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, d, err := s.staffBooking(r, st)
	if err != nil {
		return err
	}
	p := s.bookingPage(r, d)
	p.Done = s.doneText(r)
	return s.renderStaffBooking(w, r, http.StatusOK, p)
}

func (s *server) bookingPage(r *http.Request, d library.BookingDetail) *bookingPage {
	now := s.Now()
	return &bookingPage{bookingRow: s.bookingRow(r, d, now),
		Schedule:  scheduleURL(d.Resource.BranchID, library.LocalDate(d.Start)),
		Open:      library.Holds(d.Status) && d.Status != library.BookingCheckedIn && now.Before(d.End),
		Requested: d.Status == library.BookingRequested, Series: d.Block && d.SeriesID != 0}
}

func (s *server) renderStaffBooking(w http.ResponseWriter, r *http.Request, status int, p *bookingPage) error {
	web.NoStore(w)
	s.Render(w, r, status, "bookings_admin_booking", s.Tr(r, "bookings_staff.booking.title"), p)
	return nil
}

// postBookingAction does an action to a booking, then goes back to the
// page it came from (the schedule, the queue); a refusal shows the
// booking's page with the reason.
func (s *server) postBookingAction(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	bk, d, err := s.staffBooking(r, st)
	if err != nil {
		return err
	}
	ctx, now := r.Context(), s.Now()
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	done, n := "", 0
	switch r.PathValue("action") {
	case actCheckIn:
		_, err = bk.CheckInBooking(ctx, d.ID, st, now)
		done = "checked_in"
	case actNoShow:
		_, err = bk.MarkNoShow(ctx, d.ID, st, now)
		done = "no_show"
	case actCancel:
		_, err = bk.StaffCancelBooking(ctx, d.ID, reason, st, now)
		done = "cancelled"
	case actApprove:
		_, err = bk.ApproveBooking(ctx, d.ID, st, now)
		done = "approved"
	case actDecline:
		_, err = bk.DeclineBooking(ctx, d.ID, reason, st, now)
		done = "declined"
	case actDeleteBlock:
		n, err = bk.DeleteBlock(ctx, d.ID, r.PostFormValue("series") != "", st, now)
		done = "block_deleted"
	default:
		return &library.Error{Code: library.ENOTFOUND, Key: "error.not_found", Message: "booking action " + r.PathValue("action")}
	}
	if err != nil {
		code := library.ErrorCode(err)
		if code != library.EINVALID && code != library.ECONFLICT {
			return err
		}
		if fresh, ferr := bk.Booking(ctx, d.ID); ferr == nil {
			d = fresh
		}
		p := s.bookingPage(r, d)
		p.Alert, p.Reason = s.ErrorText(s.Lang(r), err), reason
		return s.renderStaffBooking(w, r, web.HTTPStatus(code), p)
	}
	back := r.PostFormValue("back")
	if back != "/admin/bookings/requests" {
		back = scheduleURL(d.Resource.BranchID, library.LocalDate(d.Start))
	}
	redirect(w, r, back, done, n)
	return nil
}
