package tty_test

import (
	"fmt"
	"os"

	"github.com/creack/pty"
	"github.com/initty/initty/tty"
)

// Open answers nil for anything that is not the caller's controlling terminal: a pipe,
// /dev/null, or a terminal of another session. An init then simply runs without job
// control, and makes no terminal call that would fail.
func ExampleOpen() {
	null, _ := os.Open(os.DevNull)
	defer null.Close()
	t, err := tty.Open(int(null.Fd()))
	fmt.Println("/dev/null:", t != nil, err)

	// A fresh pty is a terminal, but not this process's controlling one.
	master, slave, err := pty.Open()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer master.Close()
	defer slave.Close()
	t, err = tty.Open(int(slave.Fd()))
	fmt.Println("another session's pty:", t != nil, err)
	// Output:
	// /dev/null: false <nil>
	// another session's pty: false <nil>
}
