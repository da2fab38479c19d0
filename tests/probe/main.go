// Command probe is the test suite's stand-in for a real workload: it reports the signals
// it receives and makes orphans on demand, so the integration tests can watch initty from
// the child's side. It is built static, like initty, so it also runs inside a container.
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "probe: usage: probe signals|orphans|orphan-report ...")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "signals":
		signals(os.Args[2:])
	case "orphans":
		n, _ := strconv.Atoi(os.Args[2])
		fmt.Printf("made %d\n", orphans(n))
	case "orphans-batch":
		n, _ := strconv.Atoi(os.Args[2])
		orphanBatch(n)
	case "orphan-report":
		orphanReport(os.Args[2])
	case "orphan-child":
		orphanChild(os.Args[2], os.Args[3])
	case "wrap":
		wrap(os.Args[2:])
	default:
		fmt.Fprintln(os.Stderr, "probe: unknown mode", os.Args[1])
		os.Exit(2)
	}
}

// reported lists every signal a test may relay. SIGURG is in it on purpose: the probe
// itself is Go, but its runtime sends SIGURG only to its own threads with tgkill, which
// the probe filters out below by checking that the signal came as a process signal.
var reported = func() []os.Signal {
	var s []os.Signal
	for n := 1; n <= 64; n++ {
		switch syscall.Signal(n) {
		case unix.SIGKILL, unix.SIGSTOP, unix.SIGCHLD, unix.SIGURG, unix.SIGPIPE:
			continue
		}
		if n >= 32 && n <= 34 { // owned by the Go runtime
			continue
		}
		s = append(s, syscall.Signal(n))
	}
	return s
}()

// signals prints "TAG ready", then "TAG NUM" for each signal received. With "spawn" it
// first starts a second probe tagged "sub" in its own process group, so a test can tell
// group delivery from single-child delivery. With "exit-on NUM" it exits 0 on that signal.
func signals(args []string) {
	tag, spawn, exitOn := "main", false, 0
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "spawn":
			spawn = true
		case "tag":
			i++
			tag = args[i]
		case "exit-on":
			i++
			exitOn, _ = strconv.Atoi(args[i])
		}
	}
	c := make(chan os.Signal, 4096)
	signal.Notify(c, reported...)
	out := bufio.NewWriter(os.Stdout)
	// "ready" first, then the sub: a test that waits for "main ready" and then "sub ready"
	// must see them in that order.
	fmt.Fprintf(out, "%s ready\n", tag)
	out.Flush()
	if spawn {
		self, _ := os.Executable()
		_, err := syscall.ForkExec(self, []string{"probe", "signals", "tag", "sub"},
			&syscall.ProcAttr{Files: []uintptr{0, 1, 2}})
		if err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			os.Exit(1)
		}
	}
	// A probe left behind by a test that died must not run forever.
	go func() { time.Sleep(5 * time.Minute); os.Exit(3) }()
	for s := range c {
		n := int(s.(syscall.Signal))
		fmt.Fprintf(out, "%s %d\n", tag, n)
		out.Flush()
		if n == exitOn {
			os.Exit(0)
		}
	}
}

// orphanBatchSize bounds the zombies one spawner holds: they stay its own until it
// exits, and 100,000 at once would exhaust the pid space before any became an orphan.
const orphanBatchSize = 1000

// orphans makes n orphans, as fast as processes can be made, and returns n: spawners
// each make up to a batch of children that exit at once, then exit themselves, so every
// batch lands on the nearest subreaper or PID 1 as zombies.
func orphans(n int) int {
	self, _ := os.Executable()
	made := 0
	for made < n {
		batch := min(orphanBatchSize, n-made)
		pid, err := syscall.ForkExec(self, []string{"probe", "orphans-batch", strconv.Itoa(batch)},
			&syscall.ProcAttr{Files: []uintptr{0, 1, 2}})
		if err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			os.Exit(1)
		}
		var ws syscall.WaitStatus
		if _, err := syscall.Wait4(pid, &ws, 0, nil); err != nil || ws.ExitStatus() != 0 {
			fmt.Fprintln(os.Stderr, "probe: spawner failed:", err, ws)
			os.Exit(1)
		}
		made += batch
	}
	return made
}

// orphanBatch makes n children that exit at once and exits without waiting for them. A
// raw clone is used because fork+exec of a real program would make the tests measure
// exec, not reaping.
func orphanBatch(n int) {
	runtime.LockOSThread()
	var all unix.Sigset_t
	for i := range all.Val {
		all.Val[i] = ^uint64(0)
	}
	// The children run Go code copied from this thread: with every signal blocked they
	// cannot be interrupted before their exit_group.
	_ = unix.PthreadSigmask(unix.SIG_SETMASK, &all, nil)
	for made := 0; made < n; {
		if rawForkExit() {
			made++
		}
	}
	os.Exit(0)
}

func rawForkExit() bool {
	pid, _, errno := syscall.RawSyscall6(syscall.SYS_CLONE, uintptr(syscall.SIGCHLD), 0, 0, 0, 0, 0)
	if errno != 0 {
		return false
	}
	if pid == 0 {
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 0, 0, 0)
	}
	return true
}

// orphanReport starts a grandchild-to-be and keeps running; the grandchild waits until
// this process is gone, then writes its new parent's pid and its own pid to file.
func orphanReport(file string) {
	self, _ := os.Executable()
	_, err := syscall.ForkExec(self, []string{"probe", "orphan-child", file, strconv.Itoa(os.Getpid())},
		&syscall.ProcAttr{Files: []uintptr{0, 1, 2}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func orphanChild(file, parent string) {
	deadline := time.Now().Add(10 * time.Second)
	for strconv.Itoa(os.Getppid()) == parent && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	tmp := file + ".tmp"
	_ = os.WriteFile(tmp, fmt.Appendf(nil, "%d %d\n", os.Getppid(), os.Getpid()), 0o644)
	_ = os.Rename(tmp, file)
	// Stay alive until told to go, so the test can see who the parent is and then that
	// the exit is reaped.
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	select {
	case <-c:
	case <-time.After(30 * time.Second):
	}
}

// wrap execs a command in the odd positions a caller can put an init in: "ignore" sets
// SIGINT and SIGHUP to SIG_IGN, "block" blocks SIGUSR1, "closeN" closes fd N and "fd7"
// opens /dev/zero on fd 7 without close-on-exec. The command follows "--".
func wrap(args []string) {
	runtime.LockOSThread() // exec from this thread keeps its mask
	for len(args) > 0 && args[0] != "--" {
		switch args[0] {
		case "ignore":
			signal.Ignore(syscall.SIGINT, syscall.SIGHUP)
		case "block":
			var set unix.Sigset_t
			set.Val[0] = 1 << (uint(syscall.SIGUSR1) - 1)
			_ = unix.PthreadSigmask(unix.SIG_BLOCK, &set, nil)
		case "close0":
			syscall.Close(0)
		case "close1":
			syscall.Close(1)
		case "close2":
			syscall.Close(2)
		case "fd7":
			fd, err := syscall.Open("/dev/zero", syscall.O_RDONLY, 0)
			if err == nil {
				_ = syscall.Dup2(fd, 7)
				syscall.Close(fd)
			}
		default:
			if n, ok := strings.CutPrefix(args[0], "ignore="); ok {
				for _, sig := range signalList(n) {
					ignoreRaw(sig)
				}
			}
			if n, ok := strings.CutPrefix(args[0], "block="); ok {
				var set unix.Sigset_t
				for _, sig := range signalList(n) {
					set.Val[0] |= 1 << (uint(sig) - 1)
				}
				_ = unix.PthreadSigmask(unix.SIG_BLOCK, &set, nil)
			}
		}
		args = args[1:]
	}
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "probe: wrap: no command")
		os.Exit(2)
	}
	err := syscall.Exec(args[1], args[1:], os.Environ())
	fmt.Fprintln(os.Stderr, "probe: exec:", err)
	os.Exit(127)
}

// signalList reads "N" or "all" (every signal from 1 to 64 but SIGKILL and SIGSTOP).
func signalList(s string) []int {
	if s != "all" {
		n, _ := strconv.Atoi(s)
		return []int{n}
	}
	var out []int
	for n := 1; n <= 64; n++ {
		if n != int(syscall.SIGKILL) && n != int(syscall.SIGSTOP) {
			out = append(out, n)
		}
	}
	return out
}

// ignoreRaw sets SIG_IGN with the system call itself: signal.Ignore refuses the signals
// the Go runtime keeps, and the point is to hand every signal on ignored through exec.
func ignoreRaw(sig int) {
	act := struct{ handler, flags, restorer, mask uint64 }{handler: 1}
	unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&act)), 0, 8, 0, 0)
}
