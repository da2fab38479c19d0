package reap

import (
	"errors"
	"os"
	"strings"
	"syscall"
)

// ExecError is a command that could not be started. Code is the exit status a shell
// gives the same failure, so scripts that check for 127 or 126 keep working.
type ExecError struct {
	Command string
	Reason  string
	Code    int
}

func (e *ExecError) Error() string { return e.Command + ": " + e.Reason }

// Exit codes of a failed start, as POSIX shells use them.
const (
	CodeNotFound      = 127 // no such command, or its interpreter is missing
	CodeNotExecutable = 126 // found, but cannot be executed
	CodeCannotStart   = 1   // anything else: no memory, no more processes
)

// execError classifies the errno of a failed exec the way bash does.
func execError(command, path string, err error) *ExecError {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return &ExecError{Command: command, Reason: err.Error(), Code: CodeCannotStart}
	}
	reason := errnoText(errno)
	switch errno {
	case syscall.ENOENT:
		// A script whose #! interpreter is missing also gives ENOENT: name it, as
		// bash does, because "No such file" about a file that exists misleads.
		if _, statErr := os.Stat(path); statErr == nil {
			if interp := Interpreter(path); strings.HasSuffix(interp, "\r") {
				reason = "bad interpreter \"" + interp + "\": the #! line ends in a carriage return (CRLF line endings; convert the script with dos2unix)"
			} else if interp != "" {
				reason = interp + ": bad interpreter: " + reason
			}
		}
		return &ExecError{Command: command, Reason: reason, Code: CodeNotFound}
	case syscall.EACCES:
		if fi, statErr := os.Stat(path); statErr == nil && fi.IsDir() {
			reason = errnoText(syscall.EISDIR)
		}
		return &ExecError{Command: command, Reason: reason, Code: CodeNotExecutable}
	case syscall.ENOEXEC, syscall.ETXTBSY, syscall.EISDIR, syscall.EPERM:
		return &ExecError{Command: command, Reason: reason, Code: CodeNotExecutable}
	case syscall.ELOOP, syscall.ENAMETOOLONG, syscall.ENOTDIR:
		return &ExecError{Command: command, Reason: reason, Code: CodeNotFound}
	}
	return &ExecError{Command: command, Reason: "cannot start: " + reason, Code: CodeCannotStart}
}

// errnoText is strerror's wording with a capital, as shells print it.
func errnoText(errno syscall.Errno) string {
	s := errno.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Interpreter returns the program named on a script's #! line, exactly as the kernel
// reads it (up to a space, a tab or the end of the line, so a carriage return of CRLF
// line endings stays part of the name), or "".
func Interpreter(path string) string {
	head, _ := readHead(path, 256)
	line, _, _ := strings.Cut(string(head), "\n")
	rest, ok := strings.CutPrefix(line, "#!")
	if !ok {
		return ""
	}
	rest = strings.TrimLeft(rest, " \t")
	if i := strings.IndexAny(rest, " \t"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// InterpretedBySelf reports whether path is a script whose #! line names the running
// program itself. For an init that means endless recursion: `#!/initty` with no command
// makes the kernel run `initty SCRIPT`, which runs SCRIPT, which runs initty again.
func InterpretedBySelf(path string) bool {
	if !strings.Contains(path, "/") {
		return false // the kernel passes a #! script by its path
	}
	interp := Interpreter(path)
	if interp == "" {
		return false
	}
	var self, other syscall.Stat_t
	return syscall.Stat("/proc/self/exe", &self) == nil && syscall.Stat(interp, &other) == nil &&
		self.Dev == other.Dev && self.Ino == other.Ino
}
