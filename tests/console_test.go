package tests

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// console is the test's side of a pty: everything the programs write is collected, and
// expect waits for a pattern with a deadline instead of sleeping.
type console struct {
	t      *testing.T
	master *os.File
	slave  *os.File

	mu      sync.Mutex
	buf     bytes.Buffer
	matched int           // offset just past the last match: expect looks only after it
	changed chan struct{} // closed and replaced whenever buf grows or the pty closes
	closed  bool
}

// newConsole opens a pty of 40x120 and starts collecting its output.
func newConsole(t *testing.T) *console {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatalf("pty: %v", err)
	}
	_ = pty.Setsize(master, &pty.Winsize{Rows: 40, Cols: 120})
	c := &console{t: t, master: master, slave: slave, changed: make(chan struct{})}
	go c.collect()
	t.Cleanup(func() { master.Close(); slave.Close() })
	return c
}

func (c *console) collect() {
	b := make([]byte, 4096)
	for {
		n, err := c.master.Read(b)
		c.mu.Lock()
		c.buf.Write(b[:n])
		if err != nil {
			c.closed = true
		}
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// expect waits up to timeout for the regular expression to match output that came after
// the previous match, and returns the submatches.
func (c *console) expect(pattern string, timeout time.Duration) []string {
	c.t.Helper()
	subs, err := c.find(pattern, timeout)
	if err != nil {
		c.t.Fatal(err)
	}
	return subs
}

// find is expect that reports a miss as an error instead of failing the test, for
// checks that may be tried again.
func (c *console) find(pattern string, timeout time.Duration) ([]string, error) {
	re := regexp.MustCompile(pattern)
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		rest := c.buf.Bytes()[c.matched:]
		if loc := re.FindSubmatchIndex(rest); loc != nil {
			subs := make([]string, 0, len(loc)/2)
			for i := 0; i < len(loc); i += 2 {
				if loc[i] < 0 {
					subs = append(subs, "")
				} else {
					subs = append(subs, string(rest[loc[i]:loc[i+1]]))
				}
			}
			c.matched += loc[1]
			c.mu.Unlock()
			return subs, nil
		}
		changed, closed := c.changed, c.closed
		c.mu.Unlock()
		if closed {
			return nil, fmt.Errorf("pty closed before %q appeared; output after last match:\n%s", pattern, c.tail())
		}
		select {
		case <-changed:
		case <-deadline:
			return nil, fmt.Errorf("%q did not appear within %v; output after last match:\n%s", pattern, timeout, c.tail())
		}
	}
}

// notSeen fails if the pattern appears in output after the last match.
func (c *console) notSeen(pattern string) {
	c.t.Helper()
	c.mu.Lock()
	rest := string(c.buf.Bytes()[c.matched:])
	c.mu.Unlock()
	if regexp.MustCompile(pattern).MatchString(rest) {
		c.t.Fatalf("unexpected %q in output:\n%s", pattern, rest)
	}
}

// all returns everything the console has received.
func (c *console) all() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

func (c *console) tail() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.ReplaceAll(string(c.buf.Bytes()[c.matched:]), "\r", "")
}

// send types s into the terminal.
func (c *console) send(s string) {
	c.t.Helper()
	if _, err := c.master.Write([]byte(s)); err != nil {
		c.t.Fatalf("writing to pty: %v", err)
	}
}

// Control characters as the terminal driver sees them.
const (
	ctrlC = "\x03"
	ctrlD = "\x04"
	ctrlZ = "\x1a"
)

// shellMarkers numbers the commands typed with run, so each end marker is new.
var shellMarkers struct {
	sync.Mutex
	n int
}

// run types cmd followed by an echo whose output only the shell's arithmetic can produce,
// then waits for that output: the echoed input never contains the number itself.
func (c *console) run(cmd string, timeout time.Duration) {
	c.t.Helper()
	shellMarkers.Lock()
	shellMarkers.n++
	n := shellMarkers.n
	shellMarkers.Unlock()
	sep := "; "
	if strings.HasSuffix(strings.TrimSpace(cmd), "&") {
		sep = " " // "cmd &; echo" is a syntax error
	}
	c.send(fmt.Sprintf("%s%secho __END$((%d+1))__\n", cmd, sep, n-1))
	c.expect(fmt.Sprintf("__END%d__", n), timeout)
}

// bashArgs is an interactive bash with nothing from the machine's rc files.
var bashArgs = []string{"bash", "--norc", "--noprofile", "-i"}

// bashEnv is an environment under which an interactive bash is predictable in a pty: a
// prompt the tests recognise, no bracketed-paste escapes, no history file.
func bashEnv(t *testing.T, prompt string) []string {
	t.Helper()
	inputrc := t.TempDir() + "/inputrc"
	if err := os.WriteFile(inputrc, []byte("set enable-bracketed-paste off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "PROMPT_COMMAND", "BASH_ENV", "ENV", "PS1", "PS2", "TERM", "HISTFILE", "INPUTRC":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "PS1="+prompt, "PS2=", "TERM=dumb", "HISTFILE=/dev/null", "INPUTRC="+inputrc)
}
