package relay

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// inherited is the signal state the init was started with, read during package
// initialisation, before any signal is caught: the child must start with the same mask
// and the same ignored signals, so `nohup initty cmd` still ignores SIGHUP.
//
// The Go runtime replaces an inherited SIG_IGN with its own handler for most signals
// before any Go code runs; it keeps SIG_IGN only for SIGHUP and SIGINT, and for the
// job-control signals and SIGCONT until they are subscribed. Those are what /proc
// still shows here, and what the init can pass on.
var inherited = readInherited()

type signalState struct {
	blocked, ignored uint64 // bit N-1 for signal N, as /proc/PID/status prints them
}

func readInherited() signalState {
	var st signalState
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		var cur unix.Sigset_t
		_ = unix.PthreadSigmask(unix.SIG_BLOCK, nil, &cur)
		st.blocked = cur.Val[0]
		return st
	}
	for _, line := range strings.Split(string(b), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSpace(val), 16, 64)
		if err != nil {
			continue
		}
		switch key {
		case "SigBlk":
			st.blocked = n
		case "SigIgn":
			st.ignored = n
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
