#include "textflag.h"

#define SYS_kill	37
#define SIGCHLD	17

// func noteHandler()
// A signal handler with the ELFv2 calling convention (the signal number in R3, the
// kernel's sigreturn trampoline in LR). It may clobber any register but R1 (the kernel
// restores them all on sigreturn), leaves R30 (g) alone and calls no Go code.
TEXT ·noteHandler(SB),NOSPLIT|NOFRAME,$0
	SUB	$1, R3, R4
	MOVD	$1, R5
	SLD	R4, R5, R5
	MOVD	$·notedSignals(SB), R6
	LWSYNC
again:
	LDAR	(R6), R7
	OR	R5, R7
	STDCCC	R7, (R6)
	BNE	again
	LWSYNC
	MOVD	$·notePid(SB), R6
	MOVW	(R6), R3
	MOVD	$SIGCHLD, R4
	SYSCALL	$SYS_kill
	RET

// func noteHandlerPC() uintptr
TEXT ·noteHandlerPC(SB),NOSPLIT|NOFRAME,$0-8
	MOVD	$·noteHandler(SB), R3
	MOVD	R3, ret+0(FP)
	RET
