package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stressSize is the CI size, or the full size under `make stress` (INITTY_STRESS=full).
func stressSize(ci, full int) int {
	if os.Getenv("INITTY_STRESS") == "full" {
		return full
	}
	return ci
}

// rssKB is a process's resident set in kB.
func rssKB(pid int) int {
	f := strings.Fields(strings.TrimPrefix(statusLine(pid, "VmRSS"), "VmRSS:"))
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(f[0])
	return n
}

// rssFlat allows the Go runtime's heap to settle, not to grow with the load.
const rssGrowthLimitKB = 2048

// A storm of signals: initty survives, its memory stays flat, and the last signal arrives.
func TestStressSignalStorm(t *testing.T) {
	n := stressSize(100_000, 1_000_000)
	out := newConsole(t)
	cmd := initty("-c", probeBin, "signals", "exit-on", "12")
	cmd.Stdout = out.slave
	s := start(t, cmd)
	out.expect("main ready", 5*time.Second)
	before := rssKB(s.pid())
	for i := 0; i < n; i++ {
		if err := syscall.Kill(s.pid(), syscall.SIGUSR1); err != nil {
			t.Fatalf("initty gone after %d signals: %v", i, err)
		}
	}
	after := rssKB(s.pid())
	syscall.Kill(s.pid(), syscall.SIGUSR2) // the last signal must arrive
	if ws := s.wait(t, 30*time.Second); exitCode(ws) != 0 {
		t.Fatalf("initty ended %v, want 0 once the child got the last signal", ws)
	}
	t.Logf("signal storm: %d signals; initty RSS %d kB before, %d kB after (speed: make bench)", n, before, after)
	if after-before > rssGrowthLimitKB {
		t.Errorf("RSS grew from %d to %d kB during the storm", before, after)
	}
}

// An orphan flood as PID 1: every orphan is reaped and memory stays flat.
func TestStressOrphanFlood(t *testing.T) {
	needRoot(t)
	n := stressSize(20_000, 100_000)
	gate := filepath.Join(t.TempDir(), "go")
	out := newConsole(t)
	child := fmt.Sprintf("while [ ! -e %s ]; do sleep 0.01; done; %s orphans %d; exec sleep 60", gate, probeBin, n)
	cmd := asPID1(initty("sh", "-c", child))
	cmd.Stdout = out.slave
	s := start(t, cmd)
	eventually(t, 5*time.Second, "initty catches signals", func() bool { return catches(s.pid(), syscall.SIGCHLD) })
	before := rssKB(s.pid())
	os.WriteFile(gate, nil, 0o644)
	out.expect(fmt.Sprintf("made %d", n), 120*time.Second)
	eventually(t, 30*time.Second, "every orphan reaped", func() bool {
		d := descendants(s.pid())
		return len(d) == 1 && zombiesBelow(s.pid()) == 0
	})
	after := rssKB(s.pid())
	t.Logf("orphan flood: %d orphans made and reaped; initty RSS %d kB before, %d kB after (speed: make bench)",
		n, before, after)
	if after-before > rssGrowthLimitKB {
		t.Errorf("RSS grew from %d to %d kB during the flood", before, after)
	}
}

// A child that forks, execs and exits in a tight loop, each process orphaned onto initty.
func TestStressForkExecLoop(t *testing.T) {
	seconds := stressSize(5, 60)
	out := newConsole(t)
	child := fmt.Sprintf(`end=$(($(date +%%s)+%d)); n=0; while [ $(date +%%s) -lt $end ]; do (/bin/true &); n=$((n+1)); done; echo loops=$n; exec sleep 60`, seconds)
	cmd := initty("sh", "-c", child)
	cmd.Stdout = out.slave
	s := start(t, cmd)
	eventually(t, 5*time.Second, "initty catches signals", func() bool { return catches(s.pid(), syscall.SIGCHLD) })
	before := rssKB(s.pid())
	m := out.expect(`loops=(\d+)`, time.Duration(seconds+30)*time.Second)
	eventually(t, 10*time.Second, "no zombie left", func() bool { return zombiesBelow(s.pid()) == 0 })
	after := rssKB(s.pid())
	t.Logf("fork/exec loop: %s orphaned /bin/true in %d s; initty RSS %d kB before, %d kB after", m[1], seconds, before, after)
	if after-before > rssGrowthLimitKB {
		t.Errorf("RSS grew from %d to %d kB", before, after)
	}
}

// Many interactive sessions in a row: initty as PID 1 with bash -i on a pty, a few
// job-control steps, exit. No fd or process may leak, and none may flake.
func TestSoakInteractiveSessions(t *testing.T) {
	needRoot(t)
	sessions := stressSize(40, 1000)
	// fds are counted after a few sessions, once the test process has made its one-time
	// ones (the runtime's poller, cached pidfds): a leak grows with the sessions.
	const warmUp = 5
	fdsBefore := 0
	for i := 0; i < sessions; i++ {
		if i == warmUp {
			fdsBefore = openFds()
		}
		ok := t.Run(fmt.Sprintf("session%d", i), func(t *testing.T) {
			c, s := interactiveBash(t, "SOAK> ", true)
			c.run("sleep 30 &", 5*time.Second)
			c.send("jobs\n")
			c.expect(`Running\s+sleep 30`, 5*time.Second)
			killJob(t, c, children(s.pid())[0])
			c.send("exit 3\n")
			if ws := s.wait(t, 5*time.Second); exitCode(ws) != 3 {
				t.Fatalf("session ended %v, want 3", ws)
			}
		})
		if !ok {
			t.Fatalf("session %d of %d failed", i+1, sessions)
		}
	}
	eventually(t, 5*time.Second, "no process left below the test", func() bool { return len(descendants(os.Getpid())) == 0 })
	// Closing is asynchronous (a pty reader ends after its cleanup): allow it to settle.
	eventually(t, 5*time.Second, fmt.Sprintf("no more fds than the %d after %d sessions", fdsBefore, warmUp),
		func() bool { return openFds() <= fdsBefore })
	t.Logf("soak: %d interactive sessions, no leak", sessions)
}

func openFds() int {
	entries, _ := os.ReadDir("/proc/self/fd")
	return len(entries)
}
