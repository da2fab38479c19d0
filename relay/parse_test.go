package relay

import (
	"strings"
	"syscall"
	"testing"
)

func TestParseSignalNames(t *testing.T) {
	for in, want := range map[string]syscall.Signal{
		"1": 1, "64": 64, "TERM": 15, "sigterm": 15, " SIGINT ": 2, "RTMIN": 34, "RTMIN+2": 36,
		"SIGRTMAX": 64, "rtmax-30": 34, "IOT": 6, "CLD": 17, "POLL": 29, "WINCH": 28,
	} {
		got, err := ParseSignal(in)
		if err != nil || got != want {
			t.Errorf("ParseSignal(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "65", "-1", "SIG", "RTMIN+31", "RTMAX-31", "RTMIN-1", "RTMIN+", "RTMIN++1", "TERM2", "1e3"} {
		if sig, err := ParseSignal(in); err == nil {
			t.Errorf("ParseSignal(%q) = %d, want an error", in, sig)
		}
	}
}

func TestNamesParseBack(t *testing.T) {
	for n := 1; n <= 64; n++ {
		sig := syscall.Signal(n)
		name := Name(sig)
		if strings.HasPrefix(name, "signal ") {
			continue // 32 and 33 have no name
		}
		if got, err := ParseSignal(name); err != nil || got != sig {
			t.Errorf("Name(%d) = %q parses as %d, %v", n, name, got, err)
		}
	}
}

func TestRewriteRules(t *testing.T) {
	var r Rewrite
	for _, rule := range []string{"TERM:QUIT", "15:0", "USR1:USR2"} {
		if err := r.Add(rule); err != nil {
			t.Fatal(err)
		}
	}
	if r.Apply(syscall.SIGTERM) != 0 || r.Apply(syscall.SIGUSR1) != syscall.SIGUSR2 || r.Apply(syscall.SIGHUP) != syscall.SIGHUP {
		t.Error("rules not applied as written (a later rule for TERM replaces the earlier one)")
	}
	for _, bad := range []string{"TERM", "TERM:", ":QUIT", "KILL:TERM", "STOP:0", "TERM:QUIT:HUP", "99:1"} {
		if err := r.Add(bad); err == nil {
			t.Errorf("Add(%q) accepted", bad)
		}
	}
}

// Whatever the input, ParseSignal never panics and its answers stay in range.
func FuzzParseSignal(f *testing.F) {
	for _, s := range []string{"TERM", "15", "RTMIN+2", "SIGRTMAX-1", "", "+", "RTMIN+-1", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sig, err := ParseSignal(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error for %q", s)
			}
			return
		}
		if sig < 1 || sig > 64 {
			t.Errorf("ParseSignal(%q) = %d, out of range", s, sig)
		}
	})
}

// Whatever the rule, Add never panics, and a rejected rule leaves a one-line reason.
func FuzzRewriteAdd(f *testing.F) {
	for _, s := range []string{"TERM:QUIT", "15:0", "RTMIN+1:HUP", ":", "a:b:c", "KILL:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rule string) {
		var r Rewrite
		if err := r.Add(rule); err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error for %q", rule)
			}
			return
		}
		for n := 1; n <= 64; n++ {
			if to := r.Apply(syscall.Signal(n)); to < 0 || to > 64 {
				t.Errorf("rule %q maps %d to %d", rule, n, to)
			}
		}
	})
}
