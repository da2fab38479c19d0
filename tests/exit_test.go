package tests

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Every exit code passes through unchanged, in host mode.
func TestExitCodesPassThrough(t *testing.T) {
	for code := 0; code <= 255; code++ {
		cmd := initty("sh", "-c", fmt.Sprintf("exit %d", code))
		err := cmd.Run()
		got := cmd.ProcessState.ExitCode()
		if got != code {
			t.Fatalf("child exit %d: initty exited %d (%v)", code, got, err)
		}
	}
}

// As PID 1, a child killed by signal N gives 128+N, like a shell's $?.
func TestSignalDeathAsPID1(t *testing.T) {
	needRoot(t)
	for _, tc := range []struct {
		sig  string
		want int
	}{{"TERM", 143}, {"KILL", 137}, {"SEGV", 139}, {"ABRT", 134}} {
		cmd := asPID1(initty("sh", "-c", "kill -"+tc.sig+" $$"))
		_ = cmd.Run()
		ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if ws.Signaled() || ws.ExitStatus() != tc.want {
			t.Errorf("child killed by SIG%s: initty as PID 1 ended with %v, want exit %d", tc.sig, ws, tc.want)
		}
	}
}

// In host mode initty dies of the child's signal, without a core file, so the caller
// sees exactly what it would see without initty.
func TestSignalDeathInHostMode(t *testing.T) {
	dir := t.TempDir()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL, syscall.SIGSEGV, syscall.SIGABRT, syscall.SIGINT} {
		cmd := initty("sh", "-c", fmt.Sprintf("ulimit -c unlimited; kill -%d $$", int(sig)))
		cmd.Dir = dir
		_ = cmd.Run()
		ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !ws.Signaled() || ws.Signal() != sig {
			t.Errorf("child killed by %v: initty ended with %v, want death by the same signal", sig, ws)
		}
		if ws.CoreDump() {
			t.Errorf("initty dumped core after its child died of %v", sig)
		}
	}
	// And a shell reports 128+N, as without initty.
	out, _ := exec.Command("bash", "-c", inittyBin+" sh -c 'kill -TERM $$'; echo status=$?").Output()
	if !strings.Contains(string(out), "status=143") {
		t.Errorf("bash saw %q, want status=143", out)
	}
}

// Exec errors: a shell's codes and a message that names the command.
func TestExecErrors(t *testing.T) {
	dir := t.TempDir()
	notExec := filepath.Join(dir, "notexec")
	os.WriteFile(notExec, []byte("#!/bin/sh\n"), 0o644)
	badInterp := filepath.Join(dir, "badinterp")
	os.WriteFile(badInterp, []byte("#!/nonexistent/interp\n"), 0o755)
	dangling := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "nothing"), dangling)

	for _, tc := range []struct {
		cmd  string
		code int
		msg  string
	}{
		{"no-such-command-xyz", 127, "initty: no-such-command-xyz: command not found"},
		{"/no/such/path", 127, "initty: /no/such/path: No such file or directory"},
		{notExec, 126, "initty: " + notExec + ": Permission denied"},
		{dir, 126, "initty: " + dir + ": Is a directory"},
		{badInterp, 127, "initty: " + badInterp + ": /nonexistent/interp: bad interpreter"},
		{dangling, 127, "initty: " + dangling + ": No such file or directory"},
	} {
		var stderr bytes.Buffer
		cmd := initty(tc.cmd)
		cmd.Stderr = &stderr
		_ = cmd.Run()
		if got := cmd.ProcessState.ExitCode(); got != tc.code {
			t.Errorf("%s: exit %d, want %d", tc.cmd, got, tc.code)
		}
		lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], tc.msg) {
			t.Errorf("%s: stderr %q, want one line starting %q", tc.cmd, stderr.String(), tc.msg)
		}
	}
}

// Options stop at the first non-option: `initty ls -l /` is `ls -l /`. (-d keeps the
// listing stable: the entries of / change as tests make temporary files.)
func TestCommandArgumentsAreNotOptions(t *testing.T) {
	want, err := exec.Command("ls", "-l", "-d", "/").Output()
	if err != nil {
		t.Fatal(err)
	}
	got, err := initty("ls", "-l", "-d", "/").Output()
	if err != nil {
		t.Fatalf("initty ls -l -d /: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("initty ls -l / printed\n%s\nwant\n%s", got, want)
	}
	// After --, a program whose name starts with a dash.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "-x"), []byte("#!/bin/sh\necho dash-x ran\n"), 0o755)
	cmd := initty("--", "./-x")
	cmd.Dir = dir
	if out, err := cmd.Output(); err != nil || !strings.Contains(string(out), "dash-x ran") {
		t.Errorf("initty -- ./-x: %q, %v", out, err)
	}
}

// A usage error is one line on stderr, exit 2, and nothing is started.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "started")
	for _, args := range [][]string{
		{"--no-such-option", "touch", marker},
		{"-x", "touch", marker},
		{"-r", "TERM", "touch", marker},
		{"-r", "TERM:NOPE", "touch", marker},
		{"-r", "99:1", "touch", marker},
		{"-p", "NOPE", "touch", marker},
		{"-e", "256", "touch", marker},
		{"--grace", "soon", "touch", marker},
		{"--grace", "NaN", "touch", marker},
		{"-r", "KILL:TERM", "touch", marker},
		{"--no-tty=1", "touch", marker},
		{"-r"},
		{"-r\n\x1b[31m", "touch", marker},
		{"-P", "touch", marker},
		{},
		{"-v"},
	} {
		var stderr bytes.Buffer
		cmd := initty(args...)
		cmd.Stderr = &stderr
		_ = cmd.Run()
		if got := cmd.ProcessState.ExitCode(); got != 2 {
			t.Errorf("initty %q: exit %d, want 2", args, got)
		}
		msg := stderr.String()
		if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "initty: ") || !strings.Contains(msg, "--help") {
			t.Errorf("initty %q: stderr %q, want one line 'initty: ...' with a hint to --help", args, msg)
		}
		if _, err := os.Stat(marker); err == nil {
			t.Fatalf("initty %q started the command despite a usage error", args)
		}
	}
	// --help and --version go to stdout and exit 0.
	for _, flag := range []string{"--help", "-h", "--version", "-V"} {
		out, err := initty(flag).Output()
		if err != nil || len(out) == 0 {
			t.Errorf("initty %s: %v, output %q", flag, err, out)
		}
	}
}

// A script whose #! line names initty runs under initty with its arguments.
func TestShebang(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "script")
	body := "#!" + inittyBin + " /bin/sh\necho \"args: $*\"; echo \"parent: $(readlink /proc/$PPID/exe)\"; exit 4\n"
	os.WriteFile(script, []byte(body), 0o755)
	cmd := exec.Command(script, "a", "b c")
	out, _ := cmd.Output()
	if cmd.ProcessState.ExitCode() != 4 || !strings.Contains(string(out), "args: a b c") || !strings.Contains(string(out), "parent: "+inittyBin) {
		t.Errorf("script under initty: exit %d, output %q", cmd.ProcessState.ExitCode(), out)
	}
	// Options on the #! line arrive as one argument; initty splits them.
	os.WriteFile(script, []byte("#!"+inittyBin+" -c --grace 1 /bin/sh\necho ok \"$@\"\n"), 0o755)
	out, err := exec.Command(script, "x").Output()
	if err != nil || strings.TrimSpace(string(out)) != "ok x" {
		t.Errorf("script with options on the #! line: %q, %v", out, err)
	}
}

// After the child has started, initty leaves the child's directory for /, so it never
// keeps a mount busy.
func TestInittyMovesToRoot(t *testing.T) {
	dir := t.TempDir()
	cmd := initty(probeBin, "signals")
	cmd.Dir = dir
	out := newConsole(t)
	cmd.Stdout = out.slave
	s := start(t, cmd)
	out.expect("main ready", 5*time.Second)
	// The child may report before initty has moved (it moves right after the start).
	eventually(t, 2*time.Second, "initty's cwd is /", func() bool {
		cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", s.pid()))
		return err == nil && cwd == "/"
	})
	childCwd, _ := os.Readlink(fmt.Sprintf("/proc/%d/cwd", children(s.pid())[0]))
	if childCwd != dir {
		t.Errorf("the child's cwd is %q, want %q", childCwd, dir)
	}
}
