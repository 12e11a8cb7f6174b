package epub

import (
	"encoding/xml"
	"strings"
	"text/template"
)

// xmlText escapes text for XML content and attribute values.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

var templates = template.Must(template.New("epub").Funcs(template.FuncMap{"x": xmlText, "file": chapterFile}).Parse(`
{{- define "opf" -}}
<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="{{x .Language}}" dir="{{.Dir}}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">{{x .Identifier}}</dc:identifier>
    <dc:title>{{x .Title}}</dc:title>
    <dc:language>{{x .Language}}</dc:language>
{{- range .Authors}}
    <dc:creator>{{x .}}</dc:creator>
{{- end}}
{{- if .Publisher}}
    <dc:publisher>{{x .Publisher}}</dc:publisher>
{{- end}}
{{- if .Description}}
    <dc:description>{{x .Description}}</dc:description>
{{- end}}
{{- if .Rights}}
    <dc:rights>{{x .Rights}}</dc:rights>
{{- end}}
    <meta property="dcterms:modified">{{.Modified}}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
{{- if .Cover}}
    <item id="cover-image" href="{{.Cover}}" media-type="{{.CoverType}}" properties="cover-image"/>
    <item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
{{- end}}
{{- range $i, $c := .Chapters}}
    <item id="c{{$i}}" href="{{file $i}}" media-type="application/xhtml+xml"/>
{{- end}}
  </manifest>
  <spine page-progression-direction="{{.Dir}}">
{{- if .Cover}}
    <itemref idref="cover"/>
{{- end}}
{{- range $i, $c := .Chapters}}
    <itemref idref="c{{$i}}"/>
{{- end}}
  </spine>
</package>
{{end}}

{{- define "head" -}}
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="{{x .Language}}" lang="{{x .Language}}" dir="{{.Dir}}">
{{- end}}

{{- define "nav" -}}
{{template "head" .}}
<head><meta charset="utf-8"/><title>{{x .Title}}</title></head>
<body>
<nav epub:type="toc" id="toc">
<h1>{{x .Contents}}</h1>
<ol>
{{- range $i, $c := .Chapters}}
<li><a href="{{file $i}}">{{x $c.Title}}</a></li>
{{- end}}
</ol>
</nav>
</body>
</html>
{{end}}

{{- define "cover" -}}
{{template "head" .}}
<head><meta charset="utf-8"/><title>{{x .Title}}</title></head>
<body epub:type="cover">
<p><img src="{{.Cover}}" alt="{{x .Title}}"/></p>
</body>
</html>
{{end}}

{{- define "chapter" -}}
{{template "head" .Doc}}
<head><meta charset="utf-8"/><title>{{x .Chapter.Title}}</title></head>
<body>
<section epub:type="chapter">
<h1>{{x .Chapter.Title}}</h1>
{{- range .Chapter.Paragraphs}}
<p>{{x .}}</p>
{{- end}}
</section>
</body>
</html>
{{end}}
`))
