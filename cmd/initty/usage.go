package main

import _ "embed"

// usage is the --help text. It lives in a file of its own because the release build
// turns the same text into the man page (release/manpage), so the two never disagree.
//
//go:embed usage.txt
var usage string
