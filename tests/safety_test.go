package tests

import (
	"bufio"
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

var (
	// A finished call; strace's --pidns-translation adds the host pid of returned pids.
	straceLine = regexp.MustCompile(`^(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+)(?:\s+/\* (\d+) in strace's PID NS \*/)?`)
	threadFlag = regexp.MustCompile(`CLONE_THREAD`)
)

// killCall is one signal initty sent, as strace saw it.
type killCall struct {
	target    int
	afterReap bool // the main child had been reaped before this call
	line      string
}

// traceInitty runs initty under strace and returns initty's kill calls, checking each
// against the pids initty had reaped by then. Threads of initty are recognised by the
// CLONE_THREAD clones of initty's own threads.
func traceInitty(t *testing.T, cmd *exec.Cmd, during func(inittyPid int)) []killCall {
	t.Helper()
	strace := needCommand(t, "strace")
	trace := filepath.Join(t.TempDir(), "trace")
	cmd.Args = append([]string{strace, "-f", "-qq", "--pidns-translation", "-e", "trace=execve,kill,tgkill,tkill,wait4,clone,clone3,pidfd_send_signal", "-o", trace}, cmd.Args...)
	cmd.Path = strace
	s := start(t, cmd)
	var inittyPid int
	eventually(t, 5*time.Second, "initty started under strace", func() bool {
		for _, c := range descendants(s.pid()) {
			if comm(c) == "initty" && catches(c, syscall.SIGUSR1) {
				inittyPid = c
				return true
			}
		}
		return false
	})
	// Signal only once the child's shell has set its traps and started its sleeps.
	eventually(t, 5*time.Second, "the child's sleep started", func() bool {
		for _, p := range descendants(inittyPid) {
			if comm(p) == "sleep" {
				return true
			}
		}
		return false
	})
	during(inittyPid)
	s.wait(t, 30*time.Second)

	f, err := os.Open(trace)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var calls []killCall
	threads := map[int]bool{}
	reaped := map[int]bool{}
	mainReaped := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	pending := map[string]string{} // tid -> first half of a call strace split
	for sc.Scan() {
		line := sc.Text()
		tidField, rest, _ := strings.Cut(line, " ")
		if head, ok := strings.CutSuffix(line, " <unfinished ...>"); ok {
			pending[tidField] = head
			continue
		}
		if i := strings.Index(rest, "resumed>"); i >= 0 && strings.Contains(rest, "<... ") {
			line = pending[tidField] + rest[i+len("resumed>"):]
			delete(pending, tidField)
		}
		m := straceLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		tid, _ := strconv.Atoi(m[1])
		if m[2] == "execve" && strings.HasPrefix(m[3], `"`+inittyBin+`"`) && m[4] == "0" {
			threads[tid] = true // initty's main thread; its other threads come from its clones
		}
		if !threads[tid] {
			continue
		}
		ret, _ := strconv.Atoi(m[4])
		args := strings.Split(m[3], ", ")
		switch m[2] {
		case "clone", "clone3":
			if threadFlag.MatchString(m[3]) && ret > 0 {
				host := ret // strace prefixes lines with host tids
				if m[5] != "" {
					host, _ = strconv.Atoi(m[5])
				}
				threads[host] = true
			}
		case "wait4":
			if ret > 0 && (strings.Contains(m[3], "WIFEXITED") || strings.Contains(m[3], "WIFSIGNALED")) {
				if len(reaped) == 0 {
					mainReaped = true // the first exit initty reaps is its command's, in these runs
				}
				reaped[ret] = true
			}
		case "kill":
			target, _ := strconv.Atoi(strings.Fields(args[0])[0])
			calls = append(calls, killCall{target, mainReaped, line})
			abs := target
			if abs < 0 {
				abs = -abs
			}
			if abs > 1 && reaped[abs] {
				t.Errorf("initty signalled pid %d after reaping it: %s", abs, line)
			}
		}
	}
	return calls
}

// In host mode initty never calls kill with 0 or -1 and never signals a pid it has reaped,
// through relays to a child that makes orphans, and through the end of leftovers.
func TestHostModeNeverSignalsStrangers(t *testing.T) {
	child := `trap "" USR1; for i in 1 2 3 4 5 6 7 8; do (sleep 0.0$i &); done; sleep 30 & sleep 0.3; exit 0`
	calls := traceInitty(t, initty("--grace", "1", "sh", "-c", child), func(pid int) {
		for i := 0; i < 50; i++ {
			syscall.Kill(pid, syscall.SIGUSR1)
			time.Sleep(10 * time.Millisecond) // spread the signals over the child's life
		}
	})
	relays := 0
	for _, c := range calls {
		if c.target == 0 || c.target == -1 {
			t.Errorf("kill(%d) in host mode: %s", c.target, c.line)
		}
		if c.target < -1 {
			relays++
		}
	}
	if relays == 0 {
		t.Error("no relay seen in the trace: the check saw nothing")
	}
	t.Logf("%d kill calls checked, %d relays", len(calls), relays)
}

// As PID 1, kill(-1) is used only after the command was reaped, to end the leftovers.
func TestPID1KillAllOnlyAtShutdown(t *testing.T) {
	needRoot(t)
	child := `trap "" USR1; sleep 30 & sleep 0.3; exit 0`
	// strace stays outside the namespace; unshare makes initty PID 1 of a new one.
	cmd := exec.Command(needCommand(t, "unshare"), "--pid", "--fork", inittyBin, "--grace", "1", "sh", "-c", child)
	calls := traceInitty(t, cmd, func(pid int) {
		for i := 0; i < 10; i++ {
			syscall.Kill(pid, syscall.SIGUSR1)
			time.Sleep(10 * time.Millisecond)
		}
	})
	killAll := 0
	for _, c := range calls {
		if c.target == 0 {
			t.Errorf("kill(0): %s", c.line)
		}
		if c.target == -1 {
			killAll++
			if !c.afterReap {
				t.Errorf("kill(-1) before the command was reaped: %s", c.line)
			}
		}
	}
	if killAll == 0 {
		t.Error("the leftover sleep was not ended with kill(-1)")
	}
}
