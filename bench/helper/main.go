// Command helper is the child program the initty benchmark runs under each init.
//
// It is built by the bench program into a temporary directory (CGO_ENABLED=0, so it is
// static and its start-up cost does not depend on the dynamic loader) and has three modes:
//
//	helper orphans N   make N orphaned zombies for the init to reap, report how long it took
//	helper ack SECS    acknowledge SIGUSR1/SIGUSR2 on stdout, for relay latency and storms
//	helper exitwait 1  print "pid N", exit when stdin ends, for the exit latency of the init
//
// It uses the standard library only, so the bench can build it from embedded source in a
// throw-away module without touching the network or the main module's dependencies.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: helper orphans N | helper ack SECONDS | helper exitwait 1")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil || n <= 0 {
		fmt.Fprintln(os.Stderr, "helper: bad number:", os.Args[2])
		os.Exit(2)
	}
	switch os.Args[1] {
	case "orphans":
		os.Exit(orphans(n))
	case "ack":
		os.Exit(ack(time.Duration(n) * time.Second))
	case "exitwait":
		os.Exit(exitWait())
	default:
		fmt.Fprintln(os.Stderr, "helper: unknown mode", os.Args[1])
		os.Exit(2)
	}
}

// orphanDeadline bounds the wait for the init to reap: an init that does not reap must
// turn into an error report, not a hung benchmark.
const orphanDeadline = 60 * time.Second

// orphans makes n zombies that belong to the init, waits until the init has reaped every
// one of them, and prints "made=N reap_ns=T spawn_ns=S" on stdout.
//
// The zombies must be orphans while this process (the init's main child) stays alive:
// tini and dumb-init exit as soon as their main child exits, so "fork N children and exit"
// would measure how the kernel tears down a PID namespace, not how the init reaps. So a
// throw-away "spawner" process makes the N children, which exit at once and stay zombies
// of the spawner; when the spawner exits, the kernel re-parents all N zombies to the init
// (PID 1 of the namespace) in one go and sends it SIGCHLD. From that instant on, only the
// init's reaping is on the clock, and this process polls until the last pid is gone.
func orphans(n int) int {
	// The spawner writes into memory shared with us: [0] = how many it made,
	// [1] = CLOCK_MONOTONIC ns just before it exits, [2:] = the pids it made.
	mem, err := syscall.Mmap(-1, 0, (n+2)*8, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_SHARED|syscall.MAP_ANON)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper: mmap:", err)
		return 1
	}
	shared := unsafe.Slice((*int64)(unsafe.Pointer(&mem[0])), n+2)

	start := monotonic()
	spawner, err := cloneSpawner(n, unsafe.Pointer(&mem[0]))
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper: clone spawner:", err)
		return 1
	}
	var ws syscall.WaitStatus
	for {
		_, err = syscall.Wait4(spawner, &ws, 0, nil)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper: wait for spawner:", err)
		return 1
	}
	made := int(shared[0])
	orphaned := shared[1]
	if made < n {
		// Keep going: the bench reports made=, and fewer orphans is still a valid run.
		fmt.Fprintf(os.Stderr, "helper: spawner made only %d of %d children\n", made, n)
	}

	// Each zombie answers kill(pid, 0) until the init reaps it, then ESRCH. Nothing else
	// runs in the namespace, so a pid cannot be reused meanwhile. Walking the pids in
	// order and sleeping briefly on the first live one costs one syscall per orphan plus
	// the polls, and leaves the other CPU to the init.
	deadline := time.Now().Add(orphanDeadline)
	pause := syscall.Timespec{Nsec: 50_000}
	for i := 0; i < made; i++ {
		pid := int(shared[2+i])
		for syscall.Kill(pid, 0) == nil {
			if time.Now().After(deadline) {
				fmt.Printf("timeout made=%d reaped=%d\n", made, i)
				return 1
			}
			_ = syscall.Nanosleep(&pause, nil)
		}
	}
	done := monotonic()
	fmt.Printf("made=%d reap_ns=%d spawn_ns=%d\n", made, done-orphaned, orphaned-start)
	return 0
}

// cloneSpawner starts the spawner with a raw clone(SIGCHLD), the same as fork(2).
//
// A forked copy of a Go program has one thread and must not enter the Go runtime (no
// scheduler, no stack growth, no signal handling), so the child side only does raw
// system calls in nosplit code. All signals are blocked on this locked OS thread around
// the clone so that no Go signal handler can run in the child; the children inherit that
// mask, which is harmless since they exit at once.
func cloneSpawner(n int, mem unsafe.Pointer) (int, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	all := ^uint64(0)
	var old uint64
	if _, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, sigSetmask,
		uintptr(unsafe.Pointer(&all)), uintptr(unsafe.Pointer(&old)), 8, 0, 0); e != 0 {
		return 0, e
	}
	pid := spawn(uintptr(n), mem)
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, sigSetmask,
		uintptr(unsafe.Pointer(&old)), 0, 8, 0, 0)
	if pid < 0 {
		return 0, syscall.Errno(-pid)
	}
	return pid, nil
}

// spawn clones the spawner. In the parent it returns the spawner's pid (or -errno); the
// spawner never returns: it clones n children that exit_group at once, records their pids
// and the time in mem, and exits. Only the flags argument of clone is non-zero, so the
// architecture-specific order of the other clone arguments does not matter.
//
//go:nosplit
//go:norace
func spawn(n uintptr, mem unsafe.Pointer) int {
	pid, _, e := syscall.RawSyscall6(syscall.SYS_CLONE, uintptr(syscall.SIGCHLD), 0, 0, 0, 0, 0)
	if e != 0 {
		return -int(e)
	}
	if pid != 0 {
		return int(pid)
	}
	// Spawner: from here on only raw system calls and plain stores. The children are plain
	// forks (about 100 µs each here, mostly copying page tables), not vfork-style clones:
	// a CLONE_VM child returning from the clone would overwrite this frame, which Go
	// cannot prevent without assembly. Only the reaping is timed, so this costs wall time,
	// not accuracy.
	made := uintptr(0)
	for i := uintptr(0); i < n; i++ {
		c, _, e := syscall.RawSyscall6(syscall.SYS_CLONE, uintptr(syscall.SIGCHLD), 0, 0, 0, 0, 0)
		if e != 0 {
			break
		}
		if c == 0 {
			syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 0, 0, 0)
		}
		*(*int64)(unsafe.Add(mem, (2+i)*8)) = int64(c)
		made++
	}
	*(*int64)(mem) = int64(made)
	var ts syscall.Timespec
	syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, 1 /* CLOCK_MONOTONIC */, uintptr(unsafe.Pointer(&ts)), 0)
	*(*int64)(unsafe.Add(mem, 8)) = ts.Sec*1e9 + ts.Nsec
	syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 0, 0, 0)
	return 0
}

// monotonic reads CLOCK_MONOTONIC directly, the same clock the spawner stamps, so the two
// readings can be subtracted.
func monotonic() int64 {
	var ts syscall.Timespec
	syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, 1, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Sec*1e9 + ts.Nsec
}

// ack writes 'R' once its signal handlers are in place, then 'u' for every SIGUSR1 and,
// for SIGUSR2, 'T' followed by the number of SIGUSR1s seen so far (8 bytes, little
// endian). It exits after life, so a helper orphaned by a killed benchmark cannot linger.
func ack(life time.Duration) int {
	// A large buffer: during a storm the Go runtime coalesces nothing itself, and a full
	// channel would drop signals the init did deliver.
	sigs := make(chan os.Signal, 4096)
	signal.Notify(sigs, syscall.SIGUSR1, syscall.SIGUSR2)
	// SIGPIPE ends us if the benchmark goes away while we write.
	signal.Reset(syscall.SIGPIPE)
	if _, err := os.Stdout.Write([]byte{'R'}); err != nil {
		return 1
	}
	timeout := time.After(life)
	var seen uint64
	for {
		select {
		case s := <-sigs:
			var msg []byte
			if s == syscall.SIGUSR1 {
				seen++
				msg = []byte{'u'}
			} else {
				msg = []byte{'T', 0, 0, 0, 0, 0, 0, 0, 0}
				for i := 0; i < 8; i++ {
					msg[1+i] = byte(seen >> (8 * i))
				}
			}
			if _, err := os.Stdout.Write(msg); err != nil {
				return 1
			}
		case <-timeout:
			return 0
		}
	}
}

// sigSetmask is SIG_SETMASK for rt_sigprocmask(2), which package syscall does not export.
const sigSetmask = 2

// exitWait prints this process's pid, then exits as soon as stdin reaches its end. The
// bench watches the pid through a pidfd, closes stdin, and times from this process's
// exit to the init's: the init's exit latency. Its own teardown (a Go program's threads
// and memory) is over before the pidfd says it exited, so it is not on the clock.
func exitWait() int {
	fmt.Printf("pid %d\n", os.Getpid())
	buf := make([]byte, 64)
	for {
		n, err := syscall.Read(0, buf)
		if err == syscall.EINTR {
			continue
		}
		if n <= 0 {
			return 0
		}
	}
}
