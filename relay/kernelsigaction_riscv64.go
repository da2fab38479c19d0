//go:build linux && riscv64

package relay

// kernelSigaction is struct sigaction as the rt_sigaction system call takes it on
// riscv64, which has no sa_restorer: a handler always returns through the kernel's own
// trampoline in the vDSO.
type kernelSigaction struct {
	handler uintptr
	flags   uint64
	mask    uint64
}
