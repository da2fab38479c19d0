package relay

import (
	"fmt"
	"syscall"

	"golang.org/x/sys/unix"
)

// childStopped answers a stop of the command, the way sudo and script do, so the init
// is invisible to job control.
//
// A command that shares initty's job stopped together with it, or alone, as it would
// without initty: nothing to do. A command in its own group that stopped because it
// touched the terminal from the background while initty holds the foreground is given
// the terminal instead. Any other stop — Ctrl-Z, a background read, a program that
// suspends itself with SIGSTOP (top, vi, su, bash's `suspend`) — stops initty too, so
// the shell that started it sees the job stopped.
func (in *Init) childStopped(sig syscall.Signal) {
	// A command continued from elsewhere that stopped again before the init looked is
	// reported stopped only (the kernel keeps the latest state): a pending question is
	// void either way.
	in.stopAsking()
	if in.shared {
		in.log.printf("child stopped by %s; it shares initty's job, so its shell sees it", Name(sig))
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

// suspend stops the init itself, with the command's stop signal, so that the shell
// reports the job as it would without the init (bash in POSIX mode prints
// "Stopped(SIGTTIN)"); a SIGSTOP becomes SIGTSTP for the init, since the kernel never
// discards a SIGSTOP and only a discardable stop lets it apply its orphan rule. Resumed,
// the init carries the continue on to the command: with the foreground if it got the
// terminal back (`fg`), without it if not (`bg`).
//
// When nobody could continue the init — it is PID 1, or the kernel discarded the stop
// because its group is orphaned (no job-control shell above it, as for a session leader
// in a Kubernetes pod) — nobody would continue the command either. A stop from the
// terminal is undone at once, foreground included, so Ctrl-Z never freezes a
// container. A SIGSTOP may have been meant: the init asks at the terminal.
func (in *Init) suspend(sig syscall.Signal) {
	if !in.shared && in.term != nil {
		if fg, err := in.term.ForegroundGroup(); err == nil && fg == in.child {
			_ = in.term.TakeBack()
		}
	}
	own := sig
	if own == unix.SIGSTOP {
		own = unix.SIGTSTP
	}
	if !in.pid1 {
		in.log.printf("stopping initty with %s so the shell sees the job stopped", Name(own))
		if raiseWithDefault(own) {
			handed := in.handTerminal(false)
			in.ownCont = in.catchesCont // the continue that resumed the init, still on its way
			err := unix.Kill(in.target(), unix.SIGCONT)
			in.log.printf("initty continued: child continued%s (%v)",
				map[bool]string{true: " in the foreground", false: " in the background"}[handed], errOK(err))
			return
		}
		in.log.printf("the kernel discarded the stop: initty's process group is orphaned")
	}
	if sig == unix.SIGSTOP {
		in.askToContinue()
		return
	}
	in.handTerminal(true)
	err := unix.Kill(in.target(), unix.SIGCONT)
	in.log.printf("child stopped by %s: continued at once, nobody could resume initty (%v)", Name(sig), errOK(err))
}

// handTerminal gives the foreground to the command's group when the init holds it, and
// reports whether it did. With always, also when the command had it at start and the
// init cannot tell whether it holds it (a PID 1 whose group lies outside its namespace).
func (in *Init) handTerminal(always bool) bool {
	if in.shared || in.term == nil {
		return false
	}
	if !in.term.InForeground() && !(always && in.handedTerminal) {
		return false
	}
	return in.term.SetForeground(in.child) == nil
}

// askToContinue is the answer to a command stopped by SIGSTOP where nobody could
// continue the init. The stop may be an operator's `kill -STOP`, which must hold until
// SIGCONT, or a program suspending itself (top, vi, `suspend`), which would leave the
// session dead. So the init takes the terminal, says what happened, and continues the
// command when someone at the terminal presses Enter; a SIGCONT from elsewhere, or the
// command's end, cancels the question.
func (in *Init) askToContinue() {
	if in.shared || in.term == nil || !in.term.InForeground() {
		in.log.printf("child stopped by SIGSTOP: left stopped until SIGCONT")
		return
	}
	w, err := in.term.WatchInput()
	if err != nil {
		in.log.printf("child stopped by SIGSTOP: left stopped (cannot watch the terminal: %v)", err)
		return
	}
	in.input = w
	_ = in.term.Say(fmt.Sprintf("initty: %s stopped (SIGSTOP); press Enter to continue it", in.name))
}

// inputArrived answers the question askToContinue put: if the command is still stopped,
// the input was for the init; it is thrown away and the command continued.
func (in *Init) inputArrived() {
	in.reap() // a SIGCONT from elsewhere may be in before its SIGCHLD: it cancels the question
	if in.input == nil {
		return
	}
	in.stopAsking()
	_ = in.term.DiscardInput()
	in.handTerminal(true)
	err := unix.Kill(in.target(), unix.SIGCONT)
	in.log.printf("key pressed: child continued (%v)", errOK(err))
}

// stopAsking ends a pending question, if any.
func (in *Init) stopAsking() {
	if in.input != nil {
		in.input.Stop()
		in.input = nil
	}
}

// childContinued is a continue of the command from elsewhere: a pending question is
// void, and the command gets back the terminal it had.
func (in *Init) childContinued() {
	if in.input == nil {
		return
	}
	in.stopAsking()
	in.handTerminal(true)
	in.log.printf("child continued from outside: question withdrawn")
}
