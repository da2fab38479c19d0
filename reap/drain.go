package reap

import (
	"golang.org/x/sys/unix"
)

// Drain collects every child state change the kernel has for this process and calls
// report for each, until none is ready. It returns false once the process has no
// children at all (ECHILD), which is how an init knows nothing is left to wait for.
//
// It is meant to run on every SIGCHLD. SIGCHLDs coalesce (many exits can raise one
// signal), so one wait per signal would leave zombies: the loop goes on until wait4
// says nothing more is ready. WUNTRACED and WCONTINUED report stops and continues, which
// job control needs; __WALL is not passed, so threads and clone children of other
// programs are not touched.
func Drain(report func(pid int, status unix.WaitStatus)) (childrenLeft bool) {
	for {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, unix.WNOHANG|unix.WUNTRACED|unix.WCONTINUED, nil)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil: // ECHILD: no children at all
			return false
		case pid == 0: // children exist, none has news
			return true
		}
		report(pid, ws)
	}
}
