// Command democontainer is `make demo-container`: it builds a throw-away OCI bundle (busybox,
// bash and the static initty), runs an interactive bash under initty as the container's
// PID 1 with runc and terminal: true on your own terminal, then deletes the container.
//
//	go run ./tests/democontainer -initty bin/initty
//
// Try `sleep 30 &`, `jobs`, `fg`, Ctrl-C, Ctrl-Z, then `exit 3`: runc exits 3.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/initty/initty/tests/ocibundle"
	"golang.org/x/sys/unix"
)

func main() {
	initty := flag.String("initty", "bin/initty", "the static initty binary to put in the container as /initty")
	runc := flag.String("runc", "runc", "the runc binary")
	flag.Parse()
	code, err := run(*initty, *runc)
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo-container:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(initty, runcName string) (int, error) {
	if os.Geteuid() != 0 {
		return 0, errors.New("runc needs root: run it as root (sudo make demo-container)")
	}
	if _, err := unix.IoctlGetTermios(0, unix.TCGETS); err != nil {
		return 0, errors.New("stdin is not a terminal: the demo is an interactive shell")
	}
	runc, err := exec.LookPath(runcName)
	if err != nil {
		return 0, fmt.Errorf("runc is not installed: %w", err)
	}
	if _, err := os.Stat(initty); err != nil {
		return 0, fmt.Errorf("%w (build it with make)", err)
	}

	tmp, err := os.MkdirTemp("", "initty-demo-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	rootfs := filepath.Join(tmp, "rootfs")
	if err := ocibundle.BuildRootfs(rootfs, ocibundle.Options{Files: map[string]string{"/initty": initty}}); err != nil {
		return 0, fmt.Errorf("building the rootfs: %w", err)
	}
	bundle := filepath.Join(tmp, "bundle")
	err = ocibundle.WriteBundle(runc, bundle, ocibundle.Config{
		Rootfs:   rootfs,
		Args:     []string{"/initty", "-v", "--", "bash", "--norc", "--noprofile", "-i"},
		Env:      ocibundle.Env(`initty-demo:\w# `, "TERM="+termOr("xterm")),
		Terminal: true,
		Hostname: "initty-demo",
	})
	if err != nil {
		return 0, fmt.Errorf("writing the bundle: %w", err)
	}

	state := filepath.Join(tmp, "runc-state")
	id := fmt.Sprintf("initty-demo-%d", os.Getpid())
	defer func() {
		// Whatever happened, no container is left behind.
		_ = exec.Command(runc, "--root", state, "delete", "-f", id).Run()
	}()

	fmt.Fprintln(os.Stderr, "initty demo-container: bash under initty as PID 1 of a runc container.")
	fmt.Fprintln(os.Stderr, "Try `sleep 30 &`, `jobs`, `fg`, Ctrl-C, Ctrl-Z, then `exit 3`.")
	cmd := exec.Command(runc, "--root", state, "run", "--bundle", bundle, id)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// runc puts the terminal in raw mode, so the keyboard sends no signals here; a SIGTERM
	// or SIGHUP sent to the demo goes to runc, which relays it to the container's PID 1.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	err = cmd.Wait()
	signal.Stop(sigs)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code := exit.ExitCode()
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = 128 + int(ws.Signal())
		}
		fmt.Fprintf(os.Stderr, "initty demo-container: runc run exited %d\n", code)
		return code, nil
	}
	if err != nil {
		return 0, err
	}
	fmt.Fprintln(os.Stderr, "initty demo-container: runc run exited 0")
	return 0, nil
}

// termOr is the user's TERM, so the shell in the container draws for the real terminal.
func termOr(def string) string {
	if t := os.Getenv("TERM"); t != "" && t != "dumb" {
		return t
	}
	return def
}
