package main

import "testing"

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"on ~a +get":                   "on ~a +get",
		"on\x00x +get":                 `"on\x00x +get"`,
		"ERR Command '\r\n' not found": `"ERR Command '\r\n' not found"`,
		"é":                            "é",
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %s, want %s", in, got, want)
		}
	}
}
