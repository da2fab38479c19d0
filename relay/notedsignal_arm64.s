#include "textflag.h"

#define SYS_kill	129
#define SYS_rt_sigreturn	139
#define SIGCHLD	17

// func noteHandler()
// A signal handler with the C calling convention (the signal number in R0): it uses only
// caller-saved registers (the kernel restores every register on rt_sigreturn), leaves
// R28 (g) alone, and calls no Go code. It returns through LR, which the kernel set to
// noteRestorer.
TEXT ·noteHandler(SB),NOSPLIT|NOFRAME,$0
	SUB	$1, R0, R1
	MOVD	$1, R2
	LSL	R1, R2, R2
	MOVD	$·notedSignals(SB), R3
again:
	LDAXR	(R3), R4
	ORR	R2, R4, R4
	STLXR	R4, (R3), R5
	CBNZ	R5, again
	MOVD	$·notePid(SB), R3
	MOVW	(R3), R0
	MOVD	$SIGCHLD, R1
	MOVD	$SYS_kill, R8
	SVC
	RET

// func noteRestorer()
TEXT ·noteRestorer(SB),NOSPLIT|NOFRAME,$0
	MOVD	$SYS_rt_sigreturn, R8
	SVC

// func noteHandlerPC() uintptr
TEXT ·noteHandlerPC(SB),NOSPLIT,$0-8
	MOVD	$·noteHandler(SB), R0
	MOVD	R0, ret+0(FP)
	RET

// func noteRestorerPC() uintptr
TEXT ·noteRestorerPC(SB),NOSPLIT,$0-8
	MOVD	$·noteRestorer(SB), R0
	MOVD	R0, ret+0(FP)
	RET
