//go:build linux && riscv64

package relay

// kernelSigaction is struct sigaction as the rt_sigaction system call takes it on
// riscv64, which has no sa_restorer: a handler always returns through the kernel's own
// trampoline in the vDSO.
//
// The kernel reads and writes 24 bytes; spare makes the struct 32, as the Go runtime's
// own riscv64 sigaction is. qemu-user (Debian's 7.2) copies 32 bytes in and out for
// riscv64: with 24, reading an old action wrote 8 bytes past it, and initty, meaning to
// die of its command's SIGTERM, jumped to address 4 and died of SIGSEGV.
type kernelSigaction struct {
	handler uintptr
	flags   uint64
	mask    uint64
	spare   uint64
}
