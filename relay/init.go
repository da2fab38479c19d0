package relay

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/initty/initty/reap"
	"github.com/initty/initty/tty"
	"golang.org/x/sys/unix"
)

// Config is what the command line chose.
type Config struct {
	SingleChild bool          // relay to the child only, not its process group
	Rewrite     Rewrite       // received signal -> relayed signal
	Verbosity   int           // 0 quiet; 1 and up: one line per decision
	NoTTY       bool          // never touch the terminal
	Grace       time.Duration // time left to leftovers between SIGTERM and SIGKILL
	RemapExit   [256]bool     // exit codes turned into 0
	PdeathSig   syscall.Signal
	Build       string // what the binary is (version, commit, Go), for the first -v line
}

// Init is an init process in front of one command: it owns the signals, the children
// and the terminal. Its methods are the duties of an init, called in order by main.
type Init struct {
	cfg    Config
	log    logger
	sigs   chan os.Signal // from os/signal: SIGCHLD (also sent by initty's handler) and faults
	queued chan os.Signal // from the signalfd (see readQueued)
	pid1   bool

	term           *tty.Terminal // nil: no terminal to manage
	foreground     bool          // initty's group held the terminal's foreground at start
	handedTerminal bool          // the child got the foreground at start
	shared         bool          // the child is in initty's process group (joinsCallersJob)
	input          *tty.InputWatch

	name       string // the command, for the one line the init may say at the terminal
	child      int    // the command's pid, also its process group unless shared
	childGone  bool
	status     unix.WaitStatus
	noChildren bool // wait4 said ECHILD: nothing at all is left below the init

	catchesCont bool
	ownCont     bool // the next SIGCONT is the one that resumed the init itself
	paused      bool // --pause: no command
	stopPause   bool
}

// New takes up the init's posts before the command starts: it catches signals (so none
// is lost, and SIGCHLD is seen for a child that dies at once), becomes a subreaper when
// it is not PID 1, arms the parent-death signal and finds the terminal.
func New(cfg Config) (*Init, error) {
	phase("options")
	in := &Init{cfg: cfg, log: newLogger(cfg.Verbosity), pid1: reap.IsPID1()}
	if cfg.Build != "" {
		in.log.printf("%s", cfg.Build)
	}
	ignored := InheritedIgnored()
	caught := Caught(ignored)
	if list := Ignorable(ignored); len(list) > 0 {
		signal.Ignore(list...) // held ignored, so that the child inherits them so
	}
	if ignored&(1<<(unix.SIGPROF-1)) != 0 {
		_ = ignoreProf()
	} else if err := noteSignals(unix.SIGPROF); err != nil {
		Warn("cannot catch SIGPROF, it will not be relayed: %v", err)
	}
	for _, s := range caught {
		if s == unix.SIGCONT {
			in.catchesCont = true
		}
	}
	// A roomy buffer: the runtime already coalesces repeats of one signal, so this
	// only has to hold one of each kind while the loop is busy.
	in.sigs = make(chan os.Signal, 128)
	subscribed, noted, queued := caught, []os.Signal(nil), []os.Signal(nil)
	if StateRecorded() {
		// entry blocked every signal before the runtime started: see Routes.
		subscribed, noted, queued = Routes(caught)
	}
	signal.Notify(in.sigs, subscribed...) // never empty: SIGCHLD is always in it
	if err := noteSignals(noted...); err != nil {
		in.log.printf("no handler of initty's own (%v): subscribing %d more signals", err, len(noted))
		signal.Notify(in.sigs, noted...)
		subscribed = append(subscribed, noted...)
		noted = nil
	}
	if len(queued) > 0 {
		// A channel of its own: os/signal drops a signal it finds the channel full, and
		// a storm of queued signals must not crowd out a SIGCHLD.
		in.queued = make(chan os.Signal, 16)
		if err := readQueued(queued, in.queued); err != nil {
			in.log.printf("no signalfd (%v): subscribing %d more signals", err, len(queued))
			signal.Notify(in.sigs, queued...)
			subscribed = append(subscribed, queued...)
			queued = nil
		} else if err := noteSignals(queued...); err != nil {
			Warn("cannot catch signals while the command starts, some may be lost then: %v", err)
		}
	}

	phase("signals")
	if in.log.on() {
		how := "recorded before the Go runtime started"
		if !StateRecorded() {
			how = "as left by the Go runtime (built without the entry point)"
		}
		in.log.printf("inherited: signal mask %016x, ignored %016x, closed fds %v, %s",
			inherited.blocked, inherited.ignored, inherited.closed, how)
		in.log.printf("signals: %d through os/signal, %d through initty's handler, %d from a signalfd",
			len(subscribed), len(noted), len(queued))
	}
	if in.pid1 {
		in.log.printf("running as PID 1: every orphan of the namespace is reaped here")
	} else if err := reap.BecomeSubreaper(); err != nil {
		Warn("cannot become a child subreaper, orphans will go to PID 1: %v", err)
	} else {
		in.log.printf("not PID 1: registered as child subreaper")
	}
	phase("subreaper")
	if cfg.PdeathSig != 0 {
		if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(cfg.PdeathSig), 0, 0, 0); err != nil {
			return nil, fmt.Errorf("cannot set the parent-death signal: %w", err)
		}
	}
	if !cfg.NoTTY {
		t, err := tty.Open(0)
		if err != nil {
			Warn("%v; going on without job control", err)
		}
		in.term = t
	}
	in.foreground = in.term != nil && in.term.InForeground()
	in.shared = in.joinsCallersJob()
	phase("terminal")
	switch {
	case in.shared:
		in.log.printf("one member of a bigger job: the child joins initty's process group, the terminal is left alone")
	case in.term == nil:
		in.log.printf("no controlling terminal on stdin: tty mode off")
	case in.foreground:
		in.log.printf("tty mode, in the foreground: the child gets the terminal")
	default:
		in.log.printf("tty mode, in the background: the terminal is left alone")
	}
	return in, nil
}

// Start runs the command in its own process group with the signal mask the init
// inherited, hands it the terminal if the init holds it, then lets go of the command's
// stdio pipes and moves the init out of the way of mounts (cwd /). The error is an
// *reap.ExecError when the command cannot run.
func (in *Init) Start(argv []string) error {
	opt := reap.Options{SigMask: InheritedMask(), Closed: InheritedClosed(), SameGroup: in.shared}
	if in.foreground && !in.shared {
		opt.Foreground, opt.TerminalFd = true, in.term.Fd()
	}
	pid, err := reap.Start(argv, opt)
	phase("fork-exec")
	if err != nil {
		// The child may have taken the foreground before its exec failed.
		if opt.Foreground {
			_ = in.term.TakeBack()
		}
		return err
	}
	in.child, in.handedTerminal, in.name = pid, opt.Foreground, OneLine(argv[0])
	if in.log.on() {
		group := fmt.Sprintf("process group %d", pid)
		if in.shared {
			group = "initty's process group"
		}
		in.log.printf("started %s as pid %d in %s%s", argv[0], pid, group,
			map[bool]string{true: ", foreground handed to it", false: ""}[opt.Foreground])
	}
	reap.ReleasePipes()
	if err := os.Chdir("/"); err != nil {
		in.log.printf("cannot move to /: %v", err)
	}
	return nil
}

// Pause is --pause: no command, the init only reaps until SIGTERM or SIGINT.
func (in *Init) Pause() {
	in.paused = true
	if err := os.Chdir("/"); err != nil {
		in.log.printf("cannot move to /: %v", err)
	}
	in.log.printf("pause mode: reaping until SIGTERM or SIGINT")
}

// Running reports whether the init still has its command to look after.
func (in *Init) Running() bool {
	if in.paused {
		return !in.stopPause
	}
	return !in.childGone
}

// Event is what woke the init: a signal, or input at the terminal while the init asks
// whether to continue a stopped command.
type Event struct {
	Signal syscall.Signal // 0 for input
}

// Wait blocks until a signal arrives, or input the init is waiting for. Nothing polls:
// an idle init sleeps here.
func (in *Init) Wait() Event {
	var input <-chan struct{}
	if in.input != nil {
		input = in.input.C
	}
	select {
	case s := <-in.sigs:
		return Event{Signal: s.(syscall.Signal)}
	case s := <-in.queued:
		return Event{Signal: s.(syscall.Signal)}
	case <-input:
		return Event{}
	}
}

// Handle does what an event calls for: reap on SIGCHLD, drop SIGPIPE (the init's own
// broken pipe), answer input, relay any other signal.
func (in *Init) Handle(ev Event) {
	switch sig := ev.Signal; {
	case sig == 0:
		in.inputArrived()
	case sig == unix.SIGCHLD:
		phase("sigchld")
		in.reap()
		phase("reap")
		for _, noted := range takeNoted() {
			in.Handle(Event{Signal: noted})
		}
	case sig == unix.SIGPIPE:
	case sig == unix.SIGCONT && in.ownCont:
		in.ownCont = false // the continue that resumed the init; the child got its own
	case in.paused:
		if sig == unix.SIGTERM || sig == unix.SIGINT {
			in.log.printf("%s received: leaving pause mode", Name(sig))
			in.stopPause = true
		}
	default:
		in.relay(sig)
	}
}

// relay sends sig, rewritten, to the child's process group (or the child alone). It
// never signals after the child was reaped: its pid could belong to someone else.
//
// A SIGTSTP, SIGTTIN or SIGTTOU received stops the init too once relayed, whatever
// --rewrite made of it (dumb-init's documented rule), unless --rewrite dropped it: a
// dropped signal has no effect at all.
func (in *Init) relay(sig syscall.Signal) {
	to := in.cfg.Rewrite.Apply(sig)
	if to == 0 {
		if in.log.on() {
			in.log.printf("%s received: dropped by --rewrite", Name(sig))
		}
		return
	}
	if in.childGone {
		return
	}
	switch {
	case in.shared && sentByTerminal(sig) && tty.CallerInForeground(0):
		// The terminal sent it to the whole foreground group, the child included: one
		// more copy would make Ctrl-C arrive twice. initty cannot tell a kill(2) aimed
		// at it from the terminal's signal (Go hides si_code), so this case wins.
		in.log.printf("%s received in the foreground of a shared job: the child had it from the terminal", Name(sig))
	default:
		target := in.target()
		err := unix.Kill(target, to)
		if in.log.on() {
			what := fmt.Sprintf("process group %d", in.child)
			if target > 0 {
				what = fmt.Sprintf("pid %d", in.child)
			}
			in.log.printf("%s received: relayed as %s to %s (%v)", Name(sig), Name(to), what, errOK(err))
		}
		// An interactive shell ignores SIGTERM: follow it with what a closing terminal
		// sends, so `docker stop` ends the session now instead of after the kill timeout.
		if to == unix.SIGTERM && in.term != nil && ignores(in.child, unix.SIGTERM) {
			err := unix.Kill(target, unix.SIGHUP)
			in.log.printf("the child ignores SIGTERM: sent SIGHUP as a closing terminal would (%v)", errOK(err))
		}
	}
	if isStop(sig) && !in.pid1 {
		in.suspend(sig)
	}
}

// target is where signals for the command go: its process group, or the command alone
// with -c, or when it shares initty's group (which holds initty's caller too).
func (in *Init) target() int {
	if in.cfg.SingleChild || in.shared {
		return in.child
	}
	return -in.child
}

// reap collects every status the kernel has, records the command's end, and answers a
// stop of the command.
func (in *Init) reap() {
	var stoppedBy syscall.Signal
	in.noChildren = !reap.Drain(func(pid int, ws unix.WaitStatus) {
		if pid != in.child || in.paused {
			// Checked first: the arguments would be built even for a quiet logger, and
			// an orphan flood must not allocate per orphan.
			if in.log.on() && (ws.Exited() || ws.Signaled()) {
				in.log.printf("reaped pid %d (%s)", pid, reap.Describe(ws, Name))
			}
			return
		}
		switch {
		case ws.Exited() || ws.Signaled():
			in.childGone, in.status = true, ws
			in.stopAsking()
			if in.log.on() {
				in.log.printf("child pid %d %s", pid, reap.Describe(ws, Name))
			}
		case ws.Stopped():
			stoppedBy = ws.StopSignal()
		case ws.Continued():
			stoppedBy = 0
			in.childContinued()
		}
	})
	if stoppedBy != 0 && !in.childGone {
		in.childStopped(stoppedBy)
	}
}

// ignores reports whether pid has sig ignored, from its SigIgn in /proc. The pid is
// looked up through a pidfd: /proc may belong to another PID namespace than the init (a
// PID namespace without its own /proc mount), and the pidfd's fdinfo gives the process's
// pid as that /proc numbers it.
func ignores(pid int, sig syscall.Signal) bool {
	status, err := readProcStatus(pid)
	if err != nil {
		return false
	}
	_, rest, ok := strings.Cut(string(status), "\nSigIgn:")
	if !ok {
		return false
	}
	line, _, _ := strings.Cut(rest, "\n")
	mask, err := strconv.ParseUint(strings.TrimSpace(line), 16, 64)
	return err == nil && mask&(1<<(uint(sig)-1)) != 0
}

// readProcStatus returns /proc/PID/status for a pid of the init's own PID namespace.
func readProcStatus(pid int) ([]byte, error) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	info, err := os.ReadFile(fmt.Sprintf("/proc/self/fdinfo/%d", fd))
	if err != nil {
		return nil, err
	}
	_, rest, ok := strings.Cut(string(info), "\nPid:")
	if !ok {
		return nil, fmt.Errorf("no Pid in the pidfd's fdinfo")
	}
	line, _, _ := strings.Cut(rest, "\n")
	procPid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || procPid <= 0 {
		return nil, fmt.Errorf("pid %d is not visible in /proc", pid)
	}
	return os.ReadFile(fmt.Sprintf("/proc/%d/status", procPid))
}

// errOK is "ok" or the error, for log lines.
func errOK(err error) string {
	if err == nil {
		return "ok"
	}
	if errors.Is(err, unix.ESRCH) {
		return "already gone"
	}
	return err.Error()
}
