package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// zombiesBelow counts processes in state Z anywhere below pid.
func zombiesBelow(pid int) int {
	n := 0
	for _, p := range descendants(pid) {
		if st, ok := readStat(p); ok && st.State == 'Z' {
			n++
		}
	}
	return n
}

// As PID 1, 10,000 orphans made by the child are all reaped while initty runs.
func TestPID1ReapsTenThousandOrphans(t *testing.T) {
	needRoot(t)
	out := newConsole(t)
	cmd := asPID1(initty("sh", "-c", probeBin+" orphans 10000; echo orphans-made; exec sleep 60"))
	cmd.Stdout = out.slave
	s := start(t, cmd)
	out.expect(`made 10000`, 60*time.Second)
	out.expect(`orphans-made`, 5*time.Second)
	eventually(t, 10*time.Second, "no zombie left below initty", func() bool { return zombiesBelow(s.pid()) == 0 })
	if got := len(descendants(s.pid())); got != 1 {
		t.Errorf("%d processes below initty, want only sleep", got)
	}
	syscall.Kill(s.pid(), syscall.SIGTERM)
	s.wait(t, 5*time.Second)
}

// In host mode initty is a child subreaper: orphans reparent to it and it reaps them.
func TestHostModeSubreaper(t *testing.T) {
	report := filepath.Join(t.TempDir(), "report")
	s := start(t, initty("sh", "-c", probeBin+" orphan-report "+report+"; exec sleep 60"))
	eventually(t, 10*time.Second, "the orphan reports its new parent", func() bool { _, err := os.Stat(report); return err == nil })
	var ppid, pid int
	b, _ := os.ReadFile(report)
	fmt.Sscan(string(b), &ppid, &pid)
	if ppid != s.pid() {
		t.Fatalf("the orphan's parent is %d, want initty (%d)", ppid, s.pid())
	}
	syscall.Kill(pid, syscall.SIGUSR1) // let it exit
	eventually(t, 5*time.Second, "the orphan is reaped", func() bool { _, ok := readStat(pid); return !ok })

	// Plain zombies too: a burst of orphans from the probe.
	cmd := initty("sh", "-c", probeBin+" orphans 2000 >/dev/null; exec sleep 60")
	s2 := start(t, cmd)
	eventually(t, 20*time.Second, "2000 orphans reaped in host mode", func() bool {
		d := descendants(s2.pid())
		return len(d) == 1 && zombiesBelow(s2.pid()) == 0 && strings.HasPrefix(comm(d[0]), "sleep")
	})
}

func comm(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	return strings.TrimSpace(string(b))
}
