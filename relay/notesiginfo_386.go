//go:build linux && 386

package relay

// noteSiginfo asks for the rt_sigreturn frame on 386 (see noteaction_restorer.go).
const noteSiginfo = 0x4
