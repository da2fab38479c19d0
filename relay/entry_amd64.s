#include "textflag.h"

// Linux amd64 system call numbers.
#define SYS_rt_sigaction	13
#define SYS_rt_sigprocmask	14
#define SYS_fcntl	72
#define F_GETFD	1
#define EBADF	9
#define SIG_SETMASK	2
#define SIG_IGN	1

// func entry()
// Runs before the runtime: no g, no stack checks, nothing but system calls. SP points at
// argc and must be left as the kernel set it for _rt0_amd64_linux.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	// Which of fds 0-2 are closed: fcntl(fd, F_GETFD) fails with EBADF.
	XORQ	R12, R12
	XORQ	BX, BX
fds:
	MOVQ	BX, DI
	MOVQ	$F_GETFD, SI
	MOVQ	$SYS_fcntl, AX
	SYSCALL
	CMPQ	AX, $-EBADF
	JNE	fdopen
	MOVQ	BX, CX
	MOVQ	$1, R13
	SHLQ	CX, R13
	ORQ	R13, R12
fdopen:
	INCQ	BX
	CMPQ	BX, $3
	JLT	fds
	MOVL	R12, ·entryClosedFds(SB)

	// The signal mask, replaced by "everything blocked".
	MOVQ	$SIG_SETMASK, DI
	LEAQ	·entryAllBlocked(SB), SI
	LEAQ	·entryMask(SB), DX
	MOVQ	$8, R10
	MOVQ	$SYS_rt_sigprocmask, AX
	SYSCALL

	// Each signal's disposition: rt_sigaction(sig, NULL, &old).
	XORQ	R12, R12
	MOVQ	$1, BX
sigs:
	MOVQ	BX, DI
	XORQ	SI, SI
	LEAQ	·entryScratch(SB), DX
	MOVQ	$8, R10
	MOVQ	$SYS_rt_sigaction, AX
	SYSCALL
	TESTQ	AX, AX
	JNE	signext
	MOVQ	·entryScratch(SB), AX
	CMPQ	AX, $SIG_IGN
	JNE	signext
	LEAQ	-1(BX), CX
	MOVQ	$1, R13
	SHLQ	CX, R13
	ORQ	R13, R12
signext:
	INCQ	BX
	CMPQ	BX, $65
	JLT	sigs
	MOVQ	R12, ·entryIgnored(SB)

	MOVL	$1, ·entryRecorded(SB)
	JMP	_rt0_amd64_linux(SB)
