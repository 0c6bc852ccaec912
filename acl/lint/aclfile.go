package lint

import (
	"strings"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// aclFile returns the input loaded as the target's server loads an ACL
// file, or nil when the input is not an ACL file or the target is an AWS
// service (which does not load ACL files), or a part of a larger input
// (the whole input is checked). It is computed once a pass.
func (p *Pass) aclFile() *acl.FileResult {
	if p.Input == nil || p.Input.Format != input.ACLFile || p.Input.Part || p.Target.Service.IsAWS() {
		return nil
	}
	if p.loaded == nil {
		p.loaded = acl.CheckFile(p.Input.Filename, p.Input.Content, p.Table) // the errors only
	}
	return p.loaded
}

// lineText returns the text of line n (1-based) of content, without its
// line ending.
func lineText(content string, n int) string {
	for i := 1; i < n; i++ {
		nl := strings.IndexByte(content, '\n')
		if nl < 0 {
			return ""
		}
		content = content[nl+1:]
	}
	if nl := strings.IndexByte(content, '\n'); nl >= 0 {
		content = content[:nl]
	}
	return strings.TrimSuffix(content, "\r")
}

// hideLineSecrets adds to the input's secrets those of the lines from the
// one starting at offset start to the one holding offset end: lines the
// server refuses (a comment, a continuation) are no access strings, yet
// their words may be passwords or hashes, as in "# user old on >pass" or
// " #<hash>", and they are shown. A comment's own "#" is not a hash rule;
// a line that does not parse is hidden whole when it may hold one.
func (p *Pass) hideLineSecrets(start, end int) {
	content := p.Input.Content
	for start <= end && start < len(content) {
		line := lineText(content[start:], 1)
		from := len(line) - len(strings.TrimLeft(line, " \t"))
		if t := line[from:]; t == "#" || strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "#\t") {
			from++
		}
		at := start + from
		p.Input.HideSecrets(line[from:], func(i int) acl.Pos { return acl.Pos{Filename: p.Input.Filename, Offset: at + i} }) // the writers mask by offset
		start += len(line) + 1
		if start < len(content) && content[start-1] == '\r' {
			start++
		}
	}
}
