#include "textflag.h"

#define SYS_rt_sigreturn	15
#define SYS_getpid	39
#define SYS_kill	62
#define SIGCHLD	17

// func profHandler()
// A signal handler with the C calling convention: it may use the caller-saved registers
// freely (the kernel restores every register on rt_sigreturn), and calls no Go code.
TEXT ·profHandler(SB),NOSPLIT|NOFRAME,$0
	MOVL	$1, ·profPending(SB)
	MOVQ	$SYS_getpid, AX
	SYSCALL
	MOVQ	AX, DI
	MOVQ	$SIGCHLD, SI
	MOVQ	$SYS_kill, AX
	SYSCALL
	RET

// func profRestorer()
TEXT ·profRestorer(SB),NOSPLIT|NOFRAME,$0
	MOVQ	$SYS_rt_sigreturn, AX
	SYSCALL
	INT	$3

// func profHandlerPC() uintptr
TEXT ·profHandlerPC(SB),NOSPLIT,$0-8
	MOVQ	$·profHandler(SB), AX
	MOVQ	AX, ret+0(FP)
	RET

// func profRestorerPC() uintptr
TEXT ·profRestorerPC(SB),NOSPLIT,$0-8
	MOVQ	$·profRestorer(SB), AX
	MOVQ	AX, ret+0(FP)
	RET
