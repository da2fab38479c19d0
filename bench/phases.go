package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// phaseNames explains each mark a `-tags phases` build of initty prints (relay/phases.go),
// in the order they come. A phase is the time from the previous mark to its own.
var phaseNames = []struct{ mark, label string }{
	{"runtime", "exec, Go runtime start, package init"},
	{"options", "main: options, #! check"},
	{"signals", "signals: subscribe, signalfd, handlers"},
	{"subreaper", "subreaper"},
	{"terminal", "terminal, job decision"},
	{"fork-exec", "fork and exec of the command"},
	{"sigchld", "command runs, its SIGCHLD reaches the loop"},
	{"reap", "reap"},
	{"leftovers", "leftover check"},
	{"terminal-back", "terminal given back"},
	{"finish", "exit status"},
	{"", "exit: initty's teardown until wait4 returns"},
}

// BuildPhases builds initty with -tags phases from the source tree the bench runs in.
func BuildPhases(dir string) (string, error) {
	goTool, err := goCommand()
	if err != nil {
		return "", err
	}
	gomod, err := exec.Command(goTool, "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(gomod)) == "" || strings.TrimSpace(string(gomod)) == os.DevNull {
		return "", fmt.Errorf("-phases needs initty's source tree as the working directory")
	}
	bin := filepath.Join(dir, "initty-phases")
	cmd := exec.Command(goTool, "build", "-tags", "phases", "-trimpath",
		"-ldflags=-s -w -E=github.com/initty/initty/relay.entry", "-o", bin, "./cmd/initty")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building initty with -tags phases: %v\n%s", err, out)
	}
	return bin, nil
}

// monotonic reads CLOCK_MONOTONIC, the clock the phases build stamps its marks with.
func monotonic() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return ts.Nano()
}

// phaseRun runs `bin truePath` once and returns each phase's length in µs, keyed by
// mark ("" for the exit).
func phaseRun(bin, truePath string) (map[string]float64, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		w.Close()
		return nil, err
	}
	defer devnull.Close()
	attr := &syscall.ProcAttr{Files: []uintptr{devnull.Fd(), devnull.Fd(), w.Fd()}, Env: os.Environ(),
		Sys: &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}}
	start := monotonic()
	pid, err := syscall.ForkExec(bin, []string{bin, truePath}, attr)
	if err != nil {
		w.Close()
		return nil, err
	}
	var ws syscall.WaitStatus
	for {
		if _, err = syscall.Wait4(pid, &ws, 0, nil); err != syscall.EINTR {
			break
		}
	}
	end := monotonic()
	w.Close()
	out, _ := io.ReadAll(r)
	line := out[bytes.LastIndex(out, []byte("initty-phases"))+len("initty-phases"):]
	phases := map[string]float64{}
	prev := start
	for _, field := range strings.Fields(string(line)) {
		name, value, ok := strings.Cut(field, "=")
		ns, err := strconv.ParseInt(value, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("bad phases line %q", out)
		}
		phases[name] = float64(ns-prev) / 1e3
		prev = ns
	}
	if len(phases) == 0 {
		return nil, fmt.Errorf("no phases line on stderr: %q", out)
	}
	phases[""] = float64(end-prev) / 1e3
	return phases, nil
}

// WritePhases runs `initty /bin/true` runs times (and the bare command as often, in
// turn) and prints the median of each phase.
func WritePhases(w io.Writer, bin, truePath string, runs int) error {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return err
	}
	defer devnull.Close()
	samples := map[string][]float64{}
	var totals, bare []float64
	for i := 0; i < runs+3; i++ {
		p, err := phaseRun(bin, truePath)
		if err != nil {
			return err
		}
		b, err := runTimed([]string{truePath}, devnull.Fd(), 5*time.Second)
		if err != nil {
			return err
		}
		if i < 3 {
			continue // warm-up
		}
		total := 0.0
		for name, v := range p {
			samples[name] = append(samples[name], v)
			total += v
		}
		totals, bare = append(totals, total), append(bare, b.wall)
	}
	fmt.Fprintf(w, "Phases of one `initty %s` (-tags phases build; medians of %d runs, µs):\n", truePath, runs)
	for _, p := range phaseNames {
		fmt.Fprintf(w, "  %-46s %8.0f\n", p.label, Median(samples[p.mark]))
	}
	fmt.Fprintf(w, "  %-46s %8.0f\n", "total", Median(totals))
	fmt.Fprintf(w, "  %-46s %8.0f\n", "for comparison: bare "+truePath+", fork to wait4", Median(bare))
	fmt.Fprintln(w, "  Phase medians do not add up to the total's median exactly.")
	return nil
}
