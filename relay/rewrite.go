package relay

import (
	"fmt"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Rewrite maps a received signal to the one relayed, as dumb-init's --rewrite does. The
// zero value relays every signal unchanged. A lookup is an array index: it runs for
// every signal, and a map would allocate nothing but cost a hash.
type Rewrite struct {
	to  [65]syscall.Signal
	set [65]bool
}

// Add reads one rule "S:R": relay S as R, or drop S when R is 0. S and R are numbers or
// names (see ParseSignal). A later rule for the same S replaces an earlier one.
func (r *Rewrite) Add(rule string) error {
	from, to, ok := strings.Cut(rule, ":")
	if !ok {
		return fmt.Errorf("bad rewrite %q: want SIGNAL:SIGNAL, e.g. TERM:QUIT or 15:0", rule)
	}
	s, err := ParseSignal(from)
	if err != nil {
		return fmt.Errorf("bad rewrite %q: %v", rule, err)
	}
	if s == unix.SIGKILL || s == unix.SIGSTOP {
		return fmt.Errorf("bad rewrite %q: %s cannot be caught, so it is never relayed", rule, Name(s))
	}
	var t syscall.Signal
	if strings.TrimSpace(to) != "0" {
		if t, err = ParseSignal(to); err != nil {
			return fmt.Errorf("bad rewrite %q: %v", rule, err)
		}
	}
	r.to[s], r.set[s] = t, true
	return nil
}

// Apply returns the signal to relay for sig; 0 means drop it.
func (r *Rewrite) Apply(sig syscall.Signal) syscall.Signal {
	if sig > 0 && int(sig) < len(r.set) && r.set[sig] {
		return r.to[sig]
	}
	return sig
}
