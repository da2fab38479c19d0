// Package ocibundle builds a small OCI bundle for runc at run time: a root filesystem made
// of the host's busybox-static and bash (with the shared libraries bash needs), plus the
// static binaries a caller puts in, and a config.json that `runc spec` wrote and this
// package edited. The integration tests and `make demo-container` both use it.
package ocibundle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Options says what goes into a root filesystem besides busybox and bash.
type Options struct {
	// Busybox is the host's static busybox; "" means /bin/busybox.
	Busybox string
	// Bash is the host's bash, copied with every library `ldd` lists; "" means /bin/bash.
	Bash string
	// Files maps a path inside the rootfs (such as "/initty") to a host file copied there
	// with mode 0755. The host files should be static binaries.
	Files map[string]string
}

// InputRC is the readline init file every rootfs gets: bash 5.1+ otherwise wraps prompts
// in bracketed-paste escapes, which a program reading the terminal does not want.
const InputRC = "/etc/inputrc"

// BuildRootfs makes dir (which must not exist yet or be empty) a root filesystem: busybox
// with a link for each applet, bash and its libraries at their host paths (the dynamic
// loader included), /etc/passwd, /etc/group, /etc/inputrc, /root, /tmp and the mount
// points /proc, /dev and /sys.
func BuildRootfs(dir string, opt Options) error {
	if opt.Busybox == "" {
		opt.Busybox = "/bin/busybox"
	}
	if opt.Bash == "" {
		opt.Bash = "/bin/bash"
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for _, d := range []string{"bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "proc", "dev", "sys", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	if err := os.Chmod(filepath.Join(dir, "tmp"), 0o1777); err != nil {
		return err
	}
	if err := os.Chmod(filepath.Join(dir, "root"), 0o700); err != nil {
		return err
	}

	// busybox and its applets.
	if err := copyFile(opt.Busybox, filepath.Join(dir, "bin/busybox"), 0o755); err != nil {
		return fmt.Errorf("busybox: %w", err)
	}
	list, err := exec.Command(opt.Busybox, "--list-full").Output()
	if err != nil {
		return fmt.Errorf("%s --list-full: %w", opt.Busybox, err)
	}
	for _, applet := range strings.Fields(string(list)) {
		if applet == "bin/busybox" || strings.HasSuffix(applet, "/bash") {
			continue
		}
		link := filepath.Join(dir, applet)
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			return err
		}
		if err := os.Symlink("/bin/busybox", link); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}

	// bash, then everything the dynamic loader needs to start it.
	if err := copyFile(opt.Bash, filepath.Join(dir, "bin/bash"), 0o755); err != nil {
		return fmt.Errorf("bash: %w", err)
	}
	libs, err := sharedLibraries(opt.Bash)
	if err != nil {
		return err
	}
	for _, lib := range libs {
		if err := copyFile(lib, filepath.Join(dir, lib), 0o755); err != nil {
			return fmt.Errorf("library of %s: %w", opt.Bash, err)
		}
	}

	files := map[string]string{
		"etc/passwd": "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
		"etc/group":  "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n",
		"etc/hosts":  "127.0.0.1\tlocalhost\n",
		InputRC[1:]:  "set enable-bracketed-paste off\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	for inside, host := range opt.Files {
		if err := copyFile(host, filepath.Join(dir, inside), 0o755); err != nil {
			return fmt.Errorf("%s: %w", inside, err)
		}
	}
	return nil
}

// sharedLibraries returns the absolute paths `ldd` prints for a binary: the libraries and
// the dynamic loader. A static binary has none.
func sharedLibraries(bin string) ([]string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("ldd", bin)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if strings.Contains(string(out)+stderr.String(), "not a dynamic executable") {
			return nil, nil
		}
		return nil, fmt.Errorf("ldd %s: %v: %s", bin, err, stderr.String())
	}
	var libs []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		// "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or
		// "/lib64/ld-linux-x86-64.so.2 (0x...)"; linux-vdso has no file.
		line := strings.TrimSpace(sc.Text())
		if _, after, ok := strings.Cut(line, "=>"); ok {
			line = strings.TrimSpace(after)
		}
		path, _, _ := strings.Cut(line, " ")
		if strings.HasPrefix(path, "/") {
			libs = append(libs, path)
		}
	}
	if len(libs) == 0 {
		return nil, fmt.Errorf("ldd %s listed no libraries:\n%s", bin, out)
	}
	return libs, nil
}

// copyFile copies the content of src (following symlinks) to dst, creating dst's folder.
func copyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	_ = os.Remove(dst)
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Config is what a bundle's config.json is changed to, over what `runc spec` writes.
type Config struct {
	// Rootfs is the root filesystem's folder; several bundles may share one.
	Rootfs string
	// Args is process.args.
	Args []string
	// Env is process.env; nil means Env("# ") with no extra variables.
	Env []string
	// Terminal is process.terminal: runc gives the process a pty of its own and relays
	// it to runc's stdin, which must then be a terminal.
	Terminal bool
	// Hostname is the container's hostname; "" keeps runc's.
	Hostname string
}

// Env is a container environment in which an interactive bash is predictable: PATH, a dumb
// terminal, HOME, no history file, no bracketed paste, and prompt as PS1 (PS2 empty).
// Each extra "KEY=VALUE" replaces the variable of that name or is added.
func Env(prompt string, extra ...string) []string {
	env := []string{
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"TERM=dumb",
		"HOME=/root",
		"PS1=" + prompt,
		"PS2=",
		"HISTFILE=/dev/null",
		"INPUTRC=" + InputRC,
	}
	for _, kv := range extra {
		key, _, _ := strings.Cut(kv, "=")
		replaced := false
		for i, old := range env {
			if strings.HasPrefix(old, key+"=") {
				env[i], replaced = kv, true
			}
		}
		if !replaced {
			env = append(env, kv)
		}
	}
	return env
}

// WriteBundle makes dir (created if missing, without a config.json) a bundle: it runs
// `runc spec` there, then sets process.args, process.terminal, process.env, hostname,
// root.path (absolute) and root.readonly=false, leaving the rest of runc's defaults.
func WriteBundle(runc, dir string, cfg Config) error {
	if len(cfg.Args) == 0 {
		return errors.New("ocibundle: no process args")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rootfs, err := filepath.Abs(cfg.Rootfs)
	if err != nil {
		return err
	}
	spec := exec.Command(runc, "spec")
	spec.Dir = dir
	if out, err := spec.CombinedOutput(); err != nil {
		return fmt.Errorf("runc spec in %s: %v: %s", dir, err, out)
	}
	path := filepath.Join(dir, "config.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("runc spec's config.json: %w", err)
	}
	process, _ := doc["process"].(map[string]any)
	root, _ := doc["root"].(map[string]any)
	if process == nil || root == nil {
		return errors.New("runc spec's config.json has no process or root")
	}
	env := cfg.Env
	if env == nil {
		env = Env("# ")
	}
	process["args"] = cfg.Args
	process["terminal"] = cfg.Terminal
	process["env"] = env
	root["path"] = rootfs
	root["readonly"] = false
	if cfg.Hostname != "" {
		doc["hostname"] = cfg.Hostname
	}
	out, err := json.MarshalIndent(doc, "", "\t")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(out, '\n'), 0o644)
}
