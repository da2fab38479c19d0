package main

import (
	"math"
	"sort"
)

// Percentile returns the p-th percentile (0..100) of xs, interpolating linearly between
// the two nearest ranks, or NaN for no samples. Medians and high percentiles are used
// instead of means because process start-up and signal delivery have long tails
// (a page fault, a timer interrupt, the other CPU busy) that would drag a mean around.
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	pos := p / 100 * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

// Median is Percentile(xs, 50).
func Median(xs []float64) float64 { return Percentile(xs, 50) }

// rotate returns the n items in the order that starts at i mod n. Iteration i of a
// round-robin loop runs them in this order, so that no init is always first (right after
// the previous metric's work) or always last, and slow drift (thermal, other load,
// page cache) is spread over all of them alike.
func rotate[T any](items []T, i int) []T {
	n := len(items)
	if n == 0 {
		return nil
	}
	out := make([]T, 0, n)
	for k := 0; k < n; k++ {
		out = append(out, items[(i+k)%n])
	}
	return out
}
