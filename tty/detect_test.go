package tty

import "testing"

// The kernel's line gives session and tty_nr; qemu-user's stand-in (state, process
// group, session and tty_nr all 0) is refused, so detection asks the terminal instead.
func TestParseSelfStat(t *testing.T) {
	kernel := "13554 (cat) R 13552 13554 13554 34816 13554 4194304 255 3645 0 15 1 0 10 6 20 0 1 0"
	if st, err := parseSelfStat(kernel); err != nil || st.session != 13554 || st.ttyNr != 34816 {
		t.Errorf("kernel line: %+v, %v", st, err)
	}
	qemu := "13555 (qs) 0 13554 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5585747 0 0 0 0"
	if st, err := parseSelfStat(qemu); err == nil {
		t.Errorf("qemu-user's stand-in taken for the kernel's: %+v", st)
	}
	if _, err := parseSelfStat("1 (a) b) S 0 1 1 0"); err != nil {
		t.Errorf("a command name with ') ' in it: %v", err)
	}
}
