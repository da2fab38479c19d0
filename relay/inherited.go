package relay

import (
	"golang.org/x/sys/unix"
)

// inherited is the signal state the init was started with, taken during package
// initialisation, before any signal is subscribed: the child must start with the same
// mask and the same ignored signals, so `nohup initty cmd` still ignores SIGHUP.
//
// The mask is the calling thread's: every thread the runtime makes starts with the mask
// the process inherited (less the few signals the runtime cannot have blocked). Ignored
// signals are asked of the kernel one by one. The Go runtime has already replaced an
// inherited SIG_IGN with its own handler for most signals by then; it keeps SIG_IGN only
// for SIGHUP and SIGINT, and for the job-control signals and SIGCONT until they are
// subscribed. Those are what the kernel still reports, and what the init can pass on.
var inherited = readInherited()

type signalState struct {
	blocked, ignored uint64 // bit N-1 for signal N, as /proc/PID/status prints them
}

func readInherited() signalState {
	var st signalState
	var cur unix.Sigset_t
	if unix.PthreadSigmask(unix.SIG_BLOCK, nil, &cur) == nil {
		st.blocked = cur.Val[0]
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
	var set unix.Sigset_t
	set.Val[0] = inherited.blocked
	return set
}

// InheritedIgnored is the set of signals (bit N-1 for signal N) the init found ignored.
func InheritedIgnored() uint64 { return inherited.ignored }
