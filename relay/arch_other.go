//go:build !(linux && (amd64 || arm64 || 386 || arm || ppc64le || s390x || riscv64))

package relay

// initty runs on Linux only, on the architectures it has an entry point and a signal
// handler for (entry_GOARCH.s, notedsignal_GOARCH.s) and whose struct sigaction it
// knows (kernelsigaction_*.go). Elsewhere the build stops here, on this name:
var _ = initty_builds_only_for_linux_on_amd64_arm64_386_arm_ppc64le_s390x_riscv64
