package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// AckInstance is an init running the helper in ack mode, shared by the relay and the
// storm metrics.
type AckInstance struct {
	// Init is the init under test.
	Init *Init
	// Proc is the running init.
	Proc *Process
	// Child is the host pid of the helper, for the direct (no init) baseline.
	Child int
}

// ackLife bounds how long an ack helper lives if the bench dies without cleaning up.
const ackLife = 900

// StartAck starts INIT -- helper ack and waits for the helper's ready byte.
func StartAck(in *Init, helper string, newPIDNS bool) (*AckInstance, error) {
	p, err := Spawn(in.Argv(helper, "ack", fmt.Sprint(ackLife)), SpawnOptions{NewPIDNS: newPIDNS, CaptureStdout: true})
	if err != nil {
		return nil, err
	}
	b := make([]byte, 1)
	if err := p.ReadFull(b, 10*time.Second); err != nil || b[0] != 'R' {
		p.Stop()
		return nil, fmt.Errorf("helper did not start under the init (%v); stderr: %q", err, p.Stderr())
	}
	// The helper may sit below an intermediate process, so look for it by executable
	// rather than assuming it is the init's direct child.
	child := 0
	for _, d := range Descendants(p.Pid) {
		if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", d)); err == nil && filepath.Clean(exe) == filepath.Clean(helper) {
			child = d
			break
		}
	}
	if child == 0 {
		p.Stop()
		return nil, errors.New("cannot find the helper among the init's descendants")
	}
	return &AckInstance{Init: in, Proc: p, Child: child}, nil
}

// errLost is a relay round whose acknowledgement never came.
var errLost = errors.New("signal not acknowledged within 1 s")

// roundTrip sends SIGUSR1 to pid and returns the µs until the helper's 'u' arrives.
//
// It waits with a raw ppoll and read on the calling thread rather than through Go's
// netpoller: the netpoller would add a hand-off between runtime threads to every sample,
// and that noise would be the bench's, not the init's.
func (a *AckInstance) roundTrip(pid int) (float64, error) {
	var b [1]byte
	fd, err := rawFd(a.Proc.Out)
	if err != nil {
		return 0, err
	}
	t0 := time.Now()
	if err := syscall.Kill(pid, syscall.SIGUSR1); err != nil {
		return 0, err
	}
	ready, err := pollIn(fd, time.Second)
	if err != nil {
		return 0, err
	}
	if !ready {
		a.drain()
		return 0, errLost
	}
	n, err := syscall.Read(fd, b[:])
	d := time.Since(t0)
	if n != 1 || err != nil {
		return 0, fmt.Errorf("reading the acknowledgement: %v", err)
	}
	if b[0] != 'u' {
		return 0, fmt.Errorf("unexpected byte %q from helper", b[0])
	}
	return float64(d.Nanoseconds()) / 1e3, nil
}

// rawFd returns f's descriptor number without f.Fd(), which would switch the pipe to
// blocking mode and so break the read deadlines the storm and start-up checks rely on.
func rawFd(f *os.File) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, err
	}
	fd := -1
	if err := rc.Control(func(u uintptr) { fd = int(u) }); err != nil {
		return 0, err
	}
	return fd, nil
}

// pollIn waits up to timeout for fd to become readable, with ppoll(2).
func pollIn(fd int, timeout time.Duration) (bool, error) {
	type pollFd struct {
		fd      int32
		events  int16
		revents int16
	}
	const pollIn = 0x1
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return false, nil
		}
		ts := syscall.NsecToTimespec(left.Nanoseconds())
		pfd := pollFd{fd: int32(fd), events: pollIn}
		n, _, e := syscall.Syscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(&pfd)), 1,
			uintptr(unsafe.Pointer(&ts)), 0, 0, 0)
		switch {
		case e == syscall.EINTR:
			continue
		case e != 0:
			return false, e
		}
		return n > 0, nil
	}
}

// drain discards late acknowledgements so the next round does not read a stale one.
func (a *AckInstance) drain() {
	b := make([]byte, 64)
	for a.Proc.Out.SetReadDeadline(time.Now().Add(50*time.Millisecond)) == nil {
		if n, err := a.Proc.Out.Read(b); n == 0 || err != nil {
			return
		}
	}
}

// BenchRelay measures signal-relay latency: kill(init, SIGUSR1) until the helper's
// acknowledgement arrives, against kill(helper, SIGUSR1) directly, both done every round
// for every init (round-robin, alternating which goes first). It returns p50/p99 via the
// init and their overhead over the direct path.
func BenchRelay(acks []*AckInstance, rounds int) []*Metric {
	p50 := NewMetric("relay.p50", "signal relay latency p50", "µs", Lower, false)
	p99 := NewMetric("relay.p99", "signal relay latency p99", "µs", Lower, true)
	o50 := NewMetric("relay.overhead50", "  overhead vs direct kill p50", "µs", Lower, true)
	// The difference of two p99s is dominated by whichever tail event hit either side, so
	// it is shown for context, without a ratio that would pretend to more precision.
	o99 := NewMetric("relay.overhead99", "  overhead vs direct kill p99", "µs", Info, false)
	o50.ChartLabel = "relay overhead vs direct kill, p50"
	via := map[string][]float64{}
	direct := map[string][]float64{}
	lost := map[string]int{}
	failed := map[string]error{}
	// Everything on the path (this thread, each init and each helper) shares one CPU for
	// the relay rounds. Left free, the scheduler places each process pair differently and
	// a wake-up across CPUs costs an inter-processor interrupt, and in a VM waking an idle
	// vCPU; that made the same binary differ by 2x between two instances. On one CPU the
	// path is the same for every init: wake the init, let it forward, wake the child.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if all, last, err := allowedCPUs(); err == nil {
		pin := oneCPU(last)
		setAffinity(0, pin)
		for _, a := range acks {
			setProcessAffinity(a.Proc.Pid, pin)
			setProcessAffinity(a.Child, pin)
		}
		defer func() {
			setAffinity(0, all)
			for _, a := range acks {
				setProcessAffinity(a.Proc.Pid, all)
				setProcessAffinity(a.Child, all)
			}
		}()
	}
	for r := 0; r < rounds; r++ {
		for _, a := range rotate(acks, r) {
			name := a.Init.Name
			if failed[name] != nil {
				continue
			}
			targets := []int{a.Child, a.Proc.Pid}
			if r%2 == 1 {
				targets[0], targets[1] = targets[1], targets[0]
			}
			for _, pid := range targets {
				us, err := a.roundTrip(pid)
				switch {
				case errors.Is(err, errLost):
					lost[name]++
					// A few lost rounds can be scheduling; losing many means no relaying.
					if lost[name] > 5 && lost[name]*10 > r+1 {
						failed[name] = fmt.Errorf("%d of %d signals never reached the child", lost[name], r+1)
					}
				case err != nil:
					failed[name] = err
				case pid == a.Child:
					direct[name] = append(direct[name], us)
				default:
					via[name] = append(via[name], us)
				}
			}
		}
	}
	for _, a := range acks {
		name := a.Init.Name
		if err := failed[name]; err != nil || len(via[name]) == 0 || len(direct[name]) == 0 {
			if err == nil {
				err = errors.New("no samples")
			}
			for _, m := range []*Metric{p50, p99, o50, o99} {
				m.Fail(name, err)
			}
			continue
		}
		v50, v99 := Percentile(via[name], 50), Percentile(via[name], 99)
		d50, d99 := Percentile(direct[name], 50), Percentile(direct[name], 99)
		p50.Set(name, v50)
		p99.Set(name, v99)
		o50.Set(name, v50-d50)
		o99.Set(name, v99-d99)
	}
	return []*Metric{p50, p99, o50, o99}
}
