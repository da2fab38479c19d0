package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// exitRun starts INIT -- helper exitwait 1 as a plain child, learns the helper's pid,
// watches it through a pidfd, ends it by closing its stdin, and returns the time from
// the helper's exit (the pidfd turning readable) to the init's (wait4 returning).
//
// Both instants are seen by this goroutine, so its own wake-up latency lands on both
// ends of the interval; what remains is the init's: noticing SIGCHLD, reaping, its own
// checks, and the teardown of its process until its parent is told.
func exitRun(in *Init, helper string, limit time.Duration) (float64, error) {
	stdin, stdout := make([]int, 2), make([]int, 2)
	if err := unix.Pipe2(stdin, unix.O_CLOEXEC); err != nil {
		return 0, err
	}
	defer func() {
		if stdin[1] >= 0 {
			unix.Close(stdin[1])
		}
	}()
	if err := unix.Pipe2(stdout, unix.O_CLOEXEC); err != nil {
		unix.Close(stdin[0])
		return 0, err
	}
	out := os.NewFile(uintptr(stdout[0]), "helper stdout")
	defer out.Close()
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return 0, err
	}
	defer devnull.Close()
	attr := &syscall.ProcAttr{
		Files: []uintptr{uintptr(stdin[0]), uintptr(stdout[1]), devnull.Fd()},
		Env:   os.Environ(),
		Sys:   &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true},
	}
	pid, err := syscall.ForkExec(in.Path, in.Argv(helper, "exitwait", "1"), attr)
	unix.Close(stdin[0])
	unix.Close(stdout[1])
	if err != nil {
		return 0, err
	}
	timer := time.AfterFunc(limit, func() { syscall.Kill(-pid, syscall.SIGKILL) })
	defer timer.Stop()
	reap := func() error {
		var ws syscall.WaitStatus
		for {
			_, err := syscall.Wait4(pid, &ws, 0, nil)
			if err != syscall.EINTR {
				return err
			}
		}
	}

	line, err := bufio.NewReader(out).ReadString('\n')
	var helperPid int
	if _, scanErr := fmt.Sscanf(strings.TrimSpace(line), "pid %d", &helperPid); err != nil || scanErr != nil {
		syscall.Kill(-pid, syscall.SIGKILL)
		reap()
		return 0, fmt.Errorf("no pid from the helper (%q): %v", line, err)
	}
	pidfd, err := unix.PidfdOpen(helperPid, 0)
	if err != nil {
		syscall.Kill(-pid, syscall.SIGKILL)
		reap()
		return 0, err
	}
	defer unix.Close(pidfd)

	unix.Close(stdin[1])
	stdin[1] = -1
	fds := []unix.PollFd{{Fd: int32(pidfd), Events: unix.POLLIN}}
	for {
		_, err := unix.Poll(fds, int(limit/time.Millisecond))
		if err != unix.EINTR {
			break
		}
	}
	t1 := time.Now()
	err = reap()
	t2 := time.Now()
	if err != nil {
		return 0, err
	}
	if fds[0].Revents&unix.POLLIN == 0 {
		return 0, fmt.Errorf("the helper did not exit within %v", limit)
	}
	return float64(t2.Sub(t1).Nanoseconds()) / 1e3, nil
}

// BenchExitLatency measures, for each init, the median time from its command's exit to
// its own, over runs interleaved round-robin.
func BenchExitLatency(inits []*Init, helper string, runs int) *Metric {
	m := NewMetric("exit.latency", "exit latency after the command", "µs", Lower, true)
	samples := make([][]float64, len(inits))
	failed := make([]error, len(inits))
	slots := make([]int, len(inits))
	for i := range slots {
		slots[i] = i
	}
	const warmup = 3
	for i := -warmup; i < runs; i++ {
		for _, s := range rotate(slots, i+warmup) {
			if failed[s] != nil {
				continue
			}
			v, err := exitRun(inits[s], helper, 5*time.Second)
			if err != nil {
				failed[s] = err
				continue
			}
			if i >= 0 {
				samples[s] = append(samples[s], v)
			}
		}
	}
	for k, in := range inits {
		if failed[k] != nil {
			m.Fail(in.Name, failed[k])
			continue
		}
		m.Set(in.Name, Median(samples[k]))
	}
	return m
}
