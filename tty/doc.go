// Package tty gives an init what it needs of its controlling terminal: whether stdin is
// that terminal, who holds its foreground, a race-free way to hand the foreground over
// and take it back, and the terminal settings as they were at start.
//
// An init runs in front of interactive programs, so it must behave like a job-control
// shell: the command gets the foreground while it runs, and the terminal comes back, in
// the state the user left it, when the command ends or stops.
package tty
