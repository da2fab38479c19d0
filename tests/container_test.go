package tests

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The prompt of the container's bash: the tests wait for it.
const containerPrompt = "CTR-PROMPT> "

var containerPromptRE = regexp.QuoteMeta(containerPrompt)

// startTTYContainer runs `runc run` inside a fresh pty, as `docker run -it` would from a
// terminal: runc's stdio are the pty's slave and it is the controlling terminal of runc's
// session. The container has terminal: true and runs args under /initty.
func startTTYContainer(t *testing.T, args ...string) (*container, *console, *started) {
	t.Helper()
	ct := newContainer(t, containerSpec{
		args:     append([]string{"/initty", "--"}, args...),
		terminal: true,
	})
	c := newConsole(t)
	return ct, c, start(t, onTerminal(ct.runCommand(), c))
}

// startBashContainer is startTTYContainer with an interactive bash under initty, and
// waits for its first prompt.
func startBashContainer(t *testing.T) (*container, *console, *started) {
	t.Helper()
	ct, c, s := startTTYContainer(t, bashArgs...)
	c.expect(containerPromptRE, 15*time.Second)
	return ct, c, s
}

// waitForeground waits until a process named comm runs below the container's init and its
// group is the terminal's foreground group, and returns its host pid.
func waitForeground(t *testing.T, initPid int, comm string) int {
	t.Helper()
	pid := 0
	eventually(t, 5*time.Second, comm+" in the terminal's foreground", func() bool {
		pid = findProcess(initPid, comm)
		if pid == 0 {
			return false
		}
		st, ok := readStat(pid)
		return ok && st.PGrp == pid && st.TPGid == st.PGrp
	})
	return pid
}

// fgRunningJobAndInterrupt checks that jobs lists `sleep 30 &` as running, brings it
// back with fg, interrupts it with Ctrl-C and waits until it is gone.
func fgRunningJobAndInterrupt(t *testing.T, c *console, initPid int) {
	t.Helper()
	c.send("jobs\n")
	c.expect(`\[1\]\+\s+Running\s+sleep 30 &`, 5*time.Second)
	c.expect(containerPromptRE, 5*time.Second)
	c.send("fg\n")
	c.expect(`sleep 30`, 5*time.Second)
	waitForeground(t, initPid, "sleep")
	c.send(ctrlC)
	c.expect(containerPromptRE, 5*time.Second)
	c.run("true", 5*time.Second)
	eventually(t, 5*time.Second, "the interrupted sleep is gone", func() bool {
		return findProcess(initPid, "sleep") == 0
	})
}

// exitContainerShell types `exit code` into the container's shell and checks that
// `runc run` ends within 10 s with that status, passed through initty as PID 1.
func exitContainerShell(t *testing.T, c *console, s *started, initPid, code int) {
	t.Helper()
	c.send(fmt.Sprintf("exit %d\n", code))
	if !s.exitedWithin(10 * time.Second) {
		t.Fatalf("runc run still running 10s after exit %d:\n%s\noutput:\n%s", code, processTree(initPid), c.all())
	}
	if got := exitCode(s.wait(t, time.Second)); got != code {
		t.Fatalf("runc run exited %d, want %d; output:\n%s", got, code, c.all())
	}
}

func TestContainerBashJobControl(t *testing.T) {
	needRoot(t)
	needCommand(t, "runc")
	ct, c, s := startBashContainer(t)
	initPid := ct.initPid(5 * time.Second)

	out := c.all()
	for _, bad := range []string{"cannot set terminal process group", "no job control"} {
		if strings.Contains(out, bad) {
			t.Fatalf("bash in the container says %q:\n%s", bad, out)
		}
	}
	c.send("echo pid1=$(cat /proc/1/comm) me=$$\n")
	c.expect(`pid1=initty me=(\d+)`, 5*time.Second)
	c.expect(containerPromptRE, 5*time.Second)

	// A background job, listed by jobs, brought back with fg and interrupted with Ctrl-C.
	c.send("sleep 30 &\n")
	c.expect(`\[1\] \d+`, 5*time.Second)
	c.expect(containerPromptRE, 5*time.Second)
	fgRunningJobAndInterrupt(t, c, initPid)

	// A foreground job stopped with Ctrl-Z: bash reports it and stays in charge.
	c.send("sleep 30\n")
	waitForeground(t, initPid, "sleep")
	c.send(ctrlZ)
	c.expect(`Stopped\s+sleep 30`, 5*time.Second)
	c.expect(containerPromptRE, 5*time.Second)
	c.run("kill %1", 5*time.Second)
	gone := func() bool { return findProcess(initPid, "sleep") == 0 }
	if !eventuallyTrue(5*time.Second, gone) {
		t.Fatalf("the killed job is still there after 5s:\n%s\noutput:\n%s", processTree(initPid), c.all())
	}
	// bash can miss the SIGCHLD of a job killed while stopped (seen under tini as well as
	// initty) and then refuses to exit ("There are stopped jobs"). A foreground external
	// command makes it wait for children, which collects the killed job's status.
	c.run("/bin/true", 5*time.Second)
	c.send("jobs; echo JOBS-END$((40+2))\n")
	if left := c.expect(`JOBS-END\$\(\(40\+2\)\)\r?\n((?s).*?)JOBS-END42`, 5*time.Second)[1]; strings.Contains(left, "sleep") {
		t.Fatalf("bash still lists the killed job:\n%s", left)
	}
	c.expect(containerPromptRE, 5*time.Second)

	c.notSeen("cannot set terminal process group|no job control")
	exitContainerShell(t, c, s, initPid, 7)
}

func TestContainerCtrlZDoesNotFreeze(t *testing.T) {
	needRoot(t)
	needCommand(t, "runc")
	ct, c, _ := startTTYContainer(t, "cat")
	initPid := ct.initPid(10 * time.Second)
	cat := waitForeground(t, initPid, "cat")
	// cat is in initty's session, in a group of its own: its group is not orphaned, so
	// the kernel really stops it on Ctrl-Z and someone has to continue it.
	if st, _ := readStat(cat); st.Session != initPid || st.PPid != initPid {
		t.Fatalf("cat (pid %d) has session %d and parent %d, want both to be initty (pid %d)", cat, st.Session, st.PPid, initPid)
	}

	c.send("one\n")
	c.expect(`one\r?\n(?:.*\r?\n)?one\r?\n`, 5*time.Second)

	// Ctrl-Z stops cat; as PID 1, initty must continue it at once, so what is typed next
	// still comes back from cat, not only from the terminal's echo.
	c.send(ctrlZ)
	c.send("hello\n")
	c.expect(`(?s)hello\r?\n.*hello\r?\n`, 3*time.Second)
}

func TestContainerRuncKillTermEndsInteractiveShell(t *testing.T) {
	needRoot(t)
	needCommand(t, "runc")
	ct, c, s := startBashContainer(t)
	c.run("echo ready", 5*time.Second)
	initPid := ct.initPid(5 * time.Second)
	bash := findProcess(initPid, "bash")
	waitingForInput(t, bash)

	ct.kill("TERM")
	if !s.exitedWithin(2 * time.Second) {
		t.Errorf("runc run still running 2s after runc kill %s TERM; bash (pid %d) %s\n%s",
			ct.id, bash, sigMasks(bash), processTree(initPid))
		t.Fatalf("ended within 10 more seconds: %v; output:\n%s", s.exitedWithin(10*time.Second), c.all())
	}
	t.Logf("runc run exited %d", exitCode(s.wait(t, time.Second)))
}

// startPipeContainer runs `runc run` with pipes for stdio (terminal: false) and returns
// a console that collects the container's stdout and stderr.
func startPipeContainer(t *testing.T, args ...string) (*container, *console, *started) {
	t.Helper()
	ct := newContainer(t, containerSpec{
		args:     append([]string{"/initty", "--"}, args...),
		terminal: false,
	})
	c, w := pipeConsole(t)
	cmd := ct.runCommand()
	cmd.Stdout, cmd.Stderr = w, w
	s := start(t, cmd)
	w.Close()
	return ct, c, s
}

func TestContainerNoTTYSignalRelay(t *testing.T) {
	needRoot(t)
	needCommand(t, "runc")
	ct, c, s := startPipeContainer(t, "/probe", "signals", "exit-on", "15")
	c.expect(`main ready`, 15*time.Second)

	ct.kill("USR1")
	c.expect(`main 10\n`, 5*time.Second)
	ct.kill("TERM")
	c.expect(`main 15\n`, 5*time.Second)
	if code := exitCode(s.wait(t, 10*time.Second)); code != 0 {
		t.Fatalf("runc run exited %d, want 0; output:\n%s", code, c.all())
	}
}

func TestContainerNoTTYReapsOrphans(t *testing.T) {
	needRoot(t)
	needCommand(t, "runc")
	ct, c, s := startPipeContainer(t, "sh", "-c", "/probe orphans 2000; echo done; exec sleep 30")
	c.expect(`made 2000\ndone\n`, 15*time.Second)
	initPid := ct.initPid(5 * time.Second)

	zombies := func() []int {
		var z []int
		for _, p := range descendants(initPid) {
			if st, ok := readStat(p); ok && st.State == 'Z' {
				z = append(z, p)
			}
		}
		return z
	}
	eventually(t, 5*time.Second, "no zombie below the container's init", func() bool {
		return len(zombies()) == 0
	})
	eventually(t, 5*time.Second, "the container's sleep runs below its init", func() bool {
		return findProcess(initPid, "sleep") != 0
	})
	ct.kill("KILL")
	s.wait(t, 10*time.Second)
}

func TestContainerNoTTYExitCodes(t *testing.T) {
	needRoot(t)
	needCommand(t, "runc")
	for _, tc := range []struct {
		name   string
		script string
		want   int
	}{
		{"zero", "exit 0", 0},
		{"three", "exit 3", 3},
		{"killed", "kill -KILL $$", 128 + 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c, s := startPipeContainer(t, "sh", "-c", tc.script)
			if code := exitCode(s.wait(t, 15*time.Second)); code != tc.want {
				t.Fatalf("runc run of sh -c %q exited %d, want %d; output:\n%s", tc.script, code, tc.want, c.all())
			}
		})
	}
}

// `docker run --init` with the daemon's init-path pointing at initty (README, Install)
// mounts it at /sbin/docker-init and runs it exactly as `/sbin/docker-init -- CMD...`.
// The same argv in a runc bundle: a signal sent to the container is relayed, and the
// command's exit status comes out.
func TestContainerAsDockerInit(t *testing.T) {
	needRoot(t)
	needCommand(t, "runc")
	ct := newContainer(t, containerSpec{
		args: []string{"/sbin/docker-init", "--", "/probe", "signals", "exit-on", "15"},
	})
	c, w := pipeConsole(t)
	cmd := ct.runCommand()
	cmd.Stdout, cmd.Stderr = w, w
	s := start(t, cmd)
	w.Close()
	c.expect(`main ready`, 15*time.Second)
	if pid := ct.initPid(5 * time.Second); findProcess(pid, "probe") == 0 {
		t.Errorf("the command does not run below /sbin/docker-init:\n%s", processTree(pid))
	}
	ct.kill("TERM")
	c.expect(`main 15\n`, 5*time.Second)
	if code := exitCode(s.wait(t, 10*time.Second)); code != 0 {
		t.Fatalf("runc run exited %d, want 0; output:\n%s", code, c.all())
	}

	ct = newContainer(t, containerSpec{args: []string{"/sbin/docker-init", "--", "sh", "-c", "exit 3"}})
	if code := exitCode(start(t, ct.runCommand()).wait(t, 15*time.Second)); code != 3 {
		t.Fatalf("exit 3 under /sbin/docker-init came out as %d", code)
	}
}
