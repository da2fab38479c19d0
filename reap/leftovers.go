package reap

import (
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// SignalLeftovers sends sig to the processes still running below the caller once its
// command is gone, and returns how many it signalled.
//
// As PID 1 that is every process of the namespace: kill(-1) reaches them all and never
// the caller. Elsewhere it is the caller's descendants, found through /proc's children
// lists. Each one is opened as a pidfd and checked to still be a descendant before it is
// signalled, so a pid that was reused between the listing and the signal is never hit.
func SignalLeftovers(sig syscall.Signal) int {
	if IsPID1() {
		if unix.Kill(-1, sig) != nil {
			return 0
		}
		return -1 // unknown count: every process in the namespace
	}
	n := 0
	self := os.Getpid()
	if !ProcIsOurs() {
		// /proc belongs to another PID namespace (a PID namespace without its own /proc
		// mount): its pids are not ours, and signalling by them could hit a stranger.
		return 0
	}
	for _, pid := range descendants(self) {
		fd, err := unix.PidfdOpen(pid, 0)
		if err != nil {
			continue
		}
		if isDescendant(pid, self) && unix.PidfdSendSignal(fd, sig, nil, 0) == nil {
			n++
		}
		unix.Close(fd)
	}
	return n
}

// descendants lists every process below pid, parents before their children.
func descendants(pid int) []int {
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range Children(p) {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	return out
}

// Children lists the children of pid, read from the children lists of its every thread
// in /proc (a child belongs to the thread that forked it).
func Children(pid int) []int {
	var out []int
	dir := "/proc/" + strconv.Itoa(pid) + "/task/"
	tasks, _ := readDirNames(dir)
	for _, task := range tasks {
		b, _ := readSmall(dir + task + "/children")
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// isDescendant walks pid's parents up to ancestor.
func isDescendant(pid, ancestor int) bool {
	for i := 0; i < 4096 && pid > 1; i++ {
		st, err := ReadStat(pid)
		if err != nil {
			return false
		}
		if st.PPid == ancestor {
			return true
		}
		pid = st.PPid
	}
	return false
}
