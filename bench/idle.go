package main

import (
	"fmt"
	"os"
	"time"
)

// settle is how long an idle init runs before it is measured: long enough for start-up
// work (a Go runtime's first GC, thread creation) to be over.
const settle = time.Second

// BenchIdle starts every init at once with `sleep 1000` as its child and, after settling,
// reads its memory and thread count, then counts its context switches over window. All
// inits idle side by side so the long window is paid once; an idle process does not
// compete for the CPU, so they do not disturb each other.
func BenchIdle(inits []*Init, sleepPath string, newPIDNS bool, window time.Duration) (memory []*Metric, wake *Metric) {
	rss := NewMetric("mem.rss", "idle RSS (VmRSS)", "KiB", Lower, true)
	anon := NewMetric("mem.anon", "  of which anonymous", "KiB", Lower, true)
	threads := NewMetric("mem.threads", "idle threads", "threads", Lower, true)
	size := NewMetric("bin.size", "binary size", "KiB", Lower, true)
	wake = NewMetric("idle.wakeups", fmt.Sprintf("idle wake-ups (%s window)", window.Round(time.Second)), "per min", Lower, true)
	memory = []*Metric{rss, anon, threads, size}
	for _, m := range memory {
		m.Integer = true
	}
	anon.ChartLabel = "idle RSS, anonymous (RssAnon)"

	fail := func(name string, err error, ms ...*Metric) {
		for _, m := range ms {
			m.Fail(name, err)
		}
	}
	for _, in := range inits {
		if st, err := os.Stat(in.Path); err == nil {
			size.Set(in.Name, float64(st.Size())/1024)
		} else {
			size.Fail(in.Name, err)
		}
	}

	procs := map[string]*Process{}
	for _, in := range inits {
		p, err := Spawn(in.Argv(sleepPath, "1000"), SpawnOptions{NewPIDNS: newPIDNS})
		if err != nil {
			fail(in.Name, err, rss, anon, threads, wake)
			continue
		}
		procs[in.Name] = p
	}
	defer func() {
		for _, p := range procs {
			p.Stop()
		}
	}()
	time.Sleep(settle)

	start := map[string]int64{}
	for _, in := range inits {
		p := procs[in.Name]
		if p == nil {
			continue
		}
		if p.Exited() || !Alive(p.Pid) {
			fail(in.Name, fmt.Errorf("exited while idle; stderr: %q", p.Stderr()), rss, anon, threads, wake)
			delete(procs, in.Name)
			continue
		}
		st, err := StatusKB(p.Pid)
		if err != nil {
			fail(in.Name, err, rss, anon, threads, wake)
			continue
		}
		rss.Set(in.Name, st["VmRSS"])
		anon.Set(in.Name, st["RssAnon"])
		threads.Set(in.Name, st["Threads"])
		if n, err := CtxtSwitches(p.Pid); err == nil {
			start[in.Name] = n
		} else {
			wake.Fail(in.Name, err)
		}
	}

	t0 := time.Now()
	for left := window; left > 0; left = window - time.Since(t0) {
		progress("idle: %.0f s of %.0f s", time.Since(t0).Seconds(), window.Seconds())
		time.Sleep(min(left, 10*time.Second))
	}
	elapsed := time.Since(t0)
	for _, in := range inits {
		p := procs[in.Name]
		n0, ok := start[in.Name]
		if p == nil || !ok {
			continue
		}
		n1, err := CtxtSwitches(p.Pid)
		if err != nil || p.Exited() {
			wake.Fail(in.Name, fmt.Errorf("exited during the idle window; stderr: %q", p.Stderr()))
			continue
		}
		wake.Set(in.Name, float64(n1-n0)/elapsed.Minutes())
	}
	return memory, wake
}
