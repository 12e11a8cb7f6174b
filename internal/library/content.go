package library

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Content written by staff: news items and content pages, of a member
// library or of the consortium itself, in several languages. Texts are
// Markdown (package markdown renders them); titles and summaries are plain
// text. Staff need ActContent at the item's library, or at
// ConsortiumScope for the consortium's own.

// Publication states.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// Publication is when a text is public: a draft never is; a published
// text is from PublishAt on, so a PublishAt still to come schedules it.
type Publication struct {
	Status    string
	PublishAt time.Time // zero on a draft that was never scheduled
}

// Public reports whether the text is public at now.
func (p Publication) Public(now time.Time) bool {
	return p.Status == StatusPublished && !p.PublishAt.After(now)
}

// Scheduled reports whether the text is published but not yet public.
func (p Publication) Scheduled(now time.Time) bool {
	return p.Status == StatusPublished && p.PublishAt.After(now)
}

// NewsItem is a news item of a member library, or of the consortium when
// Library is "".
type NewsItem struct {
	ID      int64
	Library string
	Title   Text // plain text; Finnish required
	Summary Text // plain text, for lists
	Body    Text // Markdown
	Publication
	Author  int64 // the staff member who wrote it
	Created time.Time
	Updated time.Time
	// Version counts the item's changes; an update names the version it
	// was made from, so that two editors never undo each other silently.
	Version int64
}

// Page is a content page of a member library, or of the consortium when
// Library is "": its about page, accessibility statement, privacy notice,
// instructions, or a page of its own. A library has at most one page of
// each kind but PageOther, and its slugs are unique within it.
type Page struct {
	ID      int64
	Library string
	Slug    string // its address, /pages/SLUG (or /pages/LIBRARY/SLUG)
	Kind    string // one of PageKinds
	Title   Text   // plain text; Finnish required
	Body    Text   // Markdown; Finnish required
	Publication
	Author  int64
	Created time.Time
	Updated time.Time
	Version int64
}

// Kinds of page. The consortium's footer links its published pages in
// this order.
const (
	PageAbout         = "about"
	PageAccessibility = "accessibility" // the accessibility statement the law asks for
	PagePrivacy       = "privacy"       // the privacy notice
	PageELibrary      = "elibrary"      // using the e-library
	PageApp           = "app"           // using the app
	PageOther         = "page"
)

// PageKinds lists the kinds of page; each has a name in the message
// catalogues under "content.kind." + kind.
var PageKinds = []string{PageAbout, PageAccessibility, PagePrivacy, PageELibrary, PageApp, PageOther}

// Limits of what staff write, in characters of one language's text.
const (
	MaxContentTitle   = 200
	MaxContentSummary = 600
	MaxContentBody    = 100_000 // a long privacy notice fits
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidateSlug checks a page's slug: 2 to 60 lowercase ASCII letters and
// digits in groups joined by single hyphens, since it is an address.
func ValidateSlug(slug string) error {
	if len(slug) < 2 || len(slug) > 60 || !slugPattern.MatchString(slug) {
		return fieldErr("slug", "error.page_slug", "bad slug %q", slug)
	}
	return nil
}

// Validate checks a news item and normalises its texts.
func (n *NewsItem) Validate() error {
	if err := validContentLibrary(n.Library); err != nil {
		return err
	}
	var err error
	if n.Title, err = contentText("title", n.Title, MaxContentTitle, true); err != nil {
		return err
	}
	if n.Summary, err = contentText("summary", n.Summary, MaxContentSummary, false); err != nil {
		return err
	}
	if n.Body, err = contentText("body", n.Body, MaxContentBody, false); err != nil {
		return err
	}
	if err := titled(n.Title, n.Summary, n.Body); err != nil {
		return err
	}
	return n.Publication.validate()
}

// Validate checks a page and normalises its texts and slug.
func (p *Page) Validate() error {
	if err := validContentLibrary(p.Library); err != nil {
		return err
	}
	p.Slug = strings.TrimSpace(p.Slug)
	if err := ValidateSlug(p.Slug); err != nil {
		return err
	}
	if !knownKind(p.Kind) {
		return fieldErr("kind", "error.page_kind", "unknown page kind %q", p.Kind)
	}
	var err error
	if p.Title, err = contentText("title", p.Title, MaxContentTitle, true); err != nil {
		return err
	}
	if p.Body, err = contentText("body", p.Body, MaxContentBody, true); err != nil {
		return err
	}
	if err := titled(p.Title, p.Body); err != nil {
		return err
	}
	return p.Publication.validate()
}

func (p Publication) validate() error {
	if p.Status != StatusDraft && p.Status != StatusPublished {
		return fieldErr("status", "error.content_status", "unknown status %q", p.Status)
	}
	if p.Status == StatusPublished && p.PublishAt.IsZero() {
		return fieldErr("publish_at", "error.content_publish_at", "published without a time")
	}
	return nil
}

func validContentLibrary(id string) error {
	if id == "" {
		return nil
	}
	if err := ValidateID(id); err != nil {
		return fieldErr("library", "error.library_not_found", "bad library %q", id)
	}
	return nil
}

func knownKind(k string) bool {
	for _, known := range PageKinds {
		if k == known {
			return true
		}
	}
	return false
}

// contentText trims a multilingual text and drops its empty languages; it
// refuses languages Kirjasto does not speak, texts longer than max
// characters or not UTF-8, and, when required, a text without Finnish.
func contentText(field string, t Text, max int, required bool) (Text, error) {
	out := Text{}
	for lang, s := range t {
		if !knownLanguage(lang) {
			return nil, fieldErr(field, "error.content_language", "%s: unknown language %q", field, lang)
		}
		s = strings.TrimSpace(s)
		if !utf8.ValidString(s) {
			return nil, fieldErr(field, "error.bad_utf8", "%s.%s: not UTF-8", field, lang)
		}
		if n := utf8.RuneCountInString(s); n > max {
			return nil, &Error{Code: EINVALID, Key: "error.content_too_long", Count: max,
				Message: fmt.Sprintf("%s.%s: %d characters, more than %d", field, lang, n, max)}
		}
		if s != "" {
			out[lang] = s
		}
	}
	if required && out["fi"] == "" {
		return nil, fieldErr(field, "error.content_finnish_required", "%s: the Finnish text is required", field)
	}
	return out, nil
}

// titled refuses a language version without its title: a summary or a
// body in Swedish needs a Swedish title, or the page would show a Swedish
// text under a Finnish heading.
func titled(title Text, others ...Text) error {
	for _, t := range others {
		for _, lang := range Languages {
			if t[lang] != "" && title[lang] == "" {
				return fieldErr("title", "error.content_title_missing", "title.%s: a text in %s has no title", lang, lang)
			}
		}
	}
	return nil
}

// Languages returns the languages the text is given in, Finnish first.
func (n NewsItem) Languages() []string { return givenIn(n.Title) }

// Languages returns the languages the page is given in, Finnish first.
func (p Page) Languages() []string { return givenIn(p.Title) }

func givenIn(t Text) []string {
	var out []string
	for _, l := range Languages {
		if t[l] != "" {
			out = append(out, l)
		}
	}
	return out
}

// NewsFilter selects news items, newest first (by PublishAt, then by
// creation for drafts).
type NewsFilter struct {
	// Libraries are the libraries whose items to include ("" is the
	// consortium); nil includes every library's and the consortium's.
	Libraries []string
	// PublicAt, when not zero, keeps only the items public at that
	// instant: what residents see. Zero includes drafts and scheduled
	// items, for staff.
	PublicAt time.Time
	Offset   int
	Limit    int // 20 when 0; at most 200
}

// Audit codes of news and pages. Library is the item's library ("" for
// the consortium's); Detail its Finnish title (and a page's slug).
const (
	AuditNewsCreate    = "news.create"
	AuditNewsUpdate    = "news.update"
	AuditNewsPublish   = "news.publish"
	AuditNewsUnpublish = "news.unpublish"
	AuditNewsDelete    = "news.delete"
	AuditPageCreate    = "page.create"
	AuditPageUpdate    = "page.update"
	AuditPagePublish   = "page.publish"
	AuditPageUnpublish = "page.unpublish"
	AuditPageDelete    = "page.delete"
)

// PageFilter selects pages, by library (the consortium first) and kind.
type PageFilter struct {
	Libraries []string  // as NewsFilter's
	PublicAt  time.Time // as NewsFilter's
}

// Content keeps news items and pages. Methods that change them take the
// staff member acting, for the audit trail; callers ask Permit first.
type Content interface {
	CreateNews(ctx context.Context, n NewsItem, by Staff, now time.Time) (NewsItem, error)
	// UpdateNews saves n's texts and publication; n.Version must be the
	// version it was made from (ECONFLICT, error.content_changed).
	UpdateNews(ctx context.Context, n NewsItem, by Staff, now time.Time) (NewsItem, error)
	// PublishNews publishes an item from at on (now when at is zero);
	// UnpublishNews makes it a draft again.
	PublishNews(ctx context.Context, id int64, at time.Time, by Staff, now time.Time) (NewsItem, error)
	UnpublishNews(ctx context.Context, id int64, by Staff, now time.Time) (NewsItem, error)
	DeleteNews(ctx context.Context, id int64, by Staff, now time.Time) error
	// NewsItem returns an item, public or not (ENOTFOUND, error.news_not_found).
	NewsItem(ctx context.Context, id int64) (NewsItem, error)
	// News returns the items f selects and how many it selects in all.
	News(ctx context.Context, f NewsFilter) ([]NewsItem, int, error)

	CreatePage(ctx context.Context, p Page, by Staff, now time.Time) (Page, error)
	UpdatePage(ctx context.Context, p Page, by Staff, now time.Time) (Page, error)
	PublishPage(ctx context.Context, id int64, at time.Time, by Staff, now time.Time) (Page, error)
	UnpublishPage(ctx context.Context, id int64, by Staff, now time.Time) (Page, error)
	DeletePage(ctx context.Context, id int64, by Staff, now time.Time) error
	// Page returns a page, public or not (ENOTFOUND, error.page_not_found).
	Page(ctx context.Context, id int64) (Page, error)
	// PageBySlug returns a library's ("" the consortium's) page by slug.
	PageBySlug(ctx context.Context, lib, slug string) (Page, error)
	Pages(ctx context.Context, f PageFilter) ([]Page, error)
}
