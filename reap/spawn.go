package reap

import (
	"os"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"
)

// Options says how Start sets the child up. The zero value gives the child a new process
// group, the caller's environment and fds 0-2 as they are.
type Options struct {
	// SigMask is the signal mask the child starts with. An init passes the mask it
	// inherited, so blocking a signal around the init blocks it in the child too.
	SigMask unix.Sigset_t

	// Foreground makes the child's new process group the foreground group of the
	// terminal on TerminalFd. The kernel does it in the child before exec, while every
	// signal is still blocked there, so no SIGTTOU is raised and no output is lost.
	Foreground bool
	TerminalFd int

	// Closed marks which of fds 0, 1 and 2 the child gets closed. The Go runtime opens
	// /dev/null on a standard fd that was closed when the program started; an init that
	// wants to hand its child the fds it was given closes those again here.
	Closed [3]bool

	// Env is the child's environment; nil means the caller's.
	Env []string

	// SameGroup keeps the child in the caller's process group instead of a new one: the
	// child is then one more member of the job the caller belongs to (a script's, a
	// pipeline's), and sees the terminal exactly as the caller does. Foreground is
	// ignored then: the group's place on the terminal is not the caller's to change.
	SameGroup bool
}

// Start runs argv[0], looked up in PATH as a shell would, with argv as its arguments, in
// a process group of its own (unless SameGroup), and returns its pid. The child is not waited for: the
// caller's reaper (Drain) collects it with every other process.
//
// When exec fails, Start returns an *ExecError that carries a shell's exit code (127 or
// 126): Go reports exec errors through a close-on-exec pipe, so the failure is known
// before any status exists, and the failed child has already been reaped.
func Start(argv []string, opt Options) (int, error) {
	path, err := LookPath(argv[0])
	if err != nil {
		return 0, err
	}
	files := []uintptr{0, 1, 2}
	for fd, closed := range opt.Closed {
		if closed {
			files[fd] = ^uintptr(0) // -1: ForkExec closes it in the child
		}
	}
	env := opt.Env
	if env == nil {
		env = os.Environ()
	}
	attr := &syscall.ProcAttr{
		Env:   env,
		Files: files,
		Sys: &syscall.SysProcAttr{
			Setpgid:    !opt.SameGroup,
			Foreground: opt.Foreground && !opt.SameGroup,
			Ctty:       opt.TerminalFd,
		},
	}

	// The child inherits the signal mask of the forking thread: pin this goroutine to
	// its thread and give that thread the wanted mask for the duration of the fork.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var old unix.Sigset_t
	if err := unix.PthreadSigmask(unix.SIG_SETMASK, &opt.SigMask, &old); err != nil {
		return 0, &ExecError{Command: argv[0], Reason: "cannot set the signal mask: " + err.Error(), Code: 1}
	}
	pid, err := syscall.ForkExec(path, argv, attr)
	_ = unix.PthreadSigmask(unix.SIG_SETMASK, &old, nil)
	if err != nil {
		return 0, execError(argv[0], path, err)
	}
	return pid, nil
}
