package main

import "testing"

func TestPseudoVersionCommit(t *testing.T) {
	for v, want := range map[string]string{
		"v0.0.0-20261205184544-6a27390a7380":       "6a27390a7380",
		"v0.0.0-20261205184544-6a27390a7380+dirty": "6a27390a7380",
		"v1.2.4-0.20261205184544-6a27390a7380":     "6a27390a7380",
		"v1.2.3":                                   "",
		"v1.2.3-rc1":                               "",
		"(devel)":                                  "",
		"":                                         "",
	} {
		if got := pseudoVersionCommit(v); got != want {
			t.Errorf("pseudoVersionCommit(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestReleaseTagIsTheVersion(t *testing.T) {
	b := build{version: "1.2.3", commit: "6a27390a7380bc15c1e7a07588a7144a326a41b2", goVersion: "go1.26.8"}
	if got, want := b.String(), "initty 1.2.3, commit 6a27390a7380, go1.26.8"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
