package reap

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// defaultPath is searched when PATH is unset, as execvp and the shells do.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// LookPath finds a command the way a shell does: a name with a slash is used as it is;
// otherwise the first executable regular file of that name in PATH wins, and when only
// non-executable ones exist the first of those is returned so that exec reports
// "Permission denied" (126) rather than "not found" (127). os/exec's LookPath skips
// such files and refuses relative PATH entries, which would change exit codes.
func LookPath(name string) (string, error) {
	if name == "" {
		return "", &ExecError{Command: name, Reason: "command not found", Code: CodeNotFound}
	}
	if strings.Contains(name, "/") {
		return name, nil
	}
	path, ok := os.LookupEnv("PATH")
	if !ok {
		path = defaultPath
	}
	firstFound := ""
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		candidate := filepath.Join(dir, name)
		fi, err := os.Stat(candidate)
		if err != nil || fi.IsDir() {
			continue
		}
		if unix.Access(candidate, unix.X_OK) == nil {
			return candidate, nil
		}
		if firstFound == "" {
			firstFound = candidate
		}
	}
	if firstFound != "" {
		return firstFound, nil
	}
	return "", &ExecError{Command: name, Reason: "command not found", Code: CodeNotFound}
}
