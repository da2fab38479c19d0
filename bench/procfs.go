package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Children returns the pids of pid's direct children, from every thread's children
// file (a child belongs to the thread that forked it, not to the whole process).
func Children(pid int) []int {
	files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var out []int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, s := range strings.Fields(string(b)) {
			if c, err := strconv.Atoi(s); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// Descendants returns every descendant of pid, children before grandchildren.
func Descendants(pid int) []int {
	var out []int
	queue := Children(pid)
	for len(queue) > 0 && len(out) < 100000 {
		c := queue[0]
		queue = queue[1:]
		out = append(out, c)
		queue = append(queue, Children(c)...)
	}
	return out
}

// StatusKB returns the named "kB" fields of /proc/PID/status (VmRSS, RssAnon, ...) and
// the plain number fields (Threads), all as numbers.
func StatusKB(pid int) (map[string]float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		if n, err := strconv.ParseFloat(f[0], 64); err == nil {
			out[k] = n
		}
	}
	return out, nil
}

// CtxtSwitches sums voluntary and nonvoluntary context switches over every thread of
// pid. Each is a time the thread stopped running, so for a process that does nothing
// between timers it counts its wake-ups. /proc/PID/status alone shows only the main
// thread, which would miss a Go program's sysmon and GC threads.
func CtxtSwitches(pid int) (int64, error) {
	files, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
	if err != nil || len(files) == 0 {
		return 0, fmt.Errorf("pid %d: no tasks", pid)
	}
	var sum int64
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			// A thread that just exited: its switches are lost either way.
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			for _, key := range []string{"voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:"} {
				if rest, ok := strings.CutPrefix(line, key); ok {
					n, _ := strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
					sum += n
				}
			}
		}
	}
	return sum, nil
}

// CPUTime returns the CPU time pid's threads have used so far, in nanoseconds. It prefers
// schedstat's exact run time; /proc/PID/stat's utime+stime only has clock-tick (10 ms)
// resolution, too coarse for an init that handles a storm in a few milliseconds.
func CPUTime(pid int) (int64, error) {
	files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if len(files) > 0 {
		var sum int64
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			if fs := strings.Fields(string(b)); len(fs) > 0 {
				n, _ := strconv.ParseInt(fs[0], 10, 64)
				sum += n
			}
		}
		return sum, nil
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces and parentheses: fields start after the last ')'.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return (ut + st) * 1e7, nil // USER_HZ is 100 on Linux
}

// Alive reports whether pid exists and is not a zombie.
func Alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}
