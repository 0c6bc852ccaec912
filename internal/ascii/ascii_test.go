package ascii

import "testing"

func TestFold(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		equal bool
		lower string
	}{
		{"GET", "get", true, "get"},
		{"Config|Get", "config|get", true, "config|get"},
		{"\xc3\x84", "\xc3\xa4", false, "\xc3\x84"}, // Ä and ä: not ASCII
		{"a", "ab", false, "a"},
		{"@", "`", false, "@"}, // the bytes around A and Z
		{"[Z]", "[z]", true, "[z]"},
	} {
		if got := EqualFold(c.a, c.b); got != c.equal {
			t.Errorf("EqualFold(%q, %q) = %v", c.a, c.b, got)
		}
		if got := ToLower(c.a); got != c.lower {
			t.Errorf("ToLower(%q) = %q, want %q", c.a, got, c.lower)
		}
	}
}

func TestSubsetFold(t *testing.T) {
	for _, c := range []struct {
		a, b []string
		want bool
	}{
		{nil, nil, true},
		{nil, []string{"x"}, true},
		{[]string{"x"}, nil, false},
		{[]string{"GET", "Set"}, []string{"set", "get", "del"}, true},
		{[]string{"get", "del"}, []string{"GET"}, false},
		{[]string{"\xc3\x84"}, []string{"\xc3\xa4"}, false},
	} {
		if got := SubsetFold(c.a, c.b); got != c.want {
			t.Errorf("SubsetFold(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
