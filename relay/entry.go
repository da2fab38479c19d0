//go:build linux && (amd64 || arm64 || 386 || arm || ppc64le || s390x || riscv64)

package relay

// What the process was given, recorded by entry (entry_GOARCH.s) before the Go runtime
// starts and changes it. The runtime opens /dev/null on a closed fd 0-2, replaces an
// inherited SIG_IGN with its own handler for most signals and unblocks some blocked ones;
// after that the original state cannot be read back. entry runs only when the binary is
// linked with -E (see EntrySymbol); a binary built without it (plain `go build` or
// `go install`) leaves entryRecorded zero and initty falls back to what it can still see.
var (
	entryRecorded  uint32 // 1 once entry ran
	entryClosedFds uint32 // bit N: fd N (0-2) was closed
	entryMask      uint64 // the signal mask, bit N-1 for signal N
	entryIgnored   uint64 // signals whose disposition was SIG_IGN, bit N-1 for signal N

	//lint:ignore U1000 read by entry_GOARCH.s: the mask entry sets
	entryAllBlocked = ^uint64(0)
	//lint:ignore U1000 written by entry_GOARCH.s: struct kernel_sigaction for rt_sigaction
	entryScratch [4]uint64
)

// entry is the program's first instruction when linked with -E: it records fds 0-2, the
// signal mask and the ignored signals, blocks every signal so that none sent in the first
// milliseconds is lost or kills the process before initty subscribes it (the runtime's
// signal thread unblocks each one as it is subscribed, and it is delivered then), and
// jumps to the runtime's own entry point.
func entry()

// EntrySymbol is the linker's name for entry, for `go build -ldflags=-E=...`.
const EntrySymbol = "github.com/initty/initty/relay.entry"

var _ = entry // referenced only by the linker's -E flag
