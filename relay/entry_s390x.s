#include "textflag.h"

// Linux s390x system call numbers: number in R1, arguments in R2-R5, SYSCALL (svc 0),
// result (or a negative errno) in R2.
#define SYS_fcntl	55
#define SYS_rt_sigaction	174
#define SYS_rt_sigprocmask	175
#define F_GETFD	1
#define EBADF	9
#define SIG_SETMASK	2
#define SIG_IGN	1

// func entry()
// Runs before the runtime: no g, no stack checks, nothing but system calls. R15 points
// at argc and must be left as the kernel set it for _rt0_s390x_linux. R6-R8 are free
// here (the kernel keeps them across svc); R10 and R11 are the assembler's.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	// Which of fds 0-2 are closed: fcntl(fd, F_GETFD) fails with EBADF.
	MOVD	$0, R6
	MOVD	$0, R7
fds:
	MOVD	R7, R2
	MOVD	$F_GETFD, R3
	MOVD	$SYS_fcntl, R1
	SYSCALL
	CMP	R2, $-EBADF
	BNE	fdopen
	MOVD	$1, R3
	SLD	R7, R3
	OR	R3, R6
fdopen:
	ADD	$1, R7
	CMP	R7, $3
	BLT	fds
	MOVW	R6, ·entryClosedFds(SB)

	// The signal mask, replaced by "everything blocked".
	MOVD	$SIG_SETMASK, R2
	MOVD	$·entryAllBlocked(SB), R3
	MOVD	$·entryMask(SB), R4
	MOVD	$8, R5
	MOVD	$SYS_rt_sigprocmask, R1
	SYSCALL

	// Each signal's disposition: rt_sigaction(sig, NULL, &old).
	MOVD	$0, R6
	MOVD	$1, R7
sigs:
	MOVD	R7, R2
	MOVD	$0, R3
	MOVD	$·entryScratch(SB), R4
	MOVD	$8, R5
	MOVD	$SYS_rt_sigaction, R1
	SYSCALL
	CMP	R2, $0
	BNE	signext
	MOVD	·entryScratch(SB), R2
	CMP	R2, $SIG_IGN
	BNE	signext
	SUB	$1, R7, R8
	MOVD	$1, R3
	SLD	R8, R3
	OR	R3, R6
signext:
	ADD	$1, R7
	CMP	R7, $65
	BLT	sigs
	MOVD	R6, ·entryIgnored(SB)

	MOVD	$1, R2
	MOVW	R2, ·entryRecorded(SB)
	BR	_rt0_s390x_linux(SB)
