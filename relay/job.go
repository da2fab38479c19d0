package relay

import (
	"os"

	"github.com/initty/initty/reap"
	"github.com/initty/initty/tty"
	"golang.org/x/sys/unix"
)

// joinsCallersJob decides where the command goes: into a process group of its own, or
// into initty's group, as one more member of the job initty was started in.
//
// A job-control shell gives each job its own group and the terminal; initty copies that
// only when its caller made it a job of its own (the common `initty cmd` at a prompt, a
// container's PID 1). When initty is one member of a bigger job — a script's group, a
// pipeline's, a program's — taking the foreground for the command would take it away
// from the rest of that job: the script would no longer see Ctrl-C, `| less` would be
// stopped for reading its terminal, Ctrl-Z would stop only half a pipeline. There the
// command joins initty's group and sees the terminal exactly as it would without
// initty. --no-tty with a terminal on stdin does the same: initty may not hand the
// foreground over, and a command in a background group could not read its terminal.
// Without a terminal nothing of this matters, and the command gets its own group so
// that relaying to a group never reaches initty's caller.
func (in *Init) joinsCallersJob() bool {
	switch {
	case in.cfg.NoTTY:
		return tty.IsTerminal(0)
	case in.term == nil, in.pid1:
		return false
	}
	return !leadsOwnJob()
}

// leadsOwnJob reports whether initty is a job by itself: the leader of its process
// group, with no other member in it. A pipeline's first member leads the pipeline's
// group, and its partners may join only after initty looked, so a pipe on stdout or
// stderr counts as a partner too; the others are found among initty's siblings, where a
// shell puts a pipeline's members.
func leadsOwnJob() bool {
	self := os.Getpid()
	if unix.Getpgrp() != self {
		return false
	}
	for _, fd := range []int{1, 2} {
		var st unix.Stat_t
		if unix.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFIFO {
			return false
		}
	}
	for _, sibling := range reap.Children(os.Getppid()) {
		if sibling == self {
			continue
		}
		if st, err := reap.ReadStat(sibling); err == nil && st.PGrp == self {
			return false
		}
	}
	return true
}

// sentByTerminal reports the signals a terminal sends to its whole foreground group:
// Ctrl-C, Ctrl-\, Ctrl-Z and a window resize.
func sentByTerminal(sig os.Signal) bool {
	switch sig {
	case unix.SIGINT, unix.SIGQUIT, unix.SIGTSTP, unix.SIGWINCH:
		return true
	}
	return false
}
