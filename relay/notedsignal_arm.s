#include "textflag.h"

#define SYS_kill	37
#define SIGCHLD	17

// func noteHandler()
// A signal handler with the C calling convention (the signal number in R0). It may
// clobber any register (the kernel restores them all when the handler returns through
// the kernel's sigreturn trampoline, whose address is in LR), leaves R10 (g) alone and
// calls no Go code. The 64-bit notedSignals is set one 32-bit half at a time, with
// LDREX/STREX, which the Go side's 64-bit atomic swap (LDREXD/STREXD) sees whole.
TEXT ·noteHandler(SB),NOSPLIT|NOFRAME,$0
	SUB	$1, R0, R1
	MOVW	$·notedSignals(SB), R3
	CMP	$32, R1
	BLT	low
	SUB	$32, R1
	ADD	$4, R3
low:
	MOVW	$1, R2
	MOVW	R2<<R1, R2
	DMB	MB_ISH
again:
	LDREX	(R3), R4
	ORR	R2, R4
	STREX	R4, (R3), R5
	CMP	$0, R5
	BNE	again
	DMB	MB_ISH
	MOVW	$·notePid(SB), R3
	MOVW	(R3), R0
	MOVW	$SIGCHLD, R1
	MOVW	$SYS_kill, R7
	SWI	$0
	RET

// func noteHandlerPC() uintptr
TEXT ·noteHandlerPC(SB),NOSPLIT,$0-4
	MOVW	$·noteHandler(SB), R0
	MOVW	R0, ret+0(FP)
	RET
