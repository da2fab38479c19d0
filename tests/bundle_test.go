package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/initty/initty/tests/ocibundle"
)

// containerInit is the init copied into the container as /initty: the initty under test,
// unless INITTY_CONTAINER_INIT names another one (such as /usr/bin/tini-static, which
// takes `-- cmd` too) to check the container harness itself against a known init.
func containerInit() string {
	if p := os.Getenv("INITTY_CONTAINER_INIT"); p != "" {
		return p
	}
	return inittyBin
}

// sharedRootfs is built once per test run under buildDir; every container of the run
// uses it (runc mounts /proc, /dev and /sys over it, so containers do not see each other).
var sharedRootfs struct {
	once sync.Once
	dir  string
	err  error
}

// containerRootfs returns the run's root filesystem: busybox, bash with its libraries,
// /initty and /probe.
func containerRootfs(t *testing.T) string {
	t.Helper()
	sharedRootfs.once.Do(func() {
		dir := filepath.Join(buildDir, "rootfs")
		sharedRootfs.dir = dir
		sharedRootfs.err = ocibundle.BuildRootfs(dir, ocibundle.Options{
			// /sbin/docker-init is where `docker run --init` mounts the daemon's
			// init-path; TestContainerAsDockerInit runs initty from there.
			Files: map[string]string{"/initty": containerInit(), "/sbin/docker-init": containerInit(), "/probe": probeBin},
		})
	})
	if sharedRootfs.err != nil {
		t.Fatalf("building the container rootfs: %v", sharedRootfs.err)
	}
	return sharedRootfs.dir
}

// containerSeq makes container IDs unique within the run; the pid makes them unique
// across runs that share a machine.
var containerSeq atomic.Int64

// container is one runc container of a test: its bundle, its ID and the runc state
// folder of the run.
type container struct {
	t      *testing.T
	runc   string
	root   string // runc --root
	bundle string
	id     string
}

// containerSpec is what a test chooses about its container.
type containerSpec struct {
	args     []string // process.args
	terminal bool     // process.terminal
	env      []string // process.env; nil means ocibundle.Env(containerPrompt)
	rootfs   string   // the root filesystem; "" means the run's shared one
}

// newContainer writes a bundle for spec over the shared rootfs. Cleanup force-deletes the
// container whatever happened to the test, so no container outlives it.
func newContainer(t *testing.T, spec containerSpec) *container {
	t.Helper()
	runc := needCommand(t, "runc")
	rootfs := spec.rootfs
	if rootfs == "" {
		rootfs = containerRootfs(t)
	}
	ct := &container{
		t:      t,
		runc:   runc,
		root:   filepath.Join(buildDir, "runc-state"),
		bundle: t.TempDir(),
		id:     fmt.Sprintf("initty-test-%d-%d", os.Getpid(), containerSeq.Add(1)),
	}
	env := spec.env
	if env == nil {
		env = ocibundle.Env(containerPrompt)
	}
	err := ocibundle.WriteBundle(runc, ct.bundle, ocibundle.Config{
		Rootfs:   rootfs,
		Args:     spec.args,
		Env:      env,
		Terminal: spec.terminal,
		Hostname: ct.id,
	})
	if err != nil {
		t.Fatalf("bundle: %v", err)
	}
	t.Cleanup(func() {
		out, err := ct.exec("delete", "-f", ct.id)
		if err != nil && ct.exists() {
			t.Errorf("runc delete -f %s: %v: %s", ct.id, err, out)
		}
	})
	return ct
}

// runCommand is `runc run` of the container in the foreground, for the test to start.
func (ct *container) runCommand() *exec.Cmd {
	return exec.Command(ct.runc, "--root", ct.root, "run", "--bundle", ct.bundle, ct.id)
}

// exec runs another runc subcommand, such as `kill ID SIGNAL`, with the run's state folder.
func (ct *container) exec(args ...string) ([]byte, error) {
	return exec.Command(ct.runc, append([]string{"--root", ct.root}, args...)...).CombinedOutput()
}

// exists reports whether runc still knows the container.
func (ct *container) exists() bool {
	_, err := os.Stat(filepath.Join(ct.root, ct.id))
	return err == nil
}

// kill is `runc kill ID SIGNAL`: the signal goes to the container's PID 1.
func (ct *container) kill(sig string) {
	ct.t.Helper()
	if out, err := ct.exec("kill", ct.id, sig); err != nil {
		ct.t.Fatalf("runc kill %s %s: %v: %s", ct.id, sig, err, out)
	}
}

// initPid waits until the container runs and returns the host pid of its PID 1.
func (ct *container) initPid(timeout time.Duration) int {
	ct.t.Helper()
	pid := 0
	eventually(ct.t, timeout, "runc state "+ct.id+" says running", func() bool {
		out, err := exec.Command(ct.runc, "--root", ct.root, "state", ct.id).Output()
		if err != nil {
			return false
		}
		var st struct {
			Status string `json:"status"`
			Pid    int    `json:"pid"`
		}
		if json.Unmarshal(out, &st) != nil || st.Status != "running" || st.Pid == 0 {
			return false
		}
		pid = st.Pid
		return true
	})
	return pid
}

// findProcess returns the host pid of the first live (not zombie) process below pid whose
// command name is comm, or 0.
func findProcess(pid int, comm string) int {
	for _, p := range descendants(pid) {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/comm")
		if err != nil || string(b) != comm+"\n" {
			continue
		}
		if st, ok := readStat(p); ok && st.State != 'Z' {
			return p
		}
	}
	return 0
}

// processTree describes the processes below pid for failure messages.
func processTree(pid int) string {
	var b strings.Builder
	for _, p := range append([]int{pid}, descendants(pid)...) {
		comm, _ := os.ReadFile("/proc/" + strconv.Itoa(p) + "/comm")
		st, _ := readStat(p)
		fmt.Fprintf(&b, "  pid %d %s state %c ppid %d pgrp %d session %d tpgid %d\n",
			p, strings.TrimSpace(string(comm)), st.State, st.PPid, st.PGrp, st.Session, st.TPGid)
	}
	return b.String()
}

// pipeConsole collects what a process writes to a pipe, with the console's expect: for a
// container with terminal: false, whose runc has pipes for stdio. The caller gives w to
// the process and closes its own copy once it started, so the console sees the end.
func pipeConsole(t *testing.T) (c *console, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	c = &console{t: t, master: r, slave: w, changed: make(chan struct{})}
	go c.collect()
	t.Cleanup(func() { r.Close(); w.Close() })
	return c, w
}

// eventuallyTrue polls cond every few milliseconds until it holds or timeout passes, and
// reports whether it held, for tests that print their own diagnostics.
func eventuallyTrue(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// sigMasks returns the SigBlk, SigIgn and SigCgt lines of /proc/PID/status, for failure
// messages.
func sigMasks(pid int) string {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "SigBlk:") || strings.HasPrefix(line, "SigIgn:") || strings.HasPrefix(line, "SigCgt:") {
			out = append(out, strings.Join(strings.Fields(line), " "))
		}
	}
	return strings.Join(out, ", ")
}
