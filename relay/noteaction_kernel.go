//go:build linux && (arm || ppc64le || s390x || riscv64)

package relay

// noteAction is the struct sigaction that puts noteHandler in place. These
// architectures return from a handler through a trampoline the kernel provides (the
// vDSO, or arm's signal page), found in the link register on entry, so no restorer is
// named, as the Go runtime names none here either.
func noteAction() kernelSigaction {
	return kernelSigaction{handler: noteHandlerPC(), flags: saOnStack | saRestart}
}
