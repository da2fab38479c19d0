package tests

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// underWrap runs a command through the probe's wrap mode (which sets up ignored and
// blocked signals and odd fds, then execs), with or without initty in between.
func underWrap(t *testing.T, setup []string, withInitty bool, command ...string) string {
	t.Helper()
	args := append([]string{"wrap"}, setup...)
	args = append(args, "--")
	if withInitty {
		args = append(args, inittyBin)
	}
	args = append(args, command...)
	cmd := exec.Command(probeBin, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	return string(out)
}

// The child's signal mask and ignored signals are the ones initty was given.
func TestChildSignalStateMatchesDirectRun(t *testing.T) {
	grep := []string{"/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"}
	for _, setup := range [][]string{nil, {"ignore"}, {"block"}, {"ignore", "block"}} {
		direct := underWrap(t, setup, false, grep...)
		viaInitty := underWrap(t, setup, true, grep...)
		if direct != viaInitty {
			t.Errorf("setup %v:\ndirect run:\n%sunder initty:\n%s", setup, direct, viaInitty)
		}
	}
	// The setup really changes something, or this test would prove nothing.
	if underWrap(t, nil, false, grep...) == underWrap(t, []string{"ignore", "block"}, false, grep...) {
		t.Fatal("wrap's ignore/block did not change the signal state")
	}
	// nohup still works through initty: the same as nohup without it, SIGHUP included.
	direct, err1 := exec.Command("nohup", "grep", "SigIgn", "/proc/self/status").Output()
	out, err := exec.Command("nohup", inittyBin, "grep", "SigIgn", "/proc/self/status").Output()
	if err != nil || err1 != nil || string(out) != string(direct) || !regexp.MustCompile(`SigIgn:\s+[0-9a-f]*[13579bdf]$`).MatchString(strings.TrimSpace(string(out))) {
		t.Errorf("nohup initty: child has %q (%v), direct run %q: want the same, SIGHUP ignored", out, err, direct)
	}
}

// The child gets the fds initty was given: a closed fd 0 stays closed, an inherited fd 7
// is passed on, and none of initty's own fds leak.
func TestChildFdsMatchDirectRun(t *testing.T) {
	list := []string{"/bin/sh", "-c", "ls -l /proc/self/fd/ | awk 'NR>1 {print $9, $10, $11}'"}
	// Pipes are new for every run (the listing's own pipeline, the output pipe): compare
	// their kind, not their inode numbers.
	numbers := regexp.MustCompile(`/proc/\d+/|pipe:\[\d+\]`)
	norm := func(s string) string { return numbers.ReplaceAllString(s, "N") }
	for _, setup := range [][]string{nil, {"fd7"}, {"close0"}, {"close0", "fd7"}} {
		direct := norm(underWrap(t, setup, false, list...))
		viaInitty := norm(underWrap(t, setup, true, list...))
		if direct != viaInitty {
			t.Errorf("setup %v: fds differ\ndirect run:\n%sunder initty:\n%s", setup, direct, viaInitty)
		}
	}
}

// Environment and working directory are passed through untouched.
func TestChildEnvAndCwdMatchDirectRun(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) string {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "INITTY_TEST_VAR=with spaces and = signs")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	script := "pwd; env | grep -v '^_=' | sort; umask; ulimit -a"
	direct := run("sh", "-c", script)
	viaInitty := run(inittyBin, "sh", "-c", script)
	if direct != viaInitty {
		t.Errorf("direct run:\n%s\nunder initty:\n%s", direct, viaInitty)
	}
}
