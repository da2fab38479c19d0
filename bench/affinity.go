package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"syscall"
	"unsafe"
)

// cpuMask is a sched_setaffinity(2) CPU set for up to 1024 CPUs.
type cpuMask [16]uint64

// oneCPU returns the mask holding only cpu.
func oneCPU(cpu int) cpuMask {
	var m cpuMask
	m[cpu/64] |= 1 << (cpu % 64)
	return m
}

// allowedCPUs returns the calling thread's CPU mask and the highest CPU in it.
func allowedCPUs() (cpuMask, int, error) {
	var m cpuMask
	_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m)))
	if e != 0 {
		return m, 0, e
	}
	last := -1
	for i := 0; i < len(m)*64; i++ {
		if m[i/64]&(1<<(i%64)) != 0 {
			last = i
		}
	}
	if last < 0 {
		return m, 0, fmt.Errorf("empty CPU mask")
	}
	return m, last, nil
}

// setAffinity sets one thread's CPU mask; tid 0 is the calling thread.
func setAffinity(tid int, m cpuMask) error {
	_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, uintptr(tid), unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m)))
	if e != 0 {
		return e
	}
	return nil
}

// setProcessAffinity sets the CPU mask of every current thread of pid. Threads it starts
// later inherit the mask of the thread that creates them.
func setProcessAffinity(pid int, m cpuMask) error {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*", pid))
	for _, t := range tasks {
		tid, err := strconv.Atoi(filepath.Base(t))
		if err != nil {
			continue
		}
		if err := setAffinity(tid, m); err != nil {
			return err
		}
	}
	return nil
}
