package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// BranchCalendar returns a branch's year for a calendar page: its weekly
// hours, the exceptions touching the year, and the year's public holidays
// each with the exception that covers it (0 if none: one to offer for
// adoption).
func (db *DB) BranchCalendar(ctx context.Context, branchID string, year int) (library.Calendar, error) {
	if year < 1900 || year > 9999 {
		return library.Calendar{}, library.Errorf(library.EINVALID, "bad year %d", year)
	}
	cal := library.Calendar{BranchID: branchID, Year: year}
	err := db.inReadTx(ctx, func(tx txn) error {
		b, err := readBranch(ctx, tx, branchID)
		if err != nil {
			return err
		}
		cal.Weekly = b.Hours.Weekly
		first, last := library.Date{Year: year, Month: time.January, Day: 1}, library.Date{Year: year, Month: time.December, Day: 31}
		cal.Exceptions, err = exceptions(ctx, tx, branchID, first.String(), last.String())
		if err != nil {
			return err
		}
		for _, h := range library.Holidays(year) {
			ch := library.CalendarHoliday{Holiday: h}
			for _, e := range cal.Exceptions {
				if e.Contains(h.Date) {
					ch.ExceptionID = e.ID
				}
			}
			cal.Holidays = append(cal.Holidays, ch)
		}
		return nil
	})
	if err != nil {
		return library.Calendar{}, fmt.Errorf("calendar of %s for %d: %w", branchID, year, err)
	}
	return cal, nil
}

// AdoptHolidays makes the given holidays exceptions at every open branch
// of a library, in one transaction: a holiday closes the branch; an eve
// (Holiday.Eve) cuts the branch's usual hours of that weekday to end at
// eveClose (closes it when eveClose is 0). A date on which a branch
// already has an exception is skipped there and reported, and the
// exception kept. Validation errors (a date more than two years ahead, a
// name without Finnish) write nothing.
func (db *DB) AdoptHolidays(ctx context.Context, libraryID string, hs []library.Holiday, eveClose library.Clock, by library.Staff, now time.Time) (library.HolidayAdoption, error) {
	var out library.HolidayAdoption
	if eveClose < 0 || eveClose > 24*60 {
		return out, library.Errorf(library.EINVALID, "bad closing time %s", eveClose)
	}
	for _, h := range hs {
		e := library.HoursException{From: h.Date, To: h.Date, Reason: h.Name, Holiday: h.Code}
		if err := e.Validate(today(now)); err != nil {
			return out, fmt.Errorf("holiday %s %s: %w", h.Code, h.Date, err)
		}
	}
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		l, err := lockLibrary(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		if l.Closed() {
			return libraryClosed(libraryID)
		}
		bs, err := branchesOf(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		for _, b := range bs {
			if b.Closed() {
				continue
			}
			for _, h := range hs {
				e := library.HoursException{BranchID: b.ID, From: h.Date, To: h.Date, Reason: h.Name, Holiday: h.Code, Updated: utc(now)}
				if h.Eve && eveClose > 0 {
					d := library.EveDay(b.Hours.Weekly[h.Date.Weekday()], eveClose)
					e.Staffed, e.SelfService = d.Staffed, d.SelfService
				}
				a := library.AdoptedHoliday{BranchID: b.ID, Code: h.Code, Date: h.Date}
				clash, err := overlapping(ctx, tx, e)
				if err != nil {
					return err
				}
				if clash.ID != 0 {
					a.ExceptionID = clash.ID
					out.Skipped = append(out.Skipped, a)
					continue
				}
				if a.ExceptionID, err = insertException(ctx, tx, e); err != nil {
					return err
				}
				out.Added = append(out.Added, a)
			}
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditHolidaysAdopt, Library: libraryID,
			Detail: fmt.Sprintf("%d holidays: %d added, %d skipped", len(hs), len(out.Added), len(out.Skipped))}, now)
	})
	if err != nil {
		return library.HolidayAdoption{}, fmt.Errorf("adopt holidays for %s: %w", libraryID, err)
	}
	return out, nil
}
