package markdown

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestRender checks what the subset makes of typical texts.
func TestRender(t *testing.T) {
	for _, tt := range []struct {
		name, src, want string
	}{
		{"paragraphs", "Yksi.\n\nKaksi.", "<p>Yksi.</p>\n<p>Kaksi.</p>\n"},
		{"line break as typed", "Töölönlahdenkatu 4\n00100 Helsinki", "<p>Töölönlahdenkatu 4<br>\n00100 Helsinki</p>\n"},
		{"emphasis", "*a* **b** ~~c~~", "<p><em>a</em> <strong>b</strong> <del>c</del></p>\n"},
		{"list", "- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"ordered list", "3. a\n4. b", "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n"},
		{"heading one level down", "# Otsikko", "<h2>Otsikko</h2>\n"},
		{"deepest heading stays h6", "###### Pieni", "<h6>Pieni</h6>\n"},
		{"external link", "[Helmet](https://www.helmet.fi/)", `<p><a href="https://www.helmet.fi/" rel="nofollow noopener">Helmet</a></p>` + "\n"},
		{"own path", "[Oodi](/libraries/hki-oodi)", `<p><a href="/libraries/hki-oodi">Oodi</a></p>` + "\n"},
		{"mail", "[kirjoita](mailto:oodi@hel.fi)", `<p><a href="mailto:oodi@hel.fi" rel="nofollow noopener">kirjoita</a></p>` + "\n"},
		{"bare address", "www.example.org", `<p><a href="http://www.example.org" rel="nofollow noopener">www.example.org</a></p>` + "\n"},
		{"own image", "![Oodin aula](/images/oodi-aula.jpg)", `<p><img src="/images/oodi-aula.jpg" alt="Oodin aula"></p>` + "\n"},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"},
		{"blank", "  \n ", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Render(tt.src)); got != tt.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

// TestRenderRefuses feeds the renderer what an attacker (or a careless
// paste) would: nothing of it may reach the page as markup or as a
// dangerous address. Each case names what must not be in the output and
// what must be, so that a case that renders nothing at all fails too.
func TestRenderRefuses(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		banned    []string
		want      string
	}{
		{"script element", "<script>alert(1)</script>", []string{"<script"}, "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"inline script", "Hei <script>alert(1)</script> maailma", []string{"<script"}, "Hei &lt;script&gt;"},
		{"javascript link", "[klikkaa](javascript:alert(1))", []string{"javascript", "<a"}, "klikkaa"},
		{"mixed case javascript", "[klikkaa](JaVaScRiPt:alert(1))", []string{"avascript", "<a"}, "klikkaa"},
		{"encoded javascript", "[klikkaa](&#106;avascript:alert(1))", []string{"avascript", "<a"}, "klikkaa"},
		{"tab in scheme", "[klikkaa](java&#9;script:alert(1))", []string{"script:", "<a"}, "klikkaa"},
		{"javascript autolink", "<javascript:alert(1)>", []string{"<a"}, "javascript:alert(1)"},
		{"vbscript link", "[x](vbscript:msgbox(1))", []string{"vbscript", "<a"}, "x"},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", []string{"data:", "<a"}, "x"},
		{"data image", "![kuva](data:image/png;base64,iVBORw0KGgo=)", []string{"data:", "<img"}, "kuva"},
		{"image from elsewhere", "![kuva](https://evil.example/x.png)", []string{"<img", "evil"}, "kuva"},
		{"image path climbing", "![kuva](/images/../admin)", []string{"<img"}, "kuva"},
		{"protocol-relative link", "[x](//evil.example/)", []string{"<a", "evil"}, "x"},
		{"backslash host", `[x](/\evil.example/)`, []string{"<a", "evil"}, "x"},
		{"onerror", `<img src=x onerror="alert(1)">`, []string{"<img", `onerror="`}, "&lt;img src=x onerror="},
		{"event handler in block", "<div onmouseover=\"alert(1)\">hei</div>", []string{"<div"}, "&lt;div onmouseover="},
		{"comment", "ennen <!-- salaisuus --> jälkeen", []string{"<!--"}, "&lt;!-- salaisuus --&gt;"},
		{"comment block", "<!--\nsalaisuus\n-->", []string{"<!--"}, "&lt;!--"},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>", []string{"<iframe"}, "&lt;iframe"},
		{"style", "<style>body{display:none}</style>", []string{"<style"}, "&lt;style&gt;"},
		{"link title attribute", `[x](https://a.example "\" onmouseover=\"alert(1)")`, []string{"onmouseover=\""}, ">x</a>"},
		{"svg", "<svg onload=alert(1)>", []string{"<svg"}, "&lt;svg"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Render(tt.src))
			for _, b := range tt.banned {
				if strings.Contains(strings.ToLower(got), strings.ToLower(b)) {
					t.Errorf("Render(%q) = %q: has %q", tt.src, got, b)
				}
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("Render(%q) = %q: want %q in it", tt.src, got, tt.want)
			}
		})
	}
}

// TestPolicyAlone checks that the sanitiser refuses by itself what the
// renderer never makes, so that it is a second line and not a formality.
func TestPolicyAlone(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`<p onclick="x()">a</p>`, `<p>a</p>`},
		{`<a href="javascript:alert(1)">a</a>`, `a`},
		{`<a href="https://a.example/">a</a>`, `<a href="https://a.example/" rel="nofollow">a</a>`},
		{`<a href="https://a.example/" rel="nofollow noopener">a</a>`, `<a href="https://a.example/" rel="nofollow noopener">a</a>`},
		{`<img src="https://evil.example/x.png" alt="x">`, `<img alt="x">`}, // no source, nothing fetched
		{`<img src="/images/a.png" alt="x" onerror="y()">`, `<img src="/images/a.png" alt="x">`},
		{`<h1>a</h1>`, `a`},
		{`<!-- a -->b`, `b`},
		{`<script>alert(1)</script>`, ``},
	} {
		if got := policy.Sanitize(tt.in); got != tt.want {
			t.Errorf("policy.Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"# Otsikko\n\nTeksti *korostettuna* ja [linkki](https://a.example).", "Otsikko Teksti korostettuna ja linkki."},
		{"- yksi\n- kaksi", "yksi kaksi"},
		{"rivi\nrivi", "rivi rivi"},
		{"`koodi` ja <b>html</b>", "koodi ja html"},
		{"", ""},
	} {
		if got := Text(tt.src); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestRenderConcurrently renders from many goroutines at once, as pages
// do; run with -race.
func TestRenderConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				src := fmt.Sprintf("# %d\n\n[a](https://a.example/%d) *%d*", i, j, j)
				want := fmt.Sprintf(`<h2>%d</h2>`+"\n"+`<p><a href="https://a.example/%d" rel="nofollow noopener">a</a> <em>%d</em></p>`+"\n", i, j, j)
				if got := string(Render(src)); got != want {
					t.Errorf("got %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

// benchText is a news item's body of a realistic length: a few
// paragraphs, a list, a link and a heading, about 2 KB.
var benchText = strings.Repeat(`## Uutta kirjastossa

Kirjasto on avoinna **arkisin 8–21** ja viikonloppuisin 10–18. Lue lisää
[aukioloajoista](/libraries/hki-oodi) tai [Helmetin sivuilta](https://www.helmet.fi/).

- Satutunti maanantaisin
- Kielikahvila keskiviikkoisin
- Digituki torstaisin

`, 4)

// BenchmarkRender measures rendering and sanitising a news item's body.
func BenchmarkRender(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Render(benchText)
	}
}

// BenchmarkText measures the plain text of a body, for summaries.
func BenchmarkText(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Text(benchText)
	}
}
