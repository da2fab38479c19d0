package relay

import (
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// readQueued passes the signals of set on to out as they arrive, read from a signalfd
// by a goroutine of its own. The signals must be blocked in every thread of the process
// (see Routes); they then wait in the kernel's queue, sent before the init started
// included, until read.
//
// A signalfd costs no subscription round trip at start, and a signal read from it wakes
// one thread (the reader's) where os/signal wakes three (the thread that catches it,
// the os/signal receiver, the init's loop); a storm is read many signals per wake. The
// reader blocks in read(2) rather than in the runtime's poller, which an init never
// starts (see reap's readers). The send to out blocks when the loop is behind, so a
// signal waits in the kernel rather than being dropped.
func readQueued(set []os.Signal, out chan<- os.Signal) error {
	var mask unix.Sigset_t
	for _, s := range set {
		addSignal(&mask, s.(syscall.Signal))
	}
	fd, err := unix.Signalfd(-1, &mask, unix.SFD_CLOEXEC)
	if err != nil {
		return err
	}
	go func() {
		var infos [16]unix.SignalfdSiginfo
		size := int(unsafe.Sizeof(infos[0]))
		buf := unsafe.Slice((*byte)(unsafe.Pointer(&infos[0])), len(infos)*size)
		for {
			n, err := unix.Read(fd, buf)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				Warn("cannot read queued signals, they will not be relayed: %v", err)
				return
			}
			for i := 0; i < n/size; i++ {
				out <- syscall.Signal(infos[i].Signo)
			}
		}
	}()
	return nil
}
