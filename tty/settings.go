package tty

import (
	"golang.org/x/term"
)

// RestoreIfChanged puts back the terminal settings seen by Open if they differ now, and
// reports whether it did. An init calls it when its command died of a signal: a crashed
// full-screen program leaves the terminal raw and silent. A command that exits normally
// keeps its changes (`stty -echo` means it), the rule bash applies to its jobs.
func (t *Terminal) RestoreIfChanged() (bool, error) {
	now, err := term.GetState(t.fd)
	if err != nil {
		return false, err
	}
	if *now == *t.saved {
		return false, nil
	}
	return true, withoutSIGTTOU(func() error { return term.Restore(t.fd, t.saved) })
}
