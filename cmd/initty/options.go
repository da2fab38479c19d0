package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/initty/initty/reap"
	"github.com/initty/initty/relay"
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
	return usageError{relay.OneLine(fmt.Sprintf(format, args...))}
}

// option is one entry of the option table: a short letter, a long name, whether it takes
// a value, and what it does to the options.
type option struct {
	short byte
	long  string
	value bool
	set   func(o *options, p *parsed, v string) error
}

// parsed collects what needs checking after all options are read.
type parsed struct {
	single, noTTY, warnReap bool
	verbose                 int
	rewrites, remaps        []string
	pdeath, grace           string
}

// optionTable lists every option. tini's -g and -s and dumb-init's spellings are
// accepted so that migrating is a rename of the binary.
var optionTable = []option{
	{'c', "single-child", false, func(o *options, p *parsed, _ string) error { p.single = true; return nil }},
	{'g', "group", false, func(*options, *parsed, string) error { return nil }}, // the default
	{'r', "rewrite", true, func(o *options, p *parsed, v string) error { p.rewrites = append(p.rewrites, v); return nil }},
	{'s', "subreaper", false, func(*options, *parsed, string) error { return nil }}, // automatic
	{'p', "pdeathsig", true, func(o *options, p *parsed, v string) error { p.pdeath = v; return nil }},
	{'e', "remap-exit", true, func(o *options, p *parsed, v string) error { p.remaps = append(p.remaps, v); return nil }},
	{0, "grace", true, func(o *options, p *parsed, v string) error { p.grace = v; return nil }},
	{0, "no-tty", false, func(o *options, p *parsed, _ string) error { p.noTTY = true; return nil }},
	{'P', "pause", false, func(o *options, p *parsed, _ string) error { o.pause = true; return nil }},
	{'v', "verbose", false, func(o *options, p *parsed, _ string) error { p.verbose++; return nil }},
	{'w', "warn-on-reap", false, func(o *options, p *parsed, _ string) error { p.warnReap = true; return nil }},
	{'V', "version", false, func(o *options, p *parsed, _ string) error { o.version = true; return nil }},
	{'h', "help", false, func(o *options, p *parsed, _ string) error { o.help = true; return nil }},
}

func lookupShort(c byte) *option {
	for i := range optionTable {
		if optionTable[i].short == c && c != 0 {
			return &optionTable[i]
		}
	}
	return nil
}

func lookupLong(name string) *option {
	for i := range optionTable {
		if optionTable[i].long == name {
			return &optionTable[i]
		}
	}
	return nil
}

// scanOptions reads options GNU style until the first argument that is not one: short
// options cluster (-vvc) and take a value attached or next (-r15:0, -r 15:0), long options
// take it after = or next (--grace=1s, --grace 1s), and -- ends the options. It returns
// the command words.
func scanOptions(args []string, o *options, p *parsed) ([]string, error) {
	for len(args) > 0 {
		arg := args[0]
		switch {
		case arg == "--":
			return args[1:], nil
		case strings.HasPrefix(arg, "--"):
			name, val, hasVal := strings.Cut(arg[2:], "=")
			opt := lookupLong(name)
			if opt == nil {
				return nil, usageErr("unknown option --%s", name)
			}
			switch {
			case opt.value && !hasVal:
				if len(args) < 2 {
					return nil, usageErr("option --%s needs a value", name)
				}
				val, args = args[1], args[1:]
			case !opt.value && hasVal:
				return nil, usageErr("option --%s takes no value", name)
			}
			if err := opt.set(o, p, val); err != nil {
				return nil, err
			}
		case len(arg) > 1 && arg[0] == '-':
			for k := 1; k < len(arg); k++ {
				opt := lookupShort(arg[k])
				if opt == nil {
					return nil, usageErr("unknown option -%s", string(arg[k]))
				}
				if !opt.value {
					if err := opt.set(o, p, ""); err != nil {
						return nil, err
					}
					continue
				}
				val := arg[k+1:]
				if val == "" {
					if len(args) < 2 {
						return nil, usageErr("option -%c needs a value", opt.short)
					}
					val, args = args[1], args[1:]
				}
				if err := opt.set(o, p, val); err != nil {
					return nil, err
				}
				break
			}
		default:
			return args, nil // the command
		}
		args = args[1:]
	}
	return nil, nil
}

// parseOptions reads initty's options and the tini and dumb-init environment variables.
// Parsing stops at the first argument that is not an option, so `initty ls -l` runs
// `ls -l`, and `--` ends the options.
func parseOptions(args []string, getenv func(string) string) (options, error) {
	var o options
	var p parsed
	argv, err := scanOptions(shebangSplit(args), &o, &p)
	if err != nil || o.help || o.version {
		return o, err
	}

	o.cfg.SingleChild = p.single || isSet(getenv("DUMB_INIT_SETSID")) && !truthy(getenv("DUMB_INIT_SETSID"))
	for _, r := range p.rewrites {
		if err := o.cfg.Rewrite.Add(r); err != nil {
			return o, usageErr("%v", err)
		}
	}
	if p.pdeath != "" {
		sig, err := relay.ParseSignal(p.pdeath)
		if err != nil {
			return o, usageErr("bad --pdeathsig: %v", err)
		}
		o.cfg.PdeathSig = sig
	}
	for _, e := range p.remaps {
		code, err := strconv.Atoi(strings.TrimSpace(e))
		if err != nil || code < 0 || code > 255 {
			return o, usageErr("bad --remap-exit %q: want an exit code from 0 to 255", e)
		}
		o.cfg.RemapExit[code] = true
	}
	o.cfg.Grace = defaultGrace
	if p.grace != "" {
		d, err := parseGrace(p.grace)
		if err != nil {
			return o, usageErr("bad --grace %q: %v", p.grace, err)
		}
		o.cfg.Grace = d
	}
	o.cfg.NoTTY = p.noTTY
	o.cfg.Verbosity = envVerbosity(getenv)
	if p.verbose > 0 || p.warnReap {
		o.cfg.Verbosity = max(p.verbose, 1)
	}

	o.argv = argv
	switch {
	case o.pause && len(o.argv) > 0:
		return o, usageErr("--pause takes no command")
	case !o.pause && len(o.argv) == 0:
		return o, usageErr("no command given")
	case len(o.argv) > 0 && reap.InterpretedBySelf(o.argv[0]):
		return o, usageErr("%s: its #! line names initty but no command, so initty would run it again and again; write e.g. '#!%s -- /bin/sh'", o.argv[0], self())
	}
	return o, nil
}

// self is initty's own path, for messages.
func self() string {
	if p, err := os.Executable(); err == nil {
		return p
	}
	return "/path/to/initty"
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
