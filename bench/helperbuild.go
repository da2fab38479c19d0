package main

import (
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// The programs the bench builds itself, embedded so that it can build them from any
// working directory: it only needs a Go toolchain, not the source tree.
var (
	//go:embed helper/main.go
	helperSource []byte
	//go:embed refs/goempty/main.go
	goEmptySource []byte
	//go:embed refs/goinit/main.go
	goInitSource []byte
)

// embeddedGoMod makes each temporary build directory its own module. The programs use
// the standard library only, so nothing is downloaded; "go 1.22" is old enough for any
// toolchain that can build this repository, so no toolchain switch is triggered.
const embeddedGoMod = "module inittybench\n\ngo 1.22\n"

// BuildHelper builds bench/helper into dir and returns the binary's path.
func BuildHelper(dir string) (string, error) { return buildEmbedded(dir, "helper", helperSource) }

// BuildReferences builds the empty Go program and the minimal Go init into dir.
func BuildReferences(dir string) (goEmpty, goInit string, err error) {
	if goEmpty, err = buildEmbedded(dir, "go-empty", goEmptySource); err != nil {
		return "", "", err
	}
	goInit, err = buildEmbedded(dir, "go-init", goInitSource)
	return goEmpty, goInit, err
}

// buildEmbedded writes source into dir/name-src and builds a static binary dir/name
// (CGO_ENABLED=0, -trimpath, -s -w: built as initty is, so that its start-up does not
// depend on the dynamic loader, and it runs in any PID namespace).
func buildEmbedded(dir, name string, source []byte) (string, error) {
	src := filepath.Join(dir, name+"-src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(src, "main.go"), source, 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte(embeddedGoMod), 0o644); err != nil {
		return "", err
	}
	goTool, err := goCommand()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, name)
	cmd := exec.Command(goTool, "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building %s: %v\n%s", name, err, out)
	}
	return bin, nil
}

// goCommand finds the go tool: `go run` does not always put its own toolchain on PATH.
func goCommand() (string, error) {
	goTool, err := exec.LookPath("go")
	if err == nil {
		return goTool, nil
	}
	goTool = "/usr/local/go/bin/go"
	if !isExecutable(goTool) {
		return "", fmt.Errorf("no go toolchain found on PATH: %v", err)
	}
	return goTool, nil
}
