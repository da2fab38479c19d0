package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/initty/initty/relay"
	"github.com/spf13/pflag"
)

// options is the parsed command line and environment.
type options struct {
	cfg     relay.Config
	argv    []string
	pause   bool
	help    bool
	version bool
}

// defaultGrace is how long leftovers get between SIGTERM and SIGKILL, the same as
// `docker stop`'s default is not (10 s): an init's leftovers are helpers, not services.
const defaultGrace = 5 * time.Second

// usageError is a mistake on the command line: one line, exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return usageError{oneLine(fmt.Sprintf(format, args...))}
}

// oneLine escapes control characters, so an argument holding a newline or an escape
// sequence cannot break the one-line message or the user's terminal.
func oneLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// parseOptions reads initty's options and the tini and dumb-init environment variables.
// Parsing stops at the first argument that is not an option, so `initty ls -l` runs
// `ls -l`, and `--` ends the options.
func parseOptions(args []string, getenv func(string) string) (options, error) {
	var o options
	fs := pflag.NewFlagSet("initty", pflag.ContinueOnError)
	fs.SetInterspersed(false)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}

	single := fs.BoolP("single-child", "c", false, "")
	fs.BoolP("group", "g", false, "") // tini's opt-in; group relay is initty's default
	rewrites := fs.StringArrayP("rewrite", "r", nil, "")
	fs.BoolP("subreaper", "s", false, "") // automatic when not PID 1
	pdeath := fs.StringP("pdeathsig", "p", "", "")
	remaps := fs.StringArrayP("remap-exit", "e", nil, "")
	grace := fs.String("grace", "", "")
	noTTY := fs.Bool("no-tty", false, "")
	fs.BoolVarP(&o.pause, "pause", "P", false, "")
	verbose := fs.CountP("verbose", "v", "")
	warnReap := fs.BoolP("warn-on-reap", "w", false, "") // tini's -w: reaps are -v lines
	fs.BoolVarP(&o.version, "version", "V", false, "")
	fs.BoolVarP(&o.help, "help", "h", false, "")

	if err := fs.Parse(shebangSplit(args)); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			o.help = true
			return o, nil
		}
		return o, usageErr("%v", err)
	}
	if o.help || o.version {
		return o, nil
	}

	o.cfg.SingleChild = *single || isSet(getenv("DUMB_INIT_SETSID")) && !truthy(getenv("DUMB_INIT_SETSID"))
	for _, r := range *rewrites {
		if err := o.cfg.Rewrite.Add(r); err != nil {
			return o, usageErr("%v", err)
		}
	}
	if *pdeath != "" {
		sig, err := relay.ParseSignal(*pdeath)
		if err != nil {
			return o, usageErr("bad --pdeathsig: %v", err)
		}
		o.cfg.PdeathSig = sig
	}
	for _, e := range *remaps {
		code, err := strconv.Atoi(strings.TrimSpace(e))
		if err != nil || code < 0 || code > 255 {
			return o, usageErr("bad --remap-exit %q: want an exit code from 0 to 255", e)
		}
		o.cfg.RemapExit[code] = true
	}
	o.cfg.Grace = defaultGrace
	if *grace != "" {
		d, err := parseGrace(*grace)
		if err != nil {
			return o, usageErr("bad --grace %q: %v", *grace, err)
		}
		o.cfg.Grace = d
	}
	o.cfg.NoTTY = *noTTY
	o.cfg.Verbosity = envVerbosity(getenv)
	if *verbose > 0 || *warnReap {
		o.cfg.Verbosity = max(*verbose, 1)
	}

	o.argv = fs.Args()
	switch {
	case o.pause && len(o.argv) > 0:
		return o, usageErr("--pause takes no command")
	case !o.pause && len(o.argv) == 0:
		return o, usageErr("no command given")
	}
	return o, nil
}

// shebangSplit handles `#!/initty -v /bin/sh`: the kernel passes everything after the
// interpreter's path as one argument, so a first argument that starts with '-' and
// holds spaces is split into words.
func shebangSplit(args []string) []string {
	if len(args) > 0 && strings.HasPrefix(args[0], "-") && strings.ContainsAny(args[0], " \t") {
		return append(strings.Fields(args[0]), args[1:]...)
	}
	return args
}

// parseGrace reads a Go duration ("500ms", "2s", "1m") or a plain number of seconds.
func parseGrace(s string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if !(n >= 0 && n <= 1e6) { // also rejects NaN
			return 0, errors.New("out of range")
		}
		return time.Duration(n * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errors.New("want a duration such as 5s, 500ms or 2")
	}
	if d < 0 {
		return 0, errors.New("negative")
	}
	return d, nil
}

// envVerbosity maps TINI_VERBOSITY (tini: 1 warnings, the default; 2 info; 3 debug)
// and DUMB_INIT_DEBUG onto initty's levels (0 quiet, 1 decisions).
func envVerbosity(getenv func(string) string) int {
	v := 0
	if n, err := strconv.Atoi(strings.TrimSpace(getenv("TINI_VERBOSITY"))); err == nil && n > 1 {
		v = n - 1
	}
	if truthy(getenv("DUMB_INIT_DEBUG")) {
		v = max(v, 1)
	}
	return v
}

func isSet(s string) bool { return s != "" }

// truthy reads an environment boolean: unset, empty, 0, false, no and off are false.
func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}
