package relay

import (
	"fmt"
	"io"
	"os"
)

// logger writes one line per decision to stderr, prefixed "initty:", when verbose. The
// check comes before any formatting, so a quiet init spends nothing on it in the signal
// path.
type logger struct {
	level int
	w     io.Writer
}

func (l logger) on() bool { return l.level > 0 }

func (l logger) printf(format string, args ...any) {
	if l.level > 0 {
		l.w.Write(fmt.Appendf([]byte("initty: "), format+"\n", args...))
	}
}

// Warn prints a line that is shown whatever the verbosity.
func Warn(format string, args ...any) {
	os.Stderr.Write(fmt.Appendf([]byte("initty: "), format+"\n", args...))
}
