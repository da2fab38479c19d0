package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// From an outer interactive bash: `initty cat` works, Ctrl-Z shows Stopped in the outer
// shell, fg resumes it, Ctrl-D ends it with status 0.
func TestHostCtrlZAndFg(t *testing.T) {
	c, outer := interactiveBash(t, "OUT> ", false)
	c.send(inittyBin + " cat\n")
	inForeground(t, outer.pid(), "cat")
	c.send("hello\n")
	c.expect(`hello\r\nhello\r\n`, 3*time.Second)
	c.send(ctrlZ)
	c.expect(`Stopped\s+\S*initty cat`, 3*time.Second)
	c.expect("OUT> ", 3*time.Second)

	fgCatAndEnd(t, c, outer.pid())
}

// bg of a terminal reader: the outer shell reports it stopped for tty input, and fg
// brings it back to work. bash names the stop signal only in POSIX mode ("Stopped(SIGTTIN)";
// otherwise it prints "Stopped" for every stop), so the outer shell runs in POSIX mode: the
// report shows that initty stopped with its child's own signal.
func TestHostBgOfTTYReader(t *testing.T) {
	c, outer := interactiveBash(t, "BG> ", false)
	c.run("set -o posix", 3*time.Second)
	c.send(inittyBin + " cat\n")
	inForeground(t, outer.pid(), "cat")
	c.send(ctrlZ)
	c.expect(`Stopped\(SIGTSTP\)`, 3*time.Second)
	c.expect("BG> ", 3*time.Second)
	c.send("bg\n")
	c.expect("BG> ", 3*time.Second)
	// The notice comes with the next prompt once the job has stopped again.
	var initty int
	for _, p := range children(outer.pid()) {
		initty = p
	}
	eventually(t, 3*time.Second, "initty stopped again", func() bool { return stateOf(initty) == 'T' })
	c.send("\n")
	c.expect(`Stopped\(SIGTTIN\)\s+\S*initty cat`, 3*time.Second)
	fgCatAndEnd(t, c, outer.pid())
}

// fgCatAndEnd resumes a stopped `initty cat` with fg, checks that cat answers again, ends
// it with Ctrl-D and checks that the outer shell sees status 0.
func fgCatAndEnd(t *testing.T, c *console, outer int) {
	t.Helper()
	c.send("fg\n")
	inForeground(t, outer, "cat")
	c.send("again\n")
	c.expect(`again\r\nagain\r\n`, 3*time.Second)
	c.send(ctrlD)
	c.send("echo status=$?\n")
	c.expect(`status=0`, 5*time.Second)
}

// Started in the background, initty leaves the terminal to the shell.
func TestHostBackgroundStartKeepsShellInForeground(t *testing.T) {
	c, outer := interactiveBash(t, "BGS> ", false)
	c.send(inittyBin + " sleep 3 &\n")
	c.run("echo next-command-ran", 5*time.Second)
	st, _ := readStat(outer.pid())
	if st.TPGid != outer.pid() {
		t.Errorf("terminal foreground is %d, want the shell's group %d", st.TPGid, outer.pid())
	}
	c.send("wait; echo waited=$?\n")
	c.expect(`waited=0`, 10*time.Second)
	if strings.Contains(c.all(), "Stopped") {
		t.Errorf("a Stopped notice appeared:\n%s", c.all())
	}
}

// A script that runs initty and then reads from the terminal gets its line: initty gave
// the foreground back to the script's group.
func TestHostForegroundGivenBackToScript(t *testing.T) {
	c, _ := interactiveBash(t, "SCR> ", false)
	script := filepath.Join(t.TempDir(), "script")
	os.WriteFile(script, []byte(inittyBin+" true\nread x\necho got:$x\n"), 0o755)
	c.send("bash " + script + "\n")
	c.send("abc\n")
	c.expect(`got:abc`, 5*time.Second)
	if strings.Contains(c.all(), "Stopped") {
		t.Errorf("the script was stopped:\n%s", c.all())
	}
}

// `initty bash -i` from an interactive shell: the inner bash has full job control, and its
// exit status comes back to the outer shell.
func TestHostNestedBashJobControl(t *testing.T) {
	c, outer := interactiveBash(t, "OUTER> ", false)
	c.send("PS1='INNER> ' " + inittyBin + " bash --norc --noprofile -i\n")
	c.expect("INNER> ", 5*time.Second)
	var inner int
	eventually(t, 5*time.Second, "inner bash", func() bool {
		for _, p := range descendants(outer.pid()) {
			if comm(p) == "bash" {
				inner = p
				return true
			}
		}
		return false
	})
	jobControlSession(t, c, inner, "INNER> ")
	exitInnerShell(c, 4, "OUTER> ")
	noJobControlComplaints(t, c)
}

// A child that dies of a signal with the terminal in raw mode leaves it as it was; a child
// that exits normally keeps its changes.
func TestTerminalSettingsRestoredAfterCrash(t *testing.T) {
	c := newConsole(t)
	before, err := unix.IoctlGetTermios(int(c.slave.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, onTerminal(initty("sh", "-c", "stty raw -echo; kill -KILL $$"), c))
	s.wait(t, 5*time.Second)
	after, _ := unix.IoctlGetTermios(int(c.slave.Fd()), unix.TCGETS)
	if *after != *before {
		t.Errorf("terminal settings after a crash: lflag %#o, want %#o as before", after.Lflag, before.Lflag)
	}

	c2 := newConsole(t)
	s = start(t, onTerminal(initty("sh", "-c", "stty -echo; exit 0"), c2))
	s.wait(t, 5*time.Second)
	kept, _ := unix.IoctlGetTermios(int(c2.slave.Fd()), unix.TCGETS)
	if kept.Lflag&unix.ECHO != 0 {
		t.Error("stty -echo by a child that exited 0 was undone")
	}
}

// Without a terminal on stdin initty says nothing and makes no terminal call that fails.
func TestNoTTYIsSilent(t *testing.T) {
	strace := needCommand(t, "strace")
	for name, stdin := range map[string]func() *os.File{
		"devnull": func() *os.File { f, _ := os.Open("/dev/null"); return f },
		"pipe":    func() *os.File { r, w, _ := os.Pipe(); w.Close(); return r },
	} {
		trace := filepath.Join(t.TempDir(), "trace")
		cmd := exec.Command(strace, "-f", "-e", "trace=ioctl", "-o", trace, inittyBin, "true")
		cmd.Stdin = stdin()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if stderr.Len() != 0 {
			t.Errorf("stdin %s: initty printed %q", name, stderr.String())
		}
		b, _ := os.ReadFile(trace)
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "= -1 ") {
				t.Errorf("stdin %s: a failing terminal call: %s", name, line)
			}
		}
	}
}
