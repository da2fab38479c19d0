package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/initty/initty/relay"
	"golang.org/x/sys/unix"
)

// The entry point has an arm64 twin (relay/entry_arm64.s). Under qemu-user, an arm64
// initty records closed fds and Python's read-write /dev/null as the amd64 one does.
// qemu-user cannot show everything: it refuses PR_SET_CHILD_SUBREAPER (initty warns and
// goes on), it keeps SIGSEGV, SIGBUS, 32 and 33 for itself (a guest cannot block them),
// and job control through it would test qemu's signal emulation more than initty, so
// this stays with the fds and the signal state of ordinary signals.
func TestArm64UnderQemu(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("cross-checks arm64 from an amd64 machine")
	}
	qemu := needCommand(t, "qemu-aarch64")
	python := needCommand(t, "python3")
	bin := filepath.Join(buildDir, "initty-arm64")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -E="+relay.EntrySymbol, "-o", bin, "../cmd/initty")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOARCH=arm64")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building for arm64: %v\n%s", err, out)
	}
	underQemu := []string{qemu, bin, "--"}

	for _, setup := range [][]string{{"close0"}, {"close1"}, {"close2"}, {"close0", "close1", "close2"}} {
		direct := fdsUnder(t, setup, nil, list)
		via := fdsUnder(t, setup, underQemu, list)
		if direct != via {
			t.Errorf("arm64, setup %v:\ndirect run:\n%sunder initty:\n%s", setup, direct, via)
		}
	}
	for _, stdio := range []string{"stdin=subprocess.DEVNULL", "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL"} {
		direct := listFds(t, python, stdio)
		via := listFds(t, python, stdio, underQemu...)
		if direct != via {
			t.Errorf("arm64, %s:\ndirect run:\n%sunder initty:\n%s", stdio, direct, via)
		}
	}
	grep := []string{"/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"}
	for _, setup := range []string{"block=10", "block=15", "block=20", "ignore=10", "ignore=13", "ignore=15"} {
		direct := underWrap(t, []string{setup}, false, grep...)
		out, _ := exec.Command(probeBin, append([]string{"wrap", setup, "--"}, append(underQemu, grep...)...)...).Output()
		if direct != string(out) {
			t.Errorf("arm64, %s:\ndirect run:\n%sunder initty:\n%s", setup, direct, out)
		}
	}
	if out, _ := exec.Command(qemu, bin, "-v", "true").CombinedOutput(); !strings.Contains(string(out), "recorded before the Go runtime started") {
		t.Errorf("the arm64 entry point did not run:\n%s", out)
	}

	// Relayed through each of the three ways in: os/signal (HUP), the signalfd (USR1)
	// and initty's own handler (PROF).
	out := newConsole(t)
	cmd := exec.Command(qemu, bin, "-c", "--", "sh", "-c",
		`trap 'echo got-HUP' HUP; trap 'echo got-USR1' USR1; trap 'echo got-PROF' PROF; echo ready; while :; do sleep 0.05; done`)
	cmd.Stdout, cmd.Stderr = out.slave, out.slave
	s := start(t, cmd)
	out.expect("ready", 10*time.Second)
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGUSR1, syscall.SIGPROF} {
		syscall.Kill(s.pid(), sig)
		out.expect("got-"+strings.TrimPrefix(unix.SignalName(sig), "SIG"), 5*time.Second)
	}
}
