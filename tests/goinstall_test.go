package tests

import (
	"archive/zip"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Issue 12, done-when 5: `go install github.com/initty/initty/cmd/initty@VERSION`, the
// README's line, gives a binary whose --version shows the module version and the commit.
// The module is served from a file:// proxy holding this checkout's HEAD under its
// pseudo-version, exactly as proxy.golang.org would serve it (a zip of the module
// without .git, so no VCS stamp: the commit comes from the pseudo-version); its
// dependencies come from the local module cache.
func TestVersionOfGoInstall(t *testing.T) {
	git := needCommand(t, "git")
	out, err := exec.Command(git, "log", "-1", "--format=%H %ct").Output()
	if err != nil {
		skipOrFail(t, "not a git checkout: "+err.Error())
	}
	var commit string
	var secs int64
	fmt.Sscan(string(out), &commit, &secs)
	pseudo := "v0.0.0-" + time.Unix(secs, 0).UTC().Format("20060102150405") + "-" + commit[:12]

	proxy := t.TempDir()
	dir := filepath.Join(proxy, "github.com/initty/initty/@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeModuleZip(t, git, filepath.Join(dir, pseudo+".zip"), "github.com/initty/initty@"+pseudo)
	goMod, _ := exec.Command(git, "show", "HEAD:go.mod").Output()
	info := fmt.Sprintf(`{"Version":%q,"Time":%q}`, pseudo, time.Unix(secs, 0).UTC().Format(time.RFC3339))
	for name, data := range map[string]string{"list": pseudo + "\n", pseudo + ".info": info, pseudo + ".mod": string(goMod)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	goEnv := func(name string) string {
		v, _ := exec.Command("go", "env", name).Output()
		return strings.TrimSpace(string(v))
	}
	modCache, bin := t.TempDir(), t.TempDir()
	env := append(os.Environ(), "GOBIN="+bin, "GOMODCACHE="+modCache, "CGO_ENABLED=0", "GOFLAGS=",
		"GOTOOLCHAIN=local", "GONOSUMDB=github.com/initty/initty",
		"GOPROXY=file://"+proxy+",file://"+filepath.Join(goEnv("GOMODCACHE"), "cache/download")+","+goEnv("GOPROXY"))
	t.Cleanup(func() {
		clean := exec.Command("go", "clean", "-modcache")
		clean.Env = env
		clean.Run()
	})
	install := exec.Command("go", "install", "github.com/initty/initty/cmd/initty@"+pseudo)
	install.Dir, install.Env = t.TempDir(), env
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	version, err := exec.Command(filepath.Join(bin, "initty"), "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("initty --version of the go install'ed build:\n%s", version)
	for _, want := range []string{"initty 0.0.0-dev+" + commit[:12] + "\n", "commit " + commit[:12] + "\n", "module github.com/initty/initty " + pseudo + "\n"} {
		if !strings.Contains(string(version), want) {
			t.Errorf("--version lacks %q:\n%s", want, version)
		}
	}
}

// writeModuleZip writes HEAD's files of the root module as a module zip: every file
// under prefix, leaving out folders that are modules of their own (release/).
func writeModuleZip(t *testing.T, git, file, prefix string) {
	t.Helper()
	top, _ := exec.Command(git, "rev-parse", "--show-toplevel").Output()
	root := strings.TrimSpace(string(top))
	list, err := exec.Command(git, "-C", root, "ls-tree", "-r", "-z", "--name-only", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	files := strings.Split(strings.TrimRight(string(list), "\x00"), "\x00")
	var nested []string
	for _, f := range files {
		if path.Base(f) == "go.mod" && f != "go.mod" {
			nested = append(nested, path.Dir(f)+"/")
		}
	}
	out, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
outer:
	for _, rel := range files {
		for _, n := range nested {
			if strings.HasPrefix(rel, n) {
				continue outer
			}
		}
		data, err := exec.Command(git, "-C", root, "show", "HEAD:"+rel).Output()
		if err != nil {
			t.Fatalf("git show %s: %v", rel, err)
		}
		w, err := zw.Create(prefix + "/" + rel)
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}
