package stats

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kirjasto/kirjasto/internal/web"
)

// export answers a page's ?format=csv or ?format=xlsx with its tables
// instead of the page: CSV one table (?table=), XLSX one table or, without
// ?table=, every table on a sheet of its own. done is false when the
// request asks for the page.
func (s *server) export(w http.ResponseWriter, r *http.Request, name string, tables []*table) (done bool, err error) {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		return false, nil
	}
	list := tables
	if id := q.Get("table"); id != "" {
		t := tableByID(tables, id)
		if t == nil {
			return true, web.Invalid("stats_web.error.table", "no statistics table %q", id)
		}
		list = []*table{t}
		name += "-" + id
	}
	switch format {
	case "csv":
		if len(list) != 1 {
			return true, web.Invalid("stats_web.error.table", "CSV needs one table")
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		return true, writeCSV(w, list[0])
	case "xlsx":
		f, err := workbook(list)
		if err != nil {
			return true, err
		}
		defer f.Close()
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		return true, f.Write(w)
	}
	return true, web.Invalid("stats_web.error.format", "no export format %q", format)
}

// writeCSV writes a table with its heading row; a figure is written as
// a plain number, so a spreadsheet reads it as one.
func writeCSV(w http.ResponseWriter, t *table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Head); err != nil {
		return err
	}
	for _, r := range t.Rows {
		rec := []string{r.Head}
		for _, c := range r.Cells {
			rec = append(rec, plain(c))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// plain is a cell as data: the number without its unit.
func plain(c cell) string {
	if !c.Num {
		return c.Text
	}
	return number(c.N)
}

// workbook puts each table on a sheet of its own: the caption, the
// headings, the rows, numbers as numbers.
func workbook(tables []*table) (*excelize.File, error) {
	f := excelize.NewFile()
	for i, t := range tables {
		sheet := sheetName(t.ID, i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return nil, err
		}
		set := func(col, row int, v any) error {
			ref, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				return err
			}
			return f.SetCellValue(sheet, ref, v)
		}
		if err := set(1, 1, t.Caption); err != nil {
			return nil, err
		}
		for j, h := range t.Head {
			if err := set(j+1, 2, h); err != nil {
				return nil, err
			}
		}
		for k, r := range t.Rows {
			if err := set(1, k+3, r.Head); err != nil {
				return nil, err
			}
			for j, c := range r.Cells {
				var v any = c.Text
				if c.Num {
					v = c.N
				}
				if err := set(j+2, k+3, v); err != nil {
					return nil, err
				}
			}
		}
	}
	return f, nil
}

// sheetName is a valid, unique sheet name: at most 31 characters.
func sheetName(id string, i int) string {
	id = strings.NewReplacer("/", "-", "\\", "-", "?", "", "*", "", "[", "", "]", "", ":", "").Replace(id)
	if len(id) > 27 {
		id = id[:27]
	}
	return fmt.Sprintf("%d %s", i+1, id)
}
