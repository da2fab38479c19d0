package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/initty/initty/tests/ocibundle"
)

// The release image used the way its README line says, `COPY --from=IMAGE /initty
// /initty` into an image with bash: this machine's image is unpacked from the OCI layout
// over a rootfs that has no initty of its own, and runc runs an interactive bash through
// its /initty as PID 1, with job control from the terminal.
func TestContainerFromReleaseImage(t *testing.T) {
	needRoot(t)
	needCommand(t, "runc")
	rootfs := filepath.Join(t.TempDir(), "rootfs")
	if err := ocibundle.BuildRootfs(rootfs, ocibundle.Options{Files: map[string]string{"/probe": probeBin}}); err != nil {
		t.Fatal(err)
	}
	unpackImage(t, rootfs)
	got, _ := os.ReadFile(filepath.Join(rootfs, "initty"))
	want, _ := os.ReadFile(filepath.Join(release(t), "initty-linux-"+runtime.GOARCH))
	if len(got) == 0 || !bytes.Equal(got, want) {
		t.Fatalf("/initty of the unpacked image is not the release binary (%d bytes)", len(got))
	}

	ct := newContainer(t, containerSpec{args: append([]string{"/initty", "--"}, bashArgs...), terminal: true, rootfs: rootfs})
	c := newConsole(t)
	s := start(t, onTerminal(ct.runCommand(), c))
	c.expect(containerPromptRE, 15*time.Second)
	initPid := ct.initPid(5 * time.Second)
	c.send("echo pid1=$(cat /proc/1/comm) $(/initty --version | head -1)\n")
	c.expect(`pid1=initty initty \S+`, 5*time.Second)
	c.expect(containerPromptRE, 5*time.Second)

	// Ctrl-Z stops the foreground job, bg resumes it, fg brings it back, Ctrl-C ends it.
	c.send("sleep 30\n")
	waitForeground(t, initPid, "sleep")
	c.send(ctrlZ)
	c.expect(`Stopped\s+sleep 30`, 5*time.Second)
	c.expect(containerPromptRE, 5*time.Second)
	c.send("bg\n")
	c.expect(`\[1\]\+ sleep 30 &`, 5*time.Second)
	c.expect(containerPromptRE, 5*time.Second)
	fgRunningJobAndInterrupt(t, c, initPid)
	c.notSeen("cannot set terminal process group|no job control")

	exitContainerShell(t, c, s, initPid, 3)
}
