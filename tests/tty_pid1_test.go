package tests

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// killJob kills job %1 of the interactive bash bashPid and waits until bash knows. bash
// notes a job's end on SIGCHLD, which can land in readline's signal race (see
// waitingForInput) and leave bash believing the job is still stopped ("There are stopped
// jobs" at exit); once the job's process is gone, one more command makes bash look.
func killJob(t *testing.T, c *console, bashPid int) {
	t.Helper()
	c.run("kill %1", 5*time.Second)
	eventually(t, 5*time.Second, "the killed job is gone", func() bool {
		for _, p := range descendants(bashPid) {
			if comm(p) == "sleep" && stateOf(p) != 'Z' { // a zombie until bash looks
				return false
			}
		}
		return true
	})
	c.run("/bin/true", 5*time.Second)
}

// jobControlSession runs the job-control steps of the TTY issue in an interactive bash
// that is already at its prompt, and returns once `kill %1` is done.
func jobControlSession(t *testing.T, c *console, bashPid int, prompt string) {
	t.Helper()
	c.run("sleep 30 &", 5*time.Second)
	c.send("jobs\n")
	c.expect(`\[1\]\+\s+Running\s+sleep 30 &`, 5*time.Second)
	c.run("true", 5*time.Second)

	c.send("fg\n")
	inForeground(t, bashPid, "sleep")
	c.send(ctrlC)
	c.run("echo after-ctrl-c", 5*time.Second)

	c.send("sleep 30\n")
	inForeground(t, bashPid, "sleep")
	c.send(ctrlZ)
	c.expect(`Stopped\s+sleep 30`, 5*time.Second)
	c.expect(prompt, 5*time.Second)
	killJob(t, c, bashPid)
}

// bash -i under initty as PID 1 of a namespace that owns the pty has full job control.
func TestPID1BashJobControl(t *testing.T) {
	c, s := interactiveBash(t, "PID1> ", true)
	bash := children(s.pid())[0]
	st, _ := readStat(bash)
	if st.PGrp != bash || st.TPGid != bash {
		t.Errorf("bash: pgrp %d, terminal foreground %d; want both %d (its own group, in the foreground)", st.PGrp, st.TPGid, bash)
	}
	jobControlSession(t, c, bash, "PID1> ")
	c.send("exit 5\n")
	ws := s.wait(t, 5*time.Second)
	if exitCode(ws) != 5 {
		t.Errorf("initty exited %v, want 5", ws)
	}
	noJobControlComplaints(t, c)
}

// As PID 1, Ctrl-Z on a foreground child never freezes the container: it is continued at
// once. An explicit SIGSTOP is left alone.
func TestPID1CtrlZNeverFreezes(t *testing.T) {
	needRoot(t)
	ctrlZNeverFreezes(t, true)
}

// The same holds for a session leader that is not PID 1 (a Kubernetes pod sharing its PID
// namespace, `docker run -it --pid=container:X`): its process group is orphaned, so no
// shell could ever continue it, and it must not stop.
func TestSessionLeaderCtrlZNeverFreezes(t *testing.T) {
	ctrlZNeverFreezes(t, false)
}

func ctrlZNeverFreezes(t *testing.T, pid1 bool) {
	c := newConsole(t)
	cmd := initty("cat")
	if pid1 {
		cmd = asPID1(cmd)
	}
	s := start(t, onTerminal(cmd, c))
	cat := inForeground(t, s.pid(), "cat")
	c.send("one\n")
	c.expect(`one\r\none\r\n`, 3*time.Second)
	c.send(ctrlZ)
	c.send("hello\n")
	c.expect(`hello\r\nhello\r\n`, 3*time.Second)

	syscall.Kill(cat, syscall.SIGSTOP)
	eventually(t, 2*time.Second, "cat stopped", func() bool { return stateOf(cat) == 'T' })
	// Nothing to wait for: a wrong continue would come within milliseconds.
	time.Sleep(2 * time.Second)
	if stateOf(cat) != 'T' {
		t.Errorf("cat stopped by SIGSTOP was continued (state %c)", stateOf(cat))
	}
	syscall.Kill(cat, syscall.SIGCONT)
	c.send(ctrlD)
	if ws := s.wait(t, 5*time.Second); exitCode(ws) != 0 {
		t.Errorf("initty exited %v after cat's EOF", ws)
	}
}

// As PID 1 with an interactive shell, SIGTERM (docker stop) ends the session: bash
// ignores SIGTERM, so initty follows it with SIGHUP. Without that, the session would run
// until docker's SIGKILL.
func TestPID1TermEndsInteractiveShell(t *testing.T) {
	_, s := interactiveBash(t, "TERM> ", true)
	waitingForInput(t, children(s.pid())[0])
	syscall.Kill(s.pid(), syscall.SIGTERM)
	if !s.exitedWithin(10 * time.Second) {
		t.Fatal("initty with bash -i still running 10 s after SIGTERM")
	}
}
