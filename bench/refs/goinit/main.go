// Command goinit is the smallest Go init the bench compares initty with: it subscribes
// SIGCHLD, fork-execs its command and reaps until the command is gone, then exits with
// its status. No other signal, no terminal, no leftovers: what is left of initty's
// start-up and exit cost above this one is initty's own.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		os.Exit(2)
	}
	sigchld := make(chan os.Signal, 1)
	signal.Notify(sigchld, syscall.SIGCHLD)
	pid, err := syscall.ForkExec(os.Args[1], os.Args[1:], &syscall.ProcAttr{Env: os.Environ(), Files: []uintptr{0, 1, 2}})
	if err != nil {
		os.Exit(127)
	}
	for range sigchld {
		for {
			var ws syscall.WaitStatus
			got, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
			if err != nil || got <= 0 {
				break
			}
			if got == pid {
				os.Exit(ws.ExitStatus())
			}
		}
	}
}
