//go:build linux && (amd64 || arm64 || ppc64le || s390x)

package relay

// kernelSigaction is struct sigaction as the rt_sigaction system call takes it here
// (not the C library's, whose mask is 128 bytes).
type kernelSigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}
