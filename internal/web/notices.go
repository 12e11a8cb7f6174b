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

// DeliveryText says what became of a notice's e-mail or text message.
// Patrons are not told that an account-only notice was not sent: they
// chose it.
func (s *Server) DeliveryText(lang, delivery string, staff bool) string {
	if delivery == library.DeliveryAccountOnly && !staff {
		return ""
	}
	return s.I18n().T(lang, "notice.delivery."+delivery, nil)
}
