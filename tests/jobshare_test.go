package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 10: initty as one member of a bigger job. Each test types into an interactive
// bash in a pty what a user would, and checks the outcome a direct run (no init) gives.

// A script looping over `initty -- sleep 3` stops at Ctrl-C, as a direct run does: the
// terminal's SIGINT reaches the script too, and the command dies of it once.
func TestSharedJobScriptLoopStopsOnCtrlC(t *testing.T) {
	shells := map[string][]string{"bash": {"bash"}, "dash": {"dash"}, "busybox sh": {"busybox", "sh"}}
	for name, shell := range shells {
		t.Run(strings.ReplaceAll(name, " ", "-"), func(t *testing.T) {
			needCommand(t, shell[0])
			script := filepath.Join(t.TempDir(), "loop")
			body := fmt.Sprintf("for i in 1 2 3; do %s -- sleep 3; echo \"rc=$?\"; done; echo loop-went-on\n", inittyBin)
			if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
				t.Fatal(err)
			}
			c, outer := interactiveBash(t, "LOOP> ", false)
			c.send(strings.Join(shell, " ") + " " + script + "\n")
			inForeground(t, outer.pid(), "sleep")
			c.send(ctrlC)
			c.run("echo status=$?", 5*time.Second)
			c.notSeen(`rc=0|loop-went-on`)
			if strings.Contains(c.all(), "rc=0") || strings.Contains(c.all(), "loop-went-on") {
				t.Errorf("%s: the loop went on after Ctrl-C:\n%s", name, c.all())
			}
		})
	}
}

// The same from Python: subprocess.run raises KeyboardInterrupt on Ctrl-C.
func TestSharedJobPythonLoopGetsKeyboardInterrupt(t *testing.T) {
	python := needCommand(t, "python3")
	script := filepath.Join(t.TempDir(), "loop.py")
	body := fmt.Sprintf("import subprocess\nfor i in range(3):\n    subprocess.run([%q, '--', 'sleep', '3'])\n    print('went-on')\n", inittyBin)
	if err := os.WriteFile(script, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	c, outer := interactiveBash(t, "PY> ", false)
	c.send(python + " " + script + "\n")
	inForeground(t, outer.pid(), "sleep")
	c.send(ctrlC)
	c.expect(`KeyboardInterrupt`, 5*time.Second)
	c.run("true", 5*time.Second)
	if strings.Contains(c.all(), "went-on") {
		t.Errorf("the Python loop went on after Ctrl-C:\n%s", c.all())
	}
}

// `initty -- producer | less`: less keeps the terminal and pages; q ends the job.
func TestSharedJobPipeIntoLess(t *testing.T) {
	needCommand(t, "less")
	c, outer := interactiveBash(t, "LESS> ", false)
	c.send("TERM=xterm LESS= " + inittyBin + " -- sh -c 'while :; do echo line$((i=i+1)); sleep .1; done' | TERM=xterm LESS= less\n")
	inForeground(t, outer.pid(), "less")
	c.expect(`line3`, 5*time.Second)
	less := inForeground(t, outer.pid(), "less")
	c.send("q")
	eventually(t, 5*time.Second, "less gone", func() bool { return stateOf(less) == 0 })
	c.run("echo status=$?", 5*time.Second)
	if strings.Contains(c.all(), "Stopped") {
		t.Errorf("a Stopped line appeared:\n%s", c.all())
	}
}

// `initty -- sleep 100 | cat`: Ctrl-Z stops the whole pipeline, the shell says Stopped,
// and bg, fg and Ctrl-C work on it.
func TestSharedJobPipelineCtrlZ(t *testing.T) {
	c, outer := interactiveBash(t, "PIPE> ", false)
	c.send(inittyBin + " -- sleep 100 | cat\n")
	inForeground(t, outer.pid(), "sleep")
	c.send(ctrlZ)
	c.expect(`Stopped\s+\S*initty -- sleep 100 \| cat`, 5*time.Second)
	c.expect("PIPE> ", 5*time.Second)
	c.run("bg", 5*time.Second)
	c.send("jobs\n")
	c.expect(`Running\s+\S*initty -- sleep 100 \| cat &`, 5*time.Second)
	c.run("true", 5*time.Second)
	c.send("fg\n")
	inForeground(t, outer.pid(), "sleep")
	c.send(ctrlC)
	c.send("echo status=$?\n")
	c.expect(`status=130`, 5*time.Second)
}

// Programs that suspend themselves with SIGSTOP (top, busybox vi, bash's suspend) under
// initty at a prompt: Ctrl-Z (or suspend) shows Stopped in the outer shell, fg resumes
// them, and they redraw.
func TestHostSelfSuspendingPrograms(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f.txt")
	os.WriteFile(file, []byte("hello-from-vi\n"), 0o644)
	cases := []struct {
		name, cmd, comm, shown, suspend, redrawn, quit string
	}{
		{"top", "top -d 1", "top", `Tasks:`, ctrlZ, `Tasks:`, "q"},
		{"busybox-vi", "busybox vi " + file, "busybox", `hello-from-vi`, ctrlZ, `hello-from-vi`, ":q!\r"},
		{"bash-suspend", "bash --norc --noprofile -i", "bash", `INNER\$ `, "suspend\n", `INNER\$ `, "exit\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			needCommand(t, strings.Fields(tc.cmd)[0])
			c, outer := interactiveBash(t, "SUS> ", false)
			c.send("PS1='INNER$ ' TERM=xterm " + inittyBin + " -- " + tc.cmd + "\n")
			c.expect(tc.shown, 5*time.Second)
			inForeground(t, outer.pid(), tc.comm)
			c.send(tc.suspend)
			c.expect(`Stopped\s+.*initty`, 5*time.Second)
			c.expect("SUS> ", 5*time.Second)
			c.send("fg\n")
			c.expect(tc.redrawn, 5*time.Second)
			if tc.name == "bash-suspend" {
				c.send("\n")
				c.expect(tc.redrawn, 5*time.Second)
			}
			c.send(tc.quit)
			jobDone(t, outer.pid()) // typed earlier, the next line would go to the program
			c.send("echo status=$?\n")
			c.expect(`status=0`, 5*time.Second)
		})
	}
}

// As PID 1 nobody can resume initty: top suspending itself with SIGSTOP after Ctrl-Z
// leaves the session answerable. initty says so, and Enter continues top.
func TestPID1SelfSuspendedProgramContinuesOnEnter(t *testing.T) {
	needRoot(t)
	needCommand(t, "top")
	c := newConsole(t)
	cmd := asPID1(initty("top", "-d", "1"))
	cmd.Env = append(os.Environ(), "TERM=xterm")
	s := start(t, onTerminal(cmd, c))
	c.expect(`Tasks:`, 5*time.Second)
	inForeground(t, s.pid(), "top")
	c.send(ctrlZ)
	c.expect(`initty: top stopped \(SIGSTOP\); press Enter to continue it`, 5*time.Second)
	c.send("\r")
	top := inForeground(t, s.pid(), "top")
	c.expect(`Tasks:`, 5*time.Second)
	c.send("q")
	if ws := s.wait(t, 5*time.Second); exitCode(ws) != 0 {
		t.Errorf("initty exited %v after top quit", ws)
	}
	_ = top
}

// --no-tty on a terminal: the command stays in initty's group and keeps the terminal as
// initty has it. cat echoes, bash -i starts with job control, and nothing spins.
func TestNoTTYOnTerminalHostMode(t *testing.T) {
	t.Parallel()
	c, outer := interactiveBash(t, "NT> ", false)
	c.send(inittyBin + " --no-tty -- cat\n")
	cat := inForeground(t, outer.pid(), "cat")
	c.send("hello\n")
	c.expect(`hello\r\nhello\r\n`, 3*time.Second)
	idleCPU(t, parentOf(cat))
	c.send(ctrlD)
	c.send("echo status=$?\n")
	c.expect(`status=0`, 3*time.Second)

	c.send("PS1='NTB> ' " + inittyBin + " --no-tty -- bash --norc --noprofile -i\n")
	c.expect("NTB> ", 5*time.Second)
	exitInnerShell(c, 3, "NT> ")
	noJobControlComplaints(t, c)
}

// The same as PID 1 of a new PID namespace that owns the terminal (docker run -it), and
// under `unshare --pid --fork` typed at a prompt.
func TestNoTTYOnTerminalPID1(t *testing.T) {
	t.Parallel()
	needRoot(t)
	c := newConsole(t)
	s := start(t, onTerminal(asPID1(initty("--no-tty", "cat")), c))
	inForeground(t, s.pid(), "cat")
	c.send("hello\n")
	c.expect(`hello\r\nhello\r\n`, 3*time.Second)
	idleCPU(t, s.pid())
	c.send(ctrlD)
	if ws := s.wait(t, 5*time.Second); exitCode(ws) != 0 {
		t.Errorf("initty exited %v", ws)
	}

	unshare := needCommand(t, "unshare")
	c2, outer := interactiveBash(t, "UNS> ", false)
	c2.send(unshare + " --pid --fork --mount-proc " + inittyBin + " --no-tty -- cat\n")
	inForeground(t, outer.pid(), "cat")
	c2.send("again\n")
	c2.expect(`again\r\nagain\r\n`, 3*time.Second)
	c2.send(ctrlD)
	c2.send("echo status=$?\n")
	c2.expect(`status=0`, 3*time.Second)
	c2.send("PS1='UNB> ' " + unshare + " --pid --fork --mount-proc " + inittyBin + " --no-tty -- bash --norc --noprofile -i\n")
	c2.expect("UNB> ", 5*time.Second)
	exitInnerShell(c2, 4, "UNS> ")
	noJobControlComplaints(t, c2)
}

// idleCPU fails if initty (pid) uses 50 ms of CPU or more in 5 s while its command waits
// for input: a stop/continue loop would burn a whole core.
func idleCPU(t *testing.T, pid int) {
	t.Helper()
	before := cpuTicks(pid)
	time.Sleep(5 * time.Second) // the measured interval, not a synchronisation
	used := time.Duration(cpuTicks(pid)-before) * 10 * time.Millisecond
	if used >= 50*time.Millisecond {
		t.Errorf("initty used %v of CPU in 5 s idle", used)
	}
}

// cpuTicks is a process's user+system time in clock ticks (100 a second on Linux).
func cpuTicks(pid int) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	var u, k int
	fmt.Sscan(f[11], &u)
	fmt.Sscan(f[12], &k)
	return u + k
}

// jobDone waits until the interactive shell shell has no child left.
func jobDone(t *testing.T, shell int) {
	t.Helper()
	eventually(t, 5*time.Second, "the job ended", func() bool { return len(children(shell)) == 0 })
}

func parentOf(pid int) int {
	st, _ := readStat(pid)
	return st.PPid
}

// initty in a PID namespace whose process group was made outside it (getpgrp reads 0
// there) stops on SIGTSTP like any job member would: the kernel, not a look at the
// namespace's /proc, decides whether the group is orphaned. SIGCONT resumes initty and
// its command.
func TestStopInNamespaceWithOutsideGroup(t *testing.T) {
	needRoot(t)
	unshare := needCommand(t, "unshare")
	cmd := exec.Command(unshare, "--pid", "--fork", "--mount-proc", "bash", "-c", inittyBin+" sleep 100 & wait")
	// A group of its own whose leader's parent (this test) is in another group of the
	// same session: not orphaned, as under a job-control shell.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s := start(t, cmd)
	var initty, sleep int
	eventually(t, 5*time.Second, "initty and sleep running", func() bool {
		for _, p := range descendants(s.pid()) {
			switch comm(p) {
			case "initty":
				initty = p
			case "sleep":
				sleep = p
			}
		}
		return initty != 0 && sleep != 0
	})
	syscall.Kill(initty, syscall.SIGTSTP)
	eventually(t, 5*time.Second, "initty and sleep stopped", func() bool {
		return stateOf(initty) == 'T' && stateOf(sleep) == 'T'
	})
	syscall.Kill(initty, syscall.SIGCONT)
	eventually(t, 5*time.Second, "initty and sleep running again", func() bool {
		return stateOf(initty) == 'S' && stateOf(sleep) == 'S'
	})
}

// A stop signal that --rewrite turns into another signal still stops initty (dumb-init's
// documented rule: the received signal decides); one that --rewrite drops does nothing.
func TestRewrittenStopSignal(t *testing.T) {
	// Rewritten: the child gets SIGTERM, initty stops; continued, it ends as the child.
	out := newConsole(t)
	cmd := initty("-r", "TTIN:TERM", "--", probeBin, "signals", "exit-on", "15")
	cmd.Stdout, cmd.Stderr = out.slave, out.slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s := start(t, cmd)
	out.expect("main ready", 5*time.Second)
	syscall.Kill(s.pid(), syscall.SIGTTIN)
	out.expect(`main 15`, 3*time.Second)
	eventually(t, 3*time.Second, "initty stopped", func() bool { return stateOf(s.pid()) == 'T' })
	syscall.Kill(s.pid(), syscall.SIGCONT)
	if ws := s.wait(t, 5*time.Second); exitCode(ws) != 0 {
		t.Errorf("initty ended %v, want the child's exit 0", ws)
	}

	// Dropped: nothing reaches the child and initty keeps running.
	out2 := newConsole(t)
	cmd = initty("-r", "TSTP:0", "--", probeBin, "signals")
	cmd.Stdout, cmd.Stderr = out2.slave, out2.slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s = start(t, cmd)
	out2.expect("main ready", 5*time.Second)
	syscall.Kill(s.pid(), syscall.SIGTSTP)
	// A marker: initty takes pending signals lowest number first, so once SIGWINCH (28)
	// is relayed, SIGTSTP (20) was handled.
	syscall.Kill(s.pid(), syscall.SIGWINCH)
	out2.expect(`main 28`, 3*time.Second)
	if st := stateOf(s.pid()); st == 'T' {
		t.Error("initty stopped on a SIGTSTP that --rewrite drops")
	}
	if strings.Contains(out2.all(), "main 20") {
		t.Error("a dropped SIGTSTP reached the child")
	}
}
