package relay

import (
	"golang.org/x/sys/unix"
)

// inherited is what the init was started with and must hand on to its child unchanged:
// the signal mask, the ignored signals (so `nohup initty cmd` still ignores SIGHUP), and
// which of fds 0-2 were closed.
//
// With the entry point (entry.go) it is the state before the Go runtime's first
// instruction, exact. Without it, it is what is left at package initialisation: the
// calling thread's mask (less the signals the runtime insists on receiving), and the
// signals the kernel still reports ignored (the runtime kept SIG_IGN only for SIGHUP,
// SIGINT and the job-control signals); every fd counts as open, since the runtime's
// /dev/null on a closed fd cannot be told from a /dev/null the caller opened.
var inherited = readInherited()

type inheritedState struct {
	recorded         bool   // taken by the entry point
	blocked, ignored uint64 // bit N-1 for signal N, as /proc/PID/status prints them
	closed           [3]bool
}

func readInherited() inheritedState {
	if entryRecorded == 1 {
		st := inheritedState{recorded: true, blocked: entryMask, ignored: entryIgnored}
		for fd := range st.closed {
			st.closed[fd] = entryClosedFds&(1<<fd) != 0
		}
		return st
	}
	var st inheritedState
	var cur unix.Sigset_t
	if unix.PthreadSigmask(unix.SIG_BLOCK, nil, &cur) == nil {
		st.blocked = sigsetBits(&cur)
	}
	for sig := 1; sig <= 64; sig++ {
		if isIgnored(unix.Signal(sig)) {
			st.ignored |= 1 << (sig - 1)
		}
	}
	return st
}

// InheritedMask is the signal mask the init was started with, for its child.
func InheritedMask() unix.Sigset_t {
	return sigsetOf(inherited.blocked)
}

// InheritedIgnored is the set of signals (bit N-1 for signal N) the init found ignored.
func InheritedIgnored() uint64 { return inherited.ignored }

// InheritedClosed reports which of fds 0-2 the init was started with closed.
func InheritedClosed() [3]bool { return inherited.closed }

// StateRecorded reports whether the entry point recorded the inherited state before the
// Go runtime started (the binary was linked with -E EntrySymbol).
func StateRecorded() bool { return inherited.recorded }
