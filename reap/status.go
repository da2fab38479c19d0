package reap

import (
	"fmt"

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

// Describe says in words what ws reports, for verbose logs.
func Describe(ws unix.WaitStatus) string {
	switch {
	case ws.Exited():
		return fmt.Sprintf("exited with %d", ws.ExitStatus())
	case ws.Signaled():
		return fmt.Sprintf("killed by signal %d", int(ws.Signal()))
	case ws.Stopped():
		return fmt.Sprintf("stopped by signal %d", int(ws.StopSignal()))
	case ws.Continued():
		return "continued"
	}
	return fmt.Sprintf("status %#x", uint32(ws))
}
