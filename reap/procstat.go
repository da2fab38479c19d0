package reap

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ProcStat is what an init needs of /proc/PID/stat: who the parent is, and the process
// group and session (for job control and for telling descendants apart).
type ProcStat struct {
	PPid, PGrp, Session int
}

// ReadStat reads /proc/PID/stat. The command name may hold spaces and parentheses, so
// the fields are taken after the last ')'.
func ReadStat(pid int) (ProcStat, error) {
	b, err := readSmall("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ProcStat{}, err
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 4 {
		return ProcStat{}, fmt.Errorf("short /proc/%d/stat", pid)
	}
	var st ProcStat
	var errs [3]error
	st.PPid, errs[0] = strconv.Atoi(f[1])
	st.PGrp, errs[1] = strconv.Atoi(f[2])
	st.Session, errs[2] = strconv.Atoi(f[3])
	for _, e := range errs {
		if e != nil {
			return ProcStat{}, fmt.Errorf("bad /proc/%d/stat", pid)
		}
	}
	return st, nil
}

// ProcIsOurs reports whether /proc numbers processes as the caller's PID namespace does.
// In a PID namespace without its own /proc mount it does not, and a pid read there would
// name another process: callers then must not act on /proc's pids.
func ProcIsOurs() bool {
	link, err := os.Readlink("/proc/self")
	return err == nil && link == strconv.Itoa(os.Getpid())
}
