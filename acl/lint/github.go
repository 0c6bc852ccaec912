package lint

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint/input"
)

// WriteGitHub writes diagnostics as GitHub Actions workflow commands, one
// line each, which the runner turns into annotations on the pull request:
//
//	::error file=users.acl,line=2,col=9,endLine=2,endColumn=13,title=AC1002::unknown command …
//
// Errors are ::error, warnings ::warning, infos ::notice; columns are
// Unicode code points, as in SARIF. The notices follow, as ::error (an
// input that could not be linted) or ::notice.
func WriteGitHub(w io.Writer, ds Diagnostics, inputs []*input.Input, notices ...Notice) error {
	b := bufio.NewWriter(w)
	files := map[string]*input.Input{}
	for _, in := range inputs {
		files[in.Filename] = in
	}
	for _, d := range ds {
		props := []string{"file=" + ghProperty(ghFile(d.Subject.Start.Filename))}
		if s := d.Subject.Start; s.IsValid() {
			in := files[s.Filename]
			props = append(props, fmt.Sprintf("line=%d", s.Line), fmt.Sprintf("col=%d", charColumn(in, s)))
			if e := d.Subject.End; e.IsValid() && e.Offset > s.Offset {
				props = append(props, fmt.Sprintf("endLine=%d", e.Line), fmt.Sprintf("endColumn=%d", charColumn(in, e)))
			}
		}
		props = append(props, "title="+ghProperty(d.RuleID))
		fmt.Fprintf(b, "::%s %s::%s\n", ghLevel(d.Severity), strings.Join(props, ","), ghData(d.Message()))
	}
	for _, n := range notices {
		level := "notice"
		if n.Error {
			level = "error"
		}
		fmt.Fprintf(b, "::%s file=%s,title=aclcheck::%s\n", level, ghProperty(ghFile(n.Filename)), ghData(n.Message))
	}
	return b.Flush()
}

// ghLevel is GitHub's name of a severity: "notice" for info.
func ghLevel(s Severity) string {
	if s == Error || s == Warning {
		return s.String()
	}
	return "notice"
}

// ghFile returns the file name as GitHub expects it: slash-separated,
// without "./".
func ghFile(name string) string {
	if name == "" {
		return "-"
	}
	return filepath.ToSlash(filepath.Clean(name))
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
