package lint

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// Fingerprints returns a fingerprint for each diagnostic of ds, in order:
// a hash of the rule, the file, the text of the line the finding starts on
// (without its indentation) and the text at fault, numbered among the
// findings that share all four. It depends on content, not on line
// numbers, so it stays the same when lines are inserted or removed above
// the finding; SARIF's partialFingerprints and baseline files use it.
// Findings about a whole input hash the rule, the file and the summary.
// File names are taken relative to the working directory, so that
// "users.acl", "./users.acl" and its absolute path agree.
func Fingerprints(ds Diagnostics, inputs []*input.Input) []string {
	return NewFingerprinter().Of(ds, inputs)
}

// A Fingerprinter gives the fingerprints of [Fingerprints] to findings
// that come a part at a time (in the order of the whole list): it numbers
// the findings that share a key across calls. It keeps 8 bytes of a digest
// per key, not the key, so that its memory stays small.
type Fingerprinter struct {
	root string
	seen map[uint64]uint32
}

// NewFingerprinter returns a Fingerprinter that has seen no finding.
func NewFingerprinter() *Fingerprinter {
	root, _ := os.Getwd()
	return &Fingerprinter{root: root, seen: map[uint64]uint32{}}
}

// Of returns the fingerprints of ds, numbered after those of the earlier
// calls; inputs hold the findings' contents and secrets.
func (f *Fingerprinter) Of(ds Diagnostics, inputs []*input.Input) []string {
	files := map[string]*input.Input{}
	masks := map[*input.Input][]span{}
	for _, in := range inputs {
		files[in.Filename] = in
		masks[in] = spansOf(in.Secrets)
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		name := d.Subject.Start.Filename
		key := d.RuleID + "\x00" + relName(f.root, name) + "\x00"
		if d.Subject.Start.IsValid() {
			in := files[name]
			line, text := sourceText(in, masks[in], d)
			key += line + "\x00" + text
		} else {
			key += d.Summary
		}
		d := sha256.Sum256([]byte(key))
		k := binary.LittleEndian.Uint64(d[:8])
		n := f.seen[k]
		f.seen[k]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(int(n))))
		out[i] = hex.EncodeToString(sum[:16])
	}
	return out
}

// relName returns name cleaned and slash-separated, relative to root
// when it is an absolute path inside it.
func relName(root, name string) string {
	p := filepath.Clean(name)
	if filepath.IsAbs(p) && root != "" {
		if rel, err := filepath.Rel(root, p); err == nil && filepath.IsLocal(rel) {
			p = rel
		}
	}
	return filepath.ToSlash(p)
}

// sourceText returns the trimmed line d starts on and the text of its
// subject, with the input's secrets masked (a fingerprint must not depend
// on a password), or "" for each when the input's content does not hold
// them.
func sourceText(in *input.Input, secrets []span, d Diagnostic) (line, text string) {
	if in == nil {
		return "", ""
	}
	s, e := d.Subject.Start.Offset, d.Subject.End.Offset
	c := in.Content
	if s < 0 || s > len(c) {
		return "", ""
	}
	if e >= s && e <= len(c) {
		text = masked(c, secrets, s, e)
	}
	ls := strings.LastIndexByte(c[:s], '\n') + 1
	le := strings.IndexByte(c[s:], '\n')
	if le < 0 {
		le = len(c)
	} else {
		le += s
	}
	return strings.TrimSpace(masked(c, secrets, ls, le)), text
}

// masked returns content[lo:hi] with the secrets of spans (sorted, see
// spansOf) replaced by their masks.
func masked(content string, spans []span, lo, hi int) string {
	var b strings.Builder
	o := lo
	// The spans are sorted and apart: skip those that end before lo.
	first, _ := slices.BinarySearchFunc(spans, lo, func(sp span, lo int) int { return cmp.Compare(sp.end, lo+1) })
	for _, sp := range spans[first:] {
		if sp.start >= hi {
			break
		}
		if sp.end <= o {
			continue
		}
		if sp.start > o {
			b.WriteString(content[o:sp.start])
		}
		b.WriteString(sp.masked)
		o = min(sp.end, hi)
	}
	if o < hi {
		b.WriteString(content[o:hi])
	}
	return b.String()
}
