package reap_test

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/initty/initty/reap"
	"golang.org/x/sys/unix"
)

// An init's core: start one command, then reap on every SIGCHLD until the command's own
// status comes by. Orphans would be reaped by the same loop.
func Example() {
	sigchld := make(chan os.Signal, 1)
	signal.Notify(sigchld, syscall.SIGCHLD) // before Start: an early exit is not missed
	defer signal.Stop(sigchld)

	pid, err := reap.Start([]string{"sh", "-c", "exit 3"}, reap.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for done := false; !done; {
		<-sigchld
		reap.Drain(func(p int, ws unix.WaitStatus) {
			if p == pid && (ws.Exited() || ws.Signaled()) {
				fmt.Println("command", reap.Describe(ws, unix.SignalName), "- exit code", reap.ExitCode(ws))
				done = true
			}
		})
	}
	// Output: command exited with 3 - exit code 3
}

// A command that cannot run gives the exit code a shell would.
func ExampleExecError() {
	_, err := reap.Start([]string{"no-such-command-here"}, reap.Options{})
	if e, ok := err.(*reap.ExecError); ok {
		fmt.Println(e, "->", e.Code)
	}
	// Output: no-such-command-here: command not found -> 127
}
