package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
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
	files := map[string]*input.Input{}
	masks := map[*input.Input][]span{}
	for _, in := range inputs {
		files[in.Filename] = in
		masks[in] = spansOf(in.Secrets)
	}
	root, _ := os.Getwd()
	seen := map[string]int{}
	out := make([]string, len(ds))
	for i, d := range ds {
		name := d.Subject.Start.Filename
		key := d.RuleID + "\x00" + relName(root, name) + "\x00"
		if d.Subject.Start.IsValid() {
			in := files[name]
			line, text := sourceText(in, masks[in], d)
			key += line + "\x00" + text
		} else {
			key += d.Summary
		}
		n := seen[key]
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
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
	for _, sp := range spans {
		if sp.end <= o || sp.start >= hi {
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
