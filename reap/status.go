package reap

import (
	"fmt"
	"syscall"

	"golang.org/x/sys/unix"
)

// ExitCode is the status a shell shows as $? for a child that ended with ws: the exit
// status, or 128+N when the child died of signal N.
func ExitCode(ws unix.WaitStatus) int {
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}

// Describe says in words what ws reports, for verbose logs, naming signals with name (the
// caller's naming, so that a log names a signal the same way everywhere).
func Describe(ws unix.WaitStatus, name func(syscall.Signal) string) string {
	switch {
	case ws.Exited():
		return fmt.Sprintf("exited with %d", ws.ExitStatus())
	case ws.Signaled():
		return "killed by " + name(ws.Signal())
	case ws.Stopped():
		return "stopped by " + name(ws.StopSignal())
	case ws.Continued():
		return "continued"
	}
	return fmt.Sprintf("status %#x", uint32(ws))
}
