package relay

import (
	"strconv"
	"syscall"
	"time"

	"github.com/initty/initty/reap"
	"golang.org/x/sys/unix"
)

// Outcome is how the init must end: exit with Code, or, when Signal is set, die of
// Signal (DieOf) and exit with Code only if that does not kill.
type Outcome struct {
	Code   int
	Signal syscall.Signal
}

// killWait bounds the wait for leftovers after SIGKILL: a process stuck in the kernel
// (uninterruptible sleep) must not keep the init, and with it a container, alive.
const killWait = 2 * time.Second

// Finish ends the init's watch once the command is gone: leftovers get SIGTERM, then
// SIGKILL after the grace time, and are reaped; the terminal is given back (and its
// settings restored if the command crashed); the outcome mirrors the command's end.
func (in *Init) Finish() Outcome {
	in.endLeftovers()
	phase("leftovers")
	if in.paused {
		return Outcome{Code: 0}
	}
	in.giveTerminalBack()
	phase("terminal-back")
	defer phaseReport()

	code := reap.ExitCode(in.status)
	if in.cfg.RemapExit[code] {
		in.log.printf("exit code %d remapped to 0", code)
		return Outcome{Code: 0}
	}
	if in.status.Signaled() && !in.pid1 {
		// Die the same death, so a calling shell's loop stops on Ctrl-C as it would
		// without the init, and a Python caller sees -N.
		return Outcome{Code: code, Signal: in.status.Signal()}
	}
	return Outcome{Code: code}
}

// endLeftovers gives the processes still running a grace time to end on SIGTERM, then
// kills them. Nothing is waited for when nothing is left, so an init with no leftovers
// exits as soon as its command does.
func (in *Init) endLeftovers() {
	in.reap()
	if in.noChildren || in.cfg.Grace == 0 {
		return
	}
	n := reap.SignalLeftovers(unix.SIGTERM)
	// A stopped process would keep its SIGTERM pending for the whole grace time.
	reap.SignalLeftovers(unix.SIGCONT)
	in.log.printf("sent SIGTERM and SIGCONT to %s left over; SIGKILL in %v", countText(n), in.cfg.Grace)
	if in.waitForNoChildren(in.cfg.Grace, true) {
		return
	}
	n = reap.SignalLeftovers(unix.SIGKILL)
	in.log.printf("grace over: sent SIGKILL to %s", countText(n))
	in.waitForNoChildren(killWait, false)
}

// waitForNoChildren reaps until no child is left or the time is up, and reports whether
// none is left. With interruptible, a SIGTERM, SIGINT or SIGQUIT to the init cuts the
// wait short: a user who asks twice wants it over now.
func (in *Init) waitForNoChildren(d time.Duration, interruptible bool) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for !in.noChildren {
		select {
		case s := <-in.sigs:
			arrived := []syscall.Signal{s.(syscall.Signal)}
			if arrived[0] == unix.SIGCHLD {
				in.reap()
				// SIGTERM, SIGINT and SIGQUIT come through initty's own handler, which
				// notes them and sends the SIGCHLD that woke this loop (or through
				// os/signal, in a build without the entry point).
				arrived = takeNoted()
			}
			for _, sig := range arrived {
				if interruptible && (sig == unix.SIGTERM || sig == unix.SIGINT || sig == unix.SIGQUIT) {
					in.log.printf("%s received during the grace time: ending it", Name(sig))
					return false
				}
			}
		case <-timer.C:
			in.reap()
			return in.noChildren
		}
	}
	return true
}

// giveTerminalBack returns the foreground to the init's group if the command's group
// still has it, and undoes the terminal settings of a command that died of a signal.
func (in *Init) giveTerminalBack() {
	if in.term == nil {
		return
	}
	if fg, err := in.term.ForegroundGroup(); err == nil && fg == in.child {
		err := in.term.TakeBack()
		in.log.printf("foreground given back to initty's group (%v)", errOK(err))
	}
	if in.status.Signaled() {
		if restored, err := in.term.RestoreIfChanged(); restored || err != nil {
			in.log.printf("child died of a signal and left the terminal changed: settings restored (%v)", errOK(err))
		}
	}
}

func countText(n int) string {
	if n < 0 {
		return "every process of the namespace"
	}
	if n == 1 {
		return "1 process"
	}
	return strconv.Itoa(n) + " processes"
}
