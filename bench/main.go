// Command bench compares initty with tini, dumb-init and catatonit: start-up overhead,
// memory, orphan reaping, signal-relay latency, idle wake-ups and a signal storm.
//
//	go run ./bench -initty bin/initty [-quick] [-json FILE] [-plot FILE.svg]
//
// Every init present is measured side by side, interleaved round-robin, and each result
// is printed as a median together with its ratio to tini. See bench/README.md for how each
// metric is measured and how noisy it is.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// Config holds the iteration counts of one mode.
type Config struct {
	// Mode is "quick" or "full".
	Mode string
	// StartupRuns is the number of timed runs per init (and of the bare command).
	StartupRuns int
	// ExitRuns is the number of exit-latency runs per init.
	ExitRuns int
	// ReapOrphans is how many orphans each reaping run makes.
	ReapOrphans int
	// ReapRounds is how many reaping runs each init gets.
	ReapRounds int
	// RelayRounds is how many signals each init relays (plus as many sent directly).
	RelayRounds int
	// StormSignals is the number of SIGUSR1s in one storm.
	StormSignals int
	// StormRounds is how many storms each init gets.
	StormRounds int
	// IdleWindow is how long idle context switches are counted.
	IdleWindow time.Duration
}

// Full mode: the idle window must span the Go runtime's forced GC (every 2 minutes) and
// what sysmon does around it, so it is 130 s, and dominates the run time.
var fullConfig = Config{Mode: "full", StartupRuns: 500, ExitRuns: 300, ReapOrphans: 20000, ReapRounds: 3,
	RelayRounds: 3000, StormSignals: 100000, StormRounds: 5, IdleWindow: 130 * time.Second}

// Quick mode fits in under a minute on two cores. Its idle window misses the 2-minute
// forced GC, which the output says.
var quickConfig = Config{Mode: "quick", StartupRuns: 100, ExitRuns: 60, ReapOrphans: 20000, ReapRounds: 1,
	RelayRounds: 500, StormSignals: 10000, StormRounds: 5, IdleWindow: 12 * time.Second}

// allMetrics names the metric groups -metrics can choose from.
const allMetrics = "startup,idle,reap,relay,storm"

func main() {
	os.Exit(run())
}

// run does the work and returns the exit status, so that cleanup runs before os.Exit.
func run() (code int) {
	inittyPath := flag.String("initty", "", "path of the initty binary to benchmark (required)")
	quick := flag.Bool("quick", false, "fewer iterations and a short idle window: under a minute")
	jsonPath := flag.String("json", "", "also write machine-readable results to this file")
	plotPath := flag.String("plot", "bench/out/ratios.svg", "write an SVG bar chart of the ratios to tini here (empty: none)")
	peerList := flag.String("peers", "tini,tini-static,dumb-init,catatonit", "comma-separated peers to compare with, when installed")
	metricList := flag.String("metrics", allMetrics, "comma-separated metric groups to run")
	phases := flag.Bool("phases", false, "also build initty with -tags phases and print where one run's time goes")
	flag.Parse()
	if *inittyPath == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: bench -initty PATH [-quick] [-phases] [-json FILE] [-plot FILE.svg] [-peers LIST] [-metrics LIST]")
		flag.PrintDefaults()
		return 2
	}
	cfg := fullConfig
	if *quick {
		cfg = quickConfig
	}
	want := map[string]bool{}
	for _, m := range strings.Split(*metricList, ",") {
		m = strings.TrimSpace(m)
		if !strings.Contains(","+allMetrics+",", ","+m+",") {
			fmt.Fprintf(os.Stderr, "bench: unknown metric group %q (have %s)\n", m, allMetrics)
			return 2
		}
		want[m] = true
	}

	// Whatever happens, kill and reap every process we started before leaving.
	tmp, err := os.MkdirTemp("", "initty-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	cleanup := func() {
		StopAll()
		os.RemoveAll(tmp)
	}
	defer cleanup()
	defer func() {
		if p := recover(); p != nil {
			cleanup()
			panic(p)
		}
	}()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		s := <-sigs
		fmt.Fprintf(os.Stderr, "\nbench: %v: stopping all processes\n", s)
		cleanup()
		os.Exit(130)
	}()

	started := time.Now()
	report := &Report{Mode: cfg.Mode, Started: started.Format(time.RFC3339), Host: hostInfo(),
		Params: map[string]any{
			"startup_runs": cfg.StartupRuns, "exit_runs": cfg.ExitRuns, "reap_orphans": cfg.ReapOrphans, "reap_rounds": cfg.ReapRounds,
			"relay_rounds": cfg.RelayRounds, "storm_signals": cfg.StormSignals, "storm_rounds": cfg.StormRounds,
			"idle_window_s": cfg.IdleWindow.Seconds(),
		}}
	note := func(format string, args ...any) { report.Notes = append(report.Notes, fmt.Sprintf(format, args...)) }

	truePath, err := lookCommand("true")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: no true command:", err)
		return 1
	}
	sleepPath, err := lookCommand("sleep")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: no sleep command:", err)
		return 1
	}
	inits, notes, inittyErr := FindInits(*inittyPath, strings.Split(*peerList, ","), truePath)
	report.Notes = append(report.Notes, notes...)
	for _, in := range inits {
		report.Inits = append(report.Inits, InitInfo{Name: in.Name, Path: in.Path, Linkage: Linkage(in.Path)})
	}
	if len(inits) == 0 {
		fmt.Println("bench: no init to measure.")
		for _, n := range report.Notes {
			fmt.Println("Note: " + n)
		}
		return 1
	}
	if !hasInit(inits, Reference) {
		note("%s is not measured, so there are no ratios", Reference)
	}

	// Inits run as PID 1 of their own PID namespace where we can: that is how they run in
	// containers, and killing PID 1 takes all its descendants along. Without root, they run
	// as plain children and the reaping metric is skipped.
	newPIDNS := pidNamespacesWork(truePath)
	if !newPIDNS {
		note("cannot create PID namespaces (not root?): inits run as plain children, reaping is skipped")
	}

	helper := ""
	if want["startup"] || want["reap"] || want["relay"] || want["storm"] {
		progress("building the helper")
		if helper, err = BuildHelper(tmp); err != nil {
			note("reaping, relay and storm skipped: %v", err)
			helper = ""
		}
	}
	fmt.Fprintf(os.Stderr, "bench: %s mode, measuring %s\n", cfg.Mode, names(inits))

	// Each metric group fills its rows into a slot, so the table follows the metric
	// numbering of the README whatever order they run in.
	var startupRows, memRows, reapRows, relayRows, idleRows, stormRows []*Metric
	var floorStartup, floorExit *Metric
	if want["startup"] {
		// The Go references are measured in the same interleaved runs, but only the
		// floor table shows them: they are not inits that could be compared on the
		// other metrics.
		measured := inits
		goEmpty, goInit, err := BuildReferences(tmp)
		if err != nil {
			note("no Go references: %v", err)
		} else {
			measured = append(append([]*Init(nil), inits...),
				&Init{Name: goEmptyName, Path: goEmpty, noCommand: true}, &Init{Name: goInitName, Path: goInit})
		}
		progress("start-up: %d runs each", cfg.StartupRuns)
		w, c, n := BenchStartup(measured, truePath, cfg.StartupRuns)
		startupRows, floorStartup = []*Metric{w, c}, w
		if n != "" {
			note("%s", n)
		}
		if helper != "" {
			progress("exit latency: %d runs each", cfg.ExitRuns)
			var withCommand []*Init
			for _, in := range measured {
				if !in.noCommand {
					withCommand = append(withCommand, in)
				}
			}
			floorExit = BenchExitLatency(withCommand, helper, cfg.ExitRuns)
			startupRows = append(startupRows, floorExit)
		}
	}
	if (want["relay"] || want["storm"]) && helper != "" {
		var acks []*AckInstance
		var failed []string
		for _, in := range inits {
			a, err := StartAck(in, helper, newPIDNS)
			if err != nil {
				failed = append(failed, in.Name)
				note("%s: relay and storm skipped: %v", in.Name, err)
				continue
			}
			acks = append(acks, a)
		}
		if want["relay"] {
			progress("signal relay: %d rounds", cfg.RelayRounds)
			relayRows = BenchRelay(acks, cfg.RelayRounds)
			if hasInit(inits, "dumb-init") {
				note("dumb-init forwards signals to its child's process group, tini and catatonit to the child itself")
			}
		}
		if want["storm"] {
			stormRows = BenchStorm(acks, cfg.StormSignals, cfg.StormRounds)
		}
		for _, a := range acks {
			a.Proc.Stop()
		}
		for _, name := range failed {
			for _, m := range append(relayRows, stormRows...) {
				m.Fail(name, fmt.Errorf("could not start the helper under it"))
			}
		}
	}
	if want["reap"] && helper != "" && newPIDNS {
		r, d, t := BenchReap(inits, helper, cfg.ReapOrphans, cfg.ReapRounds)
		reapRows = []*Metric{r, d, t}
	}
	if want["idle"] {
		mem, wake := BenchIdle(inits, sleepPath, newPIDNS, cfg.IdleWindow)
		memRows, idleRows = mem, []*Metric{wake}
		if *quick {
			note("quick mode: idle wake-ups over %s only; the Go runtime's 2-minute forced GC is not in the window (full mode uses 130 s)", cfg.IdleWindow)
		}
	}

	for _, rows := range [][]*Metric{startupRows, memRows, reapRows, relayRows, idleRows, stormRows} {
		report.Metrics = append(report.Metrics, rows...)
	}
	for _, m := range report.Metrics {
		m.computeRatios()
	}
	for _, in := range report.Inits {
		if in.Linkage == "dynamic" {
			note("%s is dynamically linked: its binary size leaves out libc, its start-up includes the dynamic loader", in.Name)
		}
	}
	report.Seconds = time.Since(started).Seconds()

	fmt.Printf("\ninitty bench, %s mode: %s, %s CPUs, Linux %s, %s, %.0f s\n", cfg.Mode,
		report.Host["arch"], report.Host["cpus"], report.Host["kernel"], report.Host["go"], report.Seconds)
	for _, in := range report.Inits {
		fmt.Printf("  %-12s %s (%s)\n", in.Name, in.Path, in.Linkage)
	}
	fmt.Println()
	WriteTable(os.Stdout, report)
	if floorStartup != nil {
		fmt.Println()
		WriteFloorTable(os.Stdout, floorStartup, floorExit)
	}
	if *phases && inittyErr == nil {
		progress("phases: building initty with -tags phases")
		fmt.Println()
		bin, err := BuildPhases(tmp)
		if err == nil {
			err = WritePhases(os.Stdout, bin, truePath, cfg.StartupRuns)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: phases:", err)
			code = 1
		}
	}

	if *jsonPath != "" {
		if err := report.WriteJSON(*jsonPath); err != nil {
			fmt.Fprintln(os.Stderr, "bench: writing JSON:", err)
			code = 1
		} else {
			fmt.Println("JSON results:", *jsonPath)
		}
	}
	if *plotPath != "" {
		if err := WriteSVG(*plotPath, report); err != nil {
			fmt.Fprintln(os.Stderr, "bench: writing SVG:", err)
			code = 1
		} else {
			fmt.Println("Chart:", *plotPath)
		}
	}
	if inittyErr != nil {
		// The peers were still measured, but a benchmark of initty without initty failed.
		fmt.Fprintln(os.Stderr, "bench: initty was not measured:", inittyErr)
		return 1
	}
	return code
}

// pidNamespacesWork checks whether we may create PID namespaces (root, and not inside a
// container that forbids it) by running `true` as PID 1 of one.
func pidNamespacesWork(truePath string) bool {
	if os.Geteuid() != 0 {
		return false
	}
	p, err := Spawn([]string{truePath}, SpawnOptions{NewPIDNS: true})
	if err != nil {
		return false
	}
	ws, err := p.Wait(5 * time.Second)
	return err == nil && ws.Exited() && ws.ExitStatus() == 0
}

// hostInfo describes the machine for the report header.
func hostInfo() map[string]string {
	var u syscall.Utsname
	kernel := "?"
	if syscall.Uname(&u) == nil {
		var b []byte
		for _, c := range u.Release {
			if c == 0 {
				break
			}
			b = append(b, byte(c))
		}
		kernel = string(b)
	}
	return map[string]string{
		"arch":   runtime.GOOS + "/" + runtime.GOARCH,
		"cpus":   fmt.Sprint(runtime.NumCPU()),
		"kernel": kernel,
		"go":     runtime.Version(),
	}
}

// hasInit reports whether an init of that name is measured.
func hasInit(inits []*Init, name string) bool {
	for _, in := range inits {
		if in.Name == name {
			return true
		}
	}
	return false
}

// names lists the inits for messages.
func names(inits []*Init) string {
	var s []string
	for _, in := range inits {
		s = append(s, in.Name)
	}
	return strings.Join(s, ", ")
}

// progress tells the user on stderr what is running, since a full run takes minutes.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
