//go:build linux && (amd64 || arm64)

package relay

// noteSiginfo is 0 here: amd64 and arm64 always build the rt_sigreturn frame, and the
// handler needs nothing but the signal number.
const noteSiginfo = 0
