package main

import (
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"
)

// startupRun is one timed fork/exec/wait.
type startupRun struct {
	wall, cpu float64 // µs
}

// runTimed forks and execs argv, waits for it, and returns the wall time from just before
// the fork to just after the wait, plus the child's CPU time from its rusage (which
// includes the descendants it waited for, i.e. /bin/true under an init). Everything is
// done in-process with raw ForkExec/Wait4, without os/exec's pipes and goroutines, so the
// measured path is as short and as equal between runs as it can be.
func runTimed(argv []string, devnull uintptr, limit time.Duration) (startupRun, error) {
	attr := &syscall.ProcAttr{
		Files: []uintptr{devnull, devnull, devnull},
		Env:   os.Environ(),
		Sys:   &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true},
	}
	t0 := time.Now()
	pid, err := syscall.ForkExec(argv[0], argv, attr)
	if err != nil {
		return startupRun{}, err
	}
	// The deadline kills the process group (init and /bin/true) if the run hangs. The
	// mutex keeps it from killing a pid that was already reaped and maybe reused.
	var mu sync.Mutex
	reaped := false
	timer := time.AfterFunc(limit, func() {
		mu.Lock()
		defer mu.Unlock()
		if !reaped {
			syscall.Kill(-pid, syscall.SIGKILL)
			syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	var ws syscall.WaitStatus
	var ru syscall.Rusage
	for {
		_, err = syscall.Wait4(pid, &ws, 0, &ru)
		if err != syscall.EINTR {
			break
		}
	}
	wall := time.Since(t0)
	mu.Lock()
	reaped = true
	mu.Unlock()
	timer.Stop()
	if err != nil {
		return startupRun{}, err
	}
	if !ws.Exited() || ws.ExitStatus() != 0 {
		return startupRun{}, fmt.Errorf("run ended with %s", describeStatus(ws))
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return startupRun{wall: float64(wall.Nanoseconds()) / 1e3, cpu: float64(cpu.Nanoseconds()) / 1e3}, nil
}

// BenchStartup measures what an init adds to starting and finishing a trivial program:
// median(INIT -- true) - median(true), for wall and CPU time. Bare and init runs are
// interleaved round-robin, rotating the order each iteration.
func BenchStartup(inits []*Init, truePath string, runs int) (wall, cpu *Metric, note string) {
	wall = NewMetric("startup.wall", "start-up overhead, wall", "µs", Lower, true)
	cpu = NewMetric("startup.cpu", "start-up overhead, CPU", "µs", Lower, true)
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		for _, in := range inits {
			wall.Fail(in.Name, err)
			cpu.Fail(in.Name, err)
		}
		return wall, cpu, ""
	}
	defer devnull.Close()

	// Slot 0 is the bare program; slot k is inits[k-1].
	argvs := [][]string{{truePath}}
	for _, in := range inits {
		argvs = append(argvs, in.Argv(truePath))
	}
	slots := make([]int, len(argvs))
	for i := range slots {
		slots[i] = i
	}
	walls := make([][]float64, len(argvs))
	cpus := make([][]float64, len(argvs))
	failed := make([]error, len(argvs))
	// Warm-up runs fill the page cache and the dynamic loader's caches, and are not kept.
	const warmup = 5
	for i := -warmup; i < runs; i++ {
		for _, s := range rotate(slots, i+warmup) {
			if failed[s] != nil {
				continue
			}
			r, err := runTimed(argvs[s], devnull.Fd(), 5*time.Second)
			if err != nil {
				failed[s] = err
				continue
			}
			if i >= 0 {
				walls[s] = append(walls[s], r.wall)
				cpus[s] = append(cpus[s], r.cpu)
			}
		}
	}
	if failed[0] != nil {
		for _, in := range inits {
			wall.Fail(in.Name, fmt.Errorf("bare %s failed: %v", truePath, failed[0]))
			cpu.Fail(in.Name, fmt.Errorf("bare %s failed: %v", truePath, failed[0]))
		}
		return wall, cpu, ""
	}
	bareWall, bareCPU := Median(walls[0]), Median(cpus[0])
	for k, in := range inits {
		s := k + 1
		if failed[s] != nil {
			wall.Fail(in.Name, failed[s])
			cpu.Fail(in.Name, failed[s])
			continue
		}
		wall.Set(in.Name, Median(walls[s])-bareWall)
		cpu.Set(in.Name, Median(cpus[s])-bareCPU)
	}
	note = fmt.Sprintf("start-up: bare %s median %.0f µs wall, %.0f µs CPU over %d runs each",
		truePath, bareWall, bareCPU, runs)
	return wall, cpu, note
}
