package relay

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Real-time signal numbers as the C library and the shells name them: glibc keeps 32
// and 33 for itself, so SIGRTMIN is 34.
const (
	sigRTMin = 34
	sigRTMax = 64
)

// runtimeOwned reports signals the Go runtime keeps for itself on Linux: 32 and 34 kill
// a Go process even when subscribed, 33 is its per-thread syscall signal. They cannot
// be relayed.
func runtimeOwned(sig syscall.Signal) bool { return sig >= 32 && sig <= 34 }

// Caught lists the signals an init catches (Routes says how each reaches it): every signal
// that can be caught, except SIGURG (the runtime's own preemption signal), the runtime's
// real-time signals, SIGPROF (which the runtime consumes: see noteSignals), and those in ignored,
// which stay ignored so the child inherits them ignored (see Ignorable). SIGCHLD
// (reaping) is always caught, and never relayed; so is SIGPIPE (the init's own broken
// pipes) unless it came ignored.
func Caught(ignored uint64) []os.Signal {
	var list []os.Signal
	for n := 1; n <= 64; n++ {
		sig := syscall.Signal(n)
		switch {
		case sig == unix.SIGKILL, sig == unix.SIGSTOP, sig == unix.SIGURG, sig == unix.SIGPROF, runtimeOwned(sig):
			continue
		case sig == unix.SIGCHLD:
		case ignored&(1<<(n-1)) != 0:
			continue
		}
		list = append(list, sig)
	}
	return list
}

// Ignorable lists the signals of ignored that the init can hold ignored itself, so that
// its child inherits them ignored as it would without the init (Python's subprocess
// ignores SIGPIPE and SIGXFSZ, nohup SIGHUP). Left out are the signals the Go runtime
// handles itself and will not let go of (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP,
// SIGSTKFLT, SIGSYS, SIGURG, 32-34), SIGCHLD, which the init needs for reaping, and
// SIGPROF, which catchProf deals with. Of these, 32 and 34 reach the child ignored all
// the same (the runtime never installs a handler for them); the others reach it at their
// default action, since the runtime resets the signals it handles in a forked child.
func Ignorable(ignored uint64) []os.Signal {
	var list []os.Signal
	for n := 1; n <= 64; n++ {
		sig := syscall.Signal(n)
		if ignored&(1<<(n-1)) == 0 || !ignorable(sig) {
			continue
		}
		list = append(list, sig)
	}
	return list
}

// ignorable reports whether the init can hold sig ignored (see Ignorable).
func ignorable(sig syscall.Signal) bool {
	switch sig {
	case unix.SIGKILL, unix.SIGSTOP, unix.SIGSEGV, unix.SIGBUS, unix.SIGFPE, unix.SIGILL, unix.SIGTRAP,
		unix.SIGSTKFLT, unix.SIGSYS, unix.SIGURG, unix.SIGCHLD, unix.SIGPROF:
		return false
	}
	return !runtimeOwned(sig)
}

// Routes splits a list from Caught by the way each signal reaches the init.
//
// Subscribing a signal with os/signal costs a round trip with the runtime's locked
// signal-mask thread: 50-100 µs each on this project's VM, 3 ms for all of them at every
// start. So only SIGCHLD is subscribed that way, with the signals of the runtime's own
// faults (ILL, TRAP, BUS, FPE, SEGV, STKFLT, SYS), whose subscription costs no round
// trip and only lets a kill(2) of them through; their handler must stay the runtime's.
//
// HUP, INT, QUIT, ABRT and TERM are noted: the runtime unblocks them in every thread
// and would kill or dump the process on one nobody subscribed, so the init puts its own
// handler in place (see noteSignals), which costs one system call each.
//
// Everything else is queued: blocked in every thread (entry blocked everything before
// the runtime started, and the runtime leaves those blocked) and read from a signalfd
// (see readQueued). One thread unblocks them for a few microseconds: the one that forks
// the command, whose mask must then be the command's; the noting handler is in place
// for them too, for that window.
func Routes(caught []os.Signal) (subscribed, noted, queued []os.Signal) {
	for _, s := range caught {
		switch s {
		case unix.SIGCHLD, unix.SIGILL, unix.SIGTRAP, unix.SIGBUS, unix.SIGFPE, unix.SIGSEGV,
			unix.SIGSTKFLT, unix.SIGSYS:
			subscribed = append(subscribed, s)
		case unix.SIGHUP, unix.SIGINT, unix.SIGQUIT, unix.SIGABRT, unix.SIGTERM:
			noted = append(noted, s)
		default:
			queued = append(queued, s)
		}
	}
	return subscribed, noted, queued
}

// Name is the conventional name of sig, such as SIGTERM or SIGRTMIN+2.
func Name(sig syscall.Signal) string {
	switch {
	case sig == 0:
		return "0"
	case sig >= sigRTMin && sig <= sigRTMax:
		if sig == sigRTMin {
			return "SIGRTMIN"
		}
		return fmt.Sprintf("SIGRTMIN+%d", int(sig)-sigRTMin)
	}
	if name := unix.SignalName(sig); name != "" {
		return name
	}
	return fmt.Sprintf("signal %d", int(sig))
}

// aliases are names the shells accept that unix.SignalNum does not know.
var aliases = map[string]syscall.Signal{"IOT": unix.SIGABRT, "CLD": unix.SIGCHLD, "POLL": unix.SIGIO}

// ParseSignal reads a signal as a number from 1 to 64 or a name with or without SIG, in
// any case: TERM, SIGTERM, sigterm, 15, RTMIN+2, SIGRTMAX-1.
func ParseSignal(s string) (syscall.Signal, error) {
	name := strings.ToUpper(strings.TrimSpace(s))
	if name == "" {
		return 0, fmt.Errorf("empty signal")
	}
	if n, err := strconv.Atoi(name); err == nil {
		if n < 1 || n > 64 {
			return 0, fmt.Errorf("signal number %d out of range 1-64", n)
		}
		return syscall.Signal(n), nil
	}
	name = strings.TrimPrefix(name, "SIG")
	if rest, ok := strings.CutPrefix(name, "RTMIN"); ok {
		return realTime(s, sigRTMin, rest, +1)
	}
	if rest, ok := strings.CutPrefix(name, "RTMAX"); ok {
		return realTime(s, sigRTMax, rest, -1)
	}
	if sig, ok := aliases[name]; ok {
		return sig, nil
	}
	if sig := unix.SignalNum("SIG" + name); sig != 0 {
		return sig, nil
	}
	return 0, fmt.Errorf("unknown signal %q", s)
}

// realTime reads the "+N" or "-N" after RTMIN or RTMAX.
func realTime(orig string, base int, rest string, dir int) (syscall.Signal, error) {
	if rest == "" {
		return syscall.Signal(base), nil
	}
	sign := map[int]byte{+1: '+', -1: '-'}[dir]
	if rest[0] != sign {
		return 0, fmt.Errorf("unknown signal %q", orig)
	}
	n, err := strconv.Atoi(rest[1:])
	if err != nil || n < 0 || rest[1] == '+' || rest[1] == '-' {
		return 0, fmt.Errorf("unknown signal %q", orig)
	}
	sig := base + dir*n
	if sig < sigRTMin || sig > sigRTMax {
		return 0, fmt.Errorf("signal %q out of range", orig)
	}
	return syscall.Signal(sig), nil
}

// isStop reports the signals whose default action stops a process.
func isStop(sig syscall.Signal) bool {
	switch sig {
	case unix.SIGSTOP, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU:
		return true
	}
	return false
}
