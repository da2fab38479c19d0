package tests

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// relayed starts initty (host mode, no terminal: stdin is /dev/null) in front of the probe,
// with the probe's reports on a console.
func relayed(t *testing.T, inittyArgs []string, probeArgs ...string) (*started, *console) {
	t.Helper()
	out := newConsole(t)
	args := append(append([]string{}, inittyArgs...), append([]string{"--", probeBin, "signals"}, probeArgs...)...)
	cmd := initty(args...)
	cmd.Stdout, cmd.Stderr = out.slave, out.slave
	s := start(t, cmd)
	out.expect(`main ready`, 5*time.Second)
	return s, out
}

// Each of the common signals, and a real-time one, reaches the child exactly once.
func TestEachSignalReachesChildOnce(t *testing.T) {
	s, out := relayed(t, nil)
	sigs := []syscall.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGUSR1,
		syscall.SIGUSR2, syscall.SIGALRM, syscall.SIGTERM, syscall.SIGWINCH, syscall.SIGCONT, 35, 40, 64}
	for _, sig := range sigs {
		if err := syscall.Kill(s.pid(), sig); err != nil {
			t.Fatal(err)
		}
		out.expect(fmt.Sprintf(`main %d\r?\n`, int(sig)), 3*time.Second)
	}
	// A last signal proves everything before it was delivered; then count.
	syscall.Kill(s.pid(), syscall.SIGPWR)
	out.expect(`main 30\r?\n`, 3*time.Second)
	all := out.all()
	for _, sig := range sigs {
		n := len(regexp.MustCompile(fmt.Sprintf(`main %d\r?\n`, int(sig))).FindAllString(all, -1))
		if n != 1 {
			t.Errorf("signal %d reached the child %d times, want once", int(sig), n)
		}
	}
	if strings.Contains(all, "main 23") {
		t.Errorf("the child received SIGURG")
	}
}

// By default a signal reaches the child's whole process group; with -c only the child.
func TestGroupAndSingleChildRelay(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		subGets bool
	}{{nil, true}, {[]string{"-g"}, true}, {[]string{"-c"}, false}} {
		s, out := relayed(t, tc.args, "spawn")
		out.expect(`sub ready`, 5*time.Second)
		syscall.Kill(s.pid(), syscall.SIGUSR1)
		out.expect(`main 10`, 3*time.Second)
		// Then a signal straight to the group: once the sub reports it, the sub would
		// have reported an earlier relayed SIGUSR1 too.
		stat, _ := readStat(children(s.pid())[0])
		syscall.Kill(-stat.PGrp, syscall.SIGUSR2)
		out.expect(`sub 12`, 3*time.Second)
		got := strings.Contains(out.all(), "sub 10")
		if got != tc.subGets {
			t.Errorf("initty %v: the child's group member got the relayed signal: %v, want %v", tc.args, got, tc.subGets)
		}
	}
}

// The default group relay ends a whole pipeline.
func TestTermEndsPipeline(t *testing.T) {
	s := start(t, initty("sh", "-c", "sleep 100 | sleep 100"))
	eventually(t, 5*time.Second, "pipeline started", func() bool { return len(descendants(s.pid())) == 3 })
	procs := descendants(s.pid())
	syscall.Kill(s.pid(), syscall.SIGTERM)
	if !s.exitedWithin(3 * time.Second) {
		t.Fatal("initty still running 3 s after SIGTERM")
	}
	for _, p := range procs {
		if st, ok := readStat(p); ok && st.State != 'Z' {
			t.Errorf("pid %d of the pipeline still running after SIGTERM", p)
		}
	}
}

// --rewrite relays S as R, and R=0 drops S.
func TestRewrite(t *testing.T) {
	s, out := relayed(t, []string{"--rewrite", "TERM:QUIT", "-r", "SIGUSR2:0", "-r", "RTMIN+2:10"})
	syscall.Kill(s.pid(), syscall.SIGTERM)
	out.expect(`main 3\r?\n`, 3*time.Second)
	syscall.Kill(s.pid(), syscall.SIGUSR2)
	syscall.Kill(s.pid(), 36)
	out.expect(`main 10\r?\n`, 3*time.Second)
	all := out.all()
	for _, bad := range []string{"main 15", "main 12", "main 36"} {
		if strings.Contains(all, bad) {
			t.Errorf("%q reported: the rewrite was not applied", bad)
		}
	}

	s, out = relayed(t, []string{"--rewrite", "15:0"})
	syscall.Kill(s.pid(), syscall.SIGTERM)
	syscall.Kill(s.pid(), syscall.SIGUSR1)
	out.expect(`main 10\r?\n`, 3*time.Second)
	if strings.Contains(out.all(), "main 15") {
		t.Error("--rewrite 15:0 relayed SIGTERM")
	}
}

// Under CPU load and 2,000 relayed SIGUSR1, the child receives nothing else: above all
// no SIGURG from initty's Go runtime. The child is bash, which cannot send itself SIGURG;
// one SIGURG sent straight to it proves the trap would see one.
func TestNoRuntimeSignalsReachChild(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	var traps strings.Builder
	for _, name := range []string{"HUP", "INT", "QUIT", "USR2", "ALRM", "TERM", "WINCH", "CONT", "URG", "TSTP", "TTIN", "TTOU", "PROF", "VTALRM", "IO", "PWR", "XCPU", "XFSZ"} {
		fmt.Fprintf(&traps, "trap 'echo %s >> %s' %s\n", name, log, name)
	}
	script := traps.String() + "n=0\ntrap 'n=$((n+1))' USR1\n" +
		"trap 'echo usr1=$n >> " + log + "; echo done >> " + log + "; exit 0' RTMIN+1\n" +
		"echo ready >> " + log + "\nwhile :; do sleep 0.2 & wait $!; done\n"
	// -c keeps the relay to bash alone: the sleeps would die of SIGUSR1.
	s := start(t, initty("-c", "bash", "-c", script))
	eventually(t, 5*time.Second, "bash ready", func() bool { b, _ := os.ReadFile(log); return strings.Contains(string(b), "ready") })

	// Load both cores while the storm runs.
	var load []*exec.Cmd
	for i := 0; i < 2; i++ {
		l := exec.Command("sh", "-c", "while :; do :; done")
		l.Start()
		load = append(load, l)
	}
	defer func() {
		for _, l := range load {
			l.Process.Kill()
			l.Wait()
		}
	}()
	// The one SIGURG the trap must see, seen before the storm: under a flood of USR1
	// traps, bash may end on RTMIN+1 before it runs a trap still pending.
	bash := children(s.pid())[0]
	syscall.Kill(bash, syscall.SIGURG)
	eventually(t, 5*time.Second, "bash's URG trap ran", func() bool { b, _ := os.ReadFile(log); return strings.Contains(string(b), "URG") })
	for i := 0; i < 2000; i++ {
		syscall.Kill(s.pid(), syscall.SIGUSR1)
		if i%100 == 0 {
			time.Sleep(time.Millisecond) // let the relay keep up, so the count means something
		}
	}
	syscall.Kill(s.pid(), 35)
	eventually(t, 15*time.Second, "bash done", func() bool { b, _ := os.ReadFile(log); return strings.Contains(string(b), "done") })
	b, _ := os.ReadFile(log)
	lines := strings.Fields(string(b))
	var others []string
	usr1 := 0
	for _, l := range lines {
		switch {
		case l == "ready", l == "done":
		case strings.HasPrefix(l, "usr1="):
			usr1, _ = strconv.Atoi(strings.TrimPrefix(l, "usr1="))
		default:
			others = append(others, l)
		}
	}
	if len(others) != 1 || others[0] != "URG" {
		t.Errorf("the child received %v besides SIGUSR1; want only the one SIGURG sent to it directly", others)
	}
	if usr1 == 0 {
		t.Errorf("no SIGUSR1 reached the child")
	}
	t.Logf("2000 SIGUSR1 sent, %d trap runs in the child (signals coalesce), other signals: %v", usr1, others)
}

// A storm of relayed signals never hides the command's end: initty exits with the
// command's status while the storm goes on. (A SIGCHLD that found the loop's channel full
// of queued signals used to be dropped by os/signal, and initty then waited for ever.)
func TestCommandEndSeenDuringSignalStorm(t *testing.T) {
	for round := 0; round < 5; round++ {
		ready := filepath.Join(t.TempDir(), "ready")
		// -v: a loop slowed by a log line per signal falls behind the storm, as a busy one would.
		cmd := initty("-v", "--", "sh", "-c", "trap '' USR1 USR2 WINCH; touch "+ready+"; sleep 0.3; exit 3")
		cmd.Stderr = io.Discard
		s := start(t, cmd)
		eventually(t, 5*time.Second, "command ready", func() bool { return fileExists(ready) })
		stop := make(chan struct{})
		for sender := 0; sender < 4; sender++ {
			go func() {
				for {
					select {
					case <-stop:
						return
					default:
						syscall.Kill(s.pid(), syscall.SIGUSR1)
						syscall.Kill(s.pid(), syscall.SIGUSR2)
						syscall.Kill(s.pid(), syscall.SIGWINCH)
					}
				}
			}()
		}
		ws := s.wait(t, 10*time.Second)
		close(stop)
		if exitCode(ws) != 3 {
			t.Fatalf("round %d: initty ended %v, want the command's 3", round, ws)
		}
	}
}
