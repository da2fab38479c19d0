package relay

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/sys/unix"
)

// logger writes one line per decision to stderr, prefixed "initty[PID]:", when verbose.
// The check comes before any formatting, so a quiet init spends nothing on it in the
// signal path. The pid tells initty's lines apart from a nested initty's, or the
// container's PID 1 from a helper.
type logger struct {
	level  int
	w      io.Writer
	prefix string
}

func newLogger(level int) logger {
	return logger{level: level, w: stderrFd{}, prefix: "initty[" + strconv.Itoa(os.Getpid()) + "]: "}
}

// stderrFd writes to fd 2 with write(2) itself. os.Stderr turns a broken pipe into death
// by SIGPIPE (the os package does that on fds 1 and 2 unless SIGPIPE is subscribed): an
// init whose log reader went away (`initty -v cmd 2>&1 | head`) must go on looking
// after its command. A failed write is dropped.
type stderrFd struct{}

func (stderrFd) Write(b []byte) (int, error) {
	total := 0
	for total < len(b) {
		n, err := unix.Write(2, b[total:])
		if err == unix.EINTR {
			continue
		}
		if err != nil || n <= 0 {
			return total, err
		}
		total += n
	}
	return total, nil
}

func (l logger) on() bool { return l.level > 0 }

func (l logger) printf(format string, args ...any) {
	if l.level > 0 {
		b := fmt.Appendf([]byte(l.prefix), format, args...)
		l.w.Write(append(b, lineEnd()...))
	}
}

// Warn prints a line that is shown whatever the verbosity. Control characters are
// escaped: the line often quotes a command name, which may hold an escape sequence that
// would clear the user's screen or a newline that would break the one-line rule.
func Warn(format string, args ...any) {
	stderrFd{}.Write([]byte("initty: " + OneLine(fmt.Sprintf(format, args...)) + lineEnd()))
}

// OneLine escapes control characters as \xNN, so that any text fits on one line and is
// safe to print on a terminal.
func OneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// lineEnd is "\r\n" when stderr is a terminal whose output processing is off (a
// full-screen program under initty put it in raw mode): "\n" alone would only move the
// cursor down, and each line would start where the last one ended.
func lineEnd() string {
	t, err := unix.IoctlGetTermios(2, unix.TCGETS)
	if err == nil && (t.Oflag&unix.OPOST == 0 || t.Oflag&unix.ONLCR == 0) {
		return "\r\n"
	}
	return "\n"
}
