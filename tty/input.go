package tty

import (
	"golang.org/x/sys/unix"
)

// InputWatch tells when the terminal has input, without reading it. An init uses it to
// ask the person at the terminal whether to continue a command that stopped where no
// shell could continue it: the init reads the answer only once it knows the command is
// still stopped, so a keystroke meant for a command that someone else continued in the
// meantime is never taken from it.
type InputWatch struct {
	// C receives one value when input is waiting, then nothing more.
	C <-chan struct{}

	stop int // write end of a pipe; closing it ends the watch
}

// WatchInput starts watching the terminal for input. The watch is a goroutine blocked in
// poll(2) on the terminal and on a pipe that Stop closes: nothing polls on a timer.
func (t *Terminal) WatchInput() (*InputWatch, error) {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return nil, err
	}
	c := make(chan struct{}, 1)
	go func() {
		defer unix.Close(p[0])
		fds := []unix.PollFd{{Fd: int32(t.fd), Events: unix.POLLIN}, {Fd: int32(p[0]), Events: unix.POLLIN}}
		for {
			_, err := unix.Poll(fds, -1)
			if err == unix.EINTR {
				continue
			}
			if err == nil && fds[1].Revents == 0 && fds[0].Revents != 0 {
				c <- struct{}{} // input, or a hang-up: either way the watch is over
			}
			return
		}
	}()
	return &InputWatch{C: c, stop: p[1]}, nil
}

// Stop ends the watch. It must be called exactly once, also after C has fired.
func (w *InputWatch) Stop() { unix.Close(w.stop) }

// DiscardInput throws away what was typed and not yet read: the answer to the init's
// question, which is no input for the command.
func (t *Terminal) DiscardInput() error {
	return unix.IoctlSetInt(t.fd, unix.TCFLSH, unix.TCIFLUSH)
}

// Say writes one line to the terminal, starting and ending it with "\r\n" so that it
// stands on a line of its own even when the terminal was left in raw mode.
func (t *Terminal) Say(line string) error {
	_, err := unix.Write(t.fd, []byte("\r\n"+line+"\r\n"))
	return err
}
