//go:build linux && (amd64 || arm64 || 386 || arm || ppc64le || s390x || riscv64)

package relay

import (
	"os"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// raiseWithDefault sends sig to the calling thread with the signal's default action in
// force, then puts the previous action back. It is how an init stops or kills itself
// "for real": once the runtime handles a signal, signal.Reset never gives back the
// default action of SIGTSTP, SIGTTIN or SIGTTOU, and a Go handler turns SIGSEGV or
// SIGABRT into a goroutine dump instead of a plain death.
//
// The signal goes to this very thread (tgkill on a locked thread, unblocked there), so
// the kernel acts on it before tgkill returns: by then a stop has happened and a
// continue has come, or the process is gone, or the kernel has discarded the signal.
//
// It reports whether the process was stopped. The kernel discards SIGTSTP, SIGTTIN and
// SIGTTOU with the default action in a process group that is orphaned (no member has a
// parent in another group of the same session), and every default-action signal a PID 1
// sends itself; it decides with the real process tree, across PID namespaces that hide
// part of it from the init. A stopped thread sleeps, which counts as a voluntary context
// switch of this thread, and nothing else between the two counts can sleep.
func raiseWithDefault(sig syscall.Signal) (stopped bool) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	var def, old kernelSigaction // def: SIG_DFL
	if sig != unix.SIGKILL && sig != unix.SIGSTOP {
		if sigaction(sig, &def, &old) != nil {
			return false
		}
		defer sigaction(sig, &old, nil)
	}
	var set, prev unix.Sigset_t
	addSignal(&set, sig)
	_ = unix.PthreadSigmask(unix.SIG_UNBLOCK, &set, &prev)
	defer unix.PthreadSigmask(unix.SIG_SETMASK, &prev, nil)
	var before, after unix.Rusage
	_ = unix.Getrusage(unix.RUSAGE_THREAD, &before)
	_ = unix.Tgkill(os.Getpid(), unix.Gettid(), sig)
	_ = unix.Getrusage(unix.RUSAGE_THREAD, &after)
	return after.Nvcsw > before.Nvcsw
}

// sigaction is rt_sigaction(2) itself: the runtime's signal package neither gives back a
// default action nor installs a handler that is not the runtime's. act or old may be nil.
func sigaction(sig syscall.Signal, act, old *kernelSigaction) error {
	_, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig),
		uintptr(unsafe.Pointer(act)), uintptr(unsafe.Pointer(old)), 8, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// sigIgn is the handler value that means "ignore".
const sigIgn = 1

// isIgnored asks the kernel whether sig's disposition is SIG_IGN.
func isIgnored(sig syscall.Signal) bool {
	var old kernelSigaction
	return sigaction(sig, nil, &old) == nil && old.handler == sigIgn
}

// DieOf ends the process by sig, so that the caller (a shell, a Python subprocess) sees
// the same death as if the init were not there. Core dumps are turned off first: the
// child may have dumped core, the init has nothing to dump. DieOf returns only if sig
// does not kill (its default action is to ignore it).
func DieOf(sig syscall.Signal) {
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{})
	raiseWithDefault(sig)
}
