package tests

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fileExists is for conditions on files that helpers write.
func fileExists(path string) bool { _, err := os.Stat(path); return err == nil }

// As PID 1, a helper left running in its own session gets SIGTERM when the child exits,
// and initty waits for it before exiting with the child's status.
func TestPID1LeftoverGetsTermAndTime(t *testing.T) {
	needRoot(t)
	dir := t.TempDir()
	ready, got := filepath.Join(dir, "ready"), filepath.Join(dir, "got")
	helper := fmt.Sprintf(`trap 'sleep 0.3; echo term > %s; exit 0' TERM; touch %s; while :; do sleep 0.05; done`, got, ready)
	child := fmt.Sprintf(`setsid sh -c "%s" & while [ ! -e %s ]; do sleep 0.01; done; exit 3`, helper, ready)
	s := start(t, asPID1(initty("sh", "-c", child)))
	ws := s.wait(t, 10*time.Second)
	if exitCode(ws) != 3 {
		t.Errorf("initty exited %v, want 3", ws)
	}
	if b, _ := os.ReadFile(got); string(b) != "term\n" {
		t.Errorf("the leftover did not finish its SIGTERM handler before initty exited (file: %q)", b)
	}
}

// A leftover that ignores SIGTERM is killed once --grace is over, and initty exits: the
// leftover would otherwise loop for ever.
func TestPID1LeftoverKilledAfterGrace(t *testing.T) {
	needRoot(t)
	ready := filepath.Join(t.TempDir(), "ready")
	child := fmt.Sprintf(`setsid sh -c "trap '' TERM; touch %s; while :; do sleep 0.05; done" & while [ ! -e %s ]; do sleep 0.01; done; exit 0`, ready, ready)
	var log bytes.Buffer
	cmd := asPID1(initty("-v", "--grace", "1s", "sh", "-c", child))
	cmd.Stderr = &log
	s := start(t, cmd)
	eventually(t, 5*time.Second, "leftover ready", func() bool { return fileExists(ready) })
	if ws := s.wait(t, 10*time.Second); exitCode(ws) != 0 {
		t.Errorf("initty exited %v, want 0", ws)
	}
	if !strings.Contains(log.String(), "grace over: sent SIGKILL") {
		t.Errorf("initty did not say it killed the leftover:\n%s", log.String())
	}
}

// Host mode: when initty has exited, nothing of the child's tree is left running.
func TestHostLeftoversEnded(t *testing.T) {
	pids := filepath.Join(t.TempDir(), "pids")
	child := fmt.Sprintf(`sleep 100 & echo $! > %[1]s; setsid sleep 100 & echo $! >> %[1]s; sh -c 'trap "" TERM; exec sleep 100' & echo $! >> %[1]s; exit 0`, pids)
	s := start(t, initty("--grace", "1", "sh", "-c", child))
	s.wait(t, 10*time.Second)
	b, _ := os.ReadFile(pids)
	list := strings.Fields(string(b))
	if len(list) != 3 {
		t.Fatalf("pids file: %q", b)
	}
	for _, f := range list {
		pid, _ := strconv.Atoi(f)
		if st, ok := readStat(pid); ok && comm(pid) == "sleep" {
			t.Errorf("leftover sleep %d still there (state %c) after initty exited", pid, st.State)
		}
	}
}

// With nothing left over, initty exits with its child and does not wait out the grace
// time (an hour here). How fast it exits is measured by `make bench`, not here.
func TestNoLeftoversNoWait(t *testing.T) {
	var log bytes.Buffer
	cmd := initty("-v", "--grace", "1h", "sh", "-c", "exit 4")
	cmd.Stderr = &log
	s := start(t, cmd)
	if ws := s.wait(t, 10*time.Second); exitCode(ws) != 4 {
		t.Errorf("initty exited %v, want 4", ws)
	}
	if strings.Contains(log.String(), "sent SIGTERM") {
		t.Errorf("initty signalled leftovers that do not exist:\n%s", log.String())
	}
}

// initty holds no copy of the child's stdin pipe: the writer gets EPIPE as soon as the
// child closes it, not when initty exits.
func TestStdinPipeReleased(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ready := filepath.Join(t.TempDir(), "closed")
	cmd := initty("sh", "-c", "exec 0<&-; touch "+ready+"; exec sleep 60")
	cmd.Stdin = r
	s := start(t, cmd)
	r.Close()
	eventually(t, 5*time.Second, "child closed stdin", func() bool { return fileExists(ready) })
	// A copy held by initty would keep the pipe open until the child's sleep ends.
	eventually(t, 10*time.Second, "EPIPE while the child still runs", func() bool {
		_, err := w.Write([]byte("x"))
		return errors.Is(err, syscall.EPIPE)
	})
	syscall.Kill(s.pid(), syscall.SIGTERM)
	s.wait(t, 10*time.Second)

	// And a reader of the child's stdout sees end of file when the child closes it.
	r, w, err = os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd = initty("sh", "-c", "exec >&-; exec sleep 60")
	cmd.Stdout = w
	s = start(t, cmd)
	w.Close()
	eof := make(chan struct{})
	go func() { b := make([]byte, 1); r.Read(b); close(eof) }()
	select {
	case <-eof:
	case <-time.After(10 * time.Second):
		t.Fatal("no end of file on the child's stdout while it still runs (initty holds the pipe)")
	}
	syscall.Kill(s.pid(), syscall.SIGTERM)
	s.wait(t, 10*time.Second)
}

// --pause as PID 1 reaps orphans that processes entering its namespace leave, and exits 0
// on SIGTERM.
func TestPauseReapsAndExitsOnTerm(t *testing.T) {
	needRoot(t)
	nsenter := needCommand(t, "nsenter")
	s := start(t, asPID1(initty("--pause")))
	eventually(t, 5*time.Second, "initty catches SIGTERM", func() bool { return catches(s.pid(), syscall.SIGTERM) })
	out, err := exec.Command(nsenter, "-t", strconv.Itoa(s.pid()), "-p", "--", probeBin, "orphans", "500").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "made 500") {
		t.Fatalf("nsenter: %v %s", err, out)
	}
	eventually(t, 5*time.Second, "orphans reaped by the paused init", func() bool {
		return len(children(s.pid())) == 0
	})
	syscall.Kill(s.pid(), syscall.SIGTERM)
	if ws := s.wait(t, 10*time.Second); exitCode(ws) != 0 {
		t.Errorf("--pause ended with %v on SIGTERM, want exit 0", ws)
	}
}

// catches reports whether pid has a handler for sig (SigCgt in /proc/PID/status).
func catches(pid int, sig syscall.Signal) bool {
	mask, err := strconv.ParseUint(strings.TrimSpace(strings.TrimPrefix(statusLine(pid, "SigCgt"), "SigCgt:")), 16, 64)
	return err == nil && mask&(1<<(uint(sig)-1)) != 0
}

func statusLine(pid int, field string) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, field+":") {
			return l
		}
	}
	return ""
}

// -e CODE turns that exit code into 0, including 128+N for a death by signal.
func TestRemapExit(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"-e", "143", "sh", "-c", "kill -TERM $$"}, 0},
		{[]string{"-e", "3", "-e", "4", "sh", "-c", "exit 4"}, 0},
		{[]string{"-e", "3", "sh", "-c", "exit 5"}, 5},
	} {
		cmd := initty(tc.args...)
		_ = cmd.Run()
		if got := exitCode(cmd.ProcessState.Sys().(syscall.WaitStatus)); got != tc.want {
			t.Errorf("initty %v: %d, want %d", tc.args, got, tc.want)
		}
	}
}

// -p KILL: initty dies when its parent does.
func TestParentDeathSignal(t *testing.T) {
	parent := exec.Command("sh", "-c", inittyBin+" -p KILL sleep 100 & echo $!; exec sleep 100")
	var out bytes.Buffer
	parent.Stdout = &out
	p := start(t, parent)
	var pid int
	eventually(t, 5*time.Second, "initty started", func() bool {
		pid, _ = strconv.Atoi(strings.TrimSpace(out.String()))
		return pid > 0 && len(children(pid)) == 1
	})
	sleeper := children(pid)[0]
	defer syscall.Kill(sleeper, syscall.SIGKILL)
	syscall.Kill(p.pid(), syscall.SIGKILL)
	eventually(t, 3*time.Second, "initty killed by its parent-death signal", func() bool {
		st, ok := readStat(pid)
		return !ok || st.State == 'Z'
	})
}

// -v says each decision on stderr: mode, subreaper, the start, every relayed signal, every
// reap; and DUMB_INIT_DEBUG / TINI_VERBOSITY turn it on too.
func TestVerboseShowsDecisions(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  string
	}{{[]string{"-v"}, ""}, {nil, "DUMB_INIT_DEBUG=1"}, {nil, "TINI_VERBOSITY=2"}} {
		out := newConsole(t)
		args := append(tc.args, "sh", "-c", "(true &); exec "+probeBin+" signals exit-on 12")
		cmd := initty(args...)
		cmd.Stdout, cmd.Stderr = out.slave, out.slave
		cmd.Env = append(os.Environ(), tc.env)
		s := start(t, cmd)
		out.expect("main ready", 5*time.Second)
		syscall.Kill(s.pid(), syscall.SIGUSR1)
		out.expect("main 10", 3*time.Second)
		syscall.Kill(s.pid(), syscall.SIGUSR2)
		s.wait(t, 5*time.Second)
		all := out.all()
		self := "initty[" + strconv.Itoa(s.pid()) + "]: "
		for _, want := range []string{
			self + "not PID 1: registered as child subreaper",
			self + "no controlling terminal on stdin: tty mode off",
			self + "started sh as pid",
			self + "SIGUSR1 received: relayed as SIGUSR1 to process group",
			self + "reaped pid",
			"exited with 0",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("%v %s: no %q in\n%s", tc.args, tc.env, want, all)
			}
		}
	}
	// Quiet by default.
	var stderr bytes.Buffer
	cmd := initty("true")
	cmd.Stderr = &stderr
	cmd.Run()
	if stderr.Len() != 0 {
		t.Errorf("initty true printed %q without -v", stderr.String())
	}
}

// DUMB_INIT_SETSID=0 is dumb-init's spelling of --single-child.
func TestDumbInitSetsidEnv(t *testing.T) {
	out := newConsole(t)
	cmd := initty(probeBin, "signals", "spawn")
	cmd.Stdout = out.slave
	cmd.Env = append(os.Environ(), "DUMB_INIT_SETSID=0")
	s := start(t, cmd)
	out.expect("main ready", 5*time.Second)
	out.expect("sub ready", 5*time.Second)
	syscall.Kill(s.pid(), syscall.SIGUSR1)
	out.expect("main 10", 3*time.Second)
	stat, _ := readStat(children(s.pid())[0])
	syscall.Kill(-stat.PGrp, syscall.SIGUSR2)
	out.expect("sub 12", 3*time.Second)
	if strings.Contains(out.all(), "sub 10") {
		t.Error("DUMB_INIT_SETSID=0: the relayed signal reached the whole group")
	}
}

// --no-tty leaves the terminal alone: the foreground stays with initty's group, and the
// child joins that group so that it can use the terminal as initty could.
func TestNoTTYOption(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		shared bool
	}{{nil, false}, {[]string{"--no-tty"}, true}} {
		c := newConsole(t)
		args := append(tc.args, probeBin, "signals")
		s := start(t, onTerminal(initty(args...), c))
		c.expect("main ready", 5*time.Second)
		child := children(s.pid())[0]
		st, _ := readStat(child)
		wantFg, wantGroup := child, child
		if tc.shared {
			wantFg, wantGroup = s.pid(), s.pid()
		}
		if st.TPGid != wantFg || st.PGrp != wantGroup {
			t.Errorf("initty %v: foreground group %d, child's group %d; want %d and %d", tc.args, st.TPGid, st.PGrp, wantFg, wantGroup)
		}
	}
}

// A SIGTERM to initty during the grace time cuts it short: the leftover, which ignores
// SIGTERM, is killed at once instead of after the hour of --grace.
func TestTermDuringGraceEndsIt(t *testing.T) {
	ready := filepath.Join(t.TempDir(), "ready")
	child := fmt.Sprintf(`sh -c "trap '' TERM; touch %s; while :; do sleep 0.05; done" & while [ ! -e %s ]; do sleep 0.01; done; exit 0`, ready, ready)
	out := newConsole(t)
	cmd := initty("-v", "--grace", "1h", "sh", "-c", child)
	cmd.Stdout, cmd.Stderr = out.slave, out.slave
	s := start(t, cmd)
	out.expect("SIGKILL in 1h", 10*time.Second)
	syscall.Kill(s.pid(), syscall.SIGTERM)
	out.expect("SIGTERM received during the grace time", 10*time.Second)
	if ws := s.wait(t, 10*time.Second); exitCode(ws) != 0 {
		t.Errorf("initty exited %v, want 0", ws)
	}
}
