package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// pad left-aligns s in a field of w runes (fmt's widths count bytes, and µ is two).
func pad(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// rpad right-aligns s in a field of w runes.
func rpad(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}

// FormatValue prints a value with a precision that suits its size: three significant
// digits are about what the noise of these measurements allows.
func FormatValue(v float64, boolean bool) string {
	if boolean {
		if v != 0 {
			return "yes"
		}
		return "NO"
	}
	a := math.Abs(v)
	switch {
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// FormatRatio prints a ratio to tini.
func FormatRatio(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f", r)
	case r >= 10:
		return fmt.Sprintf("%.1f", r)
	default:
		return fmt.Sprintf("%.2f", r)
	}
}

// WriteTable prints the results as a table: one row per metric, one column per init,
// each cell "value (ratio to tini)". Errors become numbered footnotes, so one long
// message cannot break the layout.
func WriteTable(w io.Writer, r *Report) {
	const labelW, unitW, goodW = 30, 10, 5
	cellW := 14
	for _, in := range r.Inits {
		cellW = max(cellW, utf8.RuneCountInString(in.Name)+1)
	}
	line := func(label, unit, good string, cells []string) {
		var b strings.Builder
		b.WriteString(pad(label, labelW) + " " + pad(unit, unitW) + " " + pad(good, goodW))
		for _, c := range cells {
			b.WriteString(" " + rpad(c, cellW))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	names := make([]string, len(r.Inits))
	for i, in := range r.Inits {
		names[i] = in.Name
	}
	line("metric", "unit", "good", names)
	fmt.Fprintln(w, strings.Repeat("-", labelW+unitW+goodW+2+len(names)*(cellW+1)))
	var footnotes []string
	for _, m := range r.Metrics {
		cells := make([]string, len(names))
		for i, name := range names {
			if e, ok := m.Errors[name]; ok {
				footnotes = append(footnotes, fmt.Sprintf("[%d] %s, %s: %s", len(footnotes)+1, name, strings.TrimSpace(m.Label), e))
				cells[i] = fmt.Sprintf("ERR[%d]", len(footnotes))
				continue
			}
			v, ok := m.Values[name]
			if !ok {
				cells[i] = "-"
				continue
			}
			c := FormatValue(v, m.Bool)
			if m.Integer && !m.Bool {
				c = fmt.Sprintf("%.0f", v)
			}
			if ratio, ok := m.Ratios[name]; ok {
				c += " (" + FormatRatio(ratio) + ")"
			}
			cells[i] = c
		}
		line(m.Label, m.Unit, string(m.Better), cells)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Cells: value (ratio to tini = 1.00). Values are medians unless the row says p99;")
	fmt.Fprintln(w, "\"good\" says which direction is better. A ratio is left out where tini's value is <= 0.")
	for _, f := range footnotes {
		fmt.Fprintln(w, f)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "Note: "+n)
	}
}
