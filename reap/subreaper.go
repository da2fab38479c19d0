package reap

import (
	"os"

	"golang.org/x/sys/unix"
)

// IsPID1 reports whether the caller is the first process of its PID namespace, the one
// the kernel gives every orphan and whose exit ends the namespace.
func IsPID1() bool { return os.Getpid() == 1 }

// BecomeSubreaper makes orphans below the caller reparent to it instead of to PID 1, so
// an init that is not PID 1 (under a shell, in a Kubernetes pod that shares its PID
// namespace) still reaps everything its command leaves behind.
func BecomeSubreaper() error {
	return unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
}
