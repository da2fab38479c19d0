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
