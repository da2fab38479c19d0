// Package reap starts the one command an init runs in front of and reaps every process
// that ends below the init: the command itself, its orphans, and whatever else lands on
// PID 1 or on a child subreaper.
//
// One owner of wait: a Go program that mixes os/exec's Wait (pidfd based) with
// wait4(-1) loses exit statuses to whichever call comes first. This package therefore
// never uses os/exec or os.Process for the child; Start returns a bare pid and Drain is
// the only place that waits, always for any child (-1), so orphans and the main child
// are collected by the same loop.
//
// Start forks from a locked OS thread whose signal mask is set to the one the caller
// asks for, because the child inherits the mask of the thread that forks, not the one
// the init process had when it started.
package reap
