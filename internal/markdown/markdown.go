// Package markdown renders what staff write (news, content pages, event
// descriptions, librarians' picks) from a safe subset of Markdown to HTML
// that a page can show as it is.
//
// The subset is what a text on a library's site needs: paragraphs, line
// breaks as typed, emphasis, lists, block quotes, code, headings, tables,
// struck-out text, and links to web pages (http, https), e-mail addresses
// (mailto) and this site's own paths. It has no raw HTML: HTML typed into
// a text shows as the text it is. Images are shown only from this site's /images/
// path, where uploads are checked and resized; any other image becomes its
// alternative text.
//
// Headings are one level down: the page's title is its only h1, so a
// text's "# Heading" is an h2. Links to other sites carry rel="nofollow
// noopener": staff vouch for the text, not for where its links lead.
//
// Safety does not rest on the renderer alone. goldmark renders the
// subset, and its output then passes bluemonday's sanitiser, whose policy
// allows exactly the elements and attributes the subset makes, so that a
// renderer bug or a future extension cannot let a script through.
package markdown

import (
	"bytes"
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ImagePath is where images that texts may show are served; an image
// anywhere else is shown as its alternative text.
const ImagePath = "/images/"

// external is the rel of a link to another site.
const external = "nofollow noopener"

var (
	md = goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:", "mailto:"})),
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 100))),
		// A line break typed in the form is one on the page: staff write
		// addresses and opening times line by line.
		goldmark.WithRendererOptions(html.WithHardWraps(),
			renderer.WithNodeRenderers(util.Prioritized(htmlAsText{}, 1))),
	)
	policy = newPolicy()
	// bufs keeps the renderer's buffers between calls.
	bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// Render returns src, Markdown, as safe HTML. An empty or blank src is "".
func Render(src string) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	buf := bufs.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); bufs.Put(buf) }()
	if err := md.Convert([]byte(src), buf); err != nil {
		// Rendering to a buffer cannot fail but by a bug; show the text
		// escaped rather than nothing.
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(policy.SanitizeReader(buf).String())
}

// Text returns src, Markdown, as plain text: what a summary, a search
// index or a meta description shows of it. Markup is dropped and blocks
// are joined by spaces.
func Text(src string) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	doc := md.Parser().Parse(text.NewReader([]byte(src)))
	var b strings.Builder
	source := []byte(src)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock && b.Len() > 0 {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Value(source))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(n.Label(source))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(source))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// transformer makes the parsed text safe to render: headings one level
// down, links only of the allowed kinds (external ones marked), images
// only from ImagePath.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	var unwrap []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+1, 6)
		case *ast.Link:
			if ok, ext := allowedLink(string(n.Destination)); !ok {
				unwrap = append(unwrap, n)
			} else if ext {
				n.SetAttributeString("rel", external)
			}
		case *ast.AutoLink:
			dest := string(n.URL(source))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			if ok, ext := allowedLink(dest); !ok {
				unwrap = append(unwrap, n)
			} else if ext {
				n.SetAttributeString("rel", external)
			}
		case *ast.Image:
			if !allowedImage(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		replaceByText(n, source)
	}
}

// replaceByText puts n's text where n was: a refused link keeps its
// words, a refused image its alternative text.
func replaceByText(n ast.Node, source []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if al, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(al.Label(source)))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// htmlAsText renders HTML typed into a text as the text it is, rather
// than leaving it out: whoever pasted it sees it and can take it away.
type htmlAsText struct{}

func (htmlAsText) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindRawHTML, renderRawHTML)
	r.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := node.(*ast.RawHTML).Segments
		for i := range segs.Len() {
			seg := segs.At(i)
			template.HTMLEscape(w, seg.Value(source))
		}
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering {
		if n.HasClosure() {
			template.HTMLEscape(w, n.ClosureLine.Value(source))
		}
		w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("<p>")
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		template.HTMLEscape(w, seg.Value(source))
	}
	return ast.WalkContinue, nil
}

// allowedLink reports whether a link may point at dest, and whether it
// leads to another site: http, https and mailto URLs, and this site's own
// absolute paths (not protocol-relative ones, which lead elsewhere).
func allowedLink(dest string) (ok, external bool) {
	dest = strings.TrimSpace(dest)
	if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") && !strings.HasPrefix(dest, `/\`) {
		_, err := url.Parse(dest)
		return err == nil, false
	}
	if strings.HasPrefix(dest, "#") {
		return true, false
	}
	u, err := url.Parse(dest)
	if err != nil {
		return false, false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != "", true
	case "mailto":
		return u.Opaque != "", true
	}
	return false, false
}

// imagePattern is an image's path under ImagePath: no "..", no query.
var imagePattern = regexp.MustCompile(`^/images/[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*(?:\.[A-Za-z0-9]+)?$`)

func allowedImage(dest string) bool { return imagePattern.MatchString(dest) }

// newPolicy allows exactly what the renderer makes of the subset.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "em", "strong", "del", "ul", "ol", "li", "blockquote",
		"code", "pre", "hr", "h2", "h3", "h4", "h5", "h6",
		"table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + external + `$`)).OnElements("a")
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AllowAttrs("src").Matching(imagePattern).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	return p
}
