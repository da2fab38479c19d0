#include "textflag.h"

// Linux arm (EABI) system call numbers: number in R7, arguments in R0-R3, SWI $0. The
// kernel keeps every register but R0.
#define SYS_fcntl	55
#define SYS_rt_sigaction	174
#define SYS_rt_sigprocmask	175
#define F_GETFD	1
#define EBADF	9
#define SIG_SETMASK	2
#define SIG_IGN	1

// func entry()
// Runs before the runtime: no g, no stack checks, nothing but system calls. R13 points
// at argc and must be left as the kernel set it for _rt0_arm_linux. R4-R6, R8 and R9 are
// free here; R11 is the assembler's, for the global addresses.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	// Which of fds 0-2 are closed: fcntl(fd, F_GETFD) fails with EBADF.
	MOVW	$0, R8
	MOVW	$0, R9
fds:
	MOVW	R9, R0
	MOVW	$F_GETFD, R1
	MOVW	$SYS_fcntl, R7
	SWI	$0
	CMN	$EBADF, R0
	BNE	fdopen
	MOVW	$1, R2
	MOVW	R2<<R9, R2
	ORR	R2, R8
fdopen:
	ADD	$1, R9
	CMP	$3, R9
	BLT	fds
	MOVW	R8, ·entryClosedFds(SB)

	// The signal mask, replaced by "everything blocked".
	MOVW	$SIG_SETMASK, R0
	MOVW	$·entryAllBlocked(SB), R1
	MOVW	$·entryMask(SB), R2
	MOVW	$8, R3
	MOVW	$SYS_rt_sigprocmask, R7
	SWI	$0

	// Each signal's disposition: rt_sigaction(sig, NULL, &old). Signal N sets bit N-1 of
	// the 64-bit entryIgnored: R5 gathers the low word, R6 the high one (a shift by a
	// register of 32 or more gives 0 on arm).
	MOVW	$0, R5
	MOVW	$0, R6
	MOVW	$1, R4
sigs:
	MOVW	R4, R0
	MOVW	$0, R1
	MOVW	$·entryScratch(SB), R2
	MOVW	$8, R3
	MOVW	$SYS_rt_sigaction, R7
	SWI	$0
	CMP	$0, R0
	BNE	signext
	MOVW	·entryScratch(SB), R0
	CMP	$SIG_IGN, R0
	BNE	signext
	SUB	$1, R4, R1
	MOVW	$1, R2
	CMP	$32, R1
	BGE	sighigh
	MOVW	R2<<R1, R2
	ORR	R2, R5
	B	signext
sighigh:
	SUB	$32, R1
	MOVW	R2<<R1, R2
	ORR	R2, R6
signext:
	ADD	$1, R4
	CMP	$65, R4
	BLT	sigs
	MOVW	R5, ·entryIgnored(SB)
	MOVW	R6, ·entryIgnored+4(SB)

	MOVW	$1, R0
	MOVW	R0, ·entryRecorded(SB)
	B	_rt0_arm_linux(SB)
