package tty

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// Terminal is the controlling terminal of the process, open on a file descriptor it was
// given (normally 0).
type Terminal struct {
	fd    int
	saved *term.State // settings when Open was called, for RestoreIfCrashed
}

// Open returns the terminal on fd when fd is the caller's controlling terminal, and nil
// otherwise: an init whose stdin is a pipe or /dev/null has no terminal to manage.
//
// Detection compares fd's device with the controlling terminal named in
// /proc/self/stat, so a non-terminal fd costs no ioctl at all (no failing terminal call
// shows up in strace). A session leader that has no controlling terminal yet, as a
// process started with setsid and a pty on fd 0, takes the terminal on fd; it never
// steals one that another session controls.
func Open(fd int) (*Terminal, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFCHR {
		return nil, nil
	}
	self, err := readSelfStat()
	if err != nil {
		// No /proc, or not the kernel's: ask the terminal itself. TIOCGPGRP answers
		// only on the caller's controlling terminal (ENOTTY on any other).
		if !term.IsTerminal(fd) {
			return nil, nil
		}
		if _, err := foregroundGroup(fd); err != nil {
			return nil, nil
		}
		return newTerminal(fd)
	}
	switch {
	case self.ttyNr != 0 && uint64(self.ttyNr) == st.Rdev:
		return newTerminal(fd)
	case self.ttyNr == 0 && self.session == os.Getpid() && isTerminalDevice(st.Rdev):
		// arg 0: take the terminal only if no other session has it.
		if err := unix.IoctlSetInt(fd, unix.TIOCSCTTY, 0); err != nil {
			return nil, fmt.Errorf("cannot make fd %d the controlling terminal: %w", fd, err)
		}
		return newTerminal(fd)
	}
	return nil, nil
}

func newTerminal(fd int) (*Terminal, error) {
	saved, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	return &Terminal{fd: fd, saved: saved}, nil
}

// Fd is the file descriptor the terminal is open on.
func (t *Terminal) Fd() int { return t.fd }

// selfStat is what detection needs from /proc/self/stat.
type selfStat struct {
	session int
	ttyNr   int
}

func readSelfStat() (selfStat, error) {
	b, err := readProc("/proc/self/stat")
	if err != nil {
		return selfStat{}, err
	}
	return parseSelfStat(string(b))
}

// parseSelfStat reads the session and tty_nr fields of a /proc/PID/stat line.
func parseSelfStat(s string) (selfStat, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return selfStat{}, fmt.Errorf("unexpected /proc/self/stat")
	}
	// After ") ": state ppid pgrp session tty_nr ...
	f := strings.Fields(s[i+1:])
	if len(f) < 5 {
		return selfStat{}, fmt.Errorf("unexpected /proc/self/stat")
	}
	// The kernel's state is always a letter (R, S, T, ...). qemu-user serves a stand-in
	// file whose state, process group, session and tty_nr all read 0; believing it would
	// turn the terminal off under emulation (docker run --platform, binfmt_misc), so a
	// state that is not a letter means: ask the terminal instead.
	if c := f[0][0]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
		return selfStat{}, fmt.Errorf("/proc/self/stat is not the kernel's (state %q)", f[0])
	}
	session, err1 := strconv.Atoi(f[3])
	ttyNr, err2 := strconv.Atoi(f[4])
	if err1 != nil || err2 != nil {
		return selfStat{}, fmt.Errorf("unexpected /proc/self/stat")
	}
	return selfStat{session: session, ttyNr: ttyNr}, nil
}

// isTerminalDevice reports whether a character device is a terminal, from the drivers
// the kernel lists in /proc/tty/drivers, without an ioctl on it.
func isTerminalDevice(rdev uint64) bool {
	major, minor := unix.Major(rdev), unix.Minor(rdev)
	b, err := readProc("/proc/tty/drivers")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		maj, err := strconv.ParseUint(f[2], 10, 32)
		if err != nil || uint32(maj) != major {
			continue
		}
		lo, hi, found := strings.Cut(f[3], "-")
		if !found {
			hi = lo
		}
		l, err1 := strconv.ParseUint(lo, 10, 32)
		h, err2 := strconv.ParseUint(hi, 10, 32)
		if err1 == nil && err2 == nil && uint64(minor) >= l && uint64(minor) <= h {
			return true
		}
	}
	return false
}
