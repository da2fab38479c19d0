package main

import (
	"fmt"
	"io"
	"strings"
)

// The two references the bench builds itself (bench/refs): what any static Go binary
// costs, and what the smallest Go init costs. initty's start-up and exit are compared
// with them as well as with tini, so that the runtime's share and initty's own are told
// apart.
const (
	goEmptyName = "go-empty"
	goInitName  = "go-init"
)

// WriteFloorTable prints start-up overhead and exit latency of tini, the Go references
// and initty, each with its ratio to tini and to the minimal Go init.
func WriteFloorTable(w io.Writer, startup, exit *Metric) {
	names := []string{Reference, goEmptyName, goInitName, "initty"}
	cell := func(m *Metric, name string) (value, toTini, toGoInit string) {
		if m == nil {
			return "-", "", ""
		}
		v, ok := m.Values[name]
		if !ok {
			if e, failed := m.Errors[name]; failed {
				return "ERR: " + e, "", ""
			}
			return "-", "", ""
		}
		value = FormatValue(v, false)
		if ref, ok := m.Values[Reference]; ok && ref > 0 {
			toTini = FormatRatio(v/ref) + "×"
		}
		if ref, ok := m.Values[goInitName]; ok && ref > 0 {
			toGoInit = FormatRatio(v/ref) + "×"
		}
		return value, toTini, toGoInit
	}
	fmt.Fprintln(w, "Against the Go floor (same runs, interleaved; lower is better):")
	fmt.Fprintf(w, "  %-10s %14s %7s %9s   %14s %7s %9s\n", "", "start-up µs", "×tini", "×go-init", "exit lat. µs", "×tini", "×go-init")
	for _, name := range names {
		sv, st, sg := cell(startup, name)
		ev, et, eg := cell(exit, name)
		if name == goEmptyName {
			ev, et, eg = "(no command)", "", ""
		}
		fmt.Fprintf(w, "  %-10s %14s %7s %9s   %14s %7s %9s\n", name, sv, st, sg, ev, et, eg)
	}
	fmt.Fprintln(w, "  go-empty: an empty static Go program, run instead of /bin/true;")
	fmt.Fprintln(w, "  go-init: Notify(SIGCHLD), ForkExec, wait4 until the command is gone (bench/refs/goinit).")
	fmt.Fprintln(w, "  Exit latency: from the command's exit (its pidfd readable) to the init's (wait4 returns).")
	fmt.Fprintln(w, strings.Repeat("-", 20))
}
