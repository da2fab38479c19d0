package main

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// version is the release, set by make from the git tag (-X main.version=...). A plain
// `go build` or `go install` leaves it empty, and versionInfo reads what Go recorded.
var version string

// build is what `initty --version` and the -v start line say about this binary.
type build struct {
	version, commit, goVersion string
	module                     string // the module version Go stamped, if any
	modified                   bool
}

// versionInfo puts together the version: make's, or the module version Go stamps into
// every binary (a tag, or a pseudo-version that ends in the commit, for `go install
// module@version` and builds in a git checkout); the commit from the VCS stamp, or from
// the pseudo-version; and the Go release.
func versionInfo() build {
	b := build{version: version, goVersion: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if ok {
		if info.Main.Version != "(devel)" {
			b.module = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.commit = s.Value
			case "vcs.modified":
				b.modified = s.Value == "true"
			}
		}
		if b.commit == "" {
			b.commit = pseudoVersionCommit(info.Main.Version)
		}
		if b.version == "" && b.module != "" && pseudoVersionCommit(b.module) == "" {
			b.version = strings.TrimPrefix(b.module, "v") // a release tag
		}
	}
	if b.version == "" {
		b.version = "0.0.0-dev"
		if b.commit != "" {
			b.version += "+" + short(b.commit)
		}
	}
	return b
}

// pseudoVersionCommit returns the commit a pseudo-version such as
// v0.0.0-20261205183000-c29b6a8e1234 ends in, or "".
func pseudoVersionCommit(v string) string {
	v, _, _ = strings.Cut(v, "+")
	i := strings.LastIndexByte(v, '-')
	if i < 0 || len(v)-i-1 != 12 || strings.Trim(v[i+1:], "0123456789abcdef") != "" {
		return ""
	}
	return v[i+1:]
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// Long is what --version prints: version, commit, module version and Go, a line each.
func (b build) Long() string {
	s := "initty " + b.version + "\n"
	if b.commit != "" {
		s += "commit " + b.commit
		if b.modified {
			s += " (modified)"
		}
		s += "\n"
	}
	if b.module != "" {
		s += "module github.com/initty/initty " + b.module + "\n"
	}
	return s + b.goVersion
}

// String is the one line the -v start line shows.
func (b build) String() string {
	s := "initty " + b.version
	if b.commit != "" {
		s += ", commit " + short(b.commit)
		if b.modified {
			s += " (modified)"
		}
	}
	return s + ", " + b.goVersion
}
