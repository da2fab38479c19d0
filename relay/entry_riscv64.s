#include "textflag.h"

// Linux riscv64 system call numbers: number in A7, arguments in A0-A3, ECALL, result
// (or a negative errno) in A0.
#define SYS_fcntl	25
#define SYS_rt_sigaction	134
#define SYS_rt_sigprocmask	135
#define F_GETFD	1
#define EBADF	9
#define SIG_SETMASK	2
#define SIG_IGN	1

// func entry()
// Runs before the runtime: no g, no stack checks, nothing but system calls. X2 (SP)
// points at argc and must be left as the kernel set it for _rt0_riscv64_linux. S2-S4
// (X18-X20) are free here; X31 is the assembler's.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	// Which of fds 0-2 are closed: fcntl(fd, F_GETFD) fails with EBADF.
	MOV	$0, X18
	MOV	$0, X19
fds:
	MOV	X19, A0
	MOV	$F_GETFD, A1
	MOV	$SYS_fcntl, A7
	ECALL
	MOV	$-EBADF, T0
	BNE	A0, T0, fdopen
	MOV	$1, T1
	SLL	X19, T1, T1
	OR	T1, X18, X18
fdopen:
	ADD	$1, X19, X19
	MOV	$3, T0
	BLT	X19, T0, fds
	MOVW	X18, ·entryClosedFds(SB)

	// The signal mask, replaced by "everything blocked".
	MOV	$SIG_SETMASK, A0
	MOV	$·entryAllBlocked(SB), A1
	MOV	$·entryMask(SB), A2
	MOV	$8, A3
	MOV	$SYS_rt_sigprocmask, A7
	ECALL

	// Each signal's disposition: rt_sigaction(sig, NULL, &old).
	MOV	$0, X18
	MOV	$1, X19
sigs:
	MOV	X19, A0
	MOV	$0, A1
	MOV	$·entryScratch(SB), A2
	MOV	$8, A3
	MOV	$SYS_rt_sigaction, A7
	ECALL
	BNE	A0, ZERO, signext
	MOV	·entryScratch(SB), A0
	MOV	$SIG_IGN, T0
	BNE	A0, T0, signext
	ADD	$-1, X19, X20
	MOV	$1, T1
	SLL	X20, T1, T1
	OR	T1, X18, X18
signext:
	ADD	$1, X19, X19
	MOV	$65, T0
	BLT	X19, T0, sigs
	MOV	X18, ·entryIgnored(SB)

	MOV	$1, A0
	MOVW	A0, ·entryRecorded(SB)
	JMP	_rt0_riscv64_linux(SB)
