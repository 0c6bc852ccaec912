// Package ascii is a byte helper of every step: it handles strings as
// Redis's C code does. Case folds work the way strcasecmp and tolower do in
// the C locale (only the letters A to Z change), C strings end at their
// first NUL byte, and the ctype tests are C's.
package ascii

import "strings"

// Lower lower-cases an ASCII letter and returns any other byte unchanged.
func Lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// EqualFold reports whether a and b are equal ignoring ASCII case.
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if Lower(a[i]) != Lower(b[i]) {
			return false
		}
	}
	return true
}

// SubsetFold reports whether every string of a is in b, ignoring ASCII
// case.
func SubsetFold(a, b []string) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || EqualFold(x, y)
		}
		if !found {
			return false
		}
	}
	return true
}

// ToLower returns s with ASCII letters lower-cased; s itself when it has
// none in upper case.
func ToLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = Lower(b[j])
			}
			return string(b)
		}
	}
	return s
}

// CString is s read as a C string: up to its first NUL byte.
func CString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// EqualFoldC is strcasecmp(a, b) == 0 for C strings: a and b compared up
// to their first NUL byte, ignoring ASCII case.
func EqualFoldC(a, b string) bool { return EqualFold(CString(a), CString(b)) }

// IsSpace is C's isspace in the C locale: space, \t, \n, \v, \f and \r.
func IsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// IsHex is C's isxdigit: 0-9, a-f, A-F.
func IsHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// Unhex is the value of the hexadecimal digit c (see [IsHex]).
func Unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
