package tty

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ForegroundGroup is the process group that currently owns the terminal's input.
func (t *Terminal) ForegroundGroup() (int, error) {
	return foregroundGroup(t.fd)
}

// foregroundGroup is tcgetpgrp. The kernel writes a 4-byte pid_t: read into a Go int
// (unix.IoctlGetInt), it lands in the high half on big-endian s390x, and initty there
// took itself for a background job and never handed the terminal over (seen under
// qemu-s390x; little-endian machines hide it).
func foregroundGroup(fd int) (int, error) {
	pgrp, err := unix.IoctlGetUint32(fd, unix.TIOCGPGRP)
	return int(int32(pgrp)), err
}

// InForeground reports whether the caller's own process group holds the foreground.
func (t *Terminal) InForeground() bool { return CallerInForeground(t.fd) }

// CallerInForeground reports whether fd is a terminal whose foreground group is the
// caller's own group. It only asks (TIOCGPGRP): it is for inits told to leave the
// terminal alone, which still need to know whether a signal could have come from it.
func CallerInForeground(fd int) bool {
	fg, err := foregroundGroup(fd)
	return err == nil && fg == unix.Getpgrp()
}

// IsTerminal reports whether fd is a terminal, whichever session it belongs to.
func IsTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}

// SetForeground gives the terminal's foreground to process group pgid.
//
// A process in a background group that calls tcsetpgrp gets SIGTTOU, which sends the
// whole group to sleep, or, when SIGTTOU is caught, makes the call fail and retry in a
// loop. The kernel lets the call through when SIGTTOU is blocked in the calling thread,
// so the call is made from a locked OS thread with SIGTTOU blocked just around it.
func (t *Terminal) SetForeground(pgid int) error {
	return withoutSIGTTOU(func() error {
		return unix.IoctlSetPointerInt(t.fd, unix.TIOCSPGRP, pgid)
	})
}

// TakeBack gives the foreground to the caller's own process group. A PID 1 started by
// `unshare --pid --fork` belongs to a group outside its namespace (getpgrp is 0 there):
// there is nothing to take back to, and whoever started it takes the terminal back.
func (t *Terminal) TakeBack() error {
	pgrp := unix.Getpgrp()
	if pgrp == 0 {
		return nil
	}
	return t.SetForeground(pgrp)
}

// withoutSIGTTOU runs f on a locked OS thread with SIGTTOU blocked. Terminal calls that
// change the terminal (tcsetpgrp, tcsetattr) raise SIGTTOU when made from a background
// process group unless the calling thread blocks it.
func withoutSIGTTOU(f func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var block, old unix.Sigset_t
	// One word of Sigset_t is the kernel's unsigned long: 32 or 64 bits by architecture.
	bits := uint(unsafe.Sizeof(block.Val[0]) * 8)
	n := uint(unix.SIGTTOU) - 1
	block.Val[n/bits] |= 1 << (n % bits)
	if err := unix.PthreadSigmask(unix.SIG_BLOCK, &block, &old); err != nil {
		return err
	}
	defer unix.PthreadSigmask(unix.SIG_SETMASK, &old, nil)
	return f()
}
