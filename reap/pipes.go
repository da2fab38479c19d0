package reap

import (
	"golang.org/x/sys/unix"
)

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
