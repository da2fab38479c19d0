package relay

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// childStopped answers a stop of the command, the way sudo and script do, so the init
// is invisible to job control.
//
// As PID 1 nobody can continue the init, and nobody else will continue its child: a
// stop from the terminal (SIGTSTP, SIGTTIN, SIGTTOU) is undone at once, with the
// foreground given back, so Ctrl-Z never freezes a container. A SIGSTOP was meant and
// is left alone.
//
// Elsewhere the init stops too, so the shell that started it sees the job stopped and
// can `fg` or `bg` it. A child that stopped only because it touched the terminal from
// the background while the init holds the foreground is given the terminal instead.
func (in *Init) childStopped(sig syscall.Signal) {
	if sig == unix.SIGSTOP {
		in.log.printf("child stopped by SIGSTOP: left stopped")
		return
	}
	if in.pid1 {
		if in.handedTerminal {
			_ = in.term.SetForeground(in.child)
		}
		err := unix.Kill(-in.child, unix.SIGCONT)
		in.log.printf("child stopped by %s: continued at once, PID 1 cannot be resumed by anyone (%v)", Name(sig), errOK(err))
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

// suspend stops the init itself after its child stopped, and carries the continue on to
// the child when the init is resumed: with the foreground if the init got it back (`fg`),
// without it if not (`bg`).
func (in *Init) suspend(sig syscall.Signal) {
	if in.term != nil {
		if fg, err := in.term.ForegroundGroup(); err == nil && fg == in.child {
			_ = in.term.TakeBack()
		}
	}
	how := stopSignalFor(sig)
	in.log.printf("stopping initty with %s so the shell sees the job stopped", Name(how))
	raiseWithDefault(how)

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

// stopSignalFor picks the signal the init stops itself with. The child's own stop
// signal makes the shell report it as it would without the init ("Stopped (tty
// input)"), but the kernel discards SIGTSTP, SIGTTIN and SIGTTOU for a process group
// that no parent outside it could continue (an orphaned group), and the init would not
// stop at all. Those are used only when the init's parent is a job-control shell's
// child-holder: in the same session, in another process group. Otherwise SIGSTOP,
// which always stops.
func stopSignalFor(sig syscall.Signal) syscall.Signal {
	if sig == unix.SIGSTOP {
		return sig
	}
	parent, err := readPGrpSession(os.Getppid())
	self, err2 := readPGrpSession(os.Getpid())
	if err != nil || err2 != nil || parent.session != self.session || parent.pgrp == self.pgrp {
		return unix.SIGSTOP
	}
	return sig
}

type pgrpSession struct{ pgrp, session int }

func readPGrpSession(pid int) (pgrpSession, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return pgrpSession{}, err
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 4 {
		return pgrpSession{}, fmt.Errorf("short /proc/%d/stat", pid)
	}
	pg, err1 := strconv.Atoi(f[2])
	se, err2 := strconv.Atoi(f[3])
	if err1 != nil || err2 != nil {
		return pgrpSession{}, fmt.Errorf("bad /proc/%d/stat", pid)
	}
	return pgrpSession{pg, se}, nil
}
