package terraform

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/hashicorp/hcl/v2"
)

// srcFile is a file's text with an index of its line starts, to turn byte
// offsets into acl.Pos (hcl counts columns in grapheme clusters; acl.Pos in
// bytes).
type srcFile struct {
	name  string
	src   []byte
	lines []int // offsets of line starts
}

func newSrcFile(name string, src []byte) *srcFile {
	f := &srcFile{name: name, src: src, lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
}

// pos returns the position of byte offset off.
func (f *srcFile) pos(off int) acl.Pos {
	if off < 0 {
		off = 0
	}
	if off > len(f.src) {
		off = len(f.src)
	}
	l := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	return acl.Pos{Filename: f.name, Offset: off, Line: l + 1, Column: off - f.lines[l] + 1}
}

func (f *srcFile) rng(r hcl.Range) acl.Range {
	return acl.Range{Start: f.pos(r.Start.Byte), End: f.pos(r.End.Byte)}
}

// slice returns the source text of r, or "" when r is not in the file.
func (f *srcFile) slice(r hcl.Range) string {
	if r.Start.Byte < 0 || r.End.Byte > len(f.src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(f.src[r.Start.Byte:r.End.Byte])
}

// litKind says how the text of a string literal is written.
type litKind uint8

const (
	litQuoted  litKind = iota // "…" with backslash escapes
	litHeredoc                // <<EOF: no backslash escapes
	litFlush                  // <<-EOF: no backslash escapes, indentation stripped
	litJSON                   // a JSON string with its quotes
)

// literalOffsets returns the file offset of each byte of val (plus one for
// the end), the decoded text of the literal src[start:end] written as kind;
// strip is the indentation removed from each line of a flush heredoc. When
// the source cannot be matched to val byte for byte (it should not happen),
// every byte maps to start and exact is false.
func literalOffsets(src []byte, start, end int, kind litKind, strip int, val string) (offs []int, exact bool) {
	if start < 0 || end > len(src) || start > end {
		return approxOffsets(start, len(val)), false
	}
	s := src[start:end]
	var dec []byte
	var at []int
	emit := func(b []byte, off int) {
		for _, c := range b {
			dec = append(dec, c)
			at = append(at, off)
		}
	}
	lineStart := false
	for i := 0; i < len(s); {
		if lineStart && kind == litFlush {
			lineStart = false
			if !blankLine(s[i:]) {
				for n := 0; n < strip && i < len(s); n++ {
					r, w := utf8.DecodeRune(s[i:])
					if !unicode.IsSpace(r) || r == '\n' {
						break
					}
					i += w
				}
				continue
			}
		}
		c := s[i]
		switch {
		case c == '\\' && (kind == litQuoted || kind == litJSON) && i+1 < len(s):
			n, b := unescape(s[i:], kind)
			if n == 0 {
				emit(s[i:i+1], start+i)
				i++
				continue
			}
			emit(b, start+i)
			i += n
		case (c == '$' || c == '%') && kind != litJSON && i+2 < len(s) && s[i+1] == c && s[i+2] == '{':
			// $${ and %%{ stand for ${ and %{: the first byte is dropped.
			emit(s[i+1:i+2], start+i+1)
			emit(s[i+2:i+3], start+i+2)
			i += 3
		default:
			emit(s[i:i+1], start+i)
			if c == '\n' {
				lineStart = true
			}
			i++
		}
	}
	d := string(dec)
	switch {
	case d == val:
	case strings.HasPrefix(d, val) && strings.TrimSpace(d[len(val):]) == "":
		// a following ${~ trimmed trailing space
		at = at[:len(val)]
	case strings.HasSuffix(d, val) && strings.TrimSpace(d[:len(d)-len(val)]) == "":
		// a preceding ~} trimmed leading space
		at = at[len(d)-len(val):]
	default:
		return approxOffsets(start, len(val)), false
	}
	return append(at, end), true
}

func approxOffsets(start, n int) []int {
	offs := make([]int, n+1)
	for i := range offs {
		offs[i] = start
	}
	return offs
}

// blankLine reports whether s starts with a line of only white space that
// ends in a newline (flush heredocs leave such lines alone).
func blankLine(s []byte) bool {
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRune(s[i:])
		if r == '\n' {
			return true
		}
		if !unicode.IsSpace(r) {
			return false
		}
		i += w
	}
	return false
}

// unescape decodes the backslash escape at the start of s; n is 0 when it
// is not one.
func unescape(s []byte, kind litKind) (n int, b []byte) {
	switch s[1] {
	case 'n':
		return 2, []byte{'\n'}
	case 'r':
		return 2, []byte{'\r'}
	case 't':
		return 2, []byte{'\t'}
	case '"':
		return 2, []byte{'"'}
	case '\\':
		return 2, []byte{'\\'}
	case '/', 'b', 'f':
		if kind != litJSON {
			return 0, nil
		}
		return 2, []byte{map[byte]byte{'/': '/', 'b': '\b', 'f': '\f'}[s[1]]}
	case 'u', 'U':
		w := 4
		if s[1] == 'U' {
			if kind == litJSON {
				return 0, nil
			}
			w = 8
		}
		if len(s) < 2+w {
			return 0, nil
		}
		v, err := strconv.ParseUint(string(s[2:2+w]), 16, 32)
		if err != nil {
			return 0, nil
		}
		r := rune(v)
		if kind == litJSON && utf16Surrogate(r) {
			if len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
				if lo, err := strconv.ParseUint(string(s[8:12]), 16, 32); err == nil {
					r = (r-0xd800)<<10 + (rune(lo) - 0xdc00) + 0x10000
					return 12, []byte(string(r))
				}
			}
		}
		return 2 + w, []byte(string(r))
	}
	return 0, nil
}

func utf16Surrogate(r rune) bool { return r >= 0xd800 && r < 0xdc00 }

// flushStrip returns the indentation a flush heredoc strips from its lines,
// following hclsyntax's rule: the fewest leading white-space characters of
// any line that is not blank; a line starting with an interpolation counts
// as zero. body is the heredoc's text between the opener line and the
// closing marker line.
func flushStrip(body []byte) int {
	minSpaces := -1
	for _, line := range strings.SplitAfter(string(body), "\n") {
		if line == "" {
			continue
		}
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if trimmed == "" && strings.HasSuffix(line, "\n") {
			continue
		}
		n := utf8.RuneCountInString(line[:len(line)-len(trimmed)])
		if minSpaces < 0 || n < minSpaces {
			minSpaces = n
		}
	}
	if minSpaces < 0 {
		return 0
	}
	return minSpaces
}
