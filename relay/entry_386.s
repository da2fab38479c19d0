#include "textflag.h"

// Linux 386 system call numbers (int $0x80: number in AX, arguments in BX CX DX SI).
#define SYS_fcntl	55
#define SYS_rt_sigaction	174
#define SYS_rt_sigprocmask	175
#define F_GETFD	1
#define EBADF	9
#define SIG_SETMASK	2
#define SIG_IGN	1

// func entry()
// Runs before the runtime: no g, no stack checks, nothing but system calls. SP points at
// argc and must be left as the kernel set it for _rt0_386_linux. The kernel keeps every
// register but AX across int $0x80; DI and BP are not system call arguments here.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	// Which of fds 0-2 are closed: fcntl(fd, F_GETFD) fails with EBADF.
	XORL	DI, DI
	XORL	BP, BP
fds:
	MOVL	BP, BX
	MOVL	$F_GETFD, CX
	MOVL	$SYS_fcntl, AX
	INT	$0x80
	CMPL	AX, $-EBADF
	JNE	fdopen
	MOVL	BP, CX
	MOVL	$1, DX
	SHLL	CX, DX
	ORL	DX, DI
fdopen:
	INCL	BP
	CMPL	BP, $3
	JLT	fds
	MOVL	DI, ·entryClosedFds(SB)

	// The signal mask, replaced by "everything blocked".
	MOVL	$SIG_SETMASK, BX
	LEAL	·entryAllBlocked(SB), CX
	LEAL	·entryMask(SB), DX
	MOVL	$8, SI
	MOVL	$SYS_rt_sigprocmask, AX
	INT	$0x80

	// Each signal's disposition: rt_sigaction(sig, NULL, &old). Signal N sets bit N-1 of
	// the 64-bit entryIgnored, one 32-bit half at a time.
	MOVL	$1, BP
sigs:
	MOVL	BP, BX
	XORL	CX, CX
	LEAL	·entryScratch(SB), DX
	MOVL	$8, SI
	MOVL	$SYS_rt_sigaction, AX
	INT	$0x80
	TESTL	AX, AX
	JNE	signext
	MOVL	·entryScratch(SB), AX
	CMPL	AX, $SIG_IGN
	JNE	signext
	LEAL	-1(BP), CX
	MOVL	$1, DX
	CMPL	CX, $32
	JGE	sighigh
	SHLL	CX, DX
	ORL	DX, ·entryIgnored(SB)
	JMP	signext
sighigh:
	SUBL	$32, CX
	SHLL	CX, DX
	ORL	DX, ·entryIgnored+4(SB)
signext:
	INCL	BP
	CMPL	BP, $65
	JLT	sigs

	MOVL	$1, ·entryRecorded(SB)
	JMP	_rt0_386_linux(SB)
