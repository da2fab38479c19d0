package tests

import (
	"bytes"
	"context"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// releaseArches are the architectures `make release` builds, with the qemu-user
// emulator that runs each one here (none: this machine's own).
var releaseArches = []struct{ arch, qemu string }{
	{"amd64", ""}, {"arm64", "qemu-aarch64"}, {"arm", "qemu-arm"}, {"386", "qemu-i386"},
	{"ppc64le", "qemu-ppc64le"}, {"s390x", "qemu-s390x"}, {"riscv64", "qemu-riscv64"},
}

var (
	releaseOnce sync.Once
	releaseDir  string
	releaseErr  string
)

// release runs `make release` once for the whole test run and returns its dist folder.
func release(t *testing.T) string {
	t.Helper()
	releaseOnce.Do(func() {
		releaseDir = filepath.Join(buildDir, "dist")
		out, err := exec.Command("make", "-C", "..", "release", "DIST="+releaseDir).CombinedOutput()
		if err != nil {
			releaseErr = string(out) + err.Error()
		}
	})
	if releaseErr != "" {
		t.Fatalf("make release: %s", releaseErr)
	}
	return releaseDir
}

// Two release builds of the same commit, the second with an empty build cache (nothing
// reused from the first), give byte-identical files, and SHA256SUMS checks them.
func TestReleaseIsReproducible(t *testing.T) {
	first := release(t)
	second := filepath.Join(buildDir, "dist-again")
	cmd := exec.Command("make", "-C", "..", "release", "DIST="+second)
	cmd.Env = append(os.Environ(), "GOCACHE="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("second make release: %v\n%s", err, out)
	}
	a, _ := os.ReadFile(filepath.Join(first, "SHA256SUMS"))
	b, _ := os.ReadFile(filepath.Join(second, "SHA256SUMS"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatalf("two release builds differ:\n%s\n%s", a, b)
	}
	for _, r := range releaseArches {
		if !strings.Contains(string(a), "  initty-linux-"+r.arch+"\n") {
			t.Errorf("SHA256SUMS lacks initty-linux-%s:\n%s", r.arch, a)
		}
	}
	check := exec.Command("sha256sum", "-c", "SHA256SUMS")
	check.Dir = first
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, out)
	}
}

// Every release binary is a static executable for its architecture.
func TestReleaseBinariesAreStatic(t *testing.T) {
	dist := release(t)
	machines := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64, "arm": elf.EM_ARM,
		"386": elf.EM_386, "ppc64le": elf.EM_PPC64, "s390x": elf.EM_S390, "riscv64": elf.EM_RISCV}
	for _, r := range releaseArches {
		f, err := elf.Open(filepath.Join(dist, "initty-linux-"+r.arch))
		if err != nil {
			t.Fatalf("%s: %v", r.arch, err)
		}
		if f.Machine != machines[r.arch] || f.Type != elf.ET_EXEC {
			t.Errorf("%s: machine %v, type %v", r.arch, f.Machine, f.Type)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
				t.Errorf("%s: not static (%v)", r.arch, p.Type)
			}
		}
		f.Close()
	}
}

// Each release binary, run natively or under qemu-user, passes an exit code through,
// reports an exec error as 127, relays a signal, and reaps an orphan as PID 1 of a PID
// namespace. What qemu-user cannot show is listed in the README (Install): 386 does not
// run at all under Debian's qemu-i386 (any Go program crashes in its first thread), the
// signals initty reads from a signalfd may be swallowed by qemu, it refuses the child
// subreaper, and job control through it would test qemu's terminal emulation.
func TestReleaseBinariesSmoke(t *testing.T) {
	needRoot(t)
	dist := release(t)
	for _, r := range releaseArches {
		if r.arch == "386" {
			continue // see above and TestReleaseBinariesAreStatic
		}
		t.Run(r.arch, func(t *testing.T) {
			run := []string{filepath.Join(dist, "initty-linux-"+r.arch)}
			if r.qemu != "" {
				run = append([]string{needCommand(t, r.qemu)}, run...)
			}
			// Each command gets a deadline: a hang under qemu fails the test instead.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			initty := func(args ...string) *exec.Cmd {
				all := append(append([]string{}, run...), args...)
				return killTreeOnCancel(exec.CommandContext(ctx, all[0], all[1:]...))
			}

			if out, _ := initty("--version").Output(); !strings.HasPrefix(string(out), "initty ") {
				t.Errorf("--version: %q", out)
			}
			if code := statusOf(initty("--", "sh", "-c", "exit 7").Run()); code != 7 {
				t.Errorf("exit 7 came out as %d", code)
			}
			var stderr bytes.Buffer
			missing := initty("--", "/no/such/command")
			missing.Stderr = &stderr
			if code := statusOf(missing.Run()); code != 127 || !strings.HasPrefix(stderr.String(), "initty") {
				t.Errorf("exec error: status %d, stderr %q", code, stderr.String())
			}

			out := newConsole(t)
			cmd := initty("-c", "--", "sh", "-c", `trap 'echo got-TERM; exit 0' TERM; echo ready; while :; do sleep 0.05; done`)
			cmd.Stdout, cmd.Stderr = out.slave, out.slave
			s := start(t, cmd)
			out.expect("ready", 20*time.Second)
			t.Log("ready; sending SIGTERM")
			syscall.Kill(s.pid(), syscall.SIGTERM)
			out.expect("got-TERM", 10*time.Second)
			if ws := s.wait(t, 10*time.Second); ws.ExitStatus() != 0 {
				t.Errorf("after a relayed SIGTERM the trap's exit 0 came out as %v", ws)
			}

			t.Log("relayed; orphan as PID 1")
			// As PID 1: an orphan that ends is reaped (its /proc entry goes), not left a
			// zombie. The shell polls with a deadline of 20 s.
			script := `sh -c 'sleep 0.2 & echo $! > /tmp/orphan.$$'; o=$(cat /tmp/orphan.*); rm -f /tmp/orphan.*
i=0; while [ -e /proc/$o ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
if [ -e /proc/$o ]; then echo "orphan $o: $(cut -d' ' -f3 /proc/$o/stat)"; else echo reaped; fi`
			args := append([]string{"--pid", "--fork", "--mount-proc"}, run...)
			pid1, err := killTreeOnCancel(exec.CommandContext(ctx, "unshare", append(args, "--", "sh", "-c", script)...)).CombinedOutput()
			if err != nil || !strings.Contains(string(pid1), "reaped") {
				t.Errorf("orphan as PID 1: %v\n%s", err, pid1)
			}
		})
	}
}

// killTreeOnCancel makes the deadline kill everything below cmd too: a qemu-user that
// hangs in a fork leaves a stuck child, and stuck processes disturb the later tests.
func killTreeOnCancel(cmd *exec.Cmd) *exec.Cmd {
	cmd.Cancel = func() error {
		for _, p := range descendants(cmd.Process.Pid) {
			syscall.Kill(p, syscall.SIGKILL)
		}
		return cmd.Process.Kill()
	}
	return cmd
}

// statusOf is the status a command exited with, or -1.
func statusOf(err error) int {
	if err == nil {
		return 0
	}
	if e, ok := err.(*exec.ExitError); ok {
		return e.ExitCode()
	}
	return -1
}
