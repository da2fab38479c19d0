package tests

import (
	"os"
	"os/exec"
	"testing"
)

// inCI reports whether the suite runs in CI, where an integration test may not skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// skipOrFail skips on a developer's machine and fails in CI: a skipped integration test in
// CI would be a test that proves nothing.
func skipOrFail(t *testing.T, why string) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true, so this test may not skip: %s", why)
	}
	t.Skip(why)
}

// needRoot is for tests that create PID namespaces or containers.
func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		skipOrFail(t, "needs root (PID namespaces, subreaper checks)")
	}
}

// needCommand returns the path of a program a test drives, such as bash or runc.
func needCommand(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		skipOrFail(t, name+" is not installed")
	}
	return p
}
