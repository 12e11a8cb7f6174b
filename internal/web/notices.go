package web

import "github.com/kirjasto/kirjasto/internal/library"

// Notices returns the store's outbox, which the store behind Patrons also
// keeps.
func (s *Server) Notices() (library.Notices, error) {
	n, ok := s.Patrons().(library.Notices)
	if !ok {
		return nil, library.Errorf(library.EINTERNAL, "the patron store keeps no notices")
	}
	return n, nil
}

// DeliveryText says what became of a notice's e-mail or text message:
// "notice.delivery.sms.sent" for a text message where the channel has its
// own words, else "notice.delivery.sent". Patrons are not told that an
// account-only notice was not sent: they chose it.
func (s *Server) DeliveryText(lang, channel, delivery string, staff bool) string {
	if delivery == library.DeliveryAccountOnly && !staff {
		return ""
	}
	if key := "notice.delivery." + channel + "." + delivery; s.I18n().Has(lang, key) {
		return s.I18n().T(lang, key, nil)
	}
	return s.I18n().T(lang, "notice.delivery."+delivery, nil)
}
