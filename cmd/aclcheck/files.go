package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/bmatcuk/doublestar/v4"
	ignore "github.com/sabhiram/go-gitignore"
)

// lintFile is a file to lint: named on the command line ("-" is standard
// input), or found in a directory or by a glob.
type lintFile struct {
	path  string
	found bool // by a walk or a glob: a file of another kind is skipped
}

// expandFiles turns the -f arguments into files: a directory is walked
// (see walkDir), a pattern with *, ? or [ that names no file is a glob
// (** matches any number of directories), anything else is a file. A
// missing file or a pattern without matches is an error notice; the other
// arguments are still expanded.
func expandFiles(args []string) ([]lintFile, []lint.Notice) {
	var files []lintFile
	var notices []lint.Notice
	seen := map[string]bool{}
	add := func(f lintFile) {
		key := filepath.Clean(f.path)
		if f.path == "-" || !seen[key] {
			seen[key] = true
			files = append(files, f)
		}
	}
	expand := func(p string, found bool) {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			add(lintFile{p, found}) // reading it reports the error
		case st.IsDir():
			walked, err := walkDir(p)
			for _, w := range walked {
				add(lintFile{w, true})
			}
			if err != nil {
				notices = append(notices, lint.Notice{Filename: p, Message: err.Error(), Error: true})
			}
		default:
			add(lintFile{p, found})
		}
	}
	for _, a := range args {
		if _, err := os.Stat(a); a == "-" || err == nil || !strings.ContainsAny(a, "*?[") {
			if a == "-" {
				add(lintFile{path: "-"})
				continue
			}
			expand(a, false)
			continue
		}
		matches, err := doublestar.FilepathGlob(a)
		if err != nil || len(matches) == 0 {
			notices = append(notices, lint.Notice{Filename: a, Message: "no file matches the pattern", Error: true})
			continue
		}
		for _, m := range matches {
			expand(m, true)
		}
	}
	return files, notices
}

// walkDir returns the files under dir whose names the readers know
// ([input.KnownFile]), in lexical order, skipping .git and what the
// .gitignore files of dir and its subdirectories ignore. Paths are dir
// joined with the path below it. An error is returned with the files
// found before it.
func walkDir(dir string) ([]string, error) {
	type rules struct {
		base string
		gi   *ignore.GitIgnore
	}
	var stack []rules
	var out []string
	ignored := func(p string, isDir bool) bool {
		for _, r := range stack {
			rel, err := filepath.Rel(r.base, p)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			rel = filepath.ToSlash(rel)
			if isDir {
				rel += "/"
			}
			if r.gi.MatchesPath(rel) {
				return true
			}
		}
		return false
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && (d.Name() == ".git" || ignored(p, true)) {
				return filepath.SkipDir
			}
			for len(stack) > 0 && !within(stack[len(stack)-1].base, p) {
				stack = stack[:len(stack)-1]
			}
			if gi, err := ignore.CompileIgnoreFile(filepath.Join(p, ".gitignore")); err == nil {
				stack = append(stack, rules{p, gi})
			}
			return nil
		}
		if d.Type().IsRegular() && input.KnownFile(p) && !ignored(p, false) {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// within reports whether p is dir or below it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// readFiles reads and parses the files. A file that holds nothing to lint
// (a JSON or YAML file of another kind) is skipped with a note; a file
// found by a walk or a glob that does not parse is skipped too unless it
// looks like CloudFormation or Terraform. Other failures are error
// notices; the other files are still read.
func (c *lintCmd) readFiles(e *env, s *lintSetup, files []lintFile) ([]*input.Input, []lint.Notice) {
	var inputs []*input.Input
	var notices []lint.Notice
	for _, f := range files {
		name, content := f.path, ""
		var err error
		if f.path == "-" {
			name = "<stdin>"
			content, err = readString(e.stdin, 0)
		} else {
			var r *os.File
			if r, err = os.Open(f.path); err == nil {
				size := 0
				if st, err := r.Stat(); err == nil {
					size = int(st.Size())
				}
				content, err = readString(r, size)
				r.Close()
			}
		}
		if err != nil {
			notices = append(notices, lint.Notice{Filename: name, Message: readError(err), Error: true})
			continue
		}
		in, err := c.read(f.path, name, content, s)
		switch {
		case err == nil:
			inputs = append(inputs, in)
			notices = append(notices, renameNotices(in)...)
		case errors.Is(err, input.ErrNothing):
			notices = append(notices, lint.Notice{Filename: name, Message: "skipped: " + input.ErrNothing.Error()})
		case f.found && s.format == input.Auto && !structuredAWS(input.DetectFormat(name, content)):
			notices = append(notices, lint.Notice{Filename: name, Message: "skipped: not a file aclcheck reads (" + strings.TrimPrefix(err.Error(), name+": ") + ")"})
		default:
			notices = append(notices, lint.Notice{Filename: name, Message: strings.TrimPrefix(err.Error(), name+": "), Error: true})
		}
	}
	return inputs, notices
}

// renameNotices says, for each rename-command directive of a server
// configuration file, that ACL rules naming the command refer to it by its
// original name (as the server reads them).
func renameNotices(in *input.Input) []lint.Notice {
	if in.Config == nil {
		return nil
	}
	var out []lint.Notice
	for _, r := range in.Config.Renamed {
		now := "clients call it " + r.To
		if r.To == "" {
			now = "it is disabled"
		}
		out = append(out, lint.Notice{Filename: in.Filename, Message: fmt.Sprintf("%d:%d: rename-command %s: ACL rules name the command by its original name, %s; %s",
			r.Range.Start.Line, r.Range.Start.Column, r.Command, strings.ToUpper(r.Command), now)})
	}
	return out
}

// streamBytes is the size from which a file of access strings or an ACL
// file is read a part at a time ([input.ReadTextParts]) and linted so.
var streamBytes = 1 << 20

// maxStructured is the largest JSON, YAML or Terraform file lint reads:
// those are parsed whole, in memory several times their size.
const maxStructured = 32 << 20

// read reads one file's content as --input-format says: a large file of
// access strings or ACL file in parts (unless --write-baseline needs every
// finding at once), a structured file whole, up to maxStructured.
func (c *lintCmd) read(path, name, content string, s *lintSetup) (*input.Input, error) {
	format := s.format
	if format == input.Auto {
		format = input.DetectFormat(name, content)
	}
	switch {
	case format == input.Text && len(content) >= streamBytes && c.WriteBaseline == "":
		return input.ReadTextParts(name, content), nil
	case format != input.Text && format != input.ServerConfig && len(content) > maxStructured:
		return nil, fmt.Errorf("%s: %d MB, more than the %d MB aclcheck reads of a %v file (it parses such files whole); split it", name, len(content)>>20, maxStructured>>20, format)
	case path != "-" && format == input.TerraformSource:
		// A Terraform source file on disk is read with its module (the
		// other .tf files of its directory).
		if abs, err := filepath.Abs(path); err == nil {
			root := filepath.VolumeName(abs) + string(filepath.Separator)
			return input.ReadModuleFile(os.DirFS(root), filepath.ToSlash(strings.TrimPrefix(abs, root)), name, content, s.service)
		}
	}
	return input.Read(name, content, format, s.service)
}

// readString reads r to its end into a string, without the copy a
// conversion from []byte makes (a large input is read once, not twice);
// size, when known, is what to expect.
func readString(r io.Reader, size int) (string, error) {
	var b strings.Builder
	b.Grow(size + 512)
	_, err := io.Copy(&b, r)
	return b.String(), err
}

// structuredAWS reports whether a format is one that names AWS resources
// by type (a parse error there is an error, not another kind of file).
func structuredAWS(f input.Format) bool {
	return f == input.CloudFormation || f == input.Terraform || f == input.TerraformSource || f == input.TerraformState
}

// readError returns the text of a file read error without the path,
// which the notice names.
func readError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("cannot read: %v", pe.Err)
	}
	return err.Error()
}
