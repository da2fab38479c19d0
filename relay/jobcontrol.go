package relay

import (
	"os"
	"strconv"
	"syscall"

	"github.com/initty/initty/reap"
	"golang.org/x/sys/unix"
)

// childStopped answers a stop of the command, the way sudo and script do, so the init
// is invisible to job control.
//
// When nobody can continue the init — it is PID 1, or its process group is orphaned (no
// job-control shell above it, as for a session leader in a Kubernetes pod that shares
// its PID namespace) — nobody would continue its child either: a stop from the terminal
// (SIGTSTP, SIGTTIN, SIGTTOU) is undone at once, with the foreground given back, so
// Ctrl-Z never freezes a container. A SIGSTOP was meant and is left alone.
//
// Otherwise the init stops too, so the shell that started it sees the job stopped and
// can `fg` or `bg` it. A child that stopped only because it touched the terminal from
// the background while the init holds the foreground is given the terminal instead.
func (in *Init) childStopped(sig syscall.Signal) {
	if sig == unix.SIGSTOP {
		in.log.printf("child stopped by SIGSTOP: left stopped")
		return
	}
	if !in.resumable() {
		if in.handedTerminal {
			_ = in.term.SetForeground(in.child)
		}
		err := unix.Kill(-in.child, unix.SIGCONT)
		in.log.printf("child stopped by %s: continued at once, nobody could resume initty (%v)", Name(sig), errOK(err))
		return
	}
	if (sig == unix.SIGTTIN || sig == unix.SIGTTOU) && in.term != nil && in.term.InForeground() {
		_ = in.term.SetForeground(in.child)
		err := unix.Kill(-in.child, unix.SIGCONT)
		in.log.printf("child stopped by %s while initty holds the terminal: foreground handed over, continued (%v)", Name(sig), errOK(err))
		return
	}
	in.log.printf("child stopped by %s", Name(sig))
	in.suspend(sig)
}

// suspend stops the init itself with sig, the signal that stopped its child, so the
// shell reports the job as it would without the init (bash in POSIX mode prints
// "Stopped(SIGTTIN)"). It carries the continue on to the child when the init is resumed:
// with the foreground if the init got it back (`fg`), without it if not (`bg`). Only
// called when the init's group is not orphaned: the kernel discards SIGTSTP, SIGTTIN and
// SIGTTOU for an orphaned group.
func (in *Init) suspend(sig syscall.Signal) {
	if in.term != nil {
		if fg, err := in.term.ForegroundGroup(); err == nil && fg == in.child {
			_ = in.term.TakeBack()
		}
	}
	in.log.printf("stopping initty with %s so the shell sees the job stopped", Name(sig))
	raiseWithDefault(sig)

	// Resumed: fg gave the init's group the terminal, bg did not.
	handed := false
	if in.term != nil && in.term.InForeground() {
		handed = in.term.SetForeground(in.child) == nil
	}
	in.ownCont = in.catchesCont
	err := unix.Kill(-in.child, unix.SIGCONT)
	in.log.printf("initty continued: child group continued%s (%v)",
		map[bool]string{true: " in the foreground", false: " in the background"}[handed], errOK(err))
}

// resumable reports whether anyone could continue the init after it stopped itself: not
// as PID 1, and not when its process group is orphaned.
func (in *Init) resumable() bool {
	return !in.pid1 && !groupOrphaned()
}

// groupOrphaned applies the kernel's rule for orphaned process groups to the caller's:
// a group is orphaned when none of its members has a parent in another group of the same
// session, that is, when no job-control shell holds it. It is read from /proc on each
// stop (rare) rather than kept, since the caller's parent can change. Without a usable
// /proc the answer is "orphaned": a stop that nobody could undo must never happen.
func groupOrphaned() bool {
	self, err := reap.ReadStat(os.Getpid())
	if err != nil || !reap.ProcIsOurs() {
		return true
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return true
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		member, err := reap.ReadStat(pid)
		if err != nil || member.PGrp != self.PGrp {
			continue
		}
		parent, err := reap.ReadStat(member.PPid)
		if err == nil && parent.Session == self.Session && parent.PGrp != self.PGrp {
			return false
		}
	}
	return true
}
