#include "textflag.h"

#define SYS_kill	129
#define SIGCHLD	17

// func noteHandler()
// A signal handler with the C calling convention (the signal number in A0, the
// kernel's sigreturn trampoline in RA). It may clobber any register but SP (the kernel
// restores them all on rt_sigreturn), leaves X27 (g) alone and calls no Go code.
TEXT ·noteHandler(SB),NOSPLIT|NOFRAME,$0
	ADD	$-1, A0, A1
	MOV	$1, A2
	SLL	A1, A2, A2
	MOV	$·notedSignals(SB), A3
	AMOORD	A2, (A3), ZERO
	MOV	$·notePid(SB), A3
	MOVW	(A3), A0
	MOV	$SIGCHLD, A1
	MOV	$SYS_kill, A7
	ECALL
	RET

// func noteHandlerPC() uintptr
TEXT ·noteHandlerPC(SB),NOSPLIT|NOFRAME,$0-8
	MOV	$·noteHandler(SB), A0
	MOV	A0, ret+0(FP)
	RET
