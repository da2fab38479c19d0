#include "textflag.h"

#define SYS_kill	37
#define SIGCHLD	17

// func noteHandler()
// A signal handler with the C calling convention (the signal number in R2, the kernel's
// sigreturn trampoline in R14). It may clobber any register but R15 (the kernel
// restores them all on sigreturn), leaves R13 (g) alone and calls no Go code.
TEXT ·noteHandler(SB),NOSPLIT|NOFRAME,$0
	SUB	$1, R2, R3
	MOVD	$1, R4
	SLD	R3, R4
	MOVD	$·notedSignals(SB), R5
	MOVD	(R5), R6
again:
	OR	R4, R6, R7
	CSG	R6, R7, (R5)
	BNE	again
	MOVD	$·notePid(SB), R5
	MOVW	(R5), R2
	MOVD	$SIGCHLD, R3
	MOVD	$SYS_kill, R1
	SYSCALL
	RET

// func noteHandlerPC() uintptr
TEXT ·noteHandlerPC(SB),NOSPLIT|NOFRAME,$0-8
	MOVD	$·noteHandler(SB), R2
	MOVD	R2, ret+0(FP)
	RET
