package reap

import (
	"golang.org/x/sys/unix"
)

// The readers below use plain system calls. Every os.File, even one for /proc, starts
// the Go runtime's network poller: an epoll instance, an eventfd, and a thread that then
// waits in epoll. An init reads a few small files at every start and has no use for a
// poller, so it never opens an os.File.

// readHead returns up to max bytes from the start of the file at path.
func readHead(path string, max int) ([]byte, error) {
	fd, err := openRead(path, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	buf := make([]byte, max)
	n, err := readFull(fd, buf)
	return buf[:n], err
}

// readSmall returns the whole of a small file such as /proc/PID/stat, growing its buffer
// as needed: /proc files report a size of 0, so the size cannot be asked first.
func readSmall(path string) ([]byte, error) {
	fd, err := openRead(path, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	buf := make([]byte, 1024)
	total := 0
	for {
		n, err := readFull(fd, buf[total:])
		total += n
		if err != nil || total < len(buf) {
			return buf[:total], err
		}
		buf = append(buf, make([]byte, len(buf))...)
	}
}

// readDirNames lists the names in a directory, without "." and "..".
func readDirNames(path string) ([]string, error) {
	fd, err := openRead(path, unix.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	var names []string
	buf := make([]byte, 4096)
	for {
		n, err := unix.Getdents(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return names, err
		}
		if n <= 0 {
			return names, nil
		}
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
	}
}

func openRead(path string, flags int) (int, error) {
	for {
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|flags, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// readFull reads until buf is full or the file ends.
func readFull(fd int, buf []byte) (int, error) {
	total := 0
	for total < len(buf) {
		n, err := unix.Read(fd, buf[total:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return total, err
		}
		if n == 0 {
			break
		}
		total += n
	}
	return total, nil
}
