package main

import (
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// helperSource is bench/helper/main.go, embedded so that the bench can build the helper
// from any working directory: it only needs a Go toolchain, not the source tree.
//
//go:embed helper/main.go
var helperSource []byte

// helperGoMod makes the temporary build directory its own module. The helper uses the
// standard library only, so nothing is downloaded; "go 1.22" is old enough for any
// toolchain that can build this repository, so no toolchain switch is triggered.
const helperGoMod = "module inittybenchhelper\n\ngo 1.22\n"

// BuildHelper writes the helper's source into dir and builds a static binary there
// (CGO_ENABLED=0: its start-up must not depend on the dynamic loader, and it must run
// in any PID namespace). It returns the binary's path.
func BuildHelper(dir string) (string, error) {
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(src, "main.go"), helperSource, 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte(helperGoMod), 0o644); err != nil {
		return "", err
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		// `go run` does not always put its own toolchain on PATH.
		goTool = "/usr/local/go/bin/go"
		if !isExecutable(goTool) {
			return "", fmt.Errorf("no go toolchain found on PATH: %v", err)
		}
	}
	bin := filepath.Join(dir, "helper")
	cmd := exec.Command(goTool, "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building the helper: %v\n%s", err, out)
	}
	return bin, nil
}
