package reap

import (
	"bufio"
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
			if interp := interpreter(path); interp != "" {
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

// interpreter returns the program named on a script's #! line, or "".
func interpreter(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	if !strings.HasPrefix(line, "#!") {
		return ""
	}
	fields := strings.Fields(line[2:])
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}
