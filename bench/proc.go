package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"
)

// Process is an init (or bare command) started by the benchmark, with the pipe its
// descendants write to on stdout and a file collecting its stderr for error messages.
type Process struct {
	// Pid is the host pid of the started program.
	Pid int
	// Out is the read end of the child's stdout, or nil if stdout went to /dev/null.
	Out *os.File
	// stderr keeps the program's complaints so a failure can say why.
	stderr *os.File
	// done is closed once the process has been reaped; state is valid after that.
	done  chan struct{}
	state syscall.WaitStatus
	usage syscall.Rusage
	// reaped makes Stop idempotent.
	reaped sync.Once
}

// SpawnOptions says how to start a Process.
type SpawnOptions struct {
	// NewPIDNS makes the program PID 1 of a new PID namespace: the way inits run in
	// containers, and the one way to be sure that killing it takes every descendant along.
	NewPIDNS bool
	// CaptureStdout gives the program a pipe as stdout (read through Process.Out).
	CaptureStdout bool
}

// live tracks every started Process so that an interrupted or failing run can still
// kill and reap them all: the benchmark must never leave processes behind.
var live = struct {
	sync.Mutex
	procs map[*Process]bool
}{procs: map[*Process]bool{}}

// Spawn starts argv with the given options. The process is reaped by a goroutine, so
// Wait and Stop can both use deadlines without racing each other for the exit status.
func Spawn(argv []string, opt SpawnOptions) (*Process, error) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, err
	}
	defer devnull.Close()
	errf, err := os.CreateTemp("", "initty-bench-stderr-")
	if err != nil {
		return nil, err
	}
	os.Remove(errf.Name()) // only the descriptor is needed
	p := &Process{stderr: errf, done: make(chan struct{})}
	stdout := devnull
	var w *os.File
	if opt.CaptureStdout {
		if p.Out, w, err = os.Pipe(); err != nil {
			errf.Close()
			return nil, err
		}
		stdout = w
	}
	attr := &syscall.ProcAttr{
		Env:   os.Environ(),
		Files: []uintptr{devnull.Fd(), stdout.Fd(), errf.Fd()},
		Sys: &syscall.SysProcAttr{
			// Killed with us even if we die without cleaning up (SIGKILL from outside).
			Pdeathsig: syscall.SIGKILL,
			// Its own process group, so terminal ^C reaches only the benchmark, which
			// then cleans up in order.
			Setpgid: true,
		},
	}
	if opt.NewPIDNS {
		attr.Sys.Cloneflags = syscall.CLONE_NEWPID
	}
	live.Lock()
	defer live.Unlock()
	pid, err := syscall.ForkExec(argv[0], argv, attr)
	if w != nil {
		w.Close()
	}
	if err != nil {
		errf.Close()
		if p.Out != nil {
			p.Out.Close()
		}
		return nil, fmt.Errorf("start %s: %w", argv[0], err)
	}
	p.Pid = pid
	live.procs[p] = true
	go p.reap()
	return p, nil
}

// reap waits for the process; only this goroutine ever waits for its pid.
func (p *Process) reap() {
	for {
		_, err := syscall.Wait4(p.Pid, &p.state, 0, &p.usage)
		if err != syscall.EINTR {
			break
		}
	}
	close(p.done)
}

// Wait waits up to d for the process to exit by itself and returns its status. After
// the deadline it kills the process tree and reports an error.
func (p *Process) Wait(d time.Duration) (syscall.WaitStatus, error) {
	select {
	case <-p.done:
		p.forget()
		return p.state, nil
	case <-time.After(d):
		p.Stop()
		return p.state, fmt.Errorf("did not exit within %v", d)
	}
}

// Exited reports whether the process has already terminated.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Stop kills the process and all its descendants and reaps the process. Descendants are
// killed first: outside a PID namespace, killing only the init would leave its child
// running as an orphan.
func (p *Process) Stop() {
	if !p.Exited() {
		for _, d := range Descendants(p.Pid) {
			syscall.Kill(d, syscall.SIGKILL)
		}
		syscall.Kill(p.Pid, syscall.SIGKILL)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			fmt.Fprintf(os.Stderr, "bench: pid %d did not die after SIGKILL\n", p.Pid)
		}
	}
	p.forget()
}

// forget closes the process's files and drops it from the live set.
func (p *Process) forget() {
	p.reaped.Do(func() {
		if p.Out != nil {
			p.Out.Close()
		}
		p.stderr.Close()
		live.Lock()
		delete(live.procs, p)
		live.Unlock()
	})
}

// Stderr returns the last few hundred bytes the process wrote to stderr, for errors.
func (p *Process) Stderr() string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/self/fd/%d", p.stderr.Fd()))
	if err != nil {
		return ""
	}
	if len(b) > 400 {
		b = b[len(b)-400:]
	}
	return string(b)
}

// ReadFull reads exactly len(buf) bytes from the process's stdout within d.
func (p *Process) ReadFull(buf []byte, d time.Duration) error {
	if p.Out == nil {
		return errors.New("stdout not captured")
	}
	if err := p.Out.SetReadDeadline(time.Now().Add(d)); err != nil {
		return err
	}
	_, err := io.ReadFull(p.Out, buf)
	return err
}

// StopAll kills and reaps every live process; used on the way out, normal or not.
func StopAll() {
	live.Lock()
	procs := make([]*Process, 0, len(live.procs))
	for p := range live.procs {
		procs = append(procs, p)
	}
	live.Unlock()
	var wg sync.WaitGroup
	for _, p := range procs {
		wg.Add(1)
		go func() { defer wg.Done(); p.Stop() }()
	}
	wg.Wait()
}
