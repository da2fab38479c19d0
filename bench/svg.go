package main

import (
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// initColors gives each init the same colour in every chart; initty stands out.
var initColors = map[string]string{
	"tini":        "#7f7f7f",
	"tini-static": "#b8b8b8",
	"dumb-init":   "#e69f00",
	"catatonit":   "#56b4e9",
	"initty":      "#d55e00",
}

// fallbackColors serve inits without a fixed colour.
var fallbackColors = []string{"#009e73", "#cc79a7", "#0072b2", "#f0e442"}

// WriteSVG draws one group of horizontal bars per charted metric, one bar per init,
// showing its ratio to tini on a log2 axis. Bars start at 1 (tini) and grow right when
// the init's value is larger and left when smaller, so equal factors look equally long
// whichever way they go. The SVG is written by hand: no dependencies.
func WriteSVG(path string, r *Report) error {
	var charted []*Metric
	for _, m := range r.Metrics {
		if m.Chart {
			charted = append(charted, m)
		}
	}
	// Axis range: whole powers of two around every ratio, at least 1/2..2, at most 2^±10.
	lo, hi := -1.0, 1.0
	for _, m := range charted {
		for _, v := range m.Ratios {
			if v > 0 {
				lo = math.Min(lo, math.Floor(math.Log2(v)))
				hi = math.Max(hi, math.Ceil(math.Log2(v)))
			}
		}
	}
	lo, hi = math.Max(lo, -10), math.Min(hi, 10)

	const (
		width, left, right = 980.0, 330.0, 60.0
		barH, barGap       = 13.0, 3.0
		groupGap, top      = 18.0, 96.0
	)
	plotW := width - left - right
	x := func(ratio float64) float64 {
		l := math.Min(math.Max(math.Log2(ratio), lo), hi)
		return left + (l-lo)/(hi-lo)*plotW
	}
	groupH := float64(len(r.Inits))*(barH+barGap) - barGap
	height := top + float64(len(charted))*(groupH+groupGap) + 40

	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="20" y="28" font-size="17" font-weight="bold">initty bench: each init's value divided by tini's (log scale, tini = 1)</text>`+"\n")
	fmt.Fprintf(&b, `<text x="20" y="48" fill="#555">%s mode, %s, %s. Check each row's direction: lower is better except where it says higher.</text>`+"\n",
		esc(r.Mode), esc(r.Host["cpus"]+" CPUs"), esc(r.Started))

	// Legend.
	lx := 20.0
	for i, in := range r.Inits {
		fmt.Fprintf(&b, `<rect x="%.0f" y="60" width="12" height="12" fill="%s"/><text x="%.0f" y="70">%s</text>`+"\n",
			lx, colorFor(in.Name, i), lx+16, esc(in.Name))
		lx += 30 + 7*float64(len(in.Name))
	}

	// Grid lines at each power of two, labelled at the bottom.
	bottom := height - 30
	for e := lo; e <= hi; e++ {
		gx := x(math.Exp2(e))
		stroke, w := "#ddd", 1.0
		if e == 0 {
			stroke, w = "#333", 1.5
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="%s" stroke-width="%.1f"/>`+"\n", gx, top-8, gx, bottom, stroke, w)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" fill="#555">%s</text>`+"\n", gx, bottom+15, powLabel(e))
	}

	y := top
	for _, m := range charted {
		dir := "lower is better"
		if m.Better == Higher {
			dir = "higher is better"
		}
		label := m.ChartLabel
		if label == "" {
			label = strings.TrimSpace(m.Label)
		}
		fmt.Fprintf(&b, `<text x="20" y="%.1f">%s</text>`+"\n", y+groupH/2-2, esc(label))
		fmt.Fprintf(&b, `<text x="20" y="%.1f" fill="#777" font-size="10">%s, %s</text>`+"\n", y+groupH/2+11, esc(m.Unit), dir)
		for i, in := range r.Inits {
			by := y + float64(i)*(barH+barGap)
			ratio, ok := m.Ratios[in.Name]
			switch {
			case m.Errors[in.Name] != "":
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#c00" font-size="10">%s: error</text>`+"\n", x(1)+4, by+barH-3, esc(in.Name))
			case !ok:
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#777" font-size="10">%s: no ratio</text>`+"\n", x(1)+4, by+barH-3, esc(in.Name))
			case ratio <= 0:
				// Zero (no idle wake-ups at all) or a negative overhead: off the log scale,
				// so drawn as an arrow-less bar to the left edge with the exact value.
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" fill="%s" opacity="0.5"/>`+"\n",
					left, by, x(1)-left, barH, colorFor(in.Name, i))
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" font-size="10">%s</text>`+"\n", left-4, by+barH-3, FormatRatio(ratio))
			default:
				x0, x1 := x(1), x(ratio)
				bx, bw := math.Min(x0, x1), math.Max(math.Abs(x1-x0), 1.5)
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" fill="%s"><title>%s: %s %s (%s× tini)</title></rect>`+"\n",
					bx, by, bw, barH, colorFor(in.Name, i), esc(in.Name), FormatValue(m.Values[in.Name], false), esc(m.Unit), FormatRatio(ratio))
				tx, anchor := bx+bw+4, "start"
				if x1 < x0 {
					tx, anchor = bx-4, "end"
				}
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="10">%s</text>`+"\n", tx, by+barH-3, anchor, FormatRatio(ratio))
			}
		}
		y += groupH + groupGap
	}
	b.WriteString("</svg>\n")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// colorFor returns the init's colour, or a fallback by column index.
func colorFor(name string, i int) string {
	if c, ok := initColors[name]; ok {
		return c
	}
	return fallbackColors[i%len(fallbackColors)]
}

// powLabel writes 2^e as "4" or "1/4".
func powLabel(e float64) string {
	if e >= 0 {
		return fmt.Sprintf("%.0f", math.Exp2(e))
	}
	return fmt.Sprintf("1/%.0f", math.Exp2(-e))
}
