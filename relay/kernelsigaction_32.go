//go:build linux && (386 || arm)

package relay

// kernelSigaction is struct sigaction as the rt_sigaction system call takes it on the
// 32-bit architectures: word-sized handler, flags and restorer, then a 64-bit mask
// aligned to 4 bytes (as Go aligns uint64 here).
type kernelSigaction struct {
	handler  uintptr
	flags    uint32
	restorer uintptr
	mask     uint64
}
