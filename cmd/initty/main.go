// Command initty is a tiny init for containers that makes interactive use work. It runs
// one command and, like tini, does an init's duties in a short loop: relay signals,
// reap zombies, exit with the command's status. On top of that it gives the command
// the terminal with full job control, so `docker run -it` shells behave as if no init
// were there.
//
// While the runtime is busy (a signal storm, an orphan flood), its monitor thread reads
// the CPU affinity and the cgroup CPU limit again every second to resize GOMAXPROCS. An
// init is never CPU-bound and does not need it.
//
//go:debug updatemaxprocs=0
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/initty/initty/reap"
	"github.com/initty/initty/relay"
)

func main() {
	opts, err := parseOptions(os.Args[1:], os.Getenv)
	switch {
	case err != nil:
		// One line, then exit 2 before anything started.
		fmt.Fprintf(os.Stderr, "initty: %v; try 'initty --help'\n", err)
		os.Exit(2)
	case opts.help:
		fmt.Print(usage)
		os.Exit(0)
	case opts.version:
		fmt.Println(versionInfo().Long())
		os.Exit(0)
	}

	// Take up the init's posts: catch signals, become subreaper, find the terminal.
	if opts.cfg.Verbosity > 0 {
		opts.cfg.Build = versionInfo().String()
	}
	in, err := relay.New(opts.cfg)
	if err != nil {
		relay.Warn("%v", err)
		os.Exit(1)
	}

	// Start the command in its own process group, with the terminal if initty has it.
	if opts.pause {
		in.Pause()
	} else if err := in.Start(opts.argv); err != nil {
		relay.Warn("%v", err)
		var execErr *reap.ExecError
		if errors.As(err, &execErr) {
			os.Exit(execErr.Code)
		}
		os.Exit(1)
	}

	// Wait for a signal; relay it, or on SIGCHLD reap every zombie and answer a stopped
	// command. Until the command is gone.
	for in.Running() {
		in.Handle(in.Wait())
	}

	// End the leftovers, give the terminal back, and end as the command ended.
	out := in.Finish()
	if out.Signal != 0 {
		relay.DieOf(out.Signal)
	}
	os.Exit(out.Code)
}
