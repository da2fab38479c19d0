package main

const usage = `Usage: initty [OPTION]... [--] COMMAND [ARG]...
       initty --pause [OPTION]...
Run COMMAND as the init of a container, or under a shell, and stay invisible:
relay every signal to it, reap every zombie, exit with its status, and give it
the terminal with full job control (Ctrl-Z, fg, bg) when stdin is a terminal.

Options:
  -c, --single-child      relay signals to COMMAND only, not its process group
  -g                      relay to the process group (the default; for tini users)
  -r, --rewrite S:R       relay signal S as R; R=0 drops S (names or numbers,
                          e.g. TERM:QUIT, 15:0, RTMIN+2:USR1); repeatable
  -s, --subreaper         accepted for tini users: automatic when not PID 1
  -p, --pdeathsig SIG     signal initty gets when its parent dies
  -e, --remap-exit CODE   exit 0 when COMMAND exits with CODE; repeatable
      --grace DURATION    time other processes get between SIGTERM and SIGKILL
                          after COMMAND exits (default 5s; 0: exit at once)
      --no-tty            never touch the terminal
  -P, --pause             no COMMAND: reap orphans until SIGTERM or SIGINT
  -v, --verbose           one line on stderr per decision (repeatable)
  -w, --warn-on-reap      tini's option: same as -v
  -V, --version           print the version and exit
  -h, --help              print this help and exit

Environment: TINI_SUBREAPER, TINI_KILL_PROCESS_GROUP (accepted, no effect: both
are initty's defaults), TINI_VERBOSITY=N (N-1 = -v count), DUMB_INIT_SETSID=0
(= -c), DUMB_INIT_DEBUG=1 (= -v).

Exit status: COMMAND's; 128+N when it died of signal N as PID 1 (otherwise
initty dies of the same signal); 127 command not found; 126 not executable;
2 usage error; 1 other start failure.
`
