// Package relay is the part of an init that deals in signals: which ones it catches,
// how they are rewritten, where they go, and the stop/continue dance that makes job
// control work through the init. Init ties it to package reap (the child and its
// statuses) and package tty (the terminal).
//
// A Go init must never subscribe to every signal: the runtime sends itself SIGURG to
// preempt goroutines, and a catch-all signal.Notify would pass those on to the child.
// Caught returns an explicit list instead.
package relay
