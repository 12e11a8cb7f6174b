package web

import "net/http"

// FooterLink is a link in the footer of every page, such as the
// consortium's accessibility statement.
type FooterLink struct {
	URL  string
	Text LangText
}

// FooterLinks gives the footer's links for a request in lang. Every page
// asks it, so it must be cheap: kept in memory, not read from the store
// each time.
type FooterLinks func(r *http.Request, lang string) []FooterLink

// AddFooterLinks adds f's links to the footer of every page, after those
// of sources added before. An area adds it from its Routes, while New
// assembles the site: not once the server serves.
func (s *Server) AddFooterLinks(f FooterLinks) { s.footer = append(s.footer, f) }

// footerLinks returns the links of every source for r.
func (s *Server) footerLinks(r *http.Request, lang string) []FooterLink {
	var out []FooterLink
	for _, f := range s.footer {
		out = append(out, f(r, lang)...)
	}
	return out
}
