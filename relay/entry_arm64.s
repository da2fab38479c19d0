#include "textflag.h"

// Linux arm64 system call numbers.
#define SYS_fcntl	25
#define SYS_rt_sigaction	134
#define SYS_rt_sigprocmask	135
#define F_GETFD	1
#define EBADF	9
#define SIG_SETMASK	2
#define SIG_IGN	1

// func entry()
// Runs before the runtime: no g, no stack checks, nothing but system calls. RSP points at
// argc and must be left as the kernel set it for _rt0_arm64_linux. R19-R21 are free here.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	// Which of fds 0-2 are closed: fcntl(fd, F_GETFD) fails with EBADF.
	MOVD	$0, R19
	MOVD	$0, R20
fds:
	MOVD	R20, R0
	MOVD	$F_GETFD, R1
	MOVD	$SYS_fcntl, R8
	SVC
	CMN	$EBADF, R0
	BNE	fdopen
	MOVD	$1, R2
	LSL	R20, R2, R2
	ORR	R2, R19, R19
fdopen:
	ADD	$1, R20, R20
	CMP	$3, R20
	BLT	fds
	MOVW	R19, ·entryClosedFds(SB)

	// The signal mask, replaced by "everything blocked".
	MOVD	$SIG_SETMASK, R0
	MOVD	$·entryAllBlocked(SB), R1
	MOVD	$·entryMask(SB), R2
	MOVD	$8, R3
	MOVD	$SYS_rt_sigprocmask, R8
	SVC

	// Each signal's disposition: rt_sigaction(sig, NULL, &old).
	MOVD	$0, R19
	MOVD	$1, R20
sigs:
	MOVD	R20, R0
	MOVD	$0, R1
	MOVD	$·entryScratch(SB), R2
	MOVD	$8, R3
	MOVD	$SYS_rt_sigaction, R8
	SVC
	CBNZ	R0, signext
	MOVD	·entryScratch(SB), R0
	CMP	$SIG_IGN, R0
	BNE	signext
	SUB	$1, R20, R21
	MOVD	$1, R2
	LSL	R21, R2, R2
	ORR	R2, R19, R19
signext:
	ADD	$1, R20, R20
	CMP	$65, R20
	BLT	sigs
	MOVD	R19, ·entryIgnored(SB)

	MOVD	$1, R0
	MOVW	R0, ·entryRecorded(SB)
	JMP	_rt0_arm64_linux(SB)
