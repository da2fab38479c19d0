package main

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

func envOf(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestOptionsStopAtFirstNonOption(t *testing.T) {
	o, err := parseOptions([]string{"-c", "ls", "-l", "--", "-x"}, noEnv)
	if err != nil || !o.cfg.SingleChild || strings.Join(o.argv, " ") != "ls -l -- -x" {
		t.Fatalf("got %+v, %v", o.argv, err)
	}
	o, err = parseOptions([]string{"--", "-x"}, noEnv)
	if err != nil || len(o.argv) != 1 || o.argv[0] != "-x" {
		t.Fatalf("-- -x: %v %v", o.argv, err)
	}
}

func TestOptionsValues(t *testing.T) {
	o, err := parseOptions([]string{"-vv", "-r", "TERM:QUIT", "--rewrite=15:0", "-e", "3", "-e143",
		"--grace", "250ms", "-p", "SIGKILL", "--no-tty", "-s", "-g", "cmd"}, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	c := o.cfg
	if c.Verbosity != 2 || c.Rewrite.Apply(syscall.SIGTERM) != 0 || !c.RemapExit[3] || !c.RemapExit[143] ||
		c.Grace != 250*time.Millisecond || c.PdeathSig != syscall.SIGKILL || !c.NoTTY {
		t.Errorf("parsed %+v", c)
	}
	if o, _ := parseOptions([]string{"cmd"}, noEnv); o.cfg.Grace != defaultGrace {
		t.Errorf("default grace %v", o.cfg.Grace)
	}
	if o, _ := parseOptions([]string{"--grace", "2", "cmd"}, noEnv); o.cfg.Grace != 2*time.Second {
		t.Errorf("--grace 2 = %v", o.cfg.Grace)
	}
}

func TestEnvironmentVariables(t *testing.T) {
	for _, tc := range []struct {
		env     map[string]string
		single  bool
		verbose int
	}{
		{map[string]string{"DUMB_INIT_SETSID": "0"}, true, 0},
		{map[string]string{"DUMB_INIT_SETSID": "1"}, false, 0},
		{map[string]string{"DUMB_INIT_DEBUG": "1"}, false, 1},
		{map[string]string{"DUMB_INIT_DEBUG": "0"}, false, 0},
		{map[string]string{"TINI_VERBOSITY": "1"}, false, 0},
		{map[string]string{"TINI_VERBOSITY": "3"}, false, 2},
		{map[string]string{"TINI_SUBREAPER": "1", "TINI_KILL_PROCESS_GROUP": "1"}, false, 0},
	} {
		o, err := parseOptions([]string{"cmd"}, envOf(tc.env))
		if err != nil || o.cfg.SingleChild != tc.single || o.cfg.Verbosity != tc.verbose {
			t.Errorf("%v: single %v verbosity %d (%v)", tc.env, o.cfg.SingleChild, o.cfg.Verbosity, err)
		}
	}
}

func TestShebangSplit(t *testing.T) {
	o, err := parseOptions([]string{"-c --grace 1 /bin/sh", "script", "a b"}, noEnv)
	if err != nil || !o.cfg.SingleChild || strings.Join(o.argv, "|") != "/bin/sh|script|a b" {
		t.Fatalf("%q %v", o.argv, err)
	}
}

// Whatever the command line and environment, parsing never panics, and a rejection is a
// usage error of one line.
func FuzzParseOptions(f *testing.F) {
	for _, seed := range [][2]string{
		{"-c\x00cmd", ""}, {"-r\x00TERM:QUIT\x00cmd", "DUMB_INIT_SETSID=0"}, {"--grace\x00-1\x00x", ""},
		{"-vvv\x00-P", "TINI_VERBOSITY=9"}, {"-e\x00300\x00x", ""}, {"--\x00-x", ""}, {"-p\x00", ""},
		{"-c -r 15:0 /bin/sh\x00s", ""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, args, env string) {
		kv := map[string]string{}
		for _, pair := range strings.Split(env, "\x00") {
			if k, v, ok := strings.Cut(pair, "="); ok {
				kv[k] = v
			}
		}
		o, err := parseOptions(strings.Split(args, "\x00"), envOf(kv))
		if err != nil {
			var ue usageError
			if !errors.As(err, &ue) || strings.Contains(err.Error(), "\n") || err.Error() == "" {
				t.Errorf("args %q: %q is not a one-line usage error", args, err)
			}
			return
		}
		if !o.help && !o.version && o.pause == (len(o.argv) > 0) {
			t.Errorf("args %q: accepted with pause=%v and %d command words", args, o.pause, len(o.argv))
		}
	})
}

// Whatever the duration text, it is either rejected or a duration in range.
func FuzzParseGrace(f *testing.F) {
	for _, s := range []string{"5s", "0", "2.5", "-1", "1e400", "NaN", "1h1m", "+3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseGrace(s)
		if err == nil && d < 0 {
			t.Errorf("parseGrace(%q) = %v", s, d)
		}
	})
}
