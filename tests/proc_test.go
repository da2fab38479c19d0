package tests

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// procStat is the part of /proc/PID/stat the tests look at.
type procStat struct {
	State               byte
	PPid, PGrp, Session int
	TTYNr, TPGid        int
}

// readStat parses /proc/PID/stat; ok is false when the process is gone.
func readStat(pid int) (procStat, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	atoi := func(i int) int { n, _ := strconv.Atoi(f[i]); return n }
	return procStat{State: f[0][0], PPid: atoi(1), PGrp: atoi(2), Session: atoi(3), TTYNr: atoi(4), TPGid: atoi(5)}, true
}

// children lists the direct children of pid.
func children(pid int) []int {
	var out []int
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	for _, task := range tasks {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, task.Name()))
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// descendants lists every process below pid.
func descendants(pid int) []int {
	var out []int
	for _, c := range children(pid) {
		out = append(out, c)
		out = append(out, descendants(c)...)
	}
	return out
}

// eventually polls cond every few milliseconds until it holds or the deadline passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitResult is how a started initty ended.
type waitResult struct {
	state *os.ProcessState
	err   error
}

// started is a process the test launched, with its end delivered on done.
type started struct {
	cmd  *exec.Cmd
	done chan waitResult
}

func (s *started) pid() int { return s.cmd.Process.Pid }

// start launches cmd and reaps it in the background; cleanup kills it if the test ends
// first, so no test leaves processes behind.
func start(t *testing.T, cmd *exec.Cmd) *started {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %v: %v", cmd.Args, err)
	}
	s := &started{cmd: cmd, done: make(chan waitResult, 1)}
	go func() {
		err := cmd.Wait()
		s.done <- waitResult{cmd.ProcessState, err}
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			// The whole tree: killing initty alone would orphan what runs below it.
			for _, p := range descendants(cmd.Process.Pid) {
				_ = syscall.Kill(p, syscall.SIGKILL)
			}
			_ = cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// wait waits for the process to end and returns its wait status.
func (s *started) wait(t *testing.T, timeout time.Duration) syscall.WaitStatus {
	t.Helper()
	select {
	case r := <-s.done:
		s.done <- r // keep it for cleanup
		return r.state.Sys().(syscall.WaitStatus)
	case <-time.After(timeout):
		t.Fatalf("%v still running after %v", s.cmd.Args, timeout)
	}
	panic("unreachable")
}

// exitedWithin reports whether the process ended within timeout, without failing.
func (s *started) exitedWithin(timeout time.Duration) bool {
	select {
	case r := <-s.done:
		s.done <- r
		return true
	case <-time.After(timeout):
		return false
	}
}

// initty returns a command running the binary under test with args.
func initty(args ...string) *exec.Cmd {
	return exec.Command(inittyBin, args...)
}

// asPID1 makes cmd the first process of a new PID namespace. With mountProc it also gets
// a mount namespace of its own with a fresh /proc, for tests that look inside.
func asPID1(cmd *exec.Cmd) *exec.Cmd {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWPID
	return cmd
}

// onTerminal puts cmd in a new session whose controlling terminal is the console, with the
// pty on fds 0-2: the position runc gives a container's PID 1 with terminal: true.
func onTerminal(cmd *exec.Cmd, c *console) *exec.Cmd {
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.slave, c.slave, c.slave
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setsid = true
	cmd.SysProcAttr.Setctty = true
	cmd.SysProcAttr.Ctty = 0
	return cmd
}

// exitCode is what a shell would print as $? for ws.
func exitCode(ws syscall.WaitStatus) int {
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}

// running reports whether the process has not ended yet.
func (s *started) running() bool {
	select {
	case r := <-s.done:
		s.done <- r
		return false
	default:
		return true
	}
}
