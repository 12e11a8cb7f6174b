package stats

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
)

// A chart is a horizontal bar chart drawn on the server as SVG: one bar
// per row of its table, one or two series (this period, and the year
// before). It is an image with a title and a description (role="img",
// aria-labelledby), every bar carries its number as text, and the second
// series is hatched as well as lighter, so no meaning rests on colour
// alone; the table beside it holds the same numbers for reading.
type chart struct {
	ID     string // unique in the page, for the SVG's ids
	Title  string
	Desc   string
	Series []string // the series' names, for the legend
	Bars   []bar
}

type bar struct {
	Label  string
	Values []float64 // one per series
}

// The chart's geometry, in SVG user units.
const (
	chartWidth  = 720
	labelWidth  = 200
	valueWidth  = 90
	barHeight   = 16
	barGap      = 8
	legendSpace = 28
)

// SVG draws the chart. Every text in it is escaped here, as it is built
// as a string.
func (c *chart) SVG() template.HTML {
	if c == nil || len(c.Bars) == 0 {
		return ""
	}
	max := 0.0
	for _, b := range c.Bars {
		for _, v := range b.Values {
			max = maxf(max, v)
		}
	}
	if max == 0 {
		max = 1
	}
	group := len(c.Series)*barHeight + barGap
	height := legendSpace + len(c.Bars)*group + barGap
	span := float64(chartWidth - labelWidth - valueWidth)
	esc := html.EscapeString
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="stats-chart" role="img" aria-labelledby="%[1]s-t %[1]s-d" viewBox="0 0 %[2]d %[3]d" width="100%%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
		esc(c.ID), chartWidth, height)
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	fmt.Fprintf(&sb, `<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="#5a5a5a"/></pattern></defs>`, esc(c.ID))
	fills := []string{`fill="#1d4f7c"`, fmt.Sprintf(`fill="url(#%s-hatch)" stroke="#333333"`, esc(c.ID))}
	// The legend: a swatch and the series' name, each series its own fill.
	x := 0
	for i, name := range c.Series {
		fmt.Fprintf(&sb, `<rect x="%d" y="4" width="14" height="14" %s/><text x="%d" y="16" font-size="13" fill="#111111">%s</text>`,
			x, fills[i%2], x+20, esc(name))
		x += 30 + 8*len([]rune(name))
	}
	y := legendSpace
	for _, b := range c.Bars {
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="13" fill="#111111" text-anchor="end">%s</text>`,
			labelWidth-8, y+barHeight-3, esc(shorten(b.Label, 28)))
		for i, v := range b.Values {
			w := int(span * v / max)
			fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" %s/>`, labelWidth, y, max1(w), barHeight-2, fills[i%2])
			fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="12" fill="#111111">%s</text>`,
				labelWidth+max1(w)+6, y+barHeight-4, esc(number(v)))
			y += barHeight
		}
		y += barGap
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// number writes a figure as the chart labels it.
func number(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// max1 keeps a bar of a non-zero value visible.
func max1(w int) int {
	if w < 1 {
		return 1
	}
	return w
}

// barsOf builds a chart's bars from a table's rows, the series from the
// given columns.
func barsOf(t *table, cols ...int) []bar {
	var out []bar
	for _, r := range t.Rows {
		b := bar{Label: r.Head}
		for _, c := range cols {
			v := 0.0
			if c < len(r.Cells) {
				v = r.Cells[c].N
			}
			b.Values = append(b.Values, v)
		}
		out = append(out, b)
	}
	return out
}
