package main

import (
	"fmt"
	"syscall"
	"time"
)

// stormResult is one storm against one init.
type stormResult struct {
	cpuMs    float64 // init CPU time from the first signal until the last one was relayed
	wakeups  int64   // the init's context switches meanwhile: how often it got to run
	lastSeen bool    // the closing SIGUSR2 reached the child
	alive    bool    // init and child both still running afterwards
}

// stormOnce sends n SIGUSR1s to the init as fast as kill(2) goes, then one SIGUSR2, and
// waits for the helper's 'T' report of the SIGUSR2. A goroutine drains the helper's 'u'
// acknowledgements meanwhile, or the pipe would fill and stall the helper.
func stormOnce(a *AckInstance, n int) (stormResult, error) {
	var res stormResult
	cpu0, err := CPUTime(a.Proc.Pid)
	if err != nil {
		return res, err
	}
	sw0, err := CtxtSwitches(a.Proc.Pid)
	if err != nil {
		return res, err
	}
	// got carries nil once the helper has reported the SIGUSR2, or the read error.
	got := make(chan error, 1)
	if err := a.Proc.Out.SetReadDeadline(time.Now().Add(30 * time.Second)); err != nil {
		return res, err
	}
	go func() {
		buf := make([]byte, 4096)
		var pending []byte
		for {
			k, err := a.Proc.Out.Read(buf)
			if err != nil {
				got <- err
				return
			}
			pending = append(pending, buf[:k]...)
			for i, c := range pending {
				if c == 'T' {
					// 'T' is followed by the helper's 8-byte SIGUSR1 count, which
					// the bench does not need: the child's count coalesces too.
					if len(pending) >= i+9 {
						got <- nil
						return
					}
					pending = pending[i:]
					break
				}
			}
			if len(pending) > 0 && pending[0] != 'T' {
				pending = pending[:0]
			}
		}
	}()
	sent := 0
	for ; sent < n; sent++ {
		if syscall.Kill(a.Proc.Pid, syscall.SIGUSR1) != nil {
			break // the init is gone; reported below
		}
	}
	lastErr := syscall.Kill(a.Proc.Pid, syscall.SIGUSR2)
	consumed := false
	select {
	case err := <-got:
		consumed = true
		res.lastSeen = err == nil
	case <-time.After(10 * time.Second):
	}
	// Let the init finish whatever is still queued before reading its CPU time.
	time.Sleep(100 * time.Millisecond)
	cpu1, cerr := CPUTime(a.Proc.Pid)
	sw1, werr := CtxtSwitches(a.Proc.Pid)
	res.alive = Alive(a.Proc.Pid) && Alive(a.Child) && sent == n && lastErr == nil
	if !consumed {
		// The reader goroutine may still be blocked; unblock it and drop its result.
		a.Proc.Out.SetReadDeadline(time.Now())
		<-got
	}
	if cerr == nil {
		res.cpuMs = float64(cpu1-cpu0) / 1e6
	}
	if werr == nil {
		res.wakeups = sw1 - sw0
	}
	if !res.alive {
		return res, fmt.Errorf("did not survive the storm (%d of %d signals sent)", sent, n)
	}
	return res, nil
}

// BenchStorm runs the signal storm rounds times per init, round-robin, on the running ack
// instances. CPU time is the median over rounds; survival and delivery of the last signal
// must hold in every round.
func BenchStorm(acks []*AckInstance, n, rounds int) []*Metric {
	cpu := NewMetric("storm.cpu", fmt.Sprintf("storm of %d: init CPU", n), "ms", Lower, true)
	alive := NewMetric("storm.survived", "  init and child survived", "yes/no", Info, false)
	last := NewMetric("storm.last", "  last signal reached child", "yes/no", Info, false)
	// Standard signals coalesce while pending, so the init handles far fewer than were
	// sent; how often it ran says how much of the storm it saw.
	wake := NewMetric("storm.wakeups", "  init wake-ups in the storm", "switches", Info, false)
	// CPU per wake-up approximates the init's own cost of handling one burst of signals.
	// The total above also follows how often the scheduler let the init run, which
	// varies up to 3x between quick storms against the same binary.
	per := NewMetric("storm.cpu_per_wakeup", "  init CPU per wake-up", "µs", Lower, true)
	per.ChartLabel = "storm: init CPU per wake-up"
	alive.Bool, last.Bool, wake.Integer = true, true, true
	cpus := map[string][]float64{}
	wakes := map[string][]float64{}
	pers := map[string][]float64{}
	dead := map[string]bool{}
	lastOK := map[string]bool{}
	for _, a := range acks {
		lastOK[a.Init.Name] = true
	}
	for r := 0; r < rounds; r++ {
		for _, a := range rotate(acks, r) {
			name := a.Init.Name
			if dead[name] || !lastOK[name] {
				// One storm that swallowed the closing signal is the finding; more would
				// each wait out the 10 s deadline for nothing.
				continue
			}
			progress("storm: round %d/%d, %s", r+1, rounds, name)
			res, err := stormOnce(a, n)
			if !res.lastSeen {
				lastOK[name] = false
			}
			if err != nil {
				dead[name] = true
				cpu.Fail(name, err)
				per.Fail(name, err)
				continue
			}
			cpus[name] = append(cpus[name], res.cpuMs)
			wakes[name] = append(wakes[name], float64(res.wakeups))
			if res.wakeups > 0 {
				pers[name] = append(pers[name], res.cpuMs*1e3/float64(res.wakeups))
			}
		}
	}
	for _, a := range acks {
		name := a.Init.Name
		alive.Set(name, b2f(!dead[name]))
		last.Set(name, b2f(lastOK[name]))
		switch {
		case !dead[name] && !lastOK[name]:
			err := fmt.Errorf("the closing SIGUSR2 never reached the child, so the init did not relay the storm")
			cpu.Fail(name, err)
			per.Fail(name, err)
		case !dead[name]:
			cpu.Set(name, Median(cpus[name]))
			wake.Set(name, Median(wakes[name]))
			per.Set(name, Median(pers[name]))
		}
	}
	return []*Metric{cpu, per, wake, alive, last}
}

// b2f encodes yes/no rows as 1/0.
func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
