package stats

import (
	"fmt"
	"math"
	"strconv"
)

// A table is one of a page's tables: what the page shows, what a chart
// draws, and what CSV and XLSX export, so the three never differ.
type table struct {
	ID      string // the export's name, ?table=
	Caption string
	Head    []string // column headings, the first the rows' own
	Rows    []row
	Chart   *chart // nil when the table has none
	Note    string // what the figures mean, under the table
}

// row is a table's row: its heading and its cells.
type row struct {
	Head  string
	Href  string // links the heading (a title to its record) when set
	Cells []cell
}

// cell is a figure: a number when Num, else the text itself (a
// suppressed cell, a share that has no base).
type cell struct {
	Text string
	N    float64
	Num  bool
}

func count(n int64) cell { return cell{Text: strconv.FormatInt(n, 10), N: float64(n), Num: true} }

// percent is a share in per cent with one decimal, or a dash without a
// base.
func percent(part, whole int64) cell {
	if whole == 0 {
		return cell{Text: "–"}
	}
	v := math.Round(1000*float64(part)/float64(whole)) / 10
	return cell{Text: strconv.FormatFloat(v, 'f', 1, 64) + " %", N: v, Num: true}
}

// change is the change from before to now in per cent, signed, or a dash
// when there was nothing before.
func change(now, before int64) cell {
	if before == 0 {
		return cell{Text: "–"}
	}
	v := math.Round(1000*float64(now-before)/float64(before)) / 10
	return cell{Text: fmt.Sprintf("%+.1f %%", v), N: v, Num: true}
}

// ratio is a/b with two decimals (turnover), or a dash.
func ratio(a, b int64) cell {
	if b == 0 {
		return cell{Text: "–"}
	}
	v := math.Round(100*float64(a)/float64(b)) / 100
	return cell{Text: strconv.FormatFloat(v, 'f', 2, 64), N: v, Num: true}
}

// tableByID finds a table.
func tableByID(ts []*table, id string) *table {
	for _, t := range ts {
		if t.ID == id {
			return t
		}
	}
	return nil
}
