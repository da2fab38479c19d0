package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/term"
)

// Issue 12, item 7: -v lines carry initty's pid, name signals by name, and end in \r\n
// on a terminal in raw mode, where a bare \n would leave each line starting where the
// last one ended.
func TestVerboseLinesOnARawTerminal(t *testing.T) {
	c := newConsole(t)
	if _, err := term.MakeRaw(int(c.slave.Fd())); err != nil {
		t.Fatal(err)
	}
	cmd := initty("-v", "--", "sh", "-c", "kill -TERM $$")
	cmd.Stdout, cmd.Stderr = c.slave, c.slave
	s := start(t, cmd)
	s.wait(t, 10*time.Second)
	c.expect(`killed by SIGTERM\r\n`, 5*time.Second)
	out := c.all()
	lines := strings.SplitAfter(out, "\n")
	pid := regexp.MustCompile(`^initty\[(\d+)\]: `)
	for _, line := range lines {
		if line == "" {
			continue
		}
		if !strings.HasSuffix(line, "\r\n") {
			t.Errorf("line without \\r\\n on a raw terminal: %q", line)
		}
		if m := pid.FindStringSubmatch(line); m == nil || m[1] != strconv.Itoa(s.pid()) {
			t.Errorf("line without initty[%d]: %q", s.pid(), line)
		}
	}
	if regexp.MustCompile(`signal \d`).MatchString(out) {
		t.Errorf("a signal named by number:\n%s", out)
	}
}

// Issue 12, item 2: a plain build in a git checkout (what `go install` makes there)
// says its version, commit and Go release; -v says the same on its first line.
func TestVersionOfAPlainBuild(t *testing.T) {
	git := needCommand(t, "git")
	head, err := exec.Command(git, "rev-parse", "HEAD").Output()
	if err != nil {
		skipOrFail(t, "not a git checkout (a source tarball has nothing to stamp): "+err.Error())
	}
	commit := strings.TrimSpace(string(head))
	bin := filepath.Join(t.TempDir(), "initty")
	build := exec.Command("go", "build", "-trimpath", "-buildvcs=auto", "-o", bin, "../cmd/initty")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"initty 0.0.0-dev+" + commit[:12], "commit " + commit, "module github.com/initty/initty v0.0.0-", "go1."}
	for _, w := range want {
		if !strings.Contains(string(out), w) {
			t.Errorf("--version lacks %q:\n%s", w, out)
		}
	}
	verbose, _ := exec.Command(bin, "-v", "true").CombinedOutput()
	if first, _, _ := strings.Cut(string(verbose), "\n"); !strings.Contains(first, "initty 0.0.0-dev+"+commit[:12]+", commit "+commit[:12]) {
		t.Errorf("-v's first line does not say the version and commit: %q", first)
	}
}
