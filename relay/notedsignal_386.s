#include "textflag.h"

#define SYS_kill	37
#define SYS_rt_sigreturn	173
#define SIGCHLD	17

// func noteHandler()
// A signal handler with the C calling convention (the signal number at 4(SP), above the
// return address, which is noteRestorer). It may clobber any register: the kernel
// restores them all on rt_sigreturn. It calls no Go code. The 64-bit notedSignals is set
// one 32-bit half at a time, each with a locked OR, which the Go side's 64-bit atomic
// swap (cmpxchg8b) sees whole.
TEXT ·noteHandler(SB),NOSPLIT|NOFRAME,$0
	MOVL	4(SP), CX
	DECL	CX
	MOVL	$1, AX
	CMPL	CX, $32
	JGE	high
	SHLL	CX, AX
	LOCK
	ORL	AX, ·notedSignals(SB)
	JMP	send
high:
	SUBL	$32, CX
	SHLL	CX, AX
	LOCK
	ORL	AX, ·notedSignals+4(SB)
send:
	MOVL	·notePid(SB), BX
	MOVL	$SIGCHLD, CX
	MOVL	$SYS_kill, AX
	INT	$0x80
	RET

// func noteRestorer()
// Reached by the handler's RET with SP at the rt_sigframe, as rt_sigreturn needs it.
TEXT ·noteRestorer(SB),NOSPLIT|NOFRAME,$0
	MOVL	$SYS_rt_sigreturn, AX
	INT	$0x80
	INT	$3

// func noteHandlerPC() uintptr
TEXT ·noteHandlerPC(SB),NOSPLIT,$0-4
	MOVL	$·noteHandler(SB), AX
	MOVL	AX, ret+0(FP)
	RET

// func noteRestorerPC() uintptr
TEXT ·noteRestorerPC(SB),NOSPLIT,$0-4
	MOVL	$·noteRestorer(SB), AX
	MOVL	AX, ret+0(FP)
	RET
