package main

import (
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Init is one init program under test.
type Init struct {
	// Name is the column heading: "initty", "tini", "dumb-init", ...
	Name string
	// Path is the executable.
	Path string
	// dashdash says whether the init takes "--" before the command. dumb-init is run
	// without it, exactly as its documentation shows.
	dashdash bool
	// noCommand marks the empty Go program, a reference that runs no command.
	noCommand bool
}

// Argv returns the command line that runs cmd under the init.
func (in *Init) Argv(cmd ...string) []string {
	argv := []string{in.Path}
	if in.noCommand {
		return argv
	}
	if in.dashdash {
		argv = append(argv, "--")
	}
	return append(argv, cmd...)
}

// peer describes where an init other than initty is usually installed.
type peer struct {
	name     string
	paths    []string
	dashdash bool
}

// peers lists the known inits in the order their columns appear. tini is the reference
// every ratio is taken against. tini-static is the same tini linked statically: initty
// and catatonit are static too, so it separates "tini's code" from "the dynamic loader".
var peers = []peer{
	{"tini", []string{"/usr/bin/tini", "/usr/local/bin/tini", "/sbin/tini"}, true},
	{"tini-static", []string{"/usr/bin/tini-static", "/usr/local/bin/tini-static"}, true},
	{"dumb-init", []string{"/usr/bin/dumb-init", "/usr/local/bin/dumb-init"}, false},
	{"catatonit", []string{"/usr/bin/catatonit", "/usr/libexec/podman/catatonit", "/usr/local/bin/catatonit"}, true},
}

// FindInits returns initty followed by the wanted peers that are present and work. Every
// init left out gets a note saying why, and inittyErr is set if initty itself is unusable.
func FindInits(inittyPath string, wanted []string, truePath string) (inits []*Init, notes []string, inittyErr error) {
	want := map[string]bool{}
	for _, w := range wanted {
		want[strings.TrimSpace(w)] = true
	}
	for _, p := range peers {
		if !want[p.name] {
			continue
		}
		path := ""
		for _, c := range p.paths {
			if isExecutable(c) {
				path = c
				break
			}
		}
		if path == "" {
			if lp, err := exec.LookPath(p.name); err == nil {
				path = lp
			}
		}
		if path == "" {
			notes = append(notes, fmt.Sprintf("%s: not installed, skipped", p.name))
			continue
		}
		in := &Init{Name: p.name, Path: path, dashdash: p.dashdash}
		if err := smokeTest(in, truePath); err != nil {
			notes = append(notes, fmt.Sprintf("%s (%s): does not work, skipped: %v", p.name, path, err))
			continue
		}
		inits = append(inits, in)
	}
	in := &Init{Name: "initty", Path: inittyPath, dashdash: true}
	if abs, err := filepath.Abs(inittyPath); err == nil {
		in.Path = abs
	}
	switch {
	case !isExecutable(in.Path):
		inittyErr = fmt.Errorf("%s is missing or not executable (run `make` first)", inittyPath)
	default:
		inittyErr = smokeTest(in, truePath)
	}
	if inittyErr != nil {
		notes = append(notes, fmt.Sprintf("initty (%s): UNUSABLE, skipped: %v", inittyPath, inittyErr))
	} else {
		inits = append(inits, in)
	}
	return inits, notes, inittyErr
}

// isExecutable reports whether path is a regular file with an execute bit.
func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

// smokeTest checks that the init runs `true` and passes on its exit status 0, so a broken
// build shows up as one clear note rather than as errors in every metric.
func smokeTest(in *Init, truePath string) error {
	p, err := Spawn(in.Argv(truePath), SpawnOptions{})
	if err != nil {
		return err
	}
	ws, err := p.Wait(5 * time.Second)
	if err != nil {
		return err
	}
	if !ws.Exited() || ws.ExitStatus() != 0 {
		return fmt.Errorf("`%s` ended with %s; stderr: %q", strings.Join(in.Argv(truePath), " "),
			describeStatus(ws), p.Stderr())
	}
	return nil
}

// describeStatus turns a wait status into words for error messages.
func describeStatus(ws syscall.WaitStatus) string {
	switch {
	case ws.Exited():
		return fmt.Sprintf("exit status %d", ws.ExitStatus())
	case ws.Signaled():
		return fmt.Sprintf("signal %v", ws.Signal())
	default:
		return fmt.Sprintf("wait status %#x", uint32(ws))
	}
}

// Linkage reports "static" or "dynamic" for an ELF executable: a dynamic init's binary
// size leaves out libc, and its start-up pays for the dynamic loader.
func Linkage(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return "?"
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return "dynamic"
		}
	}
	return "static"
}

// lookCommand finds a helper command such as true or sleep, preferring /bin.
func lookCommand(name string) (string, error) {
	for _, dir := range []string{"/bin", "/usr/bin"} {
		if p := filepath.Join(dir, name); isExecutable(p) {
			return p, nil
		}
	}
	return exec.LookPath(name)
}
