package reap

import (
	"golang.org/x/sys/unix"
)

// ClosedAtStart reports which of fds 0, 1 and 2 were closed when the program started.
//
// The Go runtime opens /dev/null read-write on every standard fd it finds closed, before
// any Go code runs, so the fd cannot simply be tested. A read-write /dev/null on fd 0-2
// is taken to be the runtime's: shells and container runtimes open /dev/null
// read-only for input and write-only for output. The price is that a deliberate
// `<>/dev/null` is passed on closed; the gain is that a child sees the fds its init was
// given, as it would without the init.
func ClosedAtStart() [3]bool {
	var closed [3]bool
	var null unix.Stat_t
	if unix.Stat("/dev/null", &null) != nil {
		return closed
	}
	for fd := range closed {
		var st unix.Stat_t
		if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFCHR || st.Rdev != null.Rdev {
			continue
		}
		flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
		closed[fd] = err == nil && flags&unix.O_ACCMODE == unix.O_RDWR
	}
	return closed
}

// ReleasePipes lets go of the pipes and sockets on fds 0 and 1 once the child holds its
// own copies: the init never reads or writes them, and while it keeps them open a
// writer into the child's stdin gets no EPIPE when the child closes it, and a reader
// of the child's stdout sees no end of file until the init exits. They are replaced
// with /dev/null, so the numbers stay taken. Terminals and files are left alone: the
// init needs its terminal, and nobody waits on a file.
func ReleasePipes() {
	for _, fd := range []int{0, 1} {
		var st unix.Stat_t
		if unix.Fstat(fd, &st) != nil {
			continue
		}
		if kind := st.Mode & unix.S_IFMT; kind != unix.S_IFIFO && kind != unix.S_IFSOCK {
			continue
		}
		null, err := unix.Open("/dev/null", unix.O_RDWR|unix.O_CLOEXEC, 0)
		if err != nil {
			continue
		}
		_ = unix.Dup3(null, fd, 0)
		unix.Close(null)
	}
}
