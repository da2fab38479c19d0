//go:build phases

package relay

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// A build with -tags phases (made by `make bench`, never shipped) records when each of
// the init's phases ends, on the same CLOCK_MONOTONIC as its caller, and prints them
// on stderr as its last line, so that the bench can show where the time of one run
// goes. Without the tag, phase does nothing and costs nothing.

type phaseMark struct {
	name string
	ns   int64
}

var phaseMarks = make([]phaseMark, 0, 16)

// The package's variables are set after the runtime has started, before main.
var _ = phase("runtime")

func phase(name string) bool {
	if len(phaseMarks) == cap(phaseMarks) {
		return true // a long run (orphans, signals) only keeps its start
	}
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	phaseMarks = append(phaseMarks, phaseMark{name, ts.Nano()})
	return true
}

// phaseReport writes "initty-phases NAME=NS ..." on stderr.
func phaseReport() {
	phase("finish")
	b := []byte("initty-phases")
	for _, m := range phaseMarks {
		b = append(b, ' ')
		b = append(b, m.name...)
		b = append(b, '=')
		b = strconv.AppendInt(b, m.ns, 10)
	}
	stderrFd{}.Write(append(b, '\n'))
}
