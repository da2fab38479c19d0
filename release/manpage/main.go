// Command manpage turns initty's --help text (cmd/initty/usage.txt) into the man page
// initty(1), gzipped the way Debian installs man pages. One text, two forms: the page
// cannot drift from what `initty --help` says.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	in := flag.String("in", "cmd/initty/usage.txt", "the --help text")
	out := flag.String("out", "dist/initty.1.gz", "the man page to write")
	version := flag.String("version", "", "initty's version, for the page footer")
	date := flag.String("date", "", "the commit's date (YYYY-MM-DD), for the page footer")
	flag.Parse()
	help, err := os.ReadFile(*in)
	if err == nil {
		err = writeGzip(*out, roff(string(help), *version, *date))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "manpage:", err)
		os.Exit(1)
	}
}

// roff lays the help text out as man(7) sections. The text's own shape gives them:
// the "Usage:" lines are the synopsis, the paragraph after them the description, the
// "Options:" block one tagged paragraph per option, and every other "Heading: text"
// paragraph a section of its own.
func roff(help, version, date string) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH INITTY 1 %q %q \"User Commands\"\n", date, "initty "+version)
	b.WriteString(".SH NAME\ninitty \\- an init for containers that makes interactive use work\n")
	for _, para := range strings.Split(strings.TrimSpace(help), "\n\n") {
		lines := strings.Split(para, "\n")
		switch {
		case strings.HasPrefix(lines[0], "Usage:"):
			b.WriteString(".SH SYNOPSIS\n")
			n := 0
			for ; n < len(lines) && (n == 0 || strings.HasPrefix(lines[n], " ")); n++ {
				text := strings.TrimSpace(strings.TrimPrefix(lines[n], "Usage:"))
				fmt.Fprintf(&b, ".B %s\n.br\n", escape(text))
			}
			b.WriteString(".SH DESCRIPTION\n" + escape(strings.Join(lines[n:], "\n")) + "\n")
		case lines[0] == "Options:":
			b.WriteString(".SH OPTIONS\n")
			for _, line := range lines[1:] {
				if opt, text, ok := strings.Cut(strings.TrimSpace(line), "  "); ok && strings.HasPrefix(opt, "-") {
					fmt.Fprintf(&b, ".TP\n.B %s\n%s\n", escape(opt), escape(strings.TrimSpace(text)))
				} else {
					b.WriteString(escape(strings.TrimSpace(line)) + "\n")
				}
			}
		default:
			heading, text, _ := strings.Cut(para, ": ")
			fmt.Fprintf(&b, ".SH %s\n%s\n", strings.ToUpper(escape(heading)), escape(text))
		}
	}
	b.WriteString(".SH SEE ALSO\ntini(1), dumb-init(1), catatonit(1)\n")
	return b.String()
}

// escape keeps roff from reading the text as requests: backslashes and minus signs
// are escaped, and a line may not start with a dot or a quote.
func escape(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}

// writeGzip writes gzip with an empty header (no name, no date) so the file depends on
// the text alone.
func writeGzip(path, text string) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.Write([]byte(text))
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
