//go:build linux && (amd64 || arm64)

package relay

import (
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The Go runtime keeps SIGPROF for its profiler: its handler consumes every SIGPROF, and
// os/signal never sees one. An init has no profiler, so it puts a handler of its own in
// place (profsignal_GOARCH.s): a few instructions that note the signal in profPending
// and send the init a SIGCHLD, which the main loop is woken by anyway. No thread of its
// own, nothing that polls.
var profPending uint32

//lint:ignore U1000 the kernel calls it, by the address profHandlerPC gives
func profHandler()

//lint:ignore U1000 the kernel returns through it, by the address profRestorerPC gives
func profRestorer()

func profHandlerPC() uintptr  // profHandler's address, as the kernel must call it
func profRestorerPC() uintptr // profRestorer's address

// Flags of struct sigaction: run on the thread's alternate stack (a goroutine's stack is
// too small for a signal frame; the runtime gives every thread one), restart
// interrupted system calls, and return through profRestorer.
const (
	saOnStack  = 0x08000000
	saRestart  = 0x10000000
	saRestorer = 0x04000000
)

// catchProf installs the SIGPROF handler, or, when SIGPROF came ignored, keeps it
// ignored so that the child inherits it so.
func catchProf(ignored bool) error {
	act := kernelSigaction{handler: sigIgn}
	if !ignored {
		act = kernelSigaction{handler: profHandlerPC(), flags: saOnStack | saRestart | saRestorer, restorer: profRestorerPC()}
	}
	_, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGPROF), uintptr(unsafe.Pointer(&act)), 0, 8, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// profReceived reports, once, that SIGPROF arrived since the last call.
func profReceived() bool { return atomic.SwapUint32(&profPending, 0) == 1 }
