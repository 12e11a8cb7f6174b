package desk

import (
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's outbox: whether the notices to patrons went out. It shows
// whose each notice is (by name), its kind and what became of it, and
// nothing of its body: a PIN reset notice holds a link that sets the PIN,
// and the others the patron's loans and holds, which the task of checking
// delivery does not need. Branch staff see the notices of their own
// city's patrons; an administrator sees all.

// outboxRow is one notice on the outbox page.
type outboxRow struct {
	Created      time.Time
	PatronName   string
	Channel      string
	Subject      string // the kind of notice, in words
	Delivery     string
	DeliveryText string
	Reason       string // why the last try failed, as the mail server or SMS gateway said
}

// serveOutbox is registered with the sign-in pages; it runs as a staff
// page like the desk's.
func (s *server) serveOutbox(w http.ResponseWriter, r *http.Request) error {
	return s.AsStaff(s.outbox)(w, r)
}

func (s *server) outbox(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	reach := st.Reach()
	if err := library.Permit(st, library.ActOutbox, reach); err != nil {
		return err
	}
	n, err := s.Notices()
	if err != nil {
		return err
	}
	ns, err := n.RecentNotices(r.Context(), reach.Library, 200)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	rows := make([]outboxRow, 0, len(ns))
	for _, n := range ns {
		delivery := n.Delivery
		if delivery == library.DeliveryWaiting && n.Failed {
			delivery = "retrying"
		}
		rows = append(rows, outboxRow{
			Created: n.Created, PatronName: n.PatronName, Channel: n.Channel, Delivery: n.Delivery,
			// The kind alone: a subject may name a title or a saved search.
			Subject:      s.I18n().T(lang, "notice.kind."+n.Kind, nil),
			DeliveryText: s.DeliveryText(lang, n.Channel, delivery, true),
			Reason:       n.Reason,
		})
	}
	// Say first which channels are not configured: their notices are
	// kept in My Account only, and staff should not wait for them.
	var unconfigured []string
	if !s.Auth().Mail {
		unconfigured = append(unconfigured, s.I18n().T(lang, "outbox.unconfigured.email", nil))
	}
	if !s.Auth().SMS {
		unconfigured = append(unconfigured, s.I18n().T(lang, "outbox.unconfigured.sms", nil))
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "outbox", s.Tr(r, "auth.outbox.title"), struct {
		Staff        library.Staff
		Unconfigured []string
		Rows         []outboxRow
	}{st, unconfigured, rows})
	return nil
}
