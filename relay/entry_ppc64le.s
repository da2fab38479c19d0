#include "textflag.h"

// Linux ppc64le system call numbers: number in R0, arguments in R3-R6, SYSCALL (sc).
// A failed call sets the summary-overflow bit of CR0 and leaves a positive errno in R3.
#define SYS_fcntl	55
#define SYS_rt_sigaction	173
#define SYS_rt_sigprocmask	174
#define F_GETFD	1
#define EBADF	9
#define SIG_SETMASK	2
#define SIG_IGN	1

// func entry()
// Runs before the runtime: no g, no stack checks, nothing but system calls. R1 points
// at argc and must be left as the kernel set it for _rt0_ppc64le_linux, which zeroes R0
// itself. R14-R16 are free here (the kernel keeps them across sc); R31 is the
// assembler's.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	// Which of fds 0-2 are closed: fcntl(fd, F_GETFD) fails with EBADF.
	MOVD	$0, R14
	MOVD	$0, R15
fds:
	MOVD	R15, R3
	MOVD	$F_GETFD, R4
	SYSCALL	$SYS_fcntl
	BVC	fdopen
	CMP	R3, $EBADF
	BNE	fdopen
	MOVD	$1, R5
	SLD	R15, R5, R5
	OR	R5, R14
fdopen:
	ADD	$1, R15
	CMP	R15, $3
	BLT	fds
	MOVD	$·entryClosedFds(SB), R5
	MOVW	R14, (R5)

	// The signal mask, replaced by "everything blocked".
	MOVD	$SIG_SETMASK, R3
	MOVD	$·entryAllBlocked(SB), R4
	MOVD	$·entryMask(SB), R5
	MOVD	$8, R6
	SYSCALL	$SYS_rt_sigprocmask

	// Each signal's disposition: rt_sigaction(sig, NULL, &old).
	MOVD	$0, R14
	MOVD	$1, R15
sigs:
	MOVD	R15, R3
	MOVD	$0, R4
	MOVD	$·entryScratch(SB), R5
	MOVD	$8, R6
	SYSCALL	$SYS_rt_sigaction
	BVS	signext
	MOVD	$·entryScratch(SB), R5
	MOVD	(R5), R3
	CMP	R3, $SIG_IGN
	BNE	signext
	SUB	$1, R15, R16
	MOVD	$1, R5
	SLD	R16, R5, R5
	OR	R5, R14
signext:
	ADD	$1, R15
	CMP	R15, $65
	BLT	sigs
	MOVD	$·entryIgnored(SB), R5
	MOVD	R14, (R5)

	MOVD	$1, R3
	MOVD	$·entryRecorded(SB), R5
	MOVW	R3, (R5)
	BR	_rt0_ppc64le_linux(SB)
