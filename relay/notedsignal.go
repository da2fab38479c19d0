//go:build linux && (amd64 || arm64 || 386 || arm || ppc64le || s390x || riscv64)

package relay

import (
	"os"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// Some signals reach the init through a handler of its own (notedsignal_GOARCH.s)
// instead of the runtime's: a few instructions that set the signal's bit in
// notedSignals and send the init a SIGCHLD, which the main loop is woken by anyway. No
// thread of its own, nothing that polls, and no subscription round trip. Three kinds of
// signal use it (see Routes):
//
//   - HUP, INT, QUIT, ABRT, TERM: the runtime unblocks them in every thread; its own
//     handler would kill or dump the process unless they were subscribed, which costs
//     a round trip each.
//   - SIGPROF: the runtime keeps it for its profiler, consumes every one, and os/signal
//     never sees one. An init has no profiler.
//   - The queued signals, in the one place where they are not blocked: the thread that
//     forks the command, for the microseconds its mask is the one the command must
//     get. The runtime's handler would drop a signal nobody subscribed, and the default
//     action would stop the init on SIGTSTP. The handler also runs in the forked child
//     before exec (vfork: the same memory), which is why it signals notePid and not
//     getpid(): the note is the init's, and the command, once it runs, gets the signal
//     relayed.
//
// In the forked child the runtime puts every signal it handled back to the default
// action before exec, and exec resets the others, so the command never inherits the
// handler.
var (
	notedSignals uint64 // bit N-1: signal N arrived and waits to be handled
	notePid      int32  // the init's pid, for the handler's kill(2)
)

//lint:ignore U1000 the kernel calls it, by the address noteHandlerPC gives
func noteHandler()

func noteHandlerPC() uintptr // noteHandler's address, as the kernel must call it

// Flags of struct sigaction every architecture uses for noteHandler: run on the
// thread's alternate stack (a goroutine's stack is too small for a signal frame; the
// runtime gives every thread one) and restart interrupted system calls. How the handler
// returns to the kernel differs (see noteAction).
const (
	saOnStack = 0x08000000
	saRestart = 0x10000000
)

// noteSignals puts the noting handler in place for every signal of list.
func noteSignals(list ...os.Signal) error {
	atomic.StoreInt32(&notePid, int32(os.Getpid()))
	act := noteAction()
	for _, s := range list {
		if err := sigaction(s.(syscall.Signal), &act, nil); err != nil {
			return err
		}
	}
	return nil
}

// ignoreProf keeps SIGPROF ignored, as it came, so that the child inherits it so.
func ignoreProf() error {
	return sigaction(unix.SIGPROF, &kernelSigaction{handler: sigIgn}, nil)
}

// takeNoted returns the signals noted since the last call, lowest first.
func takeNoted() []syscall.Signal {
	bits := atomic.SwapUint64(&notedSignals, 0)
	var list []syscall.Signal
	for n := 1; bits != 0; n++ {
		if bits&1 != 0 {
			list = append(list, syscall.Signal(n))
		}
		bits >>= 1
	}
	return list
}
