//go:build linux && (amd64 || arm64 || 386)

package relay

// On x86 the kernel has no trampoline of its own for a handler to return through: the
// handler's frame returns to sa_restorer, which must make the rt_sigreturn system call
// (arm64 has one in the vDSO, but naming our own keeps the two 64-bit ports alike). On
// 386 the kernel builds the rt_sigreturn frame only for an SA_SIGINFO handler; without
// it the restorer would need the older sigreturn.
const saRestorer = 0x04000000

//lint:ignore U1000 the kernel returns through it, by the address noteRestorerPC gives
func noteRestorer()

func noteRestorerPC() uintptr // noteRestorer's address

// noteAction is the struct sigaction that puts noteHandler in place.
func noteAction() kernelSigaction {
	return kernelSigaction{
		handler:  noteHandlerPC(),
		flags:    saOnStack | saRestart | saRestorer | noteSiginfo,
		restorer: noteRestorerPC(),
	}
}
