// Package tests holds initty's black-box integration tests: they build the real static
// binary and drive it through ptys, interactive shells, PID namespaces and runc.
package tests

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/initty/initty/relay"
)

var (
	// inittyBin is the freshly built static initty under test.
	inittyBin string
	// probeBin is the static helper program that reports what it receives.
	probeBin string
	// buildDir holds both binaries for the whole run.
	buildDir string
)

func TestMain(m *testing.M) {
	// The tests start initty with every signal at its default action. CI may run them
	// with SIGHUP and SIGINT ignored (and a job-control-less shell would ignore more),
	// and ignored signals are inherited. A caught signal is reset to the default action in
	// an exec'd child, so catching them here gives every child a clean start.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT,
		syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU, syscall.SIGCONT, syscall.SIGPIPE)
	dir, err := os.MkdirTemp("", "initty-tests-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "tests:", err)
		os.Exit(1)
	}
	buildDir = dir
	inittyBin = filepath.Join(dir, "initty")
	probeBin = filepath.Join(dir, "probe")
	// initty is linked as the Makefile links it: its entry point records the state the
	// Go runtime would change (relay.EntrySymbol).
	ldflags := map[string]string{inittyBin: "-s -w -E=" + relay.EntrySymbol, probeBin: "-s -w"}
	for out, pkg := range map[string]string{inittyBin: "../cmd/initty", probeBin: "./probe"} {
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags="+ldflags[out], "-o", out, pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "tests: building", pkg, "failed:", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
