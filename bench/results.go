package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
)

// Reference is the init every ratio is taken against.
const Reference = "tini"

// Better says which direction of a metric is good.
type Better string

const (
	// Lower is better: times, memory, wake-ups.
	Lower Better = "lower"
	// Higher is better: throughput.
	Higher Better = "higher"
	// Info metrics (yes/no, counts for context) get no ratio and no bar.
	Info Better = ""
)

// Metric is one row of the results: a value per init, its ratio to tini, and the error
// for any init the metric could not measure.
type Metric struct {
	// Key is a stable machine name such as "startup.wall".
	Key string `json:"key"`
	// Label is the human row title.
	Label string `json:"label"`
	// Unit of Values ("µs", "KiB", "orphans/s", "yes/no", ...).
	Unit string `json:"unit"`
	// Better gives the good direction; Info rows have no ratio.
	Better Better `json:"better,omitempty"`
	// Values holds one number per init name; yes/no rows use 1 and 0.
	Values map[string]float64 `json:"values"`
	// Ratios holds Values[init]/Values[tini], when both exist and tini's is positive.
	Ratios map[string]float64 `json:"ratios,omitempty"`
	// Errors says why an init has no value.
	Errors map[string]string `json:"errors,omitempty"`
	// Bool marks yes/no rows.
	Bool bool `json:"bool,omitempty"`
	// Chart puts the row into the SVG (rows that repeat another row's information do not).
	Chart bool `json:"-"`
	// Integer prints values without decimals (counts, KiB).
	Integer bool `json:"-"`
	// ChartLabel replaces Label in the SVG, where an indented sub-row loses its parent.
	ChartLabel string `json:"-"`
}

// NewMetric makes an empty metric row.
func NewMetric(key, label, unit string, better Better, chart bool) *Metric {
	return &Metric{Key: key, Label: label, Unit: unit, Better: better, Chart: chart && better != Info,
		Values: map[string]float64{}, Errors: map[string]string{}}
}

// Set records a value; NaN and infinities are treated as "no value" so that JSON stays valid.
func (m *Metric) Set(init string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	m.Values[init] = v
}

// Fail records why init has no value for this metric.
func (m *Metric) Fail(init string, err error) {
	delete(m.Values, init)
	m.Errors[init] = err.Error()
}

// computeRatios fills Ratios. A reference value of zero or below has no meaningful ratio
// (an overhead within noise of zero), so such rows show values only.
func (m *Metric) computeRatios() {
	m.Ratios = nil
	ref, ok := m.Values[Reference]
	if m.Better == Info || !ok || ref <= 0 {
		return
	}
	m.Ratios = map[string]float64{}
	for k, v := range m.Values {
		m.Ratios[k] = v / ref
	}
}

// Report is the whole run, as written by -json.
type Report struct {
	// Mode is "quick" or "full".
	Mode string `json:"mode"`
	// Started is the RFC 3339 start time.
	Started string `json:"started"`
	// Seconds is how long the run took.
	Seconds float64 `json:"seconds"`
	// Host describes the machine.
	Host map[string]string `json:"host"`
	// Params records iteration counts and windows actually used.
	Params map[string]any `json:"params"`
	// Inits lists the inits measured, in column order.
	Inits []InitInfo `json:"inits"`
	// Metrics holds every result row.
	Metrics []*Metric `json:"metrics"`
	// Notes holds skips and caveats.
	Notes []string `json:"notes"`
}

// InitInfo describes one measured init in the report.
type InitInfo struct {
	// Name is the column name.
	Name string `json:"name"`
	// Path is the executable used.
	Path string `json:"path"`
	// Linkage is "static" or "dynamic".
	Linkage string `json:"linkage"`
}

// WriteJSON writes the report to path, creating its directory.
func (r *Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
