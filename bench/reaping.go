package main

import (
	"bufio"
	"fmt"
	"strings"
	"time"
)

// reapResult is one run of the orphan-reaping test.
type reapResult struct {
	made   int
	reapNs int64   // from the moment the orphans became the init's to the last one reaped
	total  float64 // ms from starting the init to its exit, for context
}

// reapOnce runs INIT -- helper orphans n as PID 1 of a new PID namespace. The helper
// makes the init inherit n zombies at one instant, waits until all are reaped, reports
// the reaping time on stdout and exits, after which the init exits too.
func reapOnce(in *Init, helper string, n int) (reapResult, error) {
	t0 := time.Now()
	p, err := Spawn(in.Argv(helper, "orphans", fmt.Sprint(n)), SpawnOptions{NewPIDNS: true, CaptureStdout: true})
	if err != nil {
		return reapResult{}, err
	}
	defer p.Stop()
	// Making 20,000 processes takes a few seconds; the helper gives up after 60 s of
	// waiting for the init to reap, so 120 s covers both.
	if err := p.Out.SetReadDeadline(time.Now().Add(120 * time.Second)); err != nil {
		return reapResult{}, err
	}
	line, err := bufio.NewReader(p.Out).ReadString('\n')
	if err != nil {
		return reapResult{}, fmt.Errorf("no report from helper: %v; stderr: %q", err, p.Stderr())
	}
	var r reapResult
	var spawnNs int64
	if _, err := fmt.Sscanf(strings.TrimSpace(line), "made=%d reap_ns=%d spawn_ns=%d", &r.made, &r.reapNs, &spawnNs); err != nil {
		return reapResult{}, fmt.Errorf("helper: %s", strings.TrimSpace(line))
	}
	ws, err := p.Wait(10 * time.Second)
	if err != nil {
		return reapResult{}, fmt.Errorf("init after its child exited: %v", err)
	}
	r.total = float64(time.Since(t0).Microseconds()) / 1e3
	if !ws.Exited() || ws.ExitStatus() != 0 {
		return reapResult{}, fmt.Errorf("init ended with %s; stderr: %q", describeStatus(ws), p.Stderr())
	}
	if r.made < n {
		return reapResult{}, fmt.Errorf("helper could make only %d of %d orphans", r.made, n)
	}
	return r, nil
}

// BenchReap measures orphan reaping throughput: orphans/s and the reaping time, median
// over rounds, inits interleaved round-robin.
func BenchReap(inits []*Init, helper string, n, rounds int) (rate, dur, total *Metric) {
	rate = NewMetric("reap.rate", fmt.Sprintf("reap %d orphans as PID 1", n), "orphans/s", Higher, true)
	dur = NewMetric("reap.time", "  time to reap them all", "ms", Lower, false)
	total = NewMetric("reap.total", "  init start to exit (forking)", "ms", Info, false)
	rate.Integer, total.Integer = true, true
	rates := map[string][]float64{}
	durs := map[string][]float64{}
	totals := map[string][]float64{}
	for r := 0; r < rounds; r++ {
		for _, in := range rotate(inits, r) {
			if _, bad := rate.Errors[in.Name]; bad {
				continue
			}
			progress("reaping: round %d/%d, %s", r+1, rounds, in.Name)
			res, err := reapOnce(in, helper, n)
			if err != nil {
				rate.Fail(in.Name, err)
				dur.Fail(in.Name, err)
				total.Fail(in.Name, err)
				continue
			}
			secs := float64(res.reapNs) / 1e9
			rates[in.Name] = append(rates[in.Name], float64(res.made)/secs)
			durs[in.Name] = append(durs[in.Name], secs*1e3)
			totals[in.Name] = append(totals[in.Name], res.total)
		}
	}
	for _, in := range inits {
		if _, bad := rate.Errors[in.Name]; bad {
			continue
		}
		rate.Set(in.Name, Median(rates[in.Name]))
		dur.Set(in.Name, Median(durs[in.Name]))
		total.Set(in.Name, Median(totals[in.Name]))
	}
	return rate, dur, total
}
