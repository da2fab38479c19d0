package relay_test

import (
	"fmt"
	"syscall"

	"github.com/initty/initty/relay"
)

// Rewrite rules read like dumb-init's: relay SIGTERM as SIGQUIT, drop SIGUSR1.
func ExampleRewrite() {
	var r relay.Rewrite
	for _, rule := range []string{"TERM:QUIT", "SIGUSR1:0", "RTMIN+2:HUP"} {
		if err := r.Add(rule); err != nil {
			fmt.Println(err)
		}
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGUSR1, 36, syscall.SIGINT} {
		fmt.Printf("%s -> %s\n", relay.Name(sig), relay.Name(r.Apply(sig)))
	}
	// Output:
	// SIGTERM -> SIGQUIT
	// SIGUSR1 -> 0
	// SIGRTMIN+2 -> SIGHUP
	// SIGINT -> SIGINT
}

// Signals are read as numbers or names, with or without SIG, in any case.
func ExampleParseSignal() {
	for _, s := range []string{"15", "term", "SIGRTMAX-1", "IOT", "NOPE"} {
		sig, err := relay.ParseSignal(s)
		fmt.Println(s, int(sig), err)
	}
	// Output:
	// 15 15 <nil>
	// term 15 <nil>
	// SIGRTMAX-1 63 <nil>
	// IOT 6 <nil>
	// NOPE 0 unknown signal "NOPE"
}

// The list an init subscribes to never holds SIGURG, the Go runtime's own signal.
func ExampleCaught() {
	urg := false
	for _, s := range relay.Caught(0) {
		urg = urg || s == syscall.SIGURG
	}
	fmt.Println(len(relay.Caught(0)), "signals caught, SIGURG among them:", urg)
	// Output: 57 signals caught, SIGURG among them: false
}
