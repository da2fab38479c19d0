package relay

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// sigsetWordBits is the width of one word of unix.Sigset_t: the kernel's unsigned long,
// 32 bits on 386 and arm, 64 elsewhere. Signal N is bit (N-1)%width of word (N-1)/width
// whatever the byte order, which is why these helpers never look at bytes.
const sigsetWordBits = uint(unsafe.Sizeof(unix.Sigset_t{}.Val[0]) * 8)

// addSignal puts sig in set.
func addSignal(set *unix.Sigset_t, sig syscall.Signal) {
	n := uint(sig) - 1
	set.Val[n/sigsetWordBits] |= 1 << (n % sigsetWordBits)
}

// sigsetBits gives signals 1-64 of set as bit N-1 for signal N, the form initty keeps
// them in (and /proc/PID/status prints).
func sigsetBits(set *unix.Sigset_t) uint64 {
	var bits uint64
	for n := uint(0); n < 64; n++ {
		if set.Val[n/sigsetWordBits]&(1<<(n%sigsetWordBits)) != 0 {
			bits |= 1 << n
		}
	}
	return bits
}

// sigsetOf is the set of the signals in bits (bit N-1 for signal N).
func sigsetOf(bits uint64) unix.Sigset_t {
	var set unix.Sigset_t
	for n := uint(0); n < 64; n++ {
		if bits&(1<<n) != 0 {
			addSignal(&set, syscall.Signal(n+1))
		}
	}
	return set
}
