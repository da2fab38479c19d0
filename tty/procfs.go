package tty

import (
	"golang.org/x/sys/unix"
)

// readProc reads a small /proc file with plain system calls. os.ReadFile would do too,
// but every os.File starts the runtime's network poller (an epoll instance, an eventfd,
// and idle threads that then wait in epoll rather than sleep): terminal detection runs at
// every start of an init, which has no use for a poller.
func readProc(path string) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	buf := make([]byte, 0, 4096)
	for {
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}
