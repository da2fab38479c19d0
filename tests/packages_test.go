package tests

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// packageArch is this machine's architecture as rpm and apk name it.
var packageArch = map[string]string{"amd64": "x86_64", "arm64": "aarch64"}[runtime.GOARCH]

// onePackage is the single release package matching pattern in dist.
func onePackage(t *testing.T, pattern string) string {
	t.Helper()
	found, _ := filepath.Glob(filepath.Join(release(t), pattern))
	if len(found) != 1 {
		t.Fatalf("want one %s in dist, found %v", pattern, found)
	}
	return found[0]
}

// sameAsReleaseBinary fails the test unless path holds the release binary of this machine.
func sameAsReleaseBinary(t *testing.T, path string) {
	t.Helper()
	got, _ := os.ReadFile(path)
	want, _ := os.ReadFile(filepath.Join(release(t), "initty-linux-"+runtime.GOARCH))
	if len(got) == 0 || !bytes.Equal(got, want) {
		t.Fatalf("%s is not the release binary (%d bytes)", path, len(got))
	}
}

// The README's apt line, here: `dpkg -i dist/initty_*_ARCH.deb && initty --version &&
// man initty`. The package is removed again at the end.
func TestReleaseDebInstalls(t *testing.T) {
	needRoot(t)
	dpkg := needCommand(t, "dpkg")
	needCommand(t, "man")
	arch, err := exec.Command(dpkg, "--print-architecture").Output()
	if err != nil {
		t.Fatal(err)
	}
	deb := onePackage(t, "initty_*_"+strings.TrimSpace(string(arch))+".deb")
	if st, _ := exec.Command("dpkg-query", "-W", "-f=${Status}", "initty").Output(); strings.Contains(string(st), "installed") {
		t.Fatalf("a package named initty is installed already (%s); this test installs and removes it", st)
	}
	if out, err := exec.Command(dpkg, "-i", deb).CombinedOutput(); err != nil {
		t.Fatalf("dpkg -i: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command(dpkg, "--purge", "initty").CombinedOutput(); err != nil {
			t.Errorf("dpkg --purge initty: %v\n%s", err, out)
		}
	})
	if path, err := exec.LookPath("initty"); err != nil || path != "/usr/bin/initty" {
		t.Fatalf("initty on PATH: %q %v", path, err)
	}
	sameAsReleaseBinary(t, "/usr/bin/initty")
	if out, err := exec.Command("initty", "--version").Output(); err != nil || !strings.HasPrefix(string(out), "initty ") {
		t.Fatalf("initty --version: %v %q", err, out)
	}
	man := exec.Command("man", "initty")
	man.Env = append(os.Environ(), "MANPAGER=cat", "MANWIDTH=80", "LANG=C")
	out, err := man.CombinedOutput()
	for _, want := range []string{"INITTY(1)", "SYNOPSIS", "--single-child", "relay signals to COMMAND only", "EXIT STATUS"} {
		if err != nil || !strings.Contains(string(out), want) {
			t.Fatalf("man initty lacks %q: %v\n%s", want, err, out)
		}
	}
}

// The rpm installs with rpm itself, into a root of its own (this machine's packages are
// Debian's): /usr/bin/initty runs and the man page is there.
func TestReleaseRpmInstalls(t *testing.T) {
	needRoot(t)
	rpm := needCommand(t, "rpm")
	pkg := onePackage(t, "initty-*."+packageArch+".rpm")
	root := t.TempDir()
	for _, args := range [][]string{{"--initdb"}, {"-i", "--nodeps", pkg}} {
		if out, err := exec.Command(rpm, append([]string{"--root", root}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("rpm %v: %v\n%s", args, err, out)
		}
	}
	if out, err := exec.Command(rpm, "--root", root, "-q", "initty").CombinedOutput(); err != nil || !strings.HasPrefix(string(out), "initty-") {
		t.Fatalf("rpm -q initty: %v %s", err, out)
	}
	sameAsReleaseBinary(t, filepath.Join(root, "usr/bin/initty"))
	if _, err := os.Stat(filepath.Join(root, "usr/share/man/man1/initty.1.gz")); err != nil {
		t.Fatal(err)
	}
}

// No apk tool runs on Debian, so the apk is opened as apk does: gzipped tar segments,
// the control one with .PKGINFO first, then the files.
func TestReleaseApkContents(t *testing.T) {
	tarCmd := needCommand(t, "tar")
	pkg := onePackage(t, "initty_*_"+packageArch+".apk")
	dir := t.TempDir()
	// -i: each segment ends without tar's end-of-archive blocks of zeros being final.
	if out, err := exec.Command(tarCmd, "-xzif", pkg, "-C", dir).CombinedOutput(); err != nil {
		t.Fatalf("tar -xzif: %v\n%s", err, out)
	}
	info, _ := os.ReadFile(filepath.Join(dir, ".PKGINFO"))
	for _, want := range []string{"pkgname = initty\n", "arch = " + packageArch + "\n", "license = MIT\n"} {
		if !strings.Contains(string(info), want) {
			t.Errorf(".PKGINFO lacks %q:\n%s", want, info)
		}
	}
	sameAsReleaseBinary(t, filepath.Join(dir, "usr/bin/initty"))
	if _, err := os.Stat(filepath.Join(dir, "usr/share/man/man1/initty.1.gz")); err != nil {
		t.Fatal(err)
	}
}

// The README's checksum line, run as written in a folder holding what a user downloads
// for one machine (its binary and SHA256SUMS): --ignore-missing skips the other files,
// and the installed copy runs. A damaged download is refused and nothing is installed.
func TestReadmeChecksumLine(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(l, "sha256sum -c") {
			line = l
			break
		}
	}
	if !strings.Contains(line, "initty-linux-amd64 /usr/local/bin/initty") {
		t.Fatalf("README's checksum line changed: %q", line)
	}
	if runtime.GOARCH != "amd64" {
		line = strings.ReplaceAll(line, "initty-linux-amd64", "initty-linux-"+runtime.GOARCH)
	}
	for _, damaged := range []bool{false, true} {
		dir, dest := t.TempDir(), filepath.Join(t.TempDir(), "initty")
		for _, name := range []string{"SHA256SUMS", "initty-linux-" + runtime.GOARCH} {
			data, err := os.ReadFile(filepath.Join(release(t), name))
			if err != nil {
				t.Fatal(err)
			}
			if damaged && name != "SHA256SUMS" {
				data[len(data)/2] ^= 1
			}
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		sh := exec.Command("sh", "-c", strings.ReplaceAll(line, "/usr/local/bin/initty", dest))
		sh.Dir = dir
		out, err := sh.CombinedOutput()
		switch _, statErr := os.Stat(dest); {
		case !damaged && err != nil:
			t.Fatalf("the README's line failed: %v\n%s", err, out)
		case damaged && (err == nil || statErr == nil):
			t.Fatalf("a damaged binary passed the check or got installed: %v\n%s", err, out)
		}
		if !damaged {
			if v, err := exec.Command(dest, "--version").Output(); err != nil || !strings.HasPrefix(string(v), "initty ") {
				t.Fatalf("the installed copy: %v %q", err, v)
			}
		}
	}
}
