#include "textflag.h"

#define SYS_rt_sigreturn	15
#define SYS_kill	62
#define SIGCHLD	17

// func noteHandler()
// A signal handler with the C calling convention (the signal number in DI): it may use
// the caller-saved registers freely (the kernel restores every register on
// rt_sigreturn), and calls no Go code.
TEXT ·noteHandler(SB),NOSPLIT|NOFRAME,$0
	MOVQ	DI, CX
	DECQ	CX
	MOVQ	$1, AX
	SHLQ	CX, AX
	LOCK
	ORQ	AX, ·notedSignals(SB)
	MOVLQSX	·notePid(SB), DI
	MOVQ	$SIGCHLD, SI
	MOVQ	$SYS_kill, AX
	SYSCALL
	RET

// func noteRestorer()
TEXT ·noteRestorer(SB),NOSPLIT|NOFRAME,$0
	MOVQ	$SYS_rt_sigreturn, AX
	SYSCALL
	INT	$3

// func noteHandlerPC() uintptr
TEXT ·noteHandlerPC(SB),NOSPLIT,$0-8
	MOVQ	$·noteHandler(SB), AX
	MOVQ	AX, ret+0(FP)
	RET

// func noteRestorerPC() uintptr
TEXT ·noteRestorerPC(SB),NOSPLIT,$0-8
	MOVQ	$·noteRestorer(SB), AX
	MOVQ	AX, ret+0(FP)
	RET
