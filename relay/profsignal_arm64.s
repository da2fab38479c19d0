#include "textflag.h"

#define SYS_kill	129
#define SYS_rt_sigreturn	139
#define SYS_getpid	172
#define SIGCHLD	17

// func profHandler()
// A signal handler with the C calling convention: it uses only caller-saved registers
// (the kernel restores every register on rt_sigreturn), leaves R28 (g) alone, and calls
// no Go code. It returns through LR, which the kernel set to profRestorer.
TEXT ·profHandler(SB),NOSPLIT|NOFRAME,$0
	MOVD	$1, R0
	MOVW	R0, ·profPending(SB)
	MOVD	$SYS_getpid, R8
	SVC
	MOVD	$SIGCHLD, R1
	MOVD	$SYS_kill, R8
	SVC
	RET

// func profRestorer()
TEXT ·profRestorer(SB),NOSPLIT|NOFRAME,$0
	MOVD	$SYS_rt_sigreturn, R8
	SVC

// func profHandlerPC() uintptr
TEXT ·profHandlerPC(SB),NOSPLIT,$0-8
	MOVD	$·profHandler(SB), R0
	MOVD	R0, ret+0(FP)
	RET

// func profRestorerPC() uintptr
TEXT ·profRestorerPC(SB),NOSPLIT,$0-8
	MOVD	$·profRestorer(SB), R0
	MOVD	R0, ret+0(FP)
	RET
