package tests

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Started with fds 0, 1 and 2 closed, initty still runs its command, and its own messages
// have nowhere to go but do no harm.
func TestClosedStandardFds(t *testing.T) {
	for _, tc := range []struct {
		setup []string
		cmd   []string
		code  int
	}{
		{[]string{"close0", "close1", "close2"}, []string{"true"}, 0},
		{[]string{"close0", "close1", "close2"}, []string{"sh", "-c", "exit 7"}, 7},
		{[]string{"close2"}, []string{"no-such-command-xyz"}, 127},
		{[]string{"close1", "close2"}, []string{"-v", "sh", "-c", "kill -TERM $$"}, 128 + 15},
	} {
		args := append([]string{"wrap"}, tc.setup...)
		args = append(append(args, "--", inittyBin), tc.cmd...)
		cmd := exec.Command(probeBin, args...)
		_ = cmd.Run()
		if got := exitCode(cmd.ProcessState.Sys().(syscall.WaitStatus)); got != tc.code {
			t.Errorf("%v with %v closed: %d, want %d", tc.cmd, tc.setup, got, tc.code)
		}
	}
}

// stdout and stderr a pipe nobody reads any more: initty's own writes fail with EPIPE,
// and initty neither dies of SIGPIPE nor relays it.
func TestStdoutStderrClosedPipe(t *testing.T) {
	relayed := t.TempDir() + "/pipe-relayed"
	r, w, _ := os.Pipe()
	r.Close()
	// -v makes initty write (and fail) while the child still runs and traps SIGPIPE.
	cmd := initty("-v", "sh", "-c", "trap 'touch "+relayed+"' PIPE; sleep 0.2; exit 4")
	cmd.Stdout, cmd.Stderr = w, w
	_ = cmd.Run()
	w.Close()
	if ws := cmd.ProcessState.Sys().(syscall.WaitStatus); ws.Signaled() || ws.ExitStatus() != 4 {
		t.Errorf("initty with a closed output pipe ended %v, want exit 4", ws)
	}
	if fileExists(relayed) {
		t.Error("initty relayed its own SIGPIPE to the child")
	}
}

// When fork itself fails (the process limit of a non-root user is reached), initty says so
// in one line and exits 1. A limit so tight that the Go runtime cannot even create its own
// threads ends as any Go program does (fatal error newosproc, exit 2) before initty runs:
// allowed, but initty's own answer must be seen at least once.
func TestForkFailsCleanly(t *testing.T) {
	needRoot(t)
	setpriv, prlimit := needCommand(t, "setpriv"), needCommand(t, "prlimit")
	bin := copyForNobody(t)
	clean := 0
	for limit := 5; limit <= 8; limit++ {
		for i := 0; i < 8; i++ {
			var stderr bytes.Buffer
			cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
				prlimit, "--nproc="+strconv.Itoa(limit), bin, "/bin/true")
			cmd.Stderr = &stderr
			_ = cmd.Run()
			code, msg := cmd.ProcessState.ExitCode(), stderr.String()
			switch {
			case code == 0 && msg == "":
			case code == 1 && msg == "initty: /bin/true: cannot start: Resource temporarily unavailable\n":
				clean++
			case code == 2 && strings.Contains(msg, "runtime: failed to create new OS thread"):
				// The runtime's own end, at start or when it next needs a thread.
			default:
				t.Fatalf("nproc %d: exit %d, stderr %q", limit, code, msg)
			}
		}
	}
	if clean == 0 {
		t.Error("fork never failed with initty's own message")
	}
	t.Logf("%d of 32 runs ended with initty's clean 'cannot start' message", clean)
}

// copyForNobody puts the binary where user nobody can run it.
func copyForNobody(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "initty-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	b, _ := os.ReadFile(inittyBin)
	bin := dir + "/initty"
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}
